"""A real SMTP server (aiosmtpd) in a child process, storing what it receives in a Maildir the tests read."""

from __future__ import annotations

import mailbox
import socket
import subprocess
import sys
import time
from email.message import Message
from pathlib import Path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class SmtpServerProcess:
    """`python -m aiosmtpd` with its Mailbox handler: each message received becomes a file in a Maildir."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.maildir = folder / "maildir"
        self.port = _free_port()
        self.proc: subprocess.Popen | None = None

    def start(self, timeout: float = 15.0) -> SmtpServerProcess:
        self.log = open(self.folder / "smtp.log", "w")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{self.port}"]
            + ["-c", "aiosmtpd.handlers.Mailbox", str(self.maildir)],
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the SMTP server exited: {(self.folder / 'smtp.log').read_text()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return self
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("the SMTP server did not start listening")

    def messages(self) -> list[Message]:
        """Every message received so far, oldest first."""
        if not self.maildir.exists():
            return []
        box = mailbox.Maildir(self.maildir, create=False)
        return sorted(box.values(), key=lambda m: m.get_date())  # the time each was delivered

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None
        if getattr(self, "log", None):
            self.log.close()
