"""The deadlines of every appendix task as an iCalendar (.ics) file people can subscribe to."""

from __future__ import annotations

import re

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")


def _escape(text: str) -> str:
    """TEXT (RFC 5545, 3.3.11): backslash, ';' and ',' escaped, every line break (CR LF, CR or LF)
    as '\\n', and no other control character, which TEXT does not allow."""
    text = _CONTROL.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n"))
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Lines of at most 75 octets, continued with a space (RFC 5545, 3.1)."""
    if len(line) <= 18 or (len(line) <= 73 and line.isascii()):  # short enough without encoding it
        return line
    out, raw = [], line.encode("utf-8")
    while len(raw) > 73:
        cut = 73
        while (raw[cut] & 0xC0) == 0x80:
            cut -= 1
        out.append(raw[:cut].decode())
        raw = b" " + raw[cut:]
    out.append(raw.decode())
    return "\r\n".join(out)


# Recurring deadlines as one event with a rule (every calendar application understands
# RRULE), not one event per date: a weekly task is one event, not 52.
RULES = {
    "weekly": "FREQ=WEEKLY",
    "monthly": "FREQ=MONTHLY;BYMONTHDAY=-1",
    "quarterly": "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1",
    "report_cycle": "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1",
}


def ics(rows: list[dict], name: str = "") -> bytes:
    """The calendar of ``rows`` (a plan's :func:`pages.plan_task_rows` and :func:`pages.plan_report_rows`); ``name``:
    whose calendar it is, shown by calendar applications."""
    title = f"Nhiệm vụ tuyên truyền CCHC — {name}" if name else "Nhiệm vụ tuyên truyền CCHC"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//kehoach//Nhiem vu tuyen truyen CCHC//VI",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{_escape(title)}",
    ]
    for r in rows:
        dates = [d.replace("-", "") for d in r["dates"]]
        if not dates:
            continue
        lines += [
            "BEGIN:VEVENT",
            f"UID:{r['plan']}-{r['key']}@kehoach",
            f"DTSTAMP:{r['year']}0101T000000Z",
            f"DTSTART;VALUE=DATE:{dates[0]}",
        ]
        if len(dates) > 1:
            rule = RULES.get(r["kind"])
            lines.append(f"RRULE:{rule};COUNT={len(dates)}" if rule else f"RDATE;VALUE=DATE:{','.join(dates[1:])}")
        lines += [
            f"SUMMARY:{_escape(r['task'][:120])}",
            # the unit is the calendar's name (X-WR-CALNAME): a calendar is one plan's, and each of
            # its events naming the unit again was a fourteenth of the calendars' bytes (issue #31)
            f"DESCRIPTION:{_escape(r['deadline'] + ' — chủ trì: ' + '; '.join(r['lead']))}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return ("\r\n".join(_fold(x) for x in lines) + "\r\n").encode("utf-8")
