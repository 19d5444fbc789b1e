"""A real SMTP server (aiosmtpd) on loopback that keeps what it receives, for tests."""

import email
import socket
import threading
import time

from aiosmtpd.controller import Controller


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _Handler:
    def __init__(self):
        self.messages = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content)
        with self.lock:
            self.messages.append(message)
        return "250 Message accepted for delivery"


class SMTPSink:
    def __init__(self, port=None):
        self.port = port or free_port()
        self.handler = _Handler()
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)

    @property
    def url(self):
        return f"smtp://127.0.0.1:{self.port}"

    @property
    def messages(self):
        with self.handler.lock:
            return list(self.handler.messages)

    def subjects(self):
        return [str(m["Subject"]) for m in self.messages]

    def wait_for(self, predicate, timeout=30):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = [m for m in self.messages if predicate(m)]
            if found:
                return found
            time.sleep(0.1)
        raise AssertionError(f"No matching message within {timeout}s; got {self.subjects()}")

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()
