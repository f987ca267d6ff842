import base64
import hashlib
import json

from django.core.management.base import BaseCommand, CommandParser

from foro.licensing import ed25519


class Command(BaseCommand):
    help = (
        "Make an Ed25519 key pair for the exchange of denial notifications: the private key "
        "for FORO_DENIALS_SIGNING_KEY and the public entry for the partners' trusted keys."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--key-id", required=True, help="e.g. BE-VLG-2026")
        parser.add_argument("--state", default="BE", help="the member state (ISO code)")

    def handle(self, *args: object, **options: str) -> None:
        secret = ed25519.new_private_key()
        public = ed25519.public_key(secret)
        entry = {
            "keyId": options["key_id"],
            "state": options["state"].upper(),
            "publicKey": base64.b64encode(public).decode(),
        }
        self.stdout.write("# keep secret: the installation's environment")
        self.stdout.write(f"FORO_DENIALS_KEY_ID={options['key_id']}")
        self.stdout.write(f"FORO_DENIALS_SIGNING_KEY={base64.b64encode(secret).decode()}")
        self.stdout.write("# send to the other authorities (their trusted keys):")
        self.stdout.write(json.dumps(entry))
        self.stdout.write(f"# fingerprint (SHA-256): {hashlib.sha256(public).hexdigest()}")
