#!/usr/bin/env python3
"""Soak: a long keep-alive load with wrk, then a slowloris crowd, against a release build.

1. 256 keep-alive connections for 60 s (wrk from Debian) on /positions?country=UK: no socket
   errors and no non-2xx answers; resident memory (VmRSS, sampled every second) in the second
   half of the run within 10 % of the first half (medians, so the warm-up does not count);
   open descriptors back to the idle count afterwards.
2. 1,000 slowloris connections at once, each with an unfinished head and a byte every second:
   meanwhile a normal client's answers all come in under 50 ms; then the server answers them
   408 at the header timeout, and descriptors return to the idle count.

Usage: Tests/Soak/soak.py [--bin PATH] [--seconds 60] [--connections 256] [--slowloris 1000]
(binary: --bin, else $PEACETRACK_BIN, else .build/release/peacetrack). Prints a summary with
the memory curve; exits 1 when a requirement is not met.
"""
import argparse, os, re, resource, socket, statistics, subprocess, sys, threading, time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "Hardening"))
from peacetrack_server import ROOT, Server, wait_until  # noqa: E402
from raw_http import RawConnection  # noqa: E402

TARGET = "/positions?country=UK"
MEMORY_TOLERANCE = 0.10
LATENCY_LIMIT_MS = 50.0
HEADER_TIMEOUT = 10.0


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        return int(next(line for line in f if line.startswith("VmRSS:")).split()[1])


def open_descriptors(pid):
    return len(os.listdir(f"/proc/{pid}/fd"))


def parse_wrk(output):
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    errors = sum(int(n) for n in re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)",
                                           output).groups()) if "Socket errors" in output else 0
    non_2xx = int(re.search(r"Non-2xx or 3xx responses: (\d+)", output).group(1)) if "Non-2xx" in output else 0
    p99 = re.search(r"^\s+99%\s+(\S+)", output, re.M)
    return requests, rate, errors, non_2xx, p99.group(1) if p99 else "?"


def keep_alive_load(server, seconds, connections, failures):
    idle = open_descriptors(server.pid)
    samples = []
    command = ["wrk", "-t", "2", "-c", str(connections), "-d", f"{seconds}s", "--latency", server.url + TARGET]
    wrk = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    started = time.monotonic()
    while wrk.poll() is None:
        samples.append((time.monotonic() - started, rss_kib(server.pid), open_descriptors(server.pid)))
        time.sleep(1)
    output = wrk.stdout.read()
    requests, rate, errors, non_2xx, p99 = parse_wrk(output)
    back = wait_until(lambda: open_descriptors(server.pid) == idle, 10)
    print(f"keep-alive: {' '.join(command)}")
    print(f"  {requests} requests, {rate:.0f} req/s, p99 {p99}, socket errors {errors}, non-2xx {non_2xx}")
    during = [s for s in samples if 1 <= s[0] <= seconds]
    half = len(during) // 2
    first, second = [s[1] for s in during[:half]], [s[1] for s in during[half:]]
    print("  memory curve (s: VmRSS MiB, open fds): " + ", ".join(
        f"{t:.0f}: {kib / 1024:.1f} ({fds})" for t, kib, fds in samples[::max(1, len(samples) // 12)]))
    if errors or non_2xx:
        failures.append(f"wrk saw {errors} socket errors and {non_2xx} non-2xx answers")
    if first and second:
        low, high = statistics.median(first), statistics.median(second)
        change = (high - low) / low
        print(f"  VmRSS median first half {low / 1024:.1f} MiB, second half {high / 1024:.1f} MiB ({change:+.1%}), "
              f"peak {max(s[1] for s in samples) / 1024:.1f} MiB")
        if abs(change) > MEMORY_TOLERANCE:
            failures.append(f"VmRSS moved {change:+.1%} between the halves (limit {MEMORY_TOLERANCE:.0%})")
    else:
        failures.append("too few memory samples")
    print(f"  open fds: idle {idle}, after the run {open_descriptors(server.pid)}")
    if not back:
        failures.append(f"open fds did not return to the idle count {idle} (now {open_descriptors(server.pid)})")


class Slowloris:
    """Connections that each keep a request head unfinished, a byte a second."""

    def __init__(self, server, count):
        self.sockets = []
        for _ in range(count):
            sock = socket.create_connection((server.host, server.port), timeout=5)
            sock.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: ")
            self.sockets.append(sock)
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.trickle, daemon=True)
        self.thread.start()

    def trickle(self):
        while not self.stop.wait(1):
            for sock in self.sockets:
                try:
                    sock.send(b"a", socket.MSG_DONTWAIT)
                except OSError:
                    pass

    def answers(self):
        """How many were answered 408 and closed."""
        self.stop.set()
        refused = 0
        for sock in self.sockets:
            sock.settimeout(HEADER_TIMEOUT + 5)
            try:
                data = b""
                while chunk := sock.recv(4096):
                    data += chunk
                refused += data.startswith(b"HTTP/1.1 408 ")
            except OSError:
                pass
            sock.close()
        return refused


def slowloris(server, count, failures):
    idle = open_descriptors(server.pid)
    started = time.monotonic()
    crowd = Slowloris(server, count)
    opened = time.monotonic() - started
    wait_until(lambda: open_descriptors(server.pid) >= idle + count, 5)
    held = open_descriptors(server.pid) - idle
    latencies = []
    keep_alive = RawConnection(server.host, server.port)
    request = f"GET {TARGET} HTTP/1.1\r\nHost: x\r\n\r\n".encode()
    while time.monotonic() - started < HEADER_TIMEOUT - 2:
        for connection in (keep_alive, None):
            fresh = connection or RawConnection(server.host, server.port)
            began = time.perf_counter()
            fresh.send(request)
            _, response = fresh.read_final_response()
            latencies.append((time.perf_counter() - began) * 1000)
            if response.status != 200:
                failures.append(f"normal client answered {response.status} during slowloris")
            if connection is None:
                fresh.close()
        time.sleep(0.02)
    keep_alive.close()
    refused = crowd.answers()
    back = wait_until(lambda: open_descriptors(server.pid) == idle, 10)
    worst = max(latencies)
    print(f"slowloris: {count} connections opened in {opened:.1f}s, {held} held by the server at once")
    print(f"  normal client: {len(latencies)} requests, median {statistics.median(latencies):.2f} ms, "
          f"p99 {sorted(latencies)[int(len(latencies) * 0.99) - 1]:.2f} ms, max {worst:.2f} ms")
    print(f"  after the header timeout: {refused} of {count} answered 408 and closed; "
          f"open fds {open_descriptors(server.pid)} (idle {idle})")
    if held < count:
        failures.append(f"only {held} of {count} slowloris connections were held open")
    if worst >= LATENCY_LIMIT_MS:
        failures.append(f"a normal request took {worst:.1f} ms during slowloris (limit {LATENCY_LIMIT_MS:.0f} ms)")
    if refused < count:
        failures.append(f"only {refused} of {count} slowloris connections were answered 408")
    if not back:
        failures.append(f"open fds did not return to the idle count {idle}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bin", default=os.environ.get("PEACETRACK_BIN") or os.path.join(ROOT, ".build", "release", "peacetrack"))
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--connections", type=int, default=256)
    parser.add_argument("--slowloris", type=int, default=1000)
    args = parser.parse_args()
    # 1,000 sockets here and as many in the server (which inherits the limit).
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = 4 * args.slowloris + 1024
    if soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted if hard == resource.RLIM_INFINITY else min(hard, wanted), hard))
    failures = []
    with Server(args.bin, limits={"maxConnections": max(1024, args.slowloris + args.connections)}) as server:
        time.sleep(0.5)
        print(f"soak: {args.bin} pid {server.pid}, idle VmRSS {rss_kib(server.pid) / 1024:.1f} MiB, "
              f"{open_descriptors(server.pid)} open fds")
        keep_alive_load(server, args.seconds, args.connections, failures)
        slowloris(server, args.slowloris, failures)
        status = server.terminate()
        if status != 0:
            failures.append(f"exit status {status} on SIGTERM")
    for failure in failures:
        print("soak FAIL:", failure)
    print("soak:", "FAILED" if failures else "passed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
