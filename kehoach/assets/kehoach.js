/* Search over the sharded, diacritic-folded index, and filters of the task table. */
(function () {
  "use strict";
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
  // A posting is (gap to the previous document) * 4 + (count - 1); see search_index.encode.
  function decode(values) {
    var out = [], doc = -1;
    values.forEach(function (v) { doc += Math.floor(v / 4); out.push([doc, v % 4 + 1]); });
    return out;
  }
  function getJSON(url) { return fetch(url).then(function (r) { return r.json(); }); }

  function search(q, show) {
    var root = base() + "search/";
    return getJSON(root + "meta.json").then(function (meta) {
      var words = tokens(q).filter(function (t) { return meta.stop.indexOf(t) < 0; });
      if (!words.length) return show([], 0);
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
        var top = ids.slice(0, 30), chunks = {};
        top.forEach(function (id) { chunks[Math.floor(id / meta.chunk)] = true; });
        return Promise.all(Object.keys(chunks).map(function (c) {
          return getJSON(root + "d" + c + ".json").then(function (docs) { return [Number(c), docs]; });
        })).then(function (loaded) {
          var byChunk = {};
          loaded.forEach(function (x) { byChunk[x[0]] = x[1]; });
          show(top.map(function (id) { return byChunk[Math.floor(id / meta.chunk)][id % meta.chunk]; }), ids.length);
        });
      });
    });
  }

  function setupSearch() {
    var input = document.getElementById("kh-q");
    if (!input) return;
    var list = document.getElementById("kh-results"), status = document.getElementById("kh-status");
    function show(docs, total) {
      list.textContent = "";
      status.textContent = total ? "Tìm thấy " + total + " kết quả." : "Không tìm thấy kết quả.";
      docs.forEach(function (d) {
        var li = document.createElement("li"), a = document.createElement("a"), p = document.createElement("p");
        a.href = base() + d.u; a.textContent = d.p + " — " + d.t;
        p.textContent = d.s;
        li.appendChild(a); li.appendChild(p); list.appendChild(li);
      });
    }
    function run() {
      var q = input.value.trim();
      if (!q) return;
      history.replaceState(null, "", "?q=" + encodeURIComponent(q));
      status.textContent = "Đang tìm…";
      search(q, show);
    }
    document.getElementById("kh-go").addEventListener("click", run);
    input.addEventListener("keydown", function (e) { if (e.key === "Enter") run(); });
    var q = new URLSearchParams(location.search).get("q");
    if (q) { input.value = q; run(); }
  }

  function setupTasks() {
    var table = document.getElementById("bang-nhiem-vu");
    if (!table) return;
    var tbody = table.tBodies[0], now = new Date(), month = String(now.getMonth() + 1), year = String(now.getFullYear());
    var rows = Array.prototype.slice.call(tbody.rows);
    rows.sort(function (a, b) {
      var da = a.dataset.year === year && a.dataset.months.split(" ").indexOf(month) >= 0 ? 0 : 1;
      var db = b.dataset.year === year && b.dataset.months.split(" ").indexOf(month) >= 0 ? 0 : 1;
      return da - db;
    }).forEach(function (r) { tbody.appendChild(r); });
    function apply() {
      var u = document.getElementById("loc-don-vi").value, p = document.getElementById("loc-ke-hoach").value,
          m = document.getElementById("loc-thang").value;
      rows.forEach(function (r) {
        var ok = (!u || r.dataset.units.split("|").indexOf(u) >= 0) && (!p || r.dataset.plan === p) &&
                 (!m || r.dataset.months.split(" ").indexOf(m) >= 0);
        r.hidden = !ok;
      });
    }
    ["loc-don-vi", "loc-ke-hoach", "loc-thang"].forEach(function (id) {
      document.getElementById(id).addEventListener("change", apply);
    });
  }
  function init() { setupSearch(); setupTasks(); }
  if (window.document$ && window.document$.subscribe) { window.document$.subscribe(init); }
  else if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); }
  else { init(); }
})();
