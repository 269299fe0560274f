#!/usr/bin/env python3
"""Issue 20's figures: what anonymous clients can take from a local `peacetrack serve`, with
/health timed on a fresh connection throughout. Talks to 127.0.0.1 only; every scenario is
bounded in clients and seconds. Standard library only.

  uploads    1,000 anonymous POST /documents of 6 MB each: peak and final resident memory,
             /health latency during and after (target: under 200 MB, /health <= 100 ms)
  events     2,000 idle GET /events clients held open: /health latency (target <= 100 ms)
  paths      8 clients asking non-canonical paths of a 5 MB document with gzip, then its
             canonical path: /health p99 (target <= 10 ms)

Usage: Tests/Soak/exhaustion.py [--bin PATH] [--only uploads|events|paths]
"""
import argparse, asyncio, os, shutil, socket, statistics, sys, tempfile, threading, time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "Hardening"))
from peacetrack_server import ROOT, Server  # noqa: E402

HOST = "127.0.0.1"
TOKEN = "exhaustion-token-0123456789abcdef"


def resident_mb(pid):
    """Current and peak resident memory of a process, in MB."""
    fields = {}
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            name, _, value = line.partition(":")
            fields[name] = value
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def health(port, timeout=5.0):
    """Milliseconds for GET /health on a fresh connection, and its status (None on failure)."""
    started = time.monotonic()
    try:
        with socket.create_connection((HOST, port), timeout=timeout) as connection:
            connection.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            received = b""
            while chunk := connection.recv(65536):
                received += chunk
        status = int(received.split(b" ", 2)[1])
    except (OSError, ValueError, IndexError):
        status = None
    return (time.monotonic() - started) * 1000, status


class HealthProbe:
    """Times /health every `interval` seconds on its own thread until stopped."""

    def __init__(self, port, interval):
        self.port, self.interval, self.samples = port, interval, []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        while not self._stop.is_set():
            self.samples.append(health(self.port))
            self._stop.wait(self.interval)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *_):
        self._stop.set()
        self._thread.join()

    def summary(self):
        times = sorted(ms for ms, status in self.samples if status == 200)
        failed = sum(1 for _, status in self.samples if status != 200)
        if not times:
            return f"{len(self.samples)} probes, none answered 200"
        p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
        return (f"{len(self.samples)} probes: p50 {statistics.median(times):.1f} ms, p99 {p99:.1f} ms, "
                f"max {times[-1]:.1f} ms, not 200: {failed}")


async def upload(port, size):
    """An anonymous upload: the head, then the whole body as fast as the server takes it,
    whatever it answers meanwhile (until it closes); the status."""
    try:
        reader, writer = await asyncio.open_connection(HOST, port)
    except OSError:
        return "connect failed"
    head = (f"POST /documents HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            f"Content-Length: {size}\r\n\r\n").encode()
    answer = asyncio.ensure_future(reader.readline())
    try:
        writer.write(head)
        chunk, sent = b" " * 65536, 0
        while sent < size:
            writer.write(chunk[:size - sent])
            await asyncio.wait_for(writer.drain(), 30)
            sent += min(len(chunk), size - sent)
        line = await asyncio.wait_for(answer, 30)
        return line.split(b" ")[1].decode() if line else "closed"
    except (OSError, asyncio.TimeoutError, IndexError) as error:
        if answer.done() and not answer.exception() and answer.result():
            return answer.result().split(b" ")[1].decode()
        return type(error).__name__
    finally:
        answer.cancel()
        writer.close()


def count(statuses):
    tally = {}
    for status in statuses:
        tally[status] = tally.get(status, 0) + 1
    return ", ".join(f"{status}: {n}" for status, n in sorted(tally.items()))


def uploads(binary, clients=1000, size=6_000_000):
    environment = dict(os.environ, PEACETRACK_TOKEN=TOKEN)
    with Server(binary, environment=environment) as server:
        before, _ = resident_mb(server.pid)
        peak_seen = before
        with HealthProbe(server.port, 0.1) as during:
            async def attack():
                tasks = [asyncio.ensure_future(upload(server.port, size)) for _ in range(clients)]
                while not all(task.done() for task in tasks):
                    nonlocal peak_seen
                    peak_seen = max(peak_seen, resident_mb(server.pid)[0])
                    await asyncio.sleep(0.05)
                return [task.result() for task in tasks]
            started = time.monotonic()
            statuses = asyncio.run(attack())
            seconds = time.monotonic() - started
        time.sleep(3)
        with HealthProbe(server.port, 0.05) as after:
            time.sleep(3)
        now, peak = resident_mb(server.pid)
        print(f"uploads: {clients} x {size / 1e6:.0f} MB anonymous in {seconds:.1f}s; answers {count(statuses)}")
        print(f"  resident memory: {before:.0f} MB before, peak {max(peak, peak_seen):.0f} MB, {now:.0f} MB after")
        print(f"  /health during: {during.summary()}")
        print(f"  /health after:  {after.summary()}")


def events(binary, clients=2000, hold=10):
    environment = dict(os.environ, PEACETRACK_TOKEN=TOKEN)
    with Server(binary, environment=environment) as server:
        async def hold_streams():
            async def one():
                try:
                    reader, writer = await asyncio.open_connection(HOST, server.port)
                    writer.write(b"GET /events HTTP/1.1\r\nHost: x\r\n\r\n")
                    line = await asyncio.wait_for(reader.readline(), 20)
                    return (line.split(b" ")[1].decode() if line else "closed"), writer
                except (OSError, asyncio.TimeoutError, IndexError) as error:
                    return type(error).__name__, None
            opened = await asyncio.gather(*[one() for _ in range(clients)])
            await asyncio.sleep(1)
            probe = HealthProbe(server.port, 0.05)
            with probe:
                await asyncio.sleep(hold)
            for _, writer in opened:
                if writer:
                    writer.close()
            return [status for status, _ in opened], probe
        statuses, probe = asyncio.run(hold_streams())
        print(f"events: {clients} idle /events clients; answers {count(statuses)}")
        print(f"  /health while they are held: {probe.summary()}")


def big_corpus():
    """The seeds plus one article of about 3 MB made of them, whose answer is about 6 MB."""
    folder = tempfile.mkdtemp(prefix="peacetrack-exhaustion-")
    seeds = os.path.join(ROOT, "seeds")
    texts = []
    for name in sorted(os.listdir(seeds)):
        shutil.copy(os.path.join(seeds, name), folder)
        with open(os.path.join(seeds, name), encoding="utf-8") as file:
            texts.append(file.read())
    body = "\n".join(texts)
    with open(os.path.join(folder, "big.txt"), "w", encoding="utf-8") as file:
        file.write("Big\n" + "\n".join([body] * (2_800_000 // len(body) + 1)))
    return folder


def paths(binary, clients=8, seconds=15):
    corpus = big_corpus()
    try:
        with Server(binary, settings={"corpus": corpus}) as server:
            for label, targets in [("non-canonical", ["/documents//big", "//documents/big", "/documents/big/"]),
                                   ("canonical", ["/documents/big"])]:
                stop = threading.Event()
                answered = [0]

                def client(index):
                    while not stop.is_set():
                        target = targets[index % len(targets)]
                        try:
                            with socket.create_connection((HOST, server.port), timeout=30) as connection:
                                connection.sendall(f"GET {target} HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\n"
                                                   f"Connection: close\r\n\r\n".encode())
                                while connection.recv(1 << 20):
                                    pass
                            answered[0] += 1
                        except OSError:
                            pass
                threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(clients)]
                with HealthProbe(server.port, 0.01) as probe:
                    for thread in threads:
                        thread.start()
                    time.sleep(seconds)
                    stop.set()
                for thread in threads:
                    thread.join()
                print(f"paths: {clients} clients on {label} paths of a {document_size(server.port)} document for "
                      f"{seconds}s, {answered[0]} answers")
                print(f"  /health: {probe.summary()}")
    finally:
        shutil.rmtree(corpus, ignore_errors=True)


def document_size(port):
    with socket.create_connection((HOST, port)) as connection:
        connection.sendall(b"GET /documents/big HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        received = b""
        while chunk := connection.recv(1 << 20):
            received += chunk
    return f"{len(received) / 1e6:.1f} MB"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bin")
    parser.add_argument("--only", choices=["uploads", "events", "paths"])
    args = parser.parse_args()
    for name, run in [("uploads", uploads), ("events", events), ("paths", paths)]:
        if args.only in (None, name):
            run(args.bin)


if __name__ == "__main__":
    main()
