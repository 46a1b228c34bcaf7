"""A package index on 127.0.0.1 (a company's index, as pip and uv meet one), built from wheels on disk.

It serves the simple API both ways pip and uv ask for it: PEP 503 HTML, and PEP 691 JSON when the
client's Accept header asks for that. Every path requested is recorded, so a test can say which index
a tool used and for what. ``files`` overrides what a file URL serves (a tampered download).
"""

from __future__ import annotations

import hashlib
import html
import http.server
import json
import re
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

SIMPLE_JSON = "application/vnd.pypi.simple.v1+json"


def project_of(wheel: str) -> str:
    return re.sub(r"[-_.]+", "-", wheel.split("-", 1)[0]).lower()


@dataclass
class Index:
    url: str  # .../simple/
    requested: list[str] = field(default_factory=list)


@contextmanager
def serve_index(wheels: Iterable[Path], served_bytes: dict[str, bytes] | None = None) -> Iterator[Index]:
    """Serves ``wheels`` as an index (listed with their true sha256); ``served_bytes`` maps a file name
    to the bytes its URL returns instead of the file's own."""
    by_project: dict[str, list[tuple[str, str, Path]]] = {}
    for wheel in wheels:
        digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
        by_project.setdefault(project_of(wheel.name), []).append((wheel.name, digest, wheel))
    files = {name: path for entries in by_project.values() for name, _, path in entries}
    tampered = served_bytes or {}
    index = Index(url="")

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_HEAD(self) -> None:
            self.do_GET(head=True)

        def do_GET(self, head: bool = False) -> None:
            index.requested.append(self.path if not head else f"HEAD {self.path}")
            parts = self.path.split("?", 1)[0].strip("/").split("/")
            if len(parts) == 2 and parts[0] == "simple" and parts[1] in by_project:
                entries = by_project[parts[1]]
                if SIMPLE_JSON in self.headers.get("Accept", ""):
                    listing = [
                        {"filename": name, "url": f"/files/{name}", "hashes": {"sha256": digest}}
                        for name, digest, _ in entries
                    ]
                    meta = {"api-version": "1.0"}
                    body = json.dumps({"meta": meta, "name": parts[1], "files": listing}).encode()
                    self._send(body, SIMPLE_JSON, head)
                else:
                    links = "".join(
                        f'<a href="/files/{html.escape(name)}#sha256={digest}">{html.escape(name)}</a>\n'
                        for name, digest, _ in entries
                    )
                    page = f"<!DOCTYPE html><html><body>\n{links}</body></html>\n"
                    self._send(page.encode(), "text/html", head)
            elif len(parts) == 2 and parts[0] == "files" and parts[1] in files:
                body = tampered.get(parts[1]) or files[parts[1]].read_bytes()
                self._send(body, "application/octet-stream", head)
            else:
                self.send_error(404)

        def _send(self, body: bytes, kind: str, head: bool) -> None:
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if not head:
                self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
            return

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    index.url = f"http://127.0.0.1:{server.server_address[1]}/simple/"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield index
    finally:
        server.shutdown()
        server.server_close()
