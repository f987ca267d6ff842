from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LicensingConfig(AppConfig):
    name = "foro.licensing"
    label = "licensing"
    verbose_name = "Strategic goods licensing"

    def ready(self) -> None:
        from foro.core import demo, periodic, slots
        from foro.core.navigation import NavItem, register
        from foro.core.roles import Role
        from foro.licensing import audit_verbs  # noqa: F401 - registers the verbs

        register(
            NavItem(
                _("Licensing"),
                "licensing:queue",
                frozenset({Role.OFFICER, Role.SENIOR, Role.MANAGEMENT}),
                group="licensing",
            ),
            before="core:country-list",
        )
        register(
            NavItem(
                _("My applications"), "portal:home", frozenset({Role.APPLICANT}), group="licensing"
            ),
            before="core:country-list",
        )
        # general licences and prior authorisation (views_general.py, portal/views_general.py)
        from foro.licensing import audit_verbs_general  # noqa: F401 - registers the verbs

        register(
            NavItem(
                _("General licences"),
                "licensing:general",
                frozenset({Role.OFFICER, Role.SENIOR, Role.MANAGEMENT}),
                group="licensing",
            ),
            before="core:country-list",
        )
        register(
            NavItem(
                _("General licences"),
                "portal:general",
                frozenset({Role.APPLICANT}),
                group="licensing",
            ),
            before="core:country-list",
        )
        from foro.core import search
        from foro.licensing.search_general import PROVIDER

        search.register(PROVIDER)
        from foro.licensing import search_appeals

        search.register(search_appeals.APPEALS)
        search.register(search_appeals.RULINGS)
        from foro.licensing import panels

        slots.register("country", panels.country_section)
        slots.register("home", panels.home_panel)
        from foro.licensing import search as licensing_search

        licensing_search.register()
        from foro.licensing.screening import SUBJECT_TYPE
        from foro.licensing.subjects import describe_parties
        from foro.screening import subjects

        subjects.register(SUBJECT_TYPE, describe_parties)
        periodic.register_daily("licences.expire", "foro.licensing.tasks.expire_licences")
        periodic.register_daily("licensing.reminders", "foro.licensing.reminders.send_reminders")
        periodic.register_daily(
            "licensing.general_reminders",
            "foro.licensing.reminders_general.send_general_reminders",
        )
        from foro.licensing.tasks import on_dataset_loaded
        from foro.reference.signals import dataset_loaded

        dataset_loaded.connect(on_dataset_loaded, dispatch_uid="licensing.recheck")
        from foro.licensing.screening import on_hit_disposed
        from foro.screening.signals import hit_disposed

        hit_disposed.connect(on_hit_disposed, dispatch_uid="licensing.sanctions_refresh")
        # end-user certificates, their verification by a post, import certificates
        from foro.licensing import audit_verbs_euc  # noqa: F401 - registers the verbs

        register(
            NavItem(
                _("Certificate verifications"),
                "licensing:euc-verifications",
                frozenset({Role.POST}),
                group="licensing",
            ),
            before="core:country-list",
        )
        if "foro.licensing.demo.load" not in demo.DEMO_LOADERS:
            demo.DEMO_LOADERS.append("foro.licensing.demo.load")
        if "foro.licensing.demo_b.load" not in demo.DEMO_LOADERS:
            demo.DEMO_LOADERS.append("foro.licensing.demo_b.load")  # versions, shared denials
        if "foro.licensing.demo_general.load" not in demo.DEMO_LOADERS:
            demo.DEMO_LOADERS.append("foro.licensing.demo_general.load")
        if "foro.licensing.demo_appeals.load" not in demo.DEMO_LOADERS:
            demo.DEMO_LOADERS.append("foro.licensing.demo_appeals.load")  # appeals, rulings
        if "foro.licensing.demo_euc.load" not in demo.DEMO_LOADERS:
            demo.DEMO_LOADERS.append("foro.licensing.demo_euc.load")
