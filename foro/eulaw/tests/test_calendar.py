"""The ICS feeds are valid iCalendar (RFC 5545): read back by the ``icalendar`` library, and
checked by a stricter parser written here for what a lenient reader lets pass (CRLF line
ends, folded lines of at most 75 octets, required properties, escaped TEXT, balanced
components)."""

from __future__ import annotations

import re
from datetime import date

import icalendar
import pytest

from foro.eulaw import calendar
from foro.eulaw.tests.conftest import make_directive

pytestmark = pytest.mark.django_db

NAME = re.compile(r"^[A-Z][A-Z0-9-]*$")


def parse_strict(body: bytes) -> list[dict]:
    """The VEVENTs of a calendar; AssertionError on anything RFC 5545 forbids."""
    text = body.decode("utf-8")
    assert text.endswith("\r\n"), "content lines end with CRLF"
    raw = text[:-2].split("\r\n")
    assert all("\n" not in line and "\r" not in line for line in raw), "bare LF or CR"
    for line in raw:
        assert len(line.encode("utf-8")) <= 75, f"line longer than 75 octets: {line!r}"
    lines: list[str] = []
    for line in raw:
        if line.startswith((" ", "\t")):
            assert lines, "a continuation line first"
            lines[-1] += line[1:]
        else:
            lines.append(line)
    stack: list[str] = []
    events: list[dict] = []
    calendar_props: dict[str, str] = {}
    for line in lines:
        name_params, sep, value = line.partition(":")
        assert sep, f"no colon: {line!r}"
        name = name_params.split(";")[0]
        assert NAME.match(name), f"bad property name {name!r}"
        if name == "BEGIN":
            stack.append(value)
            if value == "VEVENT":
                events.append({})
            continue
        if name == "END":
            assert stack and stack.pop() == value, f"unbalanced END:{value}"
            continue
        assert stack, "a property outside VCALENDAR"
        target = events[-1] if stack[-1] == "VEVENT" else calendar_props
        assert name not in target, f"{name} twice"
        if name in ("SUMMARY", "DESCRIPTION"):
            assert not re.search(r"(?<!\\)[;,]", value.replace("\\\\", "")), (
                f"unescaped TEXT {value!r}"
            )
        target[name] = (name_params, value)
    assert not stack, "unclosed component"
    assert calendar_props["VERSION"][1] == "2.0" and "PRODID" in calendar_props
    for event in events:
        for required in ("UID", "DTSTAMP", "DTSTART"):
            assert required in event, f"VEVENT without {required}"
        assert re.match(r"^\d{8}T\d{6}Z$", event["DTSTAMP"][1])
        params, value = event["DTSTART"]
        assert "VALUE=DATE" in params and re.match(r"^\d{8}$", value)
    uids = [e["UID"][1] for e in events]
    assert len(uids) == len(set(uids))
    return events


def test_officer_feed_is_valid(accounts):
    officer = accounts["policy"]
    make_directive(officer, title="Richtlijn; met komma, puntkomma en een heel lange titel " * 3)
    make_directive(
        officer, deadlines=[{"due_on": date(2027, 1, 31), "label": "art. 3"}, "2027-06-30"]
    )
    body = calendar.feed(officer, "officer", officer.username).encode("utf-8")
    events = parse_strict(body)
    assert len(events) == 3
    assert any(e["DTSTART"][1] == "20270131" for e in events)
    read = icalendar.Calendar.from_ical(body)
    starts = sorted(e.decoded("DTSTART") for e in read.walk("VEVENT"))
    assert date(2027, 1, 31) in starts and len(starts) == 3
    assert all(str(e["SUMMARY"]) for e in read.walk("VEVENT"))


def test_the_library_reads_the_escaped_title_back_whole(accounts):
    officer = accounts["policy"]
    title = "Richtlijn; met komma, puntkomma en Économie é " * 4
    make_directive(officer, title=title)
    body = calendar.feed(officer, "officer", officer.username).encode("utf-8")
    events = icalendar.Calendar.from_ical(body).walk("VEVENT")
    descriptions = [str(e["DESCRIPTION"]) for e in events]
    assert any(d.startswith(title.strip()) for d in descriptions), descriptions


def test_domain_feed_and_folding_of_multibyte_text(accounts):
    make_directive(accounts["policy"], domain="economy", title="Économie é" * 40)
    body = calendar.feed(accounts["management"], "domain", "economy").encode("utf-8")
    assert len(parse_strict(body)) == 1
    assert calendar.fold("é" * 100).count("\r\n ") >= 2


def test_the_parser_catches_mistakes():
    with pytest.raises(AssertionError):
        parse_strict(b"BEGIN:VCALENDAR\nVERSION:2.0\nEND:VCALENDAR\n")
    with pytest.raises(AssertionError):
        parse_strict(
            (
                "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nX:"
                + "a" * 80
                + "\r\nEND:VCALENDAR\r\n"
            ).encode()
        )


def test_the_feed_address_works_without_a_session_and_is_personal(client, accounts):
    officer = accounts["policy"]
    make_directive(officer)
    url = calendar.feed_url(officer, "officer", officer.username)
    r = client.get(url)
    assert r.status_code == 200 and r["Content-Type"].startswith("text/calendar")
    parse_strict(r.content)
    assert client.get(url[:-6] + "x.ics").status_code == 404  # tampered token
    assert (
        client.get(calendar.feed_url(accounts["applicant"], "domain", "economy")).status_code == 404
    )
    with pytest.raises(ValueError):
        calendar.read_token(calendar.feed_url(officer, "officer", "management").split("/")[-1][:-4])
