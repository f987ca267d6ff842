"""Pages of screening: overview, ad-hoc screening, lists with versions and diffs, the hit
review queue with the disposition form. Thin: parse, call a selector or service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from foro.core.errors import NotFound, TransitionNotAllowed, ValidationFailed
from foro.core.models import Country
from foro.core.selectors import audit_events_for
from foro.core.services import require
from foro.screening import selectors, services
from foro.screening.engine import DEFAULT_THRESHOLD
from foro.screening.models import SanctionsList, ScreeningHit
from foro.screening.queries import KINDS, check_lists, check_threshold, parse_query
from foro.screening.rules import dispositions_for
from foro.screening.subjects import describe

DIFF_PARTS = ("added", "removed", "changed")
DIFF_PREVIEW = 25


def _country_names(codes) -> dict[str, str]:
    return {c.code: c.name for c in Country.objects.filter(code__in=set(codes))}


def _entry_context(data: dict) -> dict:
    nationalities = list(data.get("nationalities", []))
    countries = list(data.get("countries", []))
    names = _country_names(nationalities + countries)
    return {
        "entry": data,
        "nationalities": [(c, names.get(c, c)) for c in nationalities],
        "entry_countries": [(c, names.get(c, c)) for c in countries],
    }


@login_required
def index(request: HttpRequest) -> HttpResponse:
    lists = list(selectors.lists_visible_to(request.user))
    current = selectors.current_versions()
    rows = [(sl, current.get(sl.pk)) for sl in lists]
    user = request.user
    context = {
        "rows": rows,
        "can_screen": user.has_perm("screening.screen"),
        "can_review": user.has_perm("screening.view_hits"),
    }
    if context["can_review"]:
        context["open_count"] = selectors.hit_queue(user).count()
    return render(request, "screening/index.html", context)


@login_required
def screen(request: HttpRequest) -> HttpResponse:
    """Ad-hoc screening. A POST form, so the names looked up stay out of URLs and logs."""
    require(request.user, "screening.screen")
    loaded = sorted(selectors.loaded_list_codes())
    values: dict[str, str] = {"name": "", "type": "", "country": "", "dob": "", "threshold": ""}
    chosen_lists: list[str] = []
    context: dict = {
        "kinds": KINDS,
        "loaded": loaded,
        "default_threshold": DEFAULT_THRESHOLD,
        "values": values,
        "chosen_lists": chosen_lists,
        "errors": [],
    }
    if request.method != "POST":
        return render(request, "screening/screen.html", context)
    post = request.POST
    values.update(
        {k: post.get(k, "").strip() for k in ("name", "type", "country", "dob", "threshold")}
    )
    chosen_lists[:] = post.getlist("lists")
    parsed = parse_query(
        name=values["name"], kind=values["type"], country=values["country"], dob=values["dob"]
    )
    errors = list(parsed.errors)
    threshold_value = None
    if values["threshold"]:
        try:
            threshold_value = float(values["threshold"].replace(",", "."))
        except ValueError:
            threshold_value = -1.0
    threshold, threshold_errors = check_threshold(threshold_value)
    lists, list_errors = check_lists(chosen_lists, set(loaded))
    errors += threshold_errors + list_errors
    context["errors"] = errors
    context["error_fields"] = {e["field"] for e in errors}
    if errors:
        return render(request, "screening/screen.html", context, status=422)
    run = selectors.screen([parsed.query], threshold=threshold, lists=lists)
    current = {
        v.sanctions_list.code: v
        for v in selectors.current_versions().values()
        if v.sanctions_list.code in run.versions
    }
    context.update(
        {
            "query": parsed.query,
            "run": run,
            "hits": [(h, current.get(h.list_code)) for h in run.results[0]],
            "searched": True,
        }
    )
    return render(request, "screening/screen.html", context)


@login_required
def list_overview(request: HttpRequest) -> HttpResponse:
    lists = list(selectors.lists_visible_to(request.user))
    refused = selectors.refusals_of(request.user, lists)
    sections = [(sl, list(selectors.versions_of(request.user, sl)), refused[sl.pk]) for sl in lists]
    return render(request, "screening/lists.html", {"sections": sections})


@login_required
def version_detail(request: HttpRequest, pk: int) -> HttpResponse:
    version = selectors.version_get(request.user, pk)
    diff = version.diff
    part = request.GET.get("part", "")
    context = {"version": version, "diff": diff, "part": part}
    if part:
        if part not in DIFF_PARTS:
            raise NotFound()
        page = Paginator(selectors.diff_rows(diff, part), 100).get_page(request.GET.get("page"))
        context["page"] = page
    else:
        counts = {
            "added": diff.added_count,
            "removed": diff.removed_count,
            "changed": diff.changed_count,
        }
        context["sections"] = [
            (name, counts[name], selectors.diff_rows(diff, name, limit=DIFF_PREVIEW))
            for name in DIFF_PARTS
        ]
    return render(request, "screening/version.html", context)


@login_required
def entry_detail(request: HttpRequest, pk: int, entry_id: str) -> HttpResponse:
    version = selectors.version_get(request.user, pk)
    entry = selectors.entry_get(request.user, version, entry_id)
    return render(
        request,
        "screening/entry.html",
        {"version": version, "list_entry": entry, **_entry_context(entry.data)},
    )


@login_required
def hit_queue(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "open")
    statuses = [s.value for s in ScreeningHit.Status]
    if status not in [*statuses, "all"]:
        status = "open"
    qs = selectors.hit_queue(request.user, None if status == "all" else status)
    lists = [(sl.code, sl.name) for sl in SanctionsList.objects.order_by("code")]
    list_code = request.GET.get("list", "")
    if list_code in dict(lists):
        qs = qs.filter(sanctions_list__code=list_code)
    else:
        list_code = ""
    page = Paginator(qs.select_related("subject", "sanctions_list", "version"), 50).get_page(
        request.GET.get("page")
    )
    labels = describe(h.subject for h in page)
    rows = [(h, labels[h.subject.pk]) for h in page]
    return render(
        request,
        "screening/hit_list.html",
        {
            "page": page,
            "rows": rows,
            "status": status,
            "statuses": ScreeningHit.Status.choices,
            "lists": lists,
            "list_code": list_code,
        },
    )


@login_required
def hit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "screening.view_hits")
    hit = selectors.hit_get(request.user, pk)
    errors: list[dict] = []
    values = {"status": "", "reason": ""}
    status_code = 200
    if request.method == "POST":
        values = {k: request.POST.get(k, "") for k in values}
        try:
            services.hit_dispose(
                actor=request.user, hit=hit, status=values["status"], reason=values["reason"]
            )
        except ValidationFailed as exc:
            errors, status_code = exc.errors, 422
        except TransitionNotAllowed as exc:
            errors, status_code = [{"field": "status", "message": exc.detail}], 409
        else:
            messages.success(
                request,
                _("Hit %(id)s on %(name)s is marked %(status)s.")
                % {
                    "id": hit.pk,
                    "name": hit.subject.name,
                    "status": dict(ScreeningHit.Status.choices)[values["status"]],
                },
            )
            return redirect("screening:hit-list")
    entry = selectors.hit_entry(hit)
    choices = dict(ScreeningHit.Status.choices)
    names = _country_names(hit.subject.countries)
    context = {
        "hit": hit,
        "list_entry": entry,
        "options": [(s, choices[s]) for s in dispositions_for(request.user, hit.status)],
        "errors": errors,
        "error_fields": {e["field"] for e in errors},
        "values": values,
        "events": audit_events_for("screening.screeninghit", hit.pk),
        "subject_countries": [(c, names.get(c, c)) for c in hit.subject.countries],
        "subject_label": describe([hit.subject])[hit.subject.pk],
    }
    if entry is not None:
        context.update(_entry_context(entry.data))
    return render(request, "screening/hit_detail.html", context, status=status_code)
