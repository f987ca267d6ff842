"""Demo data: organisations and one account per role (password ``demo``).

Idempotent: a second run changes nothing. Refused outside demo or debug mode unless
forced, so a production database never gets these accounts. Modules add their own demo
data through ``DEMO_LOADERS`` (dotted paths, called in order).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils.module_loading import import_string

from foro.core import audit
from foro.core.actors import SystemActor
from foro.core.models import Country, Organisation, User
from foro.core.roles import Role
from foro.core.services import user_create

DEMO_PASSWORD = "demo"

#: Modules append their loaders: "foro.licensing.demo.load" (each takes `stdout`).
DEMO_LOADERS: list[str] = []


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: Role
    first_name: str
    last_name: str
    organisation: str | None = None
    representation: str = ""


DEMO_ORGANISATIONS = {
    "flandrix": {
        "name": "Flandrix Defence Systems NV",
        "kbo_number": "0412345614",
        "eori_number": "BE0412345614",
        "vat_number": "BE0412345614",
        "street": "Havenlaan 12",
        "postal_code": "2000",
        "city": "Antwerpen",
        "country": "BE",
        "email": "export@flandrix.example",
        "kind": Organisation.Kind.COMPANY,
    },
    "scheldt": {
        "name": "Scheldt Optronics BV",
        "kbo_number": "0765432146",
        "eori_number": "BE0765432146",
        "vat_number": "BE0765432146",
        "street": "Kortrijksesteenweg 401",
        "postal_code": "9000",
        "city": "Gent",
        "country": "BE",
        "email": "compliance@scheldt-optronics.example",
        "kind": Organisation.Kind.COMPANY,
    },
}

DEMO_ACCOUNTS = [
    DemoAccount("applicant", Role.APPLICANT, "An", "Peeters", organisation="flandrix"),
    DemoAccount("applicant2", Role.APPLICANT, "Bram", "Claes", organisation="scheldt"),
    DemoAccount("officer", Role.OFFICER, "Charlotte", "Janssens"),
    DemoAccount("officer2", Role.OFFICER, "Dries", "Maes"),
    DemoAccount("senior", Role.SENIOR, "Els", "Jacobs"),
    DemoAccount("policy", Role.POLICY, "Filip", "Mertens"),
    DemoAccount("devcoop", Role.DEVCOOP, "Griet", "Willems"),
    DemoAccount("post", Role.POST, "Hanne", "Goossens", representation="FL-IT"),
    DemoAccount("management", Role.MANAGEMENT, "Ivo", "Wouters"),
    DemoAccount("admin", Role.ADMIN, "Jolien", "De Smet"),
]


class DemoRefused(RuntimeError):
    pass


def load(*, allowed: bool, stdout=None) -> list[DemoAccount]:
    """Create the demo organisations and accounts, then run the modules' loaders."""
    if not allowed:
        raise DemoRefused(
            "Refusing to load demo data: FORO_DEMO_MODE and FORO_DEBUG are off. "
            "This looks like a production database. Use --force only if you are sure."
        )
    if not Country.objects.filter(code="BE").exists():
        raise DemoRefused("Load the reference data first: foro reference load")
    created_any = False
    with transaction.atomic():
        orgs = {}
        for key, values in DEMO_ORGANISATIONS.items():
            data: dict[str, object] = dict(values)
            data["country"] = Country.objects.get(code=values["country"])
            org = Organisation.objects.filter(kbo_number=values["kbo_number"]).first()
            if org is None:
                org = Organisation.objects.create(**data)
                audit.record(actor=SystemActor.DEMO, verb="organisation.created", target=org)
                created_any = True
            orgs[key] = org
        for acc in DEMO_ACCOUNTS:
            if User.objects.filter(username=acc.username).exists():
                continue
            user = user_create(
                actor=SystemActor.DEMO,
                username=acc.username,
                password=DEMO_PASSWORD,
                roles=[acc.role],
                first_name=acc.first_name,
                last_name=acc.last_name,
                email=f"{acc.username}@demo.foro.example",
                organisation=orgs[acc.organisation] if acc.organisation else None,
                representation_code=acc.representation,
            )
            if acc.role == Role.ADMIN:
                user.is_staff = True
                user.save(update_fields=["is_staff"])
            created_any = True
        if created_any:
            audit.record(
                actor="demo", verb="demo.loaded", target_type="core.demo", target_id="accounts"
            )
    for path in DEMO_LOADERS:
        import_string(path)(stdout=stdout)
    return DEMO_ACCOUNTS
