from django.core.management.base import BaseCommand, CommandError

from foro.reporting.generate import RealDataPresent, generate


class Command(BaseCommand):
    help = (
        "Generate N deterministic synthetic licences with goods lines, exports and refusals "
        "(for benchmarks only; refuses on a database with real applications unless --force)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--licences", type=int, required=True, help="number of licences")
        parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
        parser.add_argument(
            "--start-year", type=int, default=2020, help="first year of the data (default 2020)"
        )
        parser.add_argument("--years", type=int, default=6, help="years covered (default 6)")
        parser.add_argument(
            "--force", action="store_true", help="run even if the database holds real data"
        )

    def handle(self, *args, licences, seed, start_year, years, force, **options):
        try:
            result = generate(
                licences=licences,
                seed=seed,
                start_year=start_year,
                years=years,
                force=force,
                progress=self.stdout.write,
            )
        except (RealDataPresent, ValueError, RuntimeError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"{result.licences} licences and {result.refusals} refusals "
                f"({result.rows} rows) in {result.seconds:.1f} s"
            )
        )
