"""HTTP for :class:`~habitatkg._endpoint.SparqlStore`: timeouts, retries, authentication.

:class:`Transport` sends one request with urllib: a connect timeout separate from the answer
timeout, retries with back-off on transient failures (HTTP 429/502/503/504, a reset
connection), and basic or digest authentication with credentials taken from the environment
(``HABITATKG_SPARQL_USER`` / ``HABITATKG_SPARQL_PASSWORD``) or a netrc file (``$NETRC``,
default ``~/.netrc``), never from the command line. Credentials never appear in errors:
messages name the URL without any user information.
"""

from __future__ import annotations

import functools
import http.client
import netrc
import os
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from habitatkg._errors import EndpointError

__all__ = ["Response", "Transport", "credentials", "redact"]

#: HTTP statuses worth trying again (the server is busy or restarting).
TRANSIENT = {429, 502, 503, 504}


def redact(url: str) -> str:
    """A URL without user information (``user:password@``), for messages.

    Example:
        >>> redact("http://me:secret@example.org/sparql")
        'http://example.org/sparql'
    """
    parts = urllib.parse.urlsplit(url)
    if parts.username is None and parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port:
        host += f":{parts.port}"
    return urllib.parse.urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))


def credentials(url: str, env: Mapping[str, str] | None = None) -> tuple[str, str] | None:
    """User and password for ``url``: from the URL, the environment, or a netrc file.

    Args:
        url: The endpoint URL.
        env: The environment (``os.environ`` by default).

    Returns:
        ``(user, password)`` or ``None``.

    Example:
        >>> credentials("http://h/sparql", {"HABITATKG_SPARQL_USER": "u",
        ...     "HABITATKG_SPARQL_PASSWORD": "p", "NETRC": "/nonexistent"})
        ('u', 'p')
    """
    env = os.environ if env is None else env
    parts = urllib.parse.urlsplit(url)
    if parts.username is not None:
        return urllib.parse.unquote(parts.username), urllib.parse.unquote(parts.password or "")
    user = env.get("HABITATKG_SPARQL_USER")
    if user:
        return user, env.get("HABITATKG_SPARQL_PASSWORD", "")
    path = env.get("NETRC") or str(Path("~/.netrc").expanduser())
    if parts.hostname and Path(path).is_file():
        try:
            entry = netrc.netrc(path).authenticators(parts.hostname)
        except (netrc.NetrcParseError, OSError) as exc:
            raise EndpointError(
                f"cannot read the netrc file {path}: {exc.msg if hasattr(exc, 'msg') else exc}"
            ) from None
        if entry is not None:
            return entry[0], entry[2] or ""
    return None


def _connection(base: type[http.client.HTTPConnection], connect_timeout: float) -> Any:
    class Connection(base):  # type: ignore[misc,valid-type]
        """Connects within ``connect_timeout``, then waits up to the request's timeout."""

        def connect(self) -> None:
            answer: float = self.timeout  # type: ignore[has-type]
            self.timeout = connect_timeout
            try:
                super().connect()
            finally:
                self.timeout = answer
            self.sock.settimeout(answer)

    return Connection


class _HTTP(urllib.request.HTTPHandler):
    def __init__(self, connect_timeout: float) -> None:
        super().__init__()
        self._class = _connection(http.client.HTTPConnection, connect_timeout)

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(self._class, req)


class _HTTPS(urllib.request.HTTPSHandler):
    def __init__(self, connect_timeout: float) -> None:
        super().__init__()
        self._class = _connection(http.client.HTTPSConnection, connect_timeout)

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        context = getattr(self, "_context", None)
        return self.do_open(functools.partial(self._class, context=context), req)


@dataclass
class Response:
    """An HTTP answer: status, body and headers (names in lower case)."""

    status: int
    body: bytes
    headers: dict[str, str]

    @property
    def media_type(self) -> str:
        """The Content-Type without parameters, in lower case."""
        return self.headers.get("content-type", "").split(";")[0].strip().lower()


class Transport:
    """Sends requests to one endpoint's URLs, with timeouts, retries and authentication.

    Args:
        timeout: Seconds to wait for an answer (each read).
        connect_timeout: Seconds to wait for the connection.
        retries: How many times to try again after a transient failure.
        backoff: Seconds before the first retry (doubled each time).
        auth_url: The URL whose credentials are used (see :func:`credentials`).
    """

    def __init__(
        self,
        *,
        timeout: float,
        connect_timeout: float,
        retries: int,
        backoff: float = 0.5,
        auth_url: str,
    ) -> None:
        self.timeout = timeout
        self.connect_timeout = min(connect_timeout, timeout)
        self.retries = max(0, retries)
        self.backoff = backoff
        handlers: list[urllib.request.BaseHandler] = [
            _HTTP(self.connect_timeout),
            _HTTPS(self.connect_timeout),
        ]
        self.authenticated = False
        found = credentials(auth_url)
        if found is not None:
            manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            parts = urllib.parse.urlsplit(redact(auth_url))
            manager.add_password(None, f"{parts.scheme}://{parts.netloc}/", found[0], found[1])
            handlers += [
                urllib.request.HTTPBasicAuthHandler(manager),
                urllib.request.HTTPDigestAuthHandler(manager),
            ]
            self.authenticated = True
        self._opener = urllib.request.build_opener(*handlers)

    def send(
        self,
        url: str,
        *,
        method: str = "POST",
        data: bytes | None = None,
        headers: Mapping[str, str] | None = None,
        idempotent: bool = True,
    ) -> Response:
        """Send one request; retry transient failures.

        A request that is not ``idempotent`` is retried only when the server cannot have
        applied it (HTTP 429/503, connection refused).

        Raises:
            SyntaxError: HTTP 400 (the server refused the query or data).
            EndpointError: Unreachable, timed out, or any other HTTP error.
        """
        shown = redact(url)
        attempt = 0
        while True:
            request = urllib.request.Request(
                redact(url),
                data=data,
                method=method,
                headers={"User-Agent": "habitatkg", **(headers or {})},
            )
            try:
                with self._opener.open(request, timeout=self.timeout) as answer:
                    return Response(
                        answer.status,
                        answer.read(),
                        {k.lower(): v for k, v in answer.headers.items()},
                    )
            except urllib.error.HTTPError as exc:
                body = exc.read().decode("utf-8", "replace").strip()[:600]
                if exc.code in TRANSIENT and attempt < self.retries:
                    attempt += 1
                    self._pause(attempt, exc.headers.get("Retry-After"))
                    continue
                if exc.code == 400:
                    raise SyntaxError(
                        f"the SPARQL endpoint {shown} refused the request: {body}"
                    ) from None
                if exc.code in {401, 403}:
                    how = (
                        "the credentials were refused"
                        if self.authenticated
                        else "set HABITATKG_SPARQL_USER and HABITATKG_SPARQL_PASSWORD, or add the "
                        "host to your netrc file"
                    )
                    raise EndpointError(
                        f"the SPARQL endpoint {shown} answered HTTP {exc.code} {exc.reason}: "
                        f"it needs authentication ({how})"
                    ) from None
                raise EndpointError(
                    f"the SPARQL endpoint {shown} answered HTTP {exc.code} {exc.reason}: {body}"
                ) from None
            except TimeoutError:
                raise EndpointError(
                    f"the SPARQL endpoint {shown} did not answer within {self.timeout:g} s"
                ) from None
            except (urllib.error.URLError, OSError, http.client.HTTPException) as exc:
                reason = getattr(exc, "reason", exc)
                if isinstance(reason, (TimeoutError, socket.timeout)):
                    raise EndpointError(
                        f"cannot connect to the SPARQL endpoint {shown} within "
                        f"{self.connect_timeout:g} s"
                    ) from None
                before = isinstance(reason, ConnectionRefusedError)
                if (
                    (idempotent or before)
                    and attempt < self.retries
                    and isinstance(reason, (ConnectionError, http.client.HTTPException))
                ):
                    attempt += 1
                    self._pause(attempt, None)
                    continue
                raise EndpointError(f"cannot reach the SPARQL endpoint {shown}: {reason}") from None

    def _pause(self, attempt: int, retry_after: str | None) -> None:
        delay = self.backoff * 2 ** (attempt - 1)
        if retry_after and retry_after.strip().isdigit():
            delay = min(30.0, float(retry_after))
        time.sleep(delay)
