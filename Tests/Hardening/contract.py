#!/usr/bin/env python3
"""Contract testing: schemathesis (from PyPI) against /openapi.json of a running
`peacetrack serve`, with every check (server errors, status codes, content types, headers,
response schemas, negative and positive data, undeclared methods, auth).

Usage: Tests/Hardening/contract.py [--bin PATH] [--max-examples N] [--seed N]
(binary: --bin, else $PEACETRACK_BIN, else .build/debug/peacetrack). Exits with schemathesis's
status, or 1 when the server does not survive the run or stop cleanly.

The server gets a fresh write token and schemathesis sends it, so the write endpoints are
exercised for real (documents added, fetched, deleted by the stateful phase), and the auth
checks drop or spoil it to see 401 answers. Fetches keep their address rules (no private
networks) with a 5 s limit, below the 10 s request timeout.
A fixed seed makes a failing run repeatable; pass another to explore.
Per-operation settings are in schemathesis.toml beside this script, hooks in contract_hooks.py.
"""
import argparse, os, secrets, subprocess, sys, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from peacetrack_server import Server  # noqa: E402
from raw_http import get  # noqa: E402

CONFIG = os.path.join(os.path.dirname(os.path.abspath(__file__)), "schemathesis.toml")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bin")
    parser.add_argument("--max-examples", type=int, default=100)
    parser.add_argument("--seed", type=int, default=20251123)
    args = parser.parse_args()
    token = secrets.token_hex(16)
    environment = dict(os.environ, PEACETRACK_TOKEN=token)
    here = os.path.dirname(os.path.abspath(__file__))
    hooks = dict(os.environ, SCHEMATHESIS_HOOKS="contract_hooks",
                 PYTHONPATH=os.pathsep.join(filter(None, [here, os.environ.get("PYTHONPATH")])))
    settings = {"fetch": {"connectTimeoutSeconds": 3, "timeoutSeconds": 5}}
    with Server(args.bin, settings=settings, environment=environment) as server:
        command = [sys.executable, "-m", "schemathesis.cli", "--config-file", CONFIG, "run", f"{server.url}/openapi.json",
                   "--checks", "all", "--phases", "examples,coverage,fuzzing,stateful",
                   "--max-examples", str(args.max_examples), "--seed", str(args.seed),
                   "--generation-database", "none", "--request-timeout", "10", "--no-color",
                   "--header", f"Authorization: Bearer {token}"]
        print("contract:", " ".join(command[1:]), flush=True)
        started = time.monotonic()
        status = subprocess.run(command, cwd=server.folder, env=hooks).returncode
        problems = []
        try:
            if get(server.host, server.port, "/health").status != 200:
                problems.append("/health does not answer 200 after the run")
        except OSError as error:
            problems.append(f"/health fails after the run: {error!r}")
        exit_status = server.terminate()
        if exit_status != 0:
            problems.append(f"the server exited with {exit_status} on SIGTERM")
        for problem in problems:
            print("contract FAIL:", problem)
        print(f"contract: schemathesis exit {status}, {time.monotonic() - started:.0f}s")
    sys.exit(status or (1 if problems else 0))


if __name__ == "__main__":
    main()
