"""Forms of the applicant portal. They only collect the input; the licensing services
validate it and report every problem at once, which the page maps back to the fields."""

from __future__ import annotations

import re

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from foro.core.models import Country
from foro.licensing.models import ApplicationDocument, Party


def _countries():
    return [("", "—")] + [
        (c.code, c.name) for c in Country.objects.filter(is_iso=True).exclude(code="BE")
    ]


class DraftForm(forms.Form):
    destination = forms.ChoiceField(label=_("Country of destination"), required=False)
    end_use = forms.CharField(
        label=_("End use"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the end user will use the goods for."),
    )
    applicant_reference = forms.CharField(label=_("Your reference"), required=False, max_length=60)

    def __init__(self, *args, kind=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["destination"].choices = _countries()
        if kind is not None and not kind.asks_destination:
            del self.fields["destination"]  # an import comes to Flanders


class GoodsLineForm(forms.Form):
    description = forms.CharField(label=_("Description"), required=False, max_length=500)
    control_entry = forms.CharField(
        label=_("Control-list entry"),
        required=False,
        max_length=30,
        help_text=_("e.g. ML4.b or 1C350"),
    )
    control_entry_text = forms.CharField(label=_("Sub-entry text"), required=False, max_length=300)
    cn_code = forms.CharField(label=_("CN code (8 digits)"), required=False, max_length=12)
    quantity = forms.CharField(label=_("Quantity"), required=False, max_length=20)
    unit = forms.CharField(
        label=_("Unit"), required=False, max_length=20, help_text=_("e.g. pieces, kg")
    )
    value_eur = forms.CharField(label=_("Value (EUR)"), required=False, max_length=20)


class PartyForm(forms.Form):
    role = forms.ChoiceField(
        label=_("Role"), required=False, choices=[("", "—"), *Party.Role.choices]
    )
    name = forms.CharField(label=_("Name"), required=False, max_length=300)
    address = forms.CharField(label=_("Address"), required=False, max_length=500)
    country = forms.ChoiceField(label=_("Country"), required=False)
    is_person = forms.BooleanField(label=_("Natural person"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = _countries()


GoodsFormSet = formset_factory(GoodsLineForm, extra=0)
PartyFormSet = formset_factory(PartyForm, extra=0)


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of document"), choices=ApplicationDocument.Kind.choices)
    file = forms.FileField(label=_("File"), help_text=_("PDF, image or office document"))


class ExportForm(forms.Form):
    line = forms.ChoiceField(label=_("Goods line"))
    shipped_on = forms.DateField(label=_("Date of export (dd/mm/yyyy)"))
    quantity = forms.CharField(label=_("Quantity"), max_length=20)
    value_eur = forms.CharField(label=_("Value (EUR)"), max_length=20)
    customs_declaration = forms.CharField(
        label=_("Customs declaration number (MRN)"), max_length=40
    )

    def __init__(self, *args, lines=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["line"].choices = [
            (ln.pk, f"{ln.goods_line.position}. {ln.goods_line.description}") for ln in lines
        ]


_KEY = re.compile(r"^(goods|parties)\[(\d+)\]\.(\w+)$")
_CAMEL = {
    "controlEntry": "control_entry",
    "cnCode": "cn_code",
    "valueEur": "value_eur",
    "endUse": "end_use",
    "applicantReference": "applicant_reference",
}


def attach_errors(errors: list[dict], draft: DraftForm, goods, parties) -> list[str]:
    """Put each service problem on its field; return the messages that fit no field."""
    loose = []
    for problem in errors:
        field, message = problem.get("field", ""), problem["message"]
        m = _KEY.match(field)
        if m:
            formset = goods if m.group(1) == "goods" else parties
            index = int(m.group(2)) - 1
            name = _CAMEL.get(m.group(3), m.group(3))
            if 0 <= index < len(formset.forms) and name in formset.forms[index].fields:
                formset.forms[index].add_error(name, message)
                continue
        name = _CAMEL.get(field, field)
        if name in draft.fields:
            draft.add_error(name, message)
            continue
        loose.append(message)
    return loose
