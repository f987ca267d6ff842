"""Calendar feeds (iCalendar, RFC 5545) of transposition deadlines: one per officer (the
directives they are competent for) and one per policy domain.

Written by hand (the ``icalendar`` package is not a dependency yet): CRLF line ends, lines
folded at 75 octets, TEXT values escaped, all-day events with ``VALUE=DATE``, a stable UID
per deadline and a DTSTAMP in UTC. A calendar program opens the feed without a session, so
its address carries a signed token naming the feed and the user it was made for."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse

from foro.core.models import User
from foro.eulaw import selectors
from foro.eulaw.models import Domain

SALT = "foro.eulaw.calendar"
PRODID = "-//Departement Kanselarij en Buitenlandse Zaken//foro//NL"


def feed_url(user: User, kind: str, value: str) -> str:
    token = signing.dumps({"u": user.pk, "k": kind, "v": value}, salt=SALT, compress=True)
    return reverse("eulaw:calendar-feed", args=[token])


def read_token(token: str) -> tuple[User, str, str]:
    data = signing.loads(token, salt=SALT)
    kind, value = str(data["k"]), str(data["v"])
    if kind not in ("officer", "domain"):
        raise ValueError("unknown feed")
    if kind == "domain" and value not in Domain.values:
        raise ValueError("unknown domain")
    user = User.objects.get(pk=int(data["u"]))
    if kind == "officer" and value != user.username:
        raise ValueError("an officer's feed is their own")
    return user, kind, value


def escape(text: str) -> str:
    """A TEXT value (RFC 5545 §3.3.11)."""
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """Fold a content line into 75-octet pieces (never splitting a UTF-8 character)."""
    out: list[str] = []
    current = ""
    size = 0
    for ch in line:
        width = len(ch.encode("utf-8"))
        limit = 75 if not out else 74  # a continuation line starts with one space
        if size + width > limit:
            out.append(current)
            current, size = "", 0
        current += ch
        size += width
    out.append(current)
    return "\r\n ".join(out)


def feed(user: User, kind: str, value: str, now: datetime | None = None) -> str:
    stamp = (now or datetime.now(tz=UTC)).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    if kind == "officer":
        officer = User.objects.get(username=value)
        deadlines = selectors.deadlines_for(user=user, officer=officer)
        name = f"foro: {officer.display_name()}"
    else:
        deadlines = selectors.deadlines_for(user=user, domain=value)
        name = f"foro: {Domain(value).label}"
    site = settings.SITE_URL.rstrip("/")
    host = site.split("://")[-1].split("/")[0] or "foro"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape(name)}",
        "X-WR-TIMEZONE:Europe/Brussels",
    ]
    for deadline in deadlines:
        d = deadline.directive
        summary = f"Omzetting {d.number}" + (f" ({deadline.label})" if deadline.label else "")
        description = f"{d.title}\n{d.get_status_display()}"
        lines += [
            "BEGIN:VEVENT",
            f"UID:eulaw-deadline-{deadline.pk}@{host}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{deadline.due_on:%Y%m%d}",
            f"DTEND;VALUE=DATE:{deadline.due_on + timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{escape(summary)}",
            f"DESCRIPTION:{escape(description)}",
            f"URL:{site}{reverse('eulaw:directive', args=[d.pk])}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
