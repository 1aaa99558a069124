#!/usr/bin/env python3
"""Reads an iCalendar file with python3-icalendar, a parser independent of the libical that
wrote it, and prints one line per VEVENT: UID|DTSTART|SUMMARY (DTSTART as YYYY-MM-DD for a date,
ISO 8601 for a date-time).

Exits 1 (with the reason on stderr) when the file is not an RFC 5545 calendar as zeren writes
them: not UTF-8, a line not ended by CRLF or longer than 75 octets, a fold inside a UTF-8
character, or anything python3-icalendar cannot parse or records as an error.

    python3 tests/ics_parse.py FILE
"""
import sys


def fail(msg):
    print(f"ics_parse: {msg}", file=sys.stderr)
    sys.exit(1)


def check_lines(data):
    if not data.endswith(b"\r\n"):
        fail("the file does not end with CRLF")
    for no, line in enumerate(data[:-2].split(b"\r\n"), 1):
        if b"\r" in line or b"\n" in line:
            fail(f"line {no}: bare CR or LF")
        if len(line) > 75:
            fail(f"line {no}: {len(line)} octets, more than 75")
        try:
            line.decode("utf-8")
        except UnicodeDecodeError as exc:
            fail(f"line {no}: not whole UTF-8 ({exc.reason}): a fold inside a character?")


def main():
    if len(sys.argv) != 2:
        print("usage: python3 tests/ics_parse.py FILE", file=sys.stderr)
        sys.exit(2)
    try:
        import icalendar
    except ImportError:
        fail("python3-icalendar is not installed (Debian: apt-get install python3-icalendar)")
    try:
        with open(sys.argv[1], "rb") as f:
            data = f.read()
    except OSError as exc:
        fail(str(exc))
    check_lines(data)  # each line whole UTF-8, so the file is too

    try:
        cal = icalendar.Calendar.from_ical(data)
    except Exception as exc:  # the library raises ValueError and others
        fail(f"parse error: {exc}")
    if cal.name != "VCALENDAR":
        fail(f"top-level component is {cal.name}, not VCALENDAR")
    # python3-icalendar keeps going past a property it cannot read and lists it in .errors
    for comp in cal.walk():
        for err in getattr(comp, "errors", []):
            fail(f"{comp.name}: {err}")

    out = []
    for ev in cal.walk("VEVENT"):
        try:
            uid = str(ev["UID"])
            start = ev.decoded("DTSTART")
            summary = str(ev["SUMMARY"])
        except (KeyError, ValueError) as exc:
            fail(f"VEVENT without a readable {exc}")
        out.append(f"{uid}|{start.isoformat()}|{summary}")
    sys.stdout.write("".join(line + "\n" for line in out))


if __name__ == "__main__":
    main()
