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
