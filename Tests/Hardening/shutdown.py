#!/usr/bin/env python3
"""Shutdown under load: SIGTERM while 100 clients are mid-request. Every request the server
read must be answered whole, the process must exit 0 within 5 s, and nobody may see a
truncated answer or a reset.

Usage: Tests/Hardening/shutdown.py [--bin PATH] [--rounds N]
(binary: --bin, else $PEACETRACK_BIN, else .build/debug/peacetrack). Exits 1 on any failure.

The 100 clients, each on its own connection, are caught by the signal in these states:
- 40 slow readers: asked for /openapi.json and read it 1 KiB at a time through a small
  receive window, so the answer is still being written;
- 20 half-sent heads and 10 half-sent bodies: the rest of the request follows 100 ms after
  the signal, and the request must still be answered (with Connection: close);
- 20 keep-alive loopers asking /health again and again: whatever they were answered is
  whole, then the connection ends cleanly;
- 10 pipeliners: 20 requests for /positions at once, read slowly: the ones the server took
  are answered whole, the rest are not answered at all.
Cross-check: the access log names exactly the answers the clients received, so no request
that was read went unanswered.
"""
import argparse, json, os, re, socket, sys, threading, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from peacetrack_server import Server  # noqa: E402
from raw_http import ProtocolError, RawConnection  # noqa: E402

EXIT_WITHIN = 5.0
ACCESS = re.compile(r" access (GET|POST) (\S+) (\d{3}) ")


class Client(threading.Thread):
    """One connection; `sent` is set once it is mid-request, `answers` collects (path, status)."""

    def __init__(self, server, kind, signalled):
        super().__init__(daemon=True)
        self.server, self.kind, self.signalled = server, kind, signalled
        self.sent = threading.Event()
        self.answers = []
        self.problems = []

    def connect(self, receive_buffer=None):
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        if receive_buffer:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, receive_buffer)
        sock.settimeout(10)
        sock.connect((self.server.host, self.server.port))
        connection = RawConnection.__new__(RawConnection)
        connection.sock, connection.buffer = sock, b""
        return connection

    def run(self):
        try:
            getattr(self, self.kind)()
        except (ProtocolError, OSError) as error:
            self.problems.append(f"{self.kind}: {error!r}")
        finally:
            self.sent.set()

    def receive(self, connection, path):
        _, response = connection.read_final_response()
        length = response.header("Content-Length")
        if response.status != 200 or length is None or int(length) != len(response.body):
            self.problems.append(f"{self.kind}: {path} answered {response.status}, {len(response.body)} of {length} bytes")
        else:
            json.loads(response.body)
            self.answers.append(path)
        return response

    def expect_end(self, connection):
        if not connection.closed_by_peer():
            self.problems.append(f"{self.kind}: connection not closed after the last answer")

    def slow_reader(self):
        connection = self.connect(receive_buffer=2048)
        connection.send(b"GET /openapi.json HTTP/1.1\r\nHost: x\r\n\r\n")
        self.sent.set()
        time.sleep(0.05)
        while True:  # 1 KiB every 5 ms
            chunk = connection.sock.recv(1024)
            if not chunk:
                break
            connection.buffer += chunk
            if b"\r\n\r\n" in connection.buffer:
                head = connection.buffer.split(b"\r\n\r\n", 1)[0].decode("latin-1")
                length = int(re.search(r"Content-Length: (\d+)", head).group(1))
                if len(connection.buffer) >= len(head) + 4 + length:
                    break
            time.sleep(0.005)
        self.receive(connection, "/openapi.json")
        self.expect_end(connection)

    def half_head(self):
        connection = self.connect()
        connection.send(b"GET /health HTTP/1.1\r\nHo")
        self.sent.set()
        self.signalled.wait()
        time.sleep(0.1)
        connection.send(b"st: x\r\n\r\n")
        self.finish_late_request(connection, "/health")

    def half_body(self):
        connection = self.connect()
        connection.send(b"GET /health HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nhello")
        self.sent.set()
        self.signalled.wait()
        time.sleep(0.1)
        connection.send(b"world")
        self.finish_late_request(connection, "/health")

    def finish_late_request(self, connection, path):
        response = self.receive(connection, path)
        if (response.header("Connection") or "").lower() != "close":
            self.problems.append(f"{self.kind}: the answer during shutdown does not say Connection: close")
        self.expect_end(connection)

    def looper(self):
        connection = self.connect()
        while True:
            try:
                connection.send(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
            except OSError:
                break  # closed by the server between two requests
            self.sent.set()
            try:
                response = self.receive(connection, "/health")
            except ProtocolError as error:
                if "closed inside a line: b''" in str(error):
                    break  # the request was not taken: closed with nothing written
                raise
            if (response.header("Connection") or "").lower() == "close":
                self.expect_end(connection)
                break

    def pipeliner(self):
        connection = self.connect(receive_buffer=4096)
        connection.send(b"GET /positions?limit=500 HTTP/1.1\r\nHost: x\r\n\r\n" * 20)
        self.sent.set()
        time.sleep(0.05)
        for _ in range(20):
            try:
                response = self.receive(connection, "/positions")
            except ProtocolError as error:
                if "closed inside a line: b''" in str(error):
                    break
                raise
            time.sleep(0.01)
            if (response.header("Connection") or "").lower() == "close":
                self.expect_end(connection)
                break


def round_of_shutdown(binary):
    problems = []
    with Server(binary, settings={"logLevel": "info"}) as server:
        signalled = threading.Event()
        kinds = ["slow_reader"] * 40 + ["half_head"] * 20 + ["half_body"] * 10 + ["looper"] * 20 + ["pipeliner"] * 10
        clients = [Client(server, kind, signalled) for kind in kinds]
        for client in clients:
            client.start()
        for client in clients:
            client.sent.wait(10)
        time.sleep(0.02)
        started = time.monotonic()
        server.process.send_signal(15)
        signalled.set()
        try:
            refused = socket.create_connection((server.host, server.port), timeout=1)
            time.sleep(0.3)
            refused.settimeout(1)
            if refused.recv(1) != b"":
                problems.append("a connection made after SIGTERM was served")
            refused.close()
        except OSError:
            pass  # refused: the listener is closed
        status = server.process.wait(EXIT_WITHIN + 5)
        took = time.monotonic() - started
        for client in clients:
            client.join(10)
            problems += client.problems
        if status != 0:
            problems.append(f"exit status {status}")
        if took > EXIT_WITHIN:
            problems.append(f"exited {took:.1f}s after SIGTERM (limit {EXIT_WITHIN}s)")
        time.sleep(0.1)
        logged = sorted(match.group(2).split("?")[0] for line in server.log_lines
                        if (match := ACCESS.search(line)) and match.group(3) == "200")
        received = sorted(path for client in clients for path in client.answers)
        if logged != received:
            problems.append(f"the server answered {len(logged)} requests, the clients received {len(received)} whole")
        counts = {kind: sum(len(c.answers) for c in clients if c.kind == kind) for kind in dict.fromkeys(kinds)}
        print(f"shutdown: exit {status} after {took:.2f}s; answers received: "
              + ", ".join(f"{kind} {count}" for kind, count in counts.items()))
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bin")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    problems = []
    for _ in range(args.rounds):
        problems += round_of_shutdown(args.bin)
    for problem in problems[:30]:
        print("shutdown FAIL:", problem)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
