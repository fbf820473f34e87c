"""A small OpenID Connect provider on loopback, for the sign-in test: discovery, an authorization
endpoint that signs in a preset person at once (no login screen), a token endpoint that checks the
client's secret and the code, and a key set. ID tokens are RS256 JWTs made with Authlib's JOSE, so the
app's side (Streamlit's st.login, Authlib, httpx) checks a real signature, issuer, audience and nonce."""

from __future__ import annotations

import base64
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlparse

from authlib.jose import JsonWebKey, jwt

CLIENT_ID = "outreach-dashboard"
CLIENT_SECRET = secrets.token_urlsafe(16)


@dataclass
class Provider:
    person: dict[str, str]  # the claims of whoever "signs in": email, name, preferred_username
    server: ThreadingHTTPServer | None = None
    key: object = field(default_factory=lambda: JsonWebKey.generate_key("RSA", 2048, is_private=True))
    codes: dict[str, dict] = field(default_factory=dict)  # code → the authorization request's nonce …
    log: list[str] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def start(self) -> Provider:
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # quiet
                pass

            def do_GET(self) -> None:
                provider._get(self)

            def do_POST(self) -> None:
                provider._post(self)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()

    # --- endpoints ------------------------------------------------------------------------------------

    def _metadata(self) -> dict:
        return {
            "issuer": self.url,
            "authorization_endpoint": f"{self.url}/authorize",
            "token_endpoint": f"{self.url}/token",
            "jwks_uri": f"{self.url}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        }

    def _get(self, req: BaseHTTPRequestHandler) -> None:
        url = urlparse(req.path)
        self.log.append(f"GET {url.path}")
        if url.path == "/.well-known/openid-configuration":
            return _json(req, self._metadata())
        if url.path == "/jwks":
            return _json(req, {"keys": [self.key.as_dict(is_private=False, kid="k1", use="sig", alg="RS256")]})
        if url.path == "/authorize":
            q = {k: v[0] for k, v in parse_qs(url.query).items()}
            if q.get("client_id") != CLIENT_ID or q.get("response_type") != "code":
                return _json(req, {"error": "invalid_request"}, 400)
            code = secrets.token_urlsafe(16)
            self.codes[code] = {"nonce": q.get("nonce"), "redirect_uri": q["redirect_uri"]}
            req.send_response(302)
            req.send_header("Location", f"{q['redirect_uri']}?{urlencode({'code': code, 'state': q['state']})}")
            req.end_headers()
            return None
        return _json(req, {"error": "not_found"}, 404)

    def _post(self, req: BaseHTTPRequestHandler) -> None:
        self.log.append(f"POST {req.path}")
        if req.path != "/token":
            return _json(req, {"error": "not_found"}, 404)
        body = {k: v[0] for k, v in parse_qs(req.rfile.read(int(req.headers["Content-Length"])).decode()).items()}
        client = (body.get("client_id"), body.get("client_secret"))
        if (auth := req.headers.get("Authorization", "")).startswith("Basic "):
            client = tuple(base64.b64decode(auth[6:]).decode().split(":", 1))
        grant = self.codes.pop(body.get("code", ""), None)
        if client != (CLIENT_ID, CLIENT_SECRET) or grant is None or body.get("redirect_uri") != grant["redirect_uri"]:
            return _json(req, {"error": "invalid_grant"}, 400)
        now = int(time.time())
        claims = {"iss": self.url, "aud": CLIENT_ID, "sub": "person-1", "iat": now, "exp": now + 600,
                  **({"nonce": grant["nonce"]} if grant["nonce"] else {}), **self.person}
        id_token = jwt.encode({"alg": "RS256", "kid": "k1"}, claims, self.key).decode()
        return _json(req, {"access_token": secrets.token_urlsafe(16), "token_type": "Bearer", "expires_in": 600,
                           "id_token": id_token, "scope": "openid email profile"})


def _json(req: BaseHTTPRequestHandler, payload: dict, status: int = 200) -> None:
    data = json.dumps(payload).encode()
    req.send_response(status)
    req.send_header("Content-Type", "application/json")
    req.send_header("Content-Length", str(len(data)))
    req.end_headers()
    req.wfile.write(data)


def secrets_toml(provider: Provider, app_port: int) -> str:
    """The app's ``[auth]`` section for this provider (what an office writes in .streamlit/secrets.toml)."""
    return "\n".join([
        "[auth]",
        f'redirect_uri = "http://127.0.0.1:{app_port}/oauth2callback"',
        f'cookie_secret = "{secrets.token_urlsafe(32)}"',
        f'client_id = "{CLIENT_ID}"',
        f'client_secret = "{CLIENT_SECRET}"',
        f'server_metadata_url = "{provider.url}/.well-known/openid-configuration"',
        "",
    ])
