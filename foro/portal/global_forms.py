"""The applicant's forms of a global application (several consignees, a period) and of the
usage of a global licence per consignee. Like the other portal forms they only collect the
input; the licensing services check it and the page puts each problem on its field."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.forms import BaseFormSet, formset_factory
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from foro.licensing.global_terms import consignees, terms_of
from foro.licensing.kinds import Kind
from foro.licensing.models import Application, Licence
from foro.portal.numbers import NumberNotRead, plain

Choices = list[tuple[str, str]]


class PeriodForm(forms.Form):
    period_from = forms.CharField(
        label=_("Valid from (dd/mm/yyyy)"),
        required=False,
        max_length=10,
        help_text=_("The first day the licence should cover; not in the past."),
    )
    period_until = forms.CharField(
        label=_("Valid until (dd/mm/yyyy)"),
        required=False,
        max_length=10,
        help_text=_("The last day; the kind says how long a licence may run."),
    )


class AllowanceForm(forms.Form):
    party = forms.ChoiceField(label=_("Consignee"), required=False)
    line = forms.ChoiceField(label=_("Goods line"), required=False)
    quantity = forms.CharField(label=_("Quantity ceiling"), required=False, max_length=20)
    value_eur = forms.CharField(label=_("Value ceiling (EUR)"), required=False, max_length=20)

    def __init__(
        self,
        *args: Any,
        parties: Choices | None = None,
        lines: Choices | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        for name, choices in (("party", parties or []), ("line", lines or [])):
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = [("", "—"), *choices]


AllowanceFormSet = formset_factory(AllowanceForm, extra=0)


def _party_choices(post: QueryDict | None, app: Application) -> Choices:
    """The consignees by their position: as posted (so that a consignee typed in the same
    form can be chosen when the page comes back), else as saved."""
    if post is None:
        return [(str(i), f"{i}. {p.name}") for i, p in consignees(app)]
    choices = []
    total = (
        int(post.get("parties-TOTAL_FORMS") or 0)
        if (post.get("parties-TOTAL_FORMS") or "").isdigit()
        else 0
    )
    position = 0
    for n in range(min(total, 100)):
        keys = ("role", "name", "address", "country")
        row = {k: post.get(f"parties-{n}-{k}", "") for k in keys}
        if not any(row.values()):
            continue
        position += 1
        if row["role"] == "consignee":
            choices.append((str(position), f"{position}. {row['name']}"))
    return choices


def _line_choices(post: QueryDict | None, app: Application) -> Choices:
    if post is None:
        return [(str(g.position), f"{g.position}. {g.description}") for g in app.goods.all()]
    total = post.get("goods-TOTAL_FORMS") or ""
    choices = []
    position = 0
    for n in range(min(int(total) if total.isdigit() else 0, 100)):
        keys = ("description", "control_entry", "cn_code", "quantity", "unit", "value_eur")
        if not any(post.get(f"goods-{n}-{k}", "") for k in keys):
            continue
        position += 1
        choices.append((str(position), f"{position}. {post.get(f'goods-{n}-description', '')}"))
    return choices


def global_forms(
    kind: Kind, app: Application, post: QueryDict | None = None, add_ceiling: bool = False
) -> tuple[PeriodForm | None, BaseFormSet | None]:
    """The period form and the ceilings of a global kind (None, None for another kind):
    bound to ``post``, or filled from ``app``."""
    if not kind.several_consignees:
        return None, None
    kwargs = {"parties": _party_choices(post, app), "lines": _line_choices(post, app)}
    if post is not None:
        return PeriodForm(post), AllowanceFormSet(post, prefix="ceilings", form_kwargs=kwargs)
    terms = terms_of(app)
    initial = {
        "period_from": terms.period_from.strftime("%d/%m/%Y")
        if terms and terms.period_from
        else "",
        "period_until": terms.period_until.strftime("%d/%m/%Y")
        if terms and terms.period_until
        else "",
    }
    rows: list[dict[str, Any]] = [
        {
            "party": str(a.party_position),
            "line": str(a.line_position),
            "quantity": f"{a.quantity.normalize():f}".replace(".", ","),
            "value_eur": f"{a.value_eur:.2f}".replace(".", ","),
        }
        for a in app.allowances.all()
    ]
    if add_ceiling or not rows:
        rows.append({})
    return (
        PeriodForm(initial=initial),
        AllowanceFormSet(initial=rows, prefix="ceilings", form_kwargs=kwargs),
    )


#: what the service certainly refuses as a number, so that nothing is saved
_NOT_A_NUMBER = "?"


def global_data(
    form: PeriodForm | None, ceilings: BaseFormSet | None
) -> tuple[dict[str, Any], dict[str, str]]:
    """The service's input for the period and the ceilings, and our message per service
    field for a number that cannot be read one way only (Belgian input is read here)."""
    if form is None or ceilings is None:
        return {}, {}
    data: dict[str, Any] = {
        "period_from": form.data.get("period_from", ""),
        "period_until": form.data.get("period_until", ""),
    }
    rows: list[dict[str, Any]] = []
    unread: dict[str, str] = {}
    for f in ceilings.forms:
        row = {name: f.data.get(f.add_prefix(name), "") for name in f.fields}
        if not any(row.values()):
            continue
        for name, field in (("quantity", "quantity"), ("value_eur", "valueEur")):
            try:
                row[name] = plain(row[name] or "")
            except NumberNotRead as exc:
                row[name] = _NOT_A_NUMBER
                unread[f"allowances[{len(rows) + 1}].{field}"] = str(exc)
        rows.append(row)
    data["allowances"] = rows
    return data, unread


_CEILING = re.compile(r"^allowances\[(\d+)\]\.(\w+)$")
_NAMES = {"valueEur": "value_eur", "periodFrom": "period_from", "periodUntil": "period_until"}


def attach_global_errors(
    errors: list[dict[str, Any]], form: PeriodForm | None, ceilings: BaseFormSet | None
) -> list[dict[str, Any]]:
    """Put each problem of the period or a ceiling on its field; return the others. The
    service counts the ceilings that were filled in; the form's rows may have blanks."""
    if form is None or ceilings is None:
        return errors
    filled = [
        f for f in ceilings.forms if any(f.data.get(f.add_prefix(name), "") for name in f.fields)
    ]
    left = []
    for problem in errors:
        field, message = problem.get("field", ""), problem["message"]
        name = _NAMES.get(field, field)
        if name in form.fields:
            form.add_error(name, message)
            continue
        m = _CEILING.match(field)
        if m:
            index = int(m.group(1)) - 1
            name = _NAMES.get(m.group(2), m.group(2))
            if 0 <= index < len(filled) and name in filled[index].fields:
                filled[index].add_error(name, message)
                continue
        left.append(problem)
    return left


class UsageForm(forms.Form):
    """A shipment made under a global licence to one of its consignees."""

    consignee = forms.ChoiceField(label=_("Consignee"))
    line = forms.ChoiceField(label=_("Goods line"))
    shipped_on = forms.DateField(label=_("Date of the shipment (dd/mm/yyyy)"))
    quantity = forms.CharField(label=_("Quantity"), max_length=20)
    value_eur = forms.CharField(label=_("Value (EUR)"), max_length=20)
    customs_declaration = forms.CharField(
        label=_("Customs declaration or transfer document number"), max_length=40
    )

    def __init__(self, *args: Any, licence: Licence, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        seen: dict[int, str] = {}
        lines: dict[int, str] = {}
        for c in licence.ceilings.select_related("consignee__country", "licence_line__goods_line"):
            seen.setdefault(c.consignee_id, f"{c.consignee.name} ({c.consignee.country.name})")
            g = c.licence_line.goods_line
            lines.setdefault(c.licence_line_id, f"{g.position}. {g.description}")
        consignee = self.fields["consignee"]
        line = self.fields["line"]
        assert isinstance(consignee, forms.ChoiceField) and isinstance(line, forms.ChoiceField)
        # nothing chosen beforehand: which consignee received the goods is the holder's word
        consignee.choices = [("", "—"), *((str(k), v) for k, v in seen.items())]
        line.choices = [("", "—"), *((str(k), v) for k, v in sorted(lines.items()))]
