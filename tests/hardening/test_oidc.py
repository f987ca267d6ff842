"""Sign-in with an OpenID Connect provider (issue 16), against a small provider that the
test starts on a loopback port: authorisation endpoint (a code for the state and nonce it
was given), token endpoint (checks the client secret, returns an RS256 ID token signed
with a key made for the test), userinfo and JWKS endpoints. foro's side is the real one
(mozilla-django-oidc with foro.core.oidc); only the provider is a stand-in.
"""

from __future__ import annotations

import base64
import http.client
import json
import secrets
import threading
import time
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
import time_machine
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from django.test import Client
from django.utils import timezone

pytestmark = pytest.mark.django_db

CLIENT_ID, CLIENT_SECRET = "foro-test", "s3cret-for-the-test"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _int_b64(n: int) -> str:
    return _b64(n.to_bytes((n.bit_length() + 7) // 8, "big"))


class Provider:
    """An OpenID Connect provider on 127.0.0.1 for one test."""

    def __init__(self) -> None:
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.signing_key = self.key  # a test replaces it to forge a token
        self.email, self.email_verified = "senior@demo.foro.example", True
        self.codes: dict[str, dict] = {}
        self.authorize_params: list[dict] = []
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def _json(self, body: dict, status: int = 200) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                url = urlsplit(self.path)
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                if url.path == "/authorize":
                    provider.authorize_params.append(query)
                    code = secrets.token_urlsafe(16)
                    provider.codes[code] = {"nonce": query.get("nonce"), "email": provider.email}
                    target = (
                        query["redirect_uri"]
                        + "?"
                        + urlencode({"code": code, "state": query["state"]})
                    )
                    self.send_response(302)
                    self.send_header("Location", target)
                    self.end_headers()
                elif url.path == "/userinfo":
                    token = self.headers.get("Authorization", "").removeprefix("Bearer ")
                    grant = provider.codes.get(token.removeprefix("at-"))
                    if grant is None:
                        return self._json({"error": "invalid_token"}, 401)
                    self._json(
                        {
                            "sub": "sub-" + grant["email"],
                            "email": grant["email"],
                            "email_verified": provider.email_verified,
                        }
                    )
                elif url.path == "/jwks":
                    public = provider.key.public_key().public_numbers()
                    self._json(
                        {
                            "keys": [
                                {
                                    "kty": "RSA",
                                    "kid": "test",
                                    "use": "sig",
                                    "alg": "RS256",
                                    "n": _int_b64(public.n),
                                    "e": _int_b64(public.e),
                                }
                            ]
                        }
                    )
                else:
                    self._json({"error": "not found"}, 404)

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
                form = {k: v[0] for k, v in parse_qs(body).items()}
                if urlsplit(self.path).path != "/token":
                    return self._json({"error": "not found"}, 404)
                if (form.get("client_id"), form.get("client_secret")) != (
                    CLIENT_ID,
                    CLIENT_SECRET,
                ):
                    return self._json({"error": "invalid_client"}, 401)
                grant = provider.codes.get(form.get("code", ""))
                if grant is None:
                    return self._json({"error": "invalid_grant"}, 400)
                now = int(time.time())
                claims = {
                    "iss": provider.url,
                    "sub": "sub-" + grant["email"],
                    "aud": CLIENT_ID,
                    "iat": now,
                    "exp": now + 300,
                    "nonce": grant["nonce"],
                    "email": grant["email"],
                }
                self._json(
                    {
                        "access_token": "at-" + form["code"],
                        "token_type": "Bearer",
                        "expires_in": 300,
                        "id_token": provider.sign(claims),
                    }
                )

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def sign(self, claims: dict) -> str:
        header = _b64(json.dumps({"alg": "RS256", "typ": "JWT", "kid": "test"}).encode())
        payload = _b64(json.dumps(claims).encode())
        signature = self.signing_key.sign(
            f"{header}.{payload}".encode(), padding.PKCS1v15(), hashes.SHA256()
        )
        return f"{header}.{payload}.{_b64(signature)}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def provider(settings):
    p = Provider()
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = p.url + "/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = p.url + "/token"
    settings.OIDC_OP_USER_ENDPOINT = p.url + "/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = p.url + "/jwks"
    settings.OIDC_RP_SIGN_ALGO = "RS256"
    settings.AUTHENTICATION_BACKENDS = [
        *settings.AUTHENTICATION_BACKENDS,
        "foro.core.oidc.ForoOidcBackend",
    ]
    yield p
    p.close()


def _through_provider(client: Client, start: str) -> tuple[dict, object]:
    """Follow the sign-in: foro → provider's authorize → foro's callback. Returns the
    parameters foro sent to the provider and the callback's response."""
    r = client.get(start)
    assert r.status_code == 302, r
    to_provider = urlsplit(r["Location"])
    sent = {k: v[0] for k, v in parse_qs(to_provider.query).items()}
    conn = http.client.HTTPConnection(to_provider.hostname, to_provider.port, timeout=10)
    conn.request("GET", f"{to_provider.path}?{to_provider.query}")
    answer = conn.getresponse()
    assert answer.status == 302
    back = urlsplit(answer.getheader("Location"))
    conn.close()
    return sent, client.get(f"{back.path}?{back.query}")


def _user_id(client: Client) -> str | None:
    return client.session.get("_auth_user_id")


def test_signing_in_with_the_provider_finds_the_account_by_its_verified_email(accounts, provider):
    client = Client()
    client.cookies["foro_language"] = "en"
    login = client.get("/login/")
    assert "Sign in with single sign-on" in login.content.decode()
    sent, done = _through_provider(client, "/login/sso/?next=/licensing/")
    assert sent["client_id"] == CLIENT_ID and sent["nonce"] and sent["state"]
    assert "prompt" not in sent
    assert done.status_code == 302 and done["Location"] == "/licensing/"
    assert _user_id(client) == str(accounts["senior"].pk)
    assert client.get("/licensing/").status_code == 200


@pytest.mark.parametrize("case", ["unverified", "unknown", "inactive"])
def test_no_account_is_signed_in_or_created_without_one_verified_match(accounts, provider, case):
    from foro.core.models import User

    users = User.objects.count()
    if case == "unverified":
        provider.email_verified = False
    elif case == "unknown":
        provider.email = "stranger@elsewhere.example"
    else:
        User.objects.filter(pk=accounts["senior"].pk).update(is_active=False)
    client = Client()
    _sent, done = _through_provider(client, "/login/sso/")
    assert done.status_code == 302 and done["Location"] == "/login/?sso=failed"
    assert _user_id(client) is None and User.objects.count() == users


def test_an_id_token_signed_with_another_key_is_refused(accounts, provider):
    provider.signing_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    client = Client()
    _sent, done = _through_provider(client, "/login/sso/")
    assert done.status_code >= 300 and _user_id(client) is None


def test_a_callback_with_a_foreign_state_signs_nobody_in(accounts, provider):
    client = Client()
    client.get("/login/sso/")
    r = client.get("/login/sso/callback/?code=whatever&state=not-the-one-we-sent")
    assert _user_id(client) is None and r.status_code in (302, 400)


def test_re_authentication_through_the_provider_asks_for_a_fresh_login(accounts, provider):
    from foro.core import reauth

    client = Client()
    _through_provider(client, "/login/sso/")
    assert _user_id(client) == str(accounts["senior"].pk)
    later = timezone.now() + timedelta(minutes=30)
    with time_machine.travel(later, tick=False):
        page = client.get("/reauthenticate/?next=/licensing/")
        assert "/login/sso/?reauth=1" in page.content.decode()
        sent, done = _through_provider(client, "/login/sso/?reauth=1&next=/licensing/")
        assert (sent["prompt"], sent["max_age"]) == ("login", "0")
        assert done["Location"] == "/licensing/"
        stamp = client.session[reauth.SESSION_KEY]
        assert abs(stamp - later.timestamp()) < 5  # the proof of identity is fresh


def test_without_a_client_id_single_sign_on_is_off(accounts, settings):
    settings.OIDC_RP_CLIENT_ID = ""
    client = Client()
    assert client.get("/login/sso/").status_code == 404
    assert client.get("/login/sso/callback/?code=x&state=y").status_code == 404
    assert "/login/sso/" not in client.get("/login/").content.decode()
