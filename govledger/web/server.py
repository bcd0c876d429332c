"""The web view served in a background thread (for embedding, tests and benchmarks)."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as probe:
        probe.bind((host, 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def served(db: str | Path, host: str = "127.0.0.1") -> Iterator[str]:
    """The web view of `db` at a free port of `host`, for as long as the block runs."""
    import uvicorn

    from govledger.web.app import create_app

    port = free_port(host)
    config = uvicorn.Config(create_app(str(db)), host=host, port=port, log_level="error")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    waiting = threading.Event()
    while not server.started and thread.is_alive():
        waiting.wait(0.02)
    if not server.started:
        raise RuntimeError(f"the web view of {db} did not start")
    try:
        yield f"http://{host}:{port}"
    finally:
        server.should_exit = True
        thread.join(10)
