#!/usr/bin/env python3
"""HTTP benchmark: peacetrack against nginx (static files) and a minimal Hummingbird 2 server,
all serving the identical bytes, each pinned to core 0 while wrk runs on core 1.

Then the same filtered queries against peacetrack on the 10,000-document synthetic corpus of
the extraction benchmark (bench/extract/generate.py): startup time, extraction MB/s, memory,
and each query's latency beside its seed-corpus latency (indexes keep them close).

Usage: bench/http/bench.py [--quick] [--skip-peers] [--skip-large] [--duration 10] [--warmup 3]
Writes the tables and the commands used to bench/RESULTS.md and prints them.
"""
import argparse, json, os, re, shutil, signal, socket, subprocess, sys, tempfile, time, urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "bench", "out")
BINARY = os.path.join(ROOT, ".build", "release", "peacetrack")
TARGETS = ["/positions?country=UK", "/proposals", "/estimates?unit=troops", "/countries"]
CONNECTIONS = [64, 256]
LARGE_COUNT = 10000
LARGE_CORPUS = os.path.join(OUT, "extract", f"corpus-{LARGE_COUNT}")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(url, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=1) as r:
                if r.status == 200:
                    return True
        except Exception:
            time.sleep(0.01)
    return False


def peak_rss_mb(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def wrk(url, connections, duration, warmup, headers=()):
    base = ["taskset", "-c", "1", "wrk", "-t", "1", "-c", str(connections), "--latency"]
    for header in headers:
        base += ["-H", header]
    subprocess.run(base + ["-d", f"{warmup}s", url], capture_output=True, text=True)
    command = base + ["-d", f"{duration}s", url]
    out = subprocess.run(command, capture_output=True, text=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    def latency(p):
        m = re.search(rf"^\s+{p}%\s+([\d.]+)(us|ms|s)", out, re.M)
        scale = {"us": 0.001, "ms": 1, "s": 1000}[m.group(2)]
        return float(m.group(1)) * scale
    errors = 0
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    if m:
        errors += sum(int(x) for x in m.groups())
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if m:
        errors += int(m.group(1))
    return {"rps": rps, "p50": latency(50), "p99": latency(99), "errors": errors, "command": " ".join(command)}


def file_name(target):
    path, _, query = target.partition("?")
    return f"{path.strip('/')}__{query}.json"


def start_peacetrack(config_dir, corpus=None, log_level="notice"):
    config = os.path.join(config_dir, "server.json")
    with open(os.path.join(ROOT, "Config", "server.json")) as f:
        settings = json.load(f)
    settings["logLevel"] = log_level
    settings.setdefault("limits", {})["maxConnections"] = 4096
    if corpus:
        settings["corpus"] = corpus
    settings["data"] = os.path.join(config_dir, "data")
    with open(config, "w") as f:
        json.dump(settings, f)
    port = free_port()
    started = time.perf_counter()
    # Access lines go to a file, as a service manager would keep them, not to a pipe nobody reads.
    log = open(os.path.join(config_dir, "server.log"), "wb")
    proc = subprocess.Popen(["taskset", "-c", "0", BINARY, "serve", "--config", config, "--port", str(port)],
                            cwd=ROOT, stderr=log)
    log.close()
    ready_ms = None
    deadline = time.time() + 300
    while time.time() < deadline and proc.poll() is None:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1) as r:
                if r.status == 200:
                    ready_ms = (time.perf_counter() - started) * 1000
                    break
        except Exception:
            time.sleep(0.001)
    return proc, port, ready_ms


def answer_size(port, target, headers=()):
    """Bytes of the answer as sent (compressed when the headers ask for gzip)."""
    request = urllib.request.Request(f"http://127.0.0.1:{port}{target}", headers=dict(h.split(": ", 1) for h in headers))
    with urllib.request.urlopen(request) as r:
        return len(r.read())


def index_of(results):
    return {(r["server"], r["target"], r["connections"]): r for r in results}


def count_query(target):
    """The target asking only for the count (`limit=0`): the same filter, without the records."""
    return target + ("&" if "?" in target else "?") + "limit=0"


# How each filtered query is asked on both corpora: the plain answer, the answer a browser gets
# (gzip), and the count alone, which separates the store's time from the time of moving bytes.
FORMS = [("GET", lambda target: target, ()),
         ("GET gzip", lambda target: target, ("Accept-Encoding: gzip",)),
         ("count", count_query, ())]


def measure_forms(port, targets, duration, warmup):
    """Every form of every target at 64 connections, by (form, target)."""
    results = {}
    for form, query, headers in FORMS:
        for target in targets:
            r = wrk(f"http://127.0.0.1:{port}{query(target)}", 64, duration, warmup, headers)
            r["bytes"] = answer_size(port, query(target), headers)
            results[(form, target)] = r
    return results


def measure_large(work, targets, duration, warmup):
    """Filtered queries on the large synthetic corpus and on the seeds, in every form, at 64 connections."""
    if not os.path.isdir(LARGE_CORPUS):
        subprocess.run([sys.executable, os.path.join(ROOT, "bench", "extract", "generate.py"),
                        "--count", str(LARGE_COUNT), "--out", LARGE_CORPUS], check=True, stdout=subprocess.DEVNULL)
    megabytes = sum(os.path.getsize(os.path.join(LARGE_CORPUS, name)) for name in os.listdir(LARGE_CORPUS)) / 1e6
    measured = {}
    for name, corpus in (("large", LARGE_CORPUS), ("seed", None)):
        folder = os.path.join(work, name)
        os.makedirs(folder)
        proc, port, ready_ms = start_peacetrack(folder, corpus=corpus)
        if ready_ms is None:
            proc.kill()
            print(f"peacetrack did not start on the {name} corpus", file=sys.stderr)
            return None
        rss_ready = peak_rss_mb(proc.pid)
        try:
            measured[name] = {"ready_s": ready_ms / 1000, "rss_ready": rss_ready,
                              "forms": measure_forms(port, targets, duration, warmup), "rss": peak_rss_mb(proc.pid)}
        finally:
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=10)
    rows = []
    for form, _, _ in FORMS:
        for target in targets:
            large, seed = measured["large"]["forms"][(form, target)], measured["seed"]["forms"][(form, target)]
            rows.append({"form": form, "target": target, "large": large, "seed": seed})
            print(f"large        {form:9s} {target:26s} {large['rps']:>10.0f} req/s  p50 {large['p50']:.3f} ms "
                  f"({large['p50'] / seed['p50']:.2f} x seed)  p99 {large['p99']:.3f} ms ({large['p99'] / seed['p99']:.2f} x seed)", flush=True)
    large = measured["large"]
    return {"megabytes": megabytes, "ready_s": large["ready_s"], "rss_ready": large["rss_ready"], "rss": large["rss"], "rows": rows}


def measure_access_log(work, target, duration, warmup, rounds=3):
    """The same target at 64 connections with `logLevel` `info` (an access line per request)
    and `notice`, in alternating runs so that both see the same moments of a shared machine;
    the ratio is that of the medians."""
    runs = {"notice": [], "info": []}
    lines = 0
    for round_ in range(rounds):
        for level in ("notice", "info"):
            folder = os.path.join(work, f"{level}-{round_}")
            os.makedirs(folder)
            proc, port, _ = start_peacetrack(folder, log_level=level)
            try:
                runs[level].append(wrk(f"http://127.0.0.1:{port}{target}", 64, duration, warmup))
            finally:
                proc.send_signal(signal.SIGTERM)
                proc.wait(timeout=10)
            if level == "info":
                with open(os.path.join(folder, "server.log"), "rb") as f:
                    lines = sum(1 for line in f if b" access GET " in line)
    median = {level: sorted(results, key=lambda r: r["rps"])[len(results) // 2] for level, results in runs.items()}
    ratio = median["info"]["rps"] / median["notice"]["rps"]
    print(f"peacetrack   {target:26s} c=64   info {median['info']['rps']:.0f} req/s = {ratio:.2f} x notice "
          f"({median['notice']['rps']:.0f}; medians of {rounds} alternating runs; {lines} access lines in the last)", flush=True)
    return {"target": target, "info": median["info"], "notice": median["notice"], "ratio": ratio, "lines": lines, "rounds": rounds}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--duration", type=int, default=10)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--skip-peers", action="store_true", help="measure peacetrack only")
    ap.add_argument("--skip-large", action="store_true", help="leave out the 10,000-document corpus")
    ap.add_argument("--quick", action="store_true", help="3 s runs, first target only")
    args = ap.parse_args()
    targets = TARGETS[:1] if args.quick else TARGETS
    duration = 3 if args.quick else args.duration
    os.makedirs(OUT, exist_ok=True)
    work = tempfile.mkdtemp(prefix="peacetrack-bench-", dir=OUT)
    # nginx's worker runs as nobody: it must be able to read the static copies.
    os.chmod(work, 0o755)
    static = os.path.join(work, "static")
    os.makedirs(static)
    os.makedirs(os.path.join(work, "tmp"))

    proc, port, ready_ms = start_peacetrack(work)
    if ready_ms is None:
        sys.exit("peacetrack did not start")
    servers = {"peacetrack": (port, proc)}
    routes = []
    for target in targets:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{target}") as r:
            body = r.read()
        with open(os.path.join(static, file_name(target)), "wb") as f:
            f.write(body)
        routes.append(f"{target}\t{file_name(target)}")
    with open(os.path.join(static, "routes.tsv"), "w") as f:
        f.write("\n".join(routes) + "\n")

    peers = []
    if not args.skip_peers:
        if shutil.which("nginx"):
            nport = free_port()
            conf = open(os.path.join(ROOT, "bench", "http", "nginx.conf")).read().replace("PREFIX", work).replace("PORT", str(nport))
            with open(os.path.join(work, "nginx.conf"), "w") as f:
                f.write(conf)
            nginx = subprocess.Popen(["taskset", "-c", "0", "nginx", "-c", os.path.join(work, "nginx.conf"), "-p", work],
                                     stderr=subprocess.DEVNULL)
            peers.append(("nginx", nport, nginx))
        hb_dir = os.path.join(ROOT, "bench", "hummingbird-peer")  # not "hummingbird": a root package named like its dependency clashes
        built = subprocess.run(["swift", "build", "-c", "release", "--package-path", hb_dir], capture_output=True, text=True)
        if built.returncode == 0:
            hport = free_port()
            hb_bin = os.path.join(hb_dir, ".build", "release", "BenchServer")
            hb = subprocess.Popen(["taskset", "-c", "0", hb_bin, str(hport), static], stderr=subprocess.DEVNULL)
            peers.append(("hummingbird", hport, hb))
        else:
            print("hummingbird build failed:\n" + built.stderr[-2000:], file=sys.stderr)
    for name, p, process in peers:
        if wait_http(f"http://127.0.0.1:{p}{targets[0]}"):
            servers[name] = (p, process)
        else:
            print(f"{name} did not answer; left out", file=sys.stderr)
            process.kill()

    results = []
    try:
        for target in targets:
            for connections in CONNECTIONS:
                for name, (p, process) in servers.items():
                    r = wrk(f"http://127.0.0.1:{p}{target}", connections, duration, args.warmup)
                    r.update(server=name, target=target, connections=connections, rss=peak_rss_mb(process.pid),
                             bytes=answer_size(p, target))
                    results.append(r)
                    print(f"{name:12s} {target:26s} c={connections:<4d} {r['rps']:>10.0f} req/s  p50 {r['p50']:.3f} ms  p99 {r['p99']:.3f} ms  errors {r['errors']}", flush=True)
    finally:
        for name, (p, process) in servers.items():
            process.send_signal(signal.SIGTERM)
        for name, (p, process) in servers.items():
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()

    access = measure_access_log(work, targets[0], duration, args.warmup)
    large = None if args.skip_large else measure_large(work, targets, duration, args.warmup)

    lines = ["# HTTP benchmark", "",
             f"Run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on {os.cpu_count()} cores: each server pinned to core 0 "
             f"(`taskset -c 0`), wrk pinned to core 1, keep-alive, {args.warmup} s warm-up then {duration} s measured. "
             f"Peak RSS is the server's VmHWM at the end of its runs.", "",
             f"peacetrack ready (exec to first `/health` 200 on the seeds): {ready_ms:.1f} ms", "",
             "| server | target | conns | req/s | p50 ms | p99 ms | errors | peak RSS MB | × nginx | × hummingbird |",
             "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    index = index_of(results)
    for r in results:
        def ratio(peer):
            other = index.get((peer, r["target"], r["connections"]))
            return f"{r['rps'] / other['rps']:.2f}" if other and other["rps"] else "–"
        lines.append(f"| {r['server']} | `{r['target']}` | {r['connections']} | {r['rps']:.0f} | {r['p50']:.3f} | {r['p99']:.3f} | "
                     f"{r['errors']} | {r['rss']:.1f} | {ratio('nginx')} | {ratio('hummingbird')} |")
    lines += ["", f"Access log: `{access['target']}` at 64 connections with `logLevel` `info` (one access line per "
              f"request, to a file): {access['info']['rps']:.0f} req/s, p99 {access['info']['p99']:.3f} ms, "
              f"{access['ratio']:.2f} × `notice` ({access['notice']['rps']:.0f} req/s), medians of {access['rounds']} "
              f"alternating runs of each; {access['lines']} access lines written in the last `info` run."]
    nginx = index.get(("nginx", access["target"], 64))
    if nginx and nginx["rps"]:
        lines[-1] += f" With `info`: {access['info']['rps'] / nginx['rps']:.2f} × nginx at 64 connections."

    if large:
        lines += ["", f"## peacetrack on {LARGE_COUNT:,} synthetic documents", "",
                  f"Corpus: `bench/extract/generate.py --count {LARGE_COUNT}`, {large['megabytes']:.1f} MB. "
                  f"Ready after {large['ready_s']:.1f} s (exec to first `/health` 200, extraction included: "
                  f"{large['megabytes'] / large['ready_s']:.1f} MB/s on one core); peak RSS {large['rss_ready']:.0f} MB "
                  f"after startup, {large['rss']:.0f} MB after the load.", "",
                  "Merged records carry every document that states them, so the same query answers with far",
                  "more bytes here than on the seeds: the byte columns show how much. Each filtered query is",
                  "asked three ways on both corpora, at 64 connections: plain, with `Accept-Encoding: gzip`",
                  "(what a browser sends) and as a count (`limit=0`: the total without the records, which",
                  "separates the store's time from the time of moving the bytes).", "",
                  "| form | target | bytes | seed bytes | req/s | p50 ms | p99 ms | seed p50 ms | seed p99 ms | p50 × seed | p99 × seed |",
                  "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
        for row in large["rows"]:
            r, seed = row["large"], row["seed"]
            lines.append(f"| {row['form']} | `{row['target']}` | {r['bytes']} | {seed['bytes']} | {r['rps']:.0f} | {r['p50']:.3f} | "
                         f"{r['p99']:.3f} | {seed['p50']:.3f} | {seed['p99']:.3f} | {r['p50'] / seed['p50']:.2f} | {r['p99'] / seed['p99']:.2f} |")
    lines += ["", "Commands (per server, port varying):", ""]
    lines += sorted({f"    {r['command']}" for r in results if r["server"] == "peacetrack"})
    report = "\n".join(lines) + "\n"
    with open(os.path.join(ROOT, "bench", "RESULTS.md"), "w") as f:
        f.write(report)
    print()
    print(report)
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
