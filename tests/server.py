"""A real Oxigraph SPARQL server for the endpoint tests (not a test module).

:class:`OxigraphServer` starts ``oxigraph serve`` (the binary of the ``oxigraph`` PyPI
package) on 127.0.0.1 with a free port and an empty directory, waits until it answers, loads
files through the SPARQL 1.1 Graph Store protocol and stops the process.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
import urllib.parse
import urllib.request
from pathlib import Path

_MEDIA = {".ttl": "text/turtle", ".nt": "application/n-triples", ".rdf": "application/rdf+xml"}


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class OxigraphServer:
    """``oxigraph serve`` in a subprocess.

    Args:
        location: The server's data directory.
    """

    def __init__(self, location: Path) -> None:
        binary = shutil.which("oxigraph")
        if binary is None:
            raise RuntimeError("the oxigraph binary is missing: pip install oxigraph")
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.query_url = f"{self.base}/query"
        self.update_url = f"{self.base}/update"
        self.log = (location.parent / f"{location.name}.log").open("wb")
        self.process = subprocess.Popen(
            [binary, "serve", "--location", str(location), "--bind", f"127.0.0.1:{self.port}"],
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        self._wait()

    def _wait(self, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        query = urllib.parse.urlencode({"query": "ASK {}"})
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"oxigraph serve exited with code {self.process.returncode}")
            try:
                with urllib.request.urlopen(f"{self.query_url}?{query}", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"oxigraph serve did not answer on port {self.port} in {timeout} s")

    def upload(self, graph: str | None, *files: Path) -> None:
        """Add files to a graph (the default graph if ``None``) with Graph Store POSTs."""
        target = f"{self.base}/store?" + (
            urllib.parse.urlencode({"graph": graph}) if graph else "default"
        )
        for path in files:
            request = urllib.request.Request(
                target,
                data=Path(path).read_bytes(),
                method="POST",
                headers={"Content-Type": _MEDIA[Path(path).suffix]},
            )
            with urllib.request.urlopen(request, timeout=60) as response:
                assert response.status in {200, 201, 204}, response.status

    def stop(self) -> None:
        """Stop the server."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:  # pragma: no cover
                self.process.kill()
                self.process.wait()
        self.log.close()


_VIRTUOSO_INI = """\
[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
CheckpointInterval = 0
DirsAllowed = ., {d}
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {dirty}
ThreadsPerQuery = 2
MaxClientConnections = 8

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {d}/vsp
ServerThreads = 4
MaxClientConnections = 4
EnabledGzipContent = 0

[SPARQL]
ResultSetMaxRows = {max_rows}
MaxQueryExecutionTime = {max_seconds}
MaxQueryCostEstimationTime = 0
"""


class VirtuosoServer:
    """Debian's ``virtuoso-t`` (OpenLink Virtuoso 7.2) in a subprocess, from a fresh folder.

    The configuration (written into ``folder``) listens on 127.0.0.1 only, on free ports: the
    SQL port for ``isql-vt`` and the HTTP port whose ``/sparql`` is the SPARQL endpoint
    (``/sparql-auth`` and ``/sparql-graph-crud-auth`` ask for digest authentication; the
    administrator is ``dba``/``dba``, as on a fresh install).

    Args:
        folder: An empty folder for the database, log and configuration.
        max_rows: ``ResultSetMaxRows``: Virtuoso silently cuts longer results to this.
        max_seconds: ``MaxQueryExecutionTime``.
        buffers: ``NumberOfBuffers`` (8 kB pages of cache; 2,000 by default is too few for 1M).

    Raises:
        RuntimeError: The binary is missing, or the server does not start.
    """

    user = "dba"
    password = "dba"

    def __init__(
        self, folder: Path, *, max_rows: int = 10000, max_seconds: int = 120, buffers: int = 20000
    ) -> None:
        binary = shutil.which("virtuoso-t")
        self.isql = shutil.which("isql-vt")
        if binary is None or self.isql is None:
            raise RuntimeError(
                "Virtuoso is missing (virtuoso-t, isql-vt): apt-get install virtuoso-opensource"
            )
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "vsp").mkdir(exist_ok=True)
        self.folder = folder
        self.sql_port, self.port = free_port(), free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.query_url = f"{self.base}/sparql"
        self.update_url = f"{self.base}/sparql-auth"
        self.graph_store_url = f"{self.base}/sparql-graph-crud-auth"
        self.max_rows = max_rows
        ini = folder / "virtuoso.ini"
        ini.write_text(
            _VIRTUOSO_INI.format(
                d=folder,
                sql_port=self.sql_port,
                http_port=self.port,
                max_rows=max_rows,
                max_seconds=max_seconds,
                buffers=buffers,
                dirty=buffers * 3 // 4,
            ),
            encoding="utf-8",
        )
        self.log = (folder / "stdout.log").open("wb")
        self.process = subprocess.Popen(
            [binary, "+configfile", str(ini), "+foreground"],
            cwd=folder,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        self._wait()

    def _wait(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        query = urllib.parse.urlencode({"query": "ASK {}"})
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                log = (self.folder / "virtuoso.log").read_text("utf-8", "replace")[-2000:]
                raise RuntimeError(f"virtuoso-t exited with code {self.process.returncode}: {log}")
            try:
                with urllib.request.urlopen(f"{self.query_url}?{query}", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"virtuoso-t did not answer on port {self.port} in {timeout} s")

    def sql(self, statements: str, timeout: float = 600) -> str:
        """Run SQL statements with ``isql-vt`` as ``dba``; raise on any error."""
        done = subprocess.run(
            [self.isql, f"127.0.0.1:{self.sql_port}", self.user, self.password],
            input=statements,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        out = done.stdout + done.stderr
        if done.returncode != 0 or "*** Error" in out:
            raise RuntimeError(f"isql-vt failed: {out[-2000:]}")
        return out

    def upload(self, graph: str, *files: Path) -> None:
        """Bulk-load RDF files into a named graph (``ld_dir`` + ``rdf_loader_run``).

        The files are copied into the server's folder (the only one ``DirsAllowed`` lets it read).
        """
        inbox = self.folder / "inbox"
        if inbox.exists():
            shutil.rmtree(inbox)
        inbox.mkdir()
        for i, path in enumerate(files):
            shutil.copy(path, inbox / f"{i:03d}-{Path(path).name}")
        out = self.sql(
            f"ld_dir('{inbox}', '*', '{graph}');\nrdf_loader_run();\n"
            "SELECT concat('LOAD', 'FAILED ', ll_file, ': ', ll_error) FROM DB.DBA.LOAD_LIST "
            "WHERE ll_error IS NOT NULL;\nDELETE FROM DB.DBA.LOAD_LIST;\ncheckpoint;\n"
        )
        if "LOADFAILED " in out:
            raise RuntimeError(f"Virtuoso could not load every file: {out[-2000:]}")

    def grant_public_update(self) -> None:
        """Let anonymous ``/sparql`` requests update (``SPARQL_UPDATE`` to ``SPARQL``)."""
        self.sql('GRANT SPARQL_UPDATE TO "SPARQL";\n')

    def stop(self) -> None:
        """Stop the server."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:  # pragma: no cover
                self.process.kill()
                self.process.wait()
        self.log.close()


class ScriptedServer:
    """A tiny HTTP server on 127.0.0.1 answering from a script.

    For the protocol cases (retries, timeouts, result formats, authentication) that real
    servers rarely show on demand.

    Args:
        script: Answers in order: ``(status, headers, body, delay_seconds)``; the last one
            repeats.
    """

    def __init__(self, script: list[tuple[int, dict[str, str], bytes, float]]) -> None:
        import http.server
        import threading

        self.script = list(script)
        self.requests: list[tuple[str, str, dict[str, str], bytes]] = []
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                outer.requests.append((self.command, self.path, dict(self.headers), body))
                index = min(len(outer.requests), len(outer.script)) - 1
                status, headers, payload, delay = outer.script[index]
                time.sleep(delay)
                try:
                    self.send_response(status)
                    for key, value in headers.items():
                        self.send_header(key, value)
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):  # the client gave up
                    pass

            do_GET = do_POST = do_PUT = do_DELETE = _answer

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/sparql"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        """Stop the server."""
        self.httpd.shutdown()
        self.httpd.server_close()
