/* The plan site in the browser: search over the sharded, diacritic-folded index (in the header
   and on the results page), the tasks due this month and next, and the filters of task tables.
   Every text from the index or the page is inserted as text, never as HTML. */
(function () {
  "use strict";
  var PAGE = 30;  // results shown at a time on the results page
  function fold(s) {
    return s.toLowerCase().replace(/đ/g, "d").normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }
  function tokens(s) {
    return (fold(s).match(/[a-z0-9]+/g) || []).filter(function (t) { return t.length > 1 || /\d/.test(t); });
  }
  function crc32(str) {
    var bytes = new TextEncoder().encode(str), c, crc = 0xFFFFFFFF;
    for (var i = 0; i < bytes.length; i++) {
      c = (crc ^ bytes[i]) & 0xFF;
      for (var k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xEDB88320 : c >>> 1;
      crc = (crc >>> 8) ^ c;
    }
    return (crc ^ 0xFFFFFFFF) >>> 0;
  }
  function base() {
    var s = document.querySelector("script[src$='assets/kehoach.js']");
    return s ? s.src.replace(/assets\/kehoach\.js.*$/, "") : "/";
  }
  // A posting is (gap to the previous document) * 4 + (count - 1); see search.encode.
  function decode(values) {
    var out = [], doc = -1;
    values.forEach(function (v) { doc += Math.floor(v / 4); out.push([doc, v % 4 + 1]); });
    return out;
  }
  var cache = {};
  function getJSON(url) {
    if (!cache[url]) cache[url] = fetch(url).then(function (r) { return r.json(); });
    return cache[url];
  }

  // The ranked document numbers for a query (shards fetched once per page).
  function rank(q) {
    var root = base() + "search/";
    return getJSON(root + "meta.json").then(function (meta) {
      var words = tokens(q).filter(function (t) { return meta.stop.indexOf(t) < 0; });
      if (!words.length) return {meta: meta, ids: [], words: words};
      return Promise.all(words.map(function (w) {
        return getJSON(root + "s" + (crc32(w) % meta.shards) + ".json").then(function (sh) { return decode(sh[w] || []); });
      })).then(function (lists) {
        var score = {};
        lists[0].forEach(function (p) { score[p[0]] = p[1]; });
        for (var i = 1; i < lists.length; i++) {
          var next = {};
          lists[i].forEach(function (p) { if (p[0] in score) next[p[0]] = score[p[0]] + p[1]; });
          score = next;
        }
        var ids = Object.keys(score).map(Number).sort(function (a, b) { return score[b] - score[a] || a - b; });
        return {meta: meta, ids: ids, words: words};
      });
    });
  }
  // The documents (url, title, unit, snippet) of some ranked numbers: only their chunks are fetched.
  function documents(meta, ids) {
    var chunks = {};
    ids.forEach(function (id) { chunks[Math.floor(id / meta.chunk)] = true; });
    return Promise.all(Object.keys(chunks).map(function (c) {
      // a chunk is [plans, documents]: each plan once, [page, unit]; each document [plan, anchor,
      // title, snippet] (kehoach/site/search.py: chunk)
      return getJSON(base() + "search/d" + c + ".json").then(function (data) {
        return [Number(c), data[1].map(function (d) {
          var plan = data[0][d[0]];
          return { u: plan[0] + d[1], p: plan[1], t: d[2], s: d[3] };
        })];
      });
    })).then(function (loaded) {
      var byChunk = {};
      loaded.forEach(function (x) { byChunk[x[0]] = x[1]; });
      return ids.map(function (id) { return byChunk[Math.floor(id / meta.chunk)][id % meta.chunk]; });
    });
  }
  // ``text`` into ``parent`` with the words matching the query (diacritics folded) in <mark>.
  function highlight(parent, text, words) {
    var parts = text.split(/([^\s.,;:!?()"“”'–-]+)/);
    parts.forEach(function (part, i) {
      if (!part) return;
      var t = fold(part);
      if (i % 2 === 1 && words.some(function (w) { return t === w || (w.length > 2 && t.indexOf(w) === 0); })) {
        var m = document.createElement("mark");
        m.textContent = part;
        parent.appendChild(m);
      } else {
        parent.appendChild(document.createTextNode(part));
      }
    });
  }

  function setupResultsPage() {
    var input = document.getElementById("kh-q");
    if (!input) return;
    var list = document.getElementById("kh-results"), status = document.getElementById("kh-status"),
        more = document.getElementById("kh-more"), found = null, shown = 0;
    function showMore() {
      var ids = found.ids.slice(shown, shown + PAGE);
      return documents(found.meta, ids).then(function (docs) {
        docs.forEach(function (d) {
          var li = document.createElement("li"), a = document.createElement("a"), p = document.createElement("p");
          a.href = base() + d.u;
          highlight(a, d.p + " — " + d.t, found.words);
          highlight(p, d.s, found.words);
          li.appendChild(a); li.appendChild(p); list.appendChild(li);
        });
        shown += docs.length;
        status.textContent = found.ids.length ?
          "Tìm thấy " + found.ids.length + " kết quả; đang hiện " + shown + "." : "Không tìm thấy kết quả.";
        more.hidden = shown >= found.ids.length;
      });
    }
    function run() {
      var q = input.value.trim();
      if (!q) return;
      history.replaceState(null, "", "?q=" + encodeURIComponent(q));
      status.textContent = "Đang tìm…";
      list.textContent = "";
      shown = 0;
      rank(q).then(function (r) { found = r; return showMore(); });
    }
    document.getElementById("kh-go").addEventListener("click", run);
    input.addEventListener("keydown", function (e) { if (e.key === "Enter") run(); });
    more.addEventListener("click", function () { if (found) showMore(); });
    var q = new URLSearchParams(location.search).get("q");
    if (q) { input.value = q; run(); }
  }

  function setupHeaderSearch() {
    var input = document.getElementById("kh-hq"), box = document.getElementById("kh-hresults");
    if (!input || !box || input.dataset.ready) return;
    input.dataset.ready = "1";
    var timer = null, asked = "";
    function close() { clearTimeout(timer); asked = ""; box.hidden = true; input.setAttribute("aria-expanded", "false"); }  // a query still on its way is dropped
    function show(q) {
      asked = q;
      rank(q).then(function (r) {
        return documents(r.meta, r.ids.slice(0, 8)).then(function (docs) {
          if (asked !== q) return;  // a newer query is on its way
          box.textContent = "";
          docs.forEach(function (d, i) {
            var a = document.createElement("a"), t = document.createElement("span"), s = document.createElement("span");
            a.href = base() + d.u; a.className = "kh-hresult"; a.setAttribute("role", "option"); a.id = "kh-hr-" + i;
            t.className = "kh-hresult-title"; s.className = "kh-hresult-text";
            highlight(t, d.p + " — " + d.t, r.words);
            highlight(s, d.s, r.words);
            a.appendChild(t); a.appendChild(s); box.appendChild(a);
          });
          var all = document.createElement("a");
          all.href = base() + "tim-kiem/?q=" + encodeURIComponent(q); all.className = "kh-hresult kh-hall";
          all.setAttribute("role", "option");
          all.textContent = r.ids.length ? "Xem tất cả " + r.ids.length + " kết quả" : "Không tìm thấy kết quả cho “" + q + "”";
          box.appendChild(all);
          box.hidden = false;
          input.setAttribute("aria-expanded", "true");
        });
      });
    }
    input.addEventListener("input", function () {
      var q = input.value.trim();
      clearTimeout(timer);
      if (q.length < 2) { close(); return; }
      timer = setTimeout(function () { show(q); }, 150);
    });
    input.addEventListener("keydown", function (e) {
      var options = Array.prototype.slice.call(box.querySelectorAll("a"));
      if (e.key === "Escape") { close(); input.blur(); }
      else if (e.key === "ArrowDown" && options.length) { e.preventDefault(); options[0].focus(); }
    });
    box.addEventListener("keydown", function (e) {
      var options = Array.prototype.slice.call(box.querySelectorAll("a")), i = options.indexOf(document.activeElement);
      if (e.key === "ArrowDown" && i < options.length - 1) { e.preventDefault(); options[i + 1].focus(); }
      else if (e.key === "ArrowUp") { e.preventDefault(); (i > 0 ? options[i - 1] : input).focus(); }
      else if (e.key === "Escape") { close(); input.focus(); }
    });
    document.addEventListener("click", function (e) { if (!e.target.closest || !e.target.closest(".kh-hsearch")) close(); });
    document.addEventListener("keydown", function (e) {
      var t = e.target, typing = t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
      if (e.key === "/" && !typing && !e.ctrlKey && !e.metaKey && !e.altKey) { e.preventDefault(); input.focus(); input.select(); }
    });
  }

  // Due this month and next, from today's date in the browser. A row is a task with data-months
  // ("3 6 9 12"): the months its deadlines fall in, of its data-year, or its table's (a plan's
  // tasks are of one year).
  function monthOf(date, ahead) {
    var d = new Date(date.getFullYear(), date.getMonth() + ahead, 1);
    return {year: String(d.getFullYear()), month: String(d.getMonth() + 1)};
  }
  function yearOf(row) { return row.closest("[data-year]").dataset.year; }
  function dueIn(row, when) {
    return yearOf(row) === when.year && (row.dataset.months || "").split(" ").indexOf(when.month) >= 0;
  }
  function taskName(row) {
    var cell = row.querySelector("td.kh-task") || row.cells[0];
    var link = cell.querySelector("a:not(.kh-badge):not(.kh-link):not(.kh-edit)");
    var clone = cell.cloneNode(true);
    Array.prototype.forEach.call(clone.querySelectorAll(".kh-badge, .kh-link, .kh-edit"), function (b) { b.remove(); });
    return {text: clone.textContent.trim(), href: link ? link.getAttribute("href") : "#" + row.id};
  }
  function whose(row) {  // a province's task row: whose plan it is shown as (see showAs)
    return row.cells[1].firstChild.textContent;
  }
  function showAs(row, plan, name) {
    // a row several plans share (data-plans, pages._shared) is shown as the plan filtered by, if
    // it is one of them: its unit, and the link to the task in that plan; else as its first plan
    var plans = row.dataset.plans.split(" ");
    if (plans.length < 2) return;
    if (row.dataset.first === undefined) row.dataset.first = row.cells[1].firstChild.textContent;
    var mine = plan && plans.indexOf(plan) > 0, link = row.cells[0].querySelector("a");
    row.cells[1].firstChild.textContent = mine ? name : row.dataset.first;
    link.setAttribute("href", link.getAttribute("href").replace(/ke-hoach\/[^/]+\//, "ke-hoach/" + (mine ? plan : plans[0]) + "/"));
  }
  function pastYears(rows, now) {  // the years of the rows shown, when every one is over ("2025", "2024–2025"), else ""
    var years = rows.filter(function (r) { return !r.hidden; }).map(yearOf).filter(function (y, i, all) { return y && all.indexOf(y) === i; }).sort();
    if (!years.length || Number(years[years.length - 1]) >= now.getFullYear()) return "";
    return years.length === 1 ? years[0] : years[0] + "–" + years[years.length - 1];
  }
  function fillDue(box, rows) {
    var now = new Date(), thisMonth = monthOf(now, 0), nextMonth = monthOf(now, 1);
    box.querySelectorAll(".kh-due-list, .kh-due-now").forEach(function (el) { el.remove(); });
    var past = pastYears(rows, now);
    if (past) {  // a plan of a year gone by: nothing can fall due this month or next, say why once
      var over = document.createElement("p");
      over.className = "kh-due-list kh-due-none";
      over.textContent = "Các việc ở đây thuộc năm " + past + ", đã qua: không còn việc nào đến hạn.";
      box.appendChild(over);
      rows.forEach(function (r) { r.classList.remove("kh-due-row"); });
      return;
    }
    [[thisMonth, "Việc đến hạn tháng này"], [nextMonth, "Sắp đến hạn (tháng sau)"]].forEach(function (pair) {
      var when = pair[0], due = rows.filter(function (r) { return !r.hidden && dueIn(r, when); });
      var h = document.createElement("h3"), label = " (tháng " + when.month + "/" + when.year + ")";
      h.className = "kh-due-list"; h.textContent = pair[1] + label;
      box.appendChild(h);
      if (!due.length) {
        var p = document.createElement("p");
        p.className = "kh-due-list kh-due-none";
        p.textContent = "Không có việc nào đến hạn trong tháng " + when.month + "/" + when.year + ".";
        box.appendChild(p);
        return;
      }
      var ul = document.createElement("ul");
      ul.className = "kh-due-list";
      due.forEach(function (r) {
        var li = document.createElement("li"), a = document.createElement("a"), t = taskName(r);
        a.href = t.href;
        a.textContent = t.text;
        li.appendChild(a);
        var unit = r.closest("#bang-nhiem-vu") ? whose(r) : "";  // a province's page: whose plan
        if (unit) li.appendChild(document.createTextNode(" — " + unit));
        ul.appendChild(li);
      });
      box.appendChild(ul);
    });
    rows.forEach(function (r) { r.classList.toggle("kh-due-row", dueIn(r, thisMonth)); });
  }

  function setupPlanDue() {
    document.querySelectorAll(".kh-due[data-due-for]").forEach(function (box) {
      var table = document.getElementById(box.dataset.dueFor);
      if (table) fillDue(box, Array.prototype.slice.call(table.tBodies[0].rows));
    });
  }

  function leads(row) {  // the "Chủ trì" cell's units, one a line (<br> between them)
    return Array.prototype.filter.call(row.cells[2].childNodes, function (n) { return n.nodeType === 3; })
      .map(function (n) { return n.textContent; });
  }
  function setupTasks() {
    var table = document.getElementById("bang-nhiem-vu");
    if (!table) return;
    var tbody = table.tBodies[0], now = new Date(), current = monthOf(now, 0), box = document.getElementById("kh-den-han");
    var rows = Array.prototype.slice.call(tbody.rows);
    rows.sort(function (a, b) { return (dueIn(a, current) ? 0 : 1) - (dueIn(b, current) ? 0 : 1); })
        .forEach(function (r) { tbody.appendChild(r); });
    function apply() {
      var u = document.getElementById("loc-don-vi").value, plan = document.getElementById("loc-ke-hoach"),
          p = plan.value, m = document.getElementById("loc-thang").value, name = plan.options[plan.selectedIndex].text;
      rows.forEach(function (r) {
        showAs(r, p, name);
        var ym = m.split("-");
        var ok = (!u || leads(r).indexOf(u) >= 0) && (!p || r.dataset.plans.split(" ").indexOf(p) >= 0) &&
                 (!m || (r.dataset.year === ym[0] && r.dataset.months.split(" ").indexOf(ym[1]) >= 0));
        r.hidden = !ok;
      });
      if (box) fillDue(box, rows);
    }
    ["loc-don-vi", "loc-ke-hoach", "loc-thang"].forEach(function (id) {
      document.getElementById(id).addEventListener("change", apply);
    });
    apply();
  }
  function keepForms() {
    // the filter and search forms act in the page (no inline onsubmit: the pages' CSP forbids handlers)
    document.querySelectorAll("form.kh-filter, form.kh-search").forEach(function (f) {
      f.addEventListener("submit", function (e) { e.preventDefault(); });
    });
  }
  // Links to items (issue #32). An item's id is its key path ('noi-dung-hinh-thuc/noi-dung/c'); a reader
  // cites it as the document labels it: '#II.1.c', '#phu-luc-3', '#can-cu-2' (the data-label of the
  // item that carries that label today), and links made before ids used '/' joined the keys with '-'.
  function cited(h) {
    var m = /^([ivxlc]+)((?:\.\d+)*)(?:\.([a-zđ]))?[.)]?$/i.exec(h);
    return m ? m[1].toUpperCase() + m[2] + (m[3] ? "." + m[3].toLowerCase() : "") : h.toLowerCase();
  }
  function target(h) {
    if (!h || document.getElementById(h)) return null;
    var wanted = cited(h), found = null;
    document.querySelectorAll("[data-label]").forEach(function (el) { if (!found && el.dataset.label === wanted) found = el; });
    if (found) return found;
    var old = h.replace(/^nv-/, "phu-luc/");  // appendix rows were 'nv-<key>'
    document.querySelectorAll(".kh-doc [id], tr[id]").forEach(function (el) {
      if (!found && (el.id === old || el.id.replace(/\//g, "-") === h)) found = el;
    });
    return found;
  }
  function followCitedLink() {
    var h = decodeURIComponent(location.hash.slice(1)), el = target(h);
    if (!el) return;
    history.replaceState(null, "", "#" + encodeURIComponent(el.id).replace(/%2F/g, "/"));
    el.scrollIntoView();
    el.classList.add("kh-target");
  }
  // An item's permanent link ('#' after it), made here from its id and data-label rather than
  // written into every page (pages.py _link_control writes it only for items without a label).
  function itemName(el) {
    var row = /^phu-luc-(\d+)$/.exec(el.dataset.label);  // numbering.TASK_PREFIX: an appendix row
    return row ? "Phụ lục, dòng " + row[1] : el.dataset.label;
  }
  function addItemLinks() {
    document.querySelectorAll(".kh-doc [id][data-label]:not(span), #bang-nhiem-vu-ke-hoach tr[id][data-label]")
      .forEach(function (el) {
        var at = el.tagName === "TR" ? el.querySelector("td.kh-task") : el;
        if (!at || at.querySelector(":scope > a.kh-link")) return;
        var a = document.createElement("a");
        a.className = "kh-link";
        a.href = "#" + el.id;
        a.setAttribute("aria-label", "Liên kết tới " + itemName(el));
        a.textContent = "#";
        at.appendChild(document.createTextNode(" "));
        at.appendChild(a);
      });
  }
  function setupItemLinks() {
    addItemLinks();
    followCitedLink();
    window.addEventListener("hashchange", followCitedLink);
    document.querySelectorAll("a.kh-link").forEach(function (a) {
      a.addEventListener("click", function (e) {
        var url = location.origin + location.pathname + a.getAttribute("href"), what = a.getAttribute("aria-label");
        if (!navigator.clipboard) return;  // the link still goes to the item
        e.preventDefault();
        history.replaceState(null, "", a.getAttribute("href"));
        navigator.clipboard.writeText(url).then(function () { say(what + ": đã chép " + url); },
                                                function () { location.hash = a.getAttribute("href"); });
      });
    });
  }
  function say(text) {
    var box = document.getElementById("kh-copied");
    if (!box) {
      box = document.createElement("div");
      box.id = "kh-copied";
      box.setAttribute("role", "status");
      document.body.appendChild(box);
    }
    box.textContent = text;
    box.hidden = false;
    clearTimeout(say.timer);
    say.timer = setTimeout(function () { box.hidden = true; }, 4000);
  }
  function init() { keepForms(); setupHeaderSearch(); setupResultsPage(); setupPlanDue(); setupTasks(); setupItemLinks(); }
  if (window.document$ && window.document$.subscribe) { window.document$.subscribe(init); }
  else if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); }
  else { init(); }
})();
