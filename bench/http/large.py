#!/usr/bin/env python3
"""The 10,000-article synthetic corpus (bench/extract/generate.py) served by the release build:
ready time and resident memory on a first start and on a restart with the same data folder,
the plain size of each list, and the latency of POST /documents and DELETE /documents/{id}
with read-your-writes checked on the same server.

Usage: bench/http/large.py [--posts 20] [--count 10000]
Talks only to 127.0.0.1; the server is pinned to core 0 as in bench.py.
"""
import argparse, json, os, shutil, signal, socket, statistics, subprocess, sys, tempfile, time, urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BINARY = os.path.join(ROOT, ".build", "release", "peacetrack")
LISTS = ["/positions?country=UK", "/proposals", "/estimates?unit=troops", "/countries"]
TOKEN = "bench-token-of-16-chars-or-more"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def start(config):
    port = free_port()
    started = time.perf_counter()
    proc = subprocess.Popen(["taskset", "-c", "0", BINARY, "serve", "--config", config, "--port", str(port)],
                            cwd=ROOT, stderr=subprocess.DEVNULL, env={**os.environ, "PEACETRACK_TOKEN": TOKEN})
    while proc.poll() is None:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1) as r:
                if r.status == 200:
                    return proc, port, time.perf_counter() - started
        except Exception:
            time.sleep(0.002)
    sys.exit("peacetrack did not start")


def request(port, method, path, body=None):
    headers = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", method=method, headers=headers,
                                 data=json.dumps(body).encode() if body is not None else None)
    started = time.perf_counter()
    with urllib.request.urlopen(req) as r:
        r.read()
        return r.status, (time.perf_counter() - started) * 1000


def list_ids(port, path):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}") as r:
        return len(r.read())


def writes(port, count):
    """POST then DELETE `count` articles; after each POST its positions must be listed."""
    posts, deletes = [], []
    for n in range(count):
        text = (f"Norway is considering sending troops to a reassurance force in Ukraine, Defence Minister "
                f"Bench Writer{n} said on Monday. The plan would need {n + 2},000 troops.")
        status, ms = request(port, "POST", "/documents", {"id": f"bench-{n}", "text": text})
        assert status == 201, status
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/positions?document=bench-{n}") as r:
            assert json.load(r)["total"] >= 1, "read-your-writes: the new position is not listed"
        posts.append(ms)
    for n in range(count):
        status, ms = request(port, "DELETE", f"/documents/bench-{n}")
        assert status == 204, status
        deletes.append(ms)
    return posts, deletes


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=10000)
    ap.add_argument("--posts", type=int, default=20)
    args = ap.parse_args()
    corpus = os.path.join(ROOT, "bench", "out", "extract", f"corpus-{args.count}")
    if not os.path.isdir(corpus):
        subprocess.run([sys.executable, os.path.join(ROOT, "bench", "extract", "generate.py"), "--count", str(args.count),
                        "--out", corpus], check=True, stdout=subprocess.DEVNULL)
    megabytes = sum(os.path.getsize(os.path.join(corpus, name)) for name in os.listdir(corpus)) / 1e6
    work = tempfile.mkdtemp(prefix="peacetrack-large-")
    with open(os.path.join(ROOT, "Config", "server.json")) as f:
        settings = json.load(f)
    settings.update(logLevel="notice", corpus=corpus, data=os.path.join(work, "data"))
    config = os.path.join(work, "server.json")
    with open(config, "w") as f:
        json.dump(settings, f)
    print(f"corpus: {args.count} articles, {megabytes:.1f} MB")
    try:
        for run in ("first start", "restart"):
            proc, port, ready = start(config)
            time.sleep(0.5)
            print(f"{run:12s} ready {ready:.2f} s  RSS {rss_mb(proc.pid):.0f} MB ({rss_mb(proc.pid) / megabytes:.1f} x corpus)")
            if run == "restart":
                for path in LISTS:
                    print(f"  {path:26s} {list_ids(port, path):>9d} bytes")
                posts, deletes = writes(port, args.posts)
                print(f"  POST /documents   median {statistics.median(posts):.1f} ms  max {max(posts):.1f} ms ({len(posts)} writes)")
                print(f"  DELETE            median {statistics.median(deletes):.1f} ms  max {max(deletes):.1f} ms")
                print(f"  RSS after writes {rss_mb(proc.pid):.0f} MB")
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=10)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
