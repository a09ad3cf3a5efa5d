"""Outbound HTTP for ``publish`` and ``--endpoint``: checked URLs, no redirects, credentials kept to
the origin given and out of every message.

* **URLs are checked up front** (:func:`check_url`): ``http`` or ``https``, a host, a valid port, and no
  user info (``http://bob:secret@host``): a password in a URL ends up in shell history, process lists and
  logs, so it is refused with a message that shows the URL without it. Credentials come from the
  environment only (see :func:`credentials`).
* **Redirects are errors** that say where they pointed: a Graph Store upload that followed a 302
  would lose its body (the POST becomes a GET) and report success, and credentials would go along.
* **Credentials only to the origin given** (scheme, host and port): every request is checked against it
  before an ``Authorization`` header is added.
* **Basic, Digest and bearer auth**: ``BATTERY_KG_TOKEN`` (bearer, sent with every request), or
  ``BATTERY_KG_USER`` + ``BATTERY_KG_PASSWORD``, sent the way the server's 401 challenge asks (Basic or
  Digest; Virtuoso's ``/sparql-graph-crud-auth`` wants Digest and answers a Basic attempt with a bare
  401), then sent that way from the first request on; ``BATTERY_KG_AUTH=basic`` or ``digest`` skips the
  first, unauthenticated, request.
* **No secret in any message**: URLs are shown by :func:`redact`; errors are raised ``from None``.

Requests are made with httpx (no proxy or ``.netrc`` from the environment: ``trust_env`` is off, so no
credential is picked up from anywhere but the variables above).

>>> check_url("https://example.org:8890/sparql-graph-crud-auth")
'https://example.org:8890/sparql-graph-crud-auth'
>>> check_url("ftp://example.org/x")
Traceback (most recent call last):
...
battery_kg.errors.UsageError: ftp://example.org/x: only http and https URLs are accepted
>>> redact("http://bob:secret@host:7878/store?token=x")
'http://host:7878/store'
"""

from __future__ import annotations

import base64
import os
import urllib.parse
from dataclasses import dataclass
from typing import Mapping

from battery_kg.errors import BatteryKGError, UsageError


class HTTPError(BatteryKGError):
    """A request could not be made, or was redirected (``location`` says where, without user info)."""

    def __init__(self, message: str, location: str | None = None) -> None:
        super().__init__(message)
        self.location = location


def redact(url: str) -> str:
    """A URL as it may be shown or logged: without user info, query string or fragment."""
    try:
        parts = urllib.parse.urlsplit(url)
        host = parts.hostname or ""
        if ":" in host:
            host = f"[{host}]"
        if parts.port:
            host += f":{parts.port}"
    except ValueError:
        return "(a URL that cannot be read)"
    return urllib.parse.urlunsplit((parts.scheme, host, parts.path, "", ""))


def check_url(url: str) -> str:
    """``url`` if it is an ``http``/``https`` URL with a host, a valid port and no user info; else
    :class:`UsageError` with one line that never shows a password.

    >>> check_url("http://bob:secret@127.0.0.1:7878/store")
    Traceback (most recent call last):
    ...
    battery_kg.errors.UsageError: http://127.0.0.1:7878/store: user name or password in the URL is refused (set BATTERY_KG_USER and BATTERY_KG_PASSWORD, or BATTERY_KG_TOKEN)
    """
    shown = redact(url)
    try:
        parts = urllib.parse.urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise UsageError(f"{shown}: not a valid URL ({exc})") from None
    if not parts.scheme or (not parts.netloc and parts.scheme.lower() in ("http", "https")) \
            or ("://" not in url and parts.scheme.lower() not in ("file",)):
        raise UsageError(f"{url if '@' not in url else shown}: not a URL (expected http://host[:port]/path)")
    if parts.scheme.lower() not in ("http", "https"):
        raise UsageError(f"{shown}: only http and https URLs are accepted")
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        raise UsageError(f"{shown}: user name or password in the URL is refused",
                         hint="set BATTERY_KG_USER and BATTERY_KG_PASSWORD, or BATTERY_KG_TOKEN")
    if not parts.hostname:
        raise UsageError(f"{shown}: the URL has no host")
    if port == 0:
        raise UsageError(f"{shown}: port 0 is not a port to connect to")
    return url


def origin(url: str) -> tuple[str, str, int]:
    """(scheme, host, port) of ``url``, the default port filled in.

    >>> origin("https://Example.org/a"), origin("http://h:8890/x")
    (('https', 'example.org', 443), ('http', 'h', 8890))
    """
    parts = urllib.parse.urlsplit(url)
    scheme = parts.scheme.lower()
    return scheme, (parts.hostname or "").lower(), parts.port or (443 if scheme == "https" else 80)


@dataclass(frozen=True)
class Credentials:
    """What to authenticate with; ``repr`` never shows the secret."""

    kind: str  # "bearer", "auto" (as the server's challenge asks), "basic" or "digest"
    user: str = ""
    secret: str = ""

    def __repr__(self) -> str:
        return f"Credentials(kind={self.kind!r}, user={self.user!r}, secret='***')"


def credentials(environ: Mapping[str, str] | None = None) -> Credentials | None:
    """The credentials from the environment (``BATTERY_KG_TOKEN``, or ``BATTERY_KG_USER`` +
    ``BATTERY_KG_PASSWORD``, with ``BATTERY_KG_AUTH=basic|digest``); never from the command line.

    >>> credentials({"BATTERY_KG_USER": "dba", "BATTERY_KG_PASSWORD": "dba"})
    Credentials(kind='auto', user='dba', secret='***')
    """
    env = os.environ if environ is None else environ
    token = env.get("BATTERY_KG_TOKEN")
    if token:
        return Credentials("bearer", secret=token)
    user = env.get("BATTERY_KG_USER")
    if user is None:
        return None
    kind = (env.get("BATTERY_KG_AUTH") or "auto").lower()
    if kind not in ("auto", "basic", "digest"):
        raise UsageError(f"BATTERY_KG_AUTH={kind!r}: expected auto, basic or digest")
    return Credentials(kind, user, env.get("BATTERY_KG_PASSWORD", ""))


def _auth(creds: Credentials, allowed: tuple[str, str, int]):
    import httpx

    class OriginAuth(httpx.Auth):
        """Adds credentials to requests for the allowed origin only, the way the server asks for them."""

        requires_request_body = True

        def __init__(self) -> None:
            self.digest = httpx.DigestAuth(creds.user, creds.secret) if creds.kind != "bearer" else None
            self.mode = creds.kind  # auto turns into basic or digest at the first challenge

        def _basic(self, request) -> None:
            pair = f"{creds.user}:{creds.secret}".encode()
            request.headers["Authorization"] = "Basic " + base64.b64encode(pair).decode("ascii")

        def auth_flow(self, request):
            if origin(str(request.url)) != allowed:
                yield request  # never credentials to another origin
                return
            if self.mode == "bearer":
                request.headers["Authorization"] = f"Bearer {creds.secret}"
                yield request
            elif self.mode == "digest":
                yield from self.digest.auth_flow(request)
            elif self.mode == "basic":
                self._basic(request)
                yield request
            else:
                response = yield request
                challenge = response.headers.get("www-authenticate", "").strip().lower()
                if response.status_code != 401:
                    return
                if challenge.startswith("digest"):
                    self.mode = "digest"
                    yield from self.digest.auth_flow(request)
                elif challenge.startswith("basic"):
                    self.mode = "basic"
                    self._basic(request)
                    yield request

    return OriginAuth()


class Session:
    """Requests to one origin (the URL given), with the environment's credentials; reuse it for many
    requests (keep-alive, and Digest's challenge is remembered)."""

    def __init__(self, url: str, timeout: float = 60.0, environ: Mapping[str, str] | None = None) -> None:
        import httpx

        self.url = check_url(url)
        self.origin = origin(url)
        creds = credentials(environ)
        self._client = httpx.Client(
            follow_redirects=False, trust_env=False, timeout=timeout,
            auth=_auth(creds, self.origin) if creds else None,
        )

    def request(self, url: str, method: str = "GET", data: bytes | None = None,
                headers: Mapping[str, str] | None = None) -> tuple[int, bytes, str]:
        """(status, body, content type) of one request; a redirect raises :class:`HTTPError` naming its
        target, as does a failure to connect (with the URL shown without user info)."""
        import httpx

        check_url(url)
        if origin(url) != self.origin:
            raise HTTPError(f"{redact(url)} is not on {redact(self.url)}'s origin: not sent")
        try:
            response = self._client.request(method, url, content=data, headers=dict(headers or {}))
        except httpx.HTTPError as exc:
            raise HTTPError(f"cannot reach {redact(url)}: {_reason(exc)}") from None
        if 300 <= response.status_code < 400:
            target = response.headers.get("location")
            where = redact(urllib.parse.urljoin(url, target)) if target else "(no Location header)"
            raise HTTPError(f"{redact(url)} answered {response.status_code}, a redirect to {where}: not followed "
                            "(give the final URL)", location=where)
        return response.status_code, response.content, response.headers.get("content-type", "")

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> "Session":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _reason(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:200]


_SESSIONS: dict[tuple, Session] = {}


def request(url: str, method: str = "GET", data: bytes | None = None, headers: Mapping[str, str] | None = None,
            timeout: float = 60.0) -> tuple[int, bytes, str]:
    """One request through a :class:`Session` for ``url``'s origin (kept for the next request to it)."""
    key = (origin(check_url(url)), timeout, credentials())
    session = _SESSIONS.get(key)
    if session is None:
        session = _SESSIONS[key] = Session(url, timeout)
    return session.request(url, method, data, headers)


__all__ = ["Credentials", "HTTPError", "Session", "check_url", "credentials", "origin", "redact", "request"]
