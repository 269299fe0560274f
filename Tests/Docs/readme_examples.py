"""Runs every example of README.md against the real binary and fails where the README shows
another output than the program prints today, so the examples cannot drift.

An example is a `$ ` line in a ```sh or ```console block (a trailing `\\` continues it) and the
lines after it, up to the next `$ ` line or the block's end. `curl` commands go to a server on
the seeds started on a free port (with the README's token, so the write examples run, in README
order); `.build/debug/peacetrack` commands run the binary under test; other commands (`make run`)
only say how the server was started and must show no output.

What may legitimately differ is left out of the comparison: the port (`localhost:8080` becomes
the server's), header fields the README does not show (`Date`, `Content-Length` ...; every field
shown must be sent as shown), and white space, which the README uses to wrap long JSON. A `...`
in a shown output stands for anything: the parts between must appear in order, and the output
must begin (end) with the first (last) part unless the `...` comes first (last).

Usage: python3 Tests/Docs/readme_examples.py --bin .build/debug/peacetrack [--readme README.md]
"""
import argparse
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "Hardening"))
from peacetrack_server import ROOT, Server, binary_path  # noqa: E402

TOKEN_LINE = re.compile(r"PEACETRACK_TOKEN=(\S+)")


def examples(readme):
    """(line number, command, shown output) of every `$ ` line in a sh or console block."""
    found, block, lines = [], None, readme.splitlines()
    index = 0
    while index < len(lines):
        line = lines[index]
        if line.startswith("```"):
            block = None if block is not None else line[3:].strip()
            index += 1
            continue
        if block in ("sh", "console") and line.startswith("$ "):
            number, command = index + 1, line[2:]
            while command.endswith("\\"):
                index += 1
                command = command[:-1] + " " + lines[index].strip()
            index += 1
            shown = []
            while index < len(lines) and not lines[index].startswith("$ ") and not lines[index].startswith("```"):
                shown.append(lines[index])
                index += 1
            found.append((number, command, "\n".join(shown).strip("\n")))
            continue
        index += 1
    return found


def squeeze(text):
    return re.sub(r"\s+", "", text)


def fragments_match(shown, actual):
    """Whitespace aside, `shown` with each `...` standing for anything matches `actual`."""
    parts, actual = squeeze(shown).split("..."), squeeze(actual)
    if len(parts) == 1:
        return parts[0] == actual
    if not actual.startswith(parts[0]) or not actual.endswith(parts[-1]):
        return False
    at = len(parts[0])
    for part in parts[1:-1]:
        found = actual.find(part, at)
        if found < 0:
            return False
        at = found + len(part)
    return at <= len(actual) - len(parts[-1])


def head_and_body(text):
    head, _, body = text.replace("\r\n", "\n").partition("\n\n")
    return [line.strip() for line in head.splitlines()], body


def mismatch(shown, actual):
    """Why `actual` is not what the README shows, or None when it is."""
    if shown.startswith("HTTP/"):
        shown_head, shown_body = head_and_body(shown)
        actual_head, actual_body = head_and_body(actual)
        if shown_head[0] != actual_head[0]:
            return f"status line {actual_head[0]!r}, shown {shown_head[0]!r}"
        missing = [line for line in shown_head[1:] if line not in actual_head[1:]]
        if missing:
            return f"header fields shown but not sent: {missing}"
        shown, actual = shown_body, actual_body
    return None if fragments_match(shown, actual) else "the output differs"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin", default=None)
    parser.add_argument("--readme", default=os.path.join(ROOT, "README.md"))
    arguments = parser.parse_args()
    binary = os.path.abspath(binary_path(arguments.bin))
    with open(arguments.readme, encoding="utf-8") as f:
        readme = f.read()
    found = examples(readme)
    token = next((m.group(1) for _, command, _ in found for m in [TOKEN_LINE.search(command)] if m), None)
    environment = dict(os.environ, **({"PEACETRACK_TOKEN": token} if token else {}))
    failures, checked = [], 0
    with Server(binary, environment=environment) as server:
        for number, command, shown in found:
            if command.startswith("curl "):
                command = command.replace("localhost:8080", f"127.0.0.1:{server.port}")
            elif command.startswith(".build/debug/peacetrack "):
                command = binary + command[len(".build/debug/peacetrack"):]
            else:
                if shown:
                    failures.append((number, command, "a command this check cannot run shows an output", shown, ""))
                continue
            # Streams (`curl -N`) end by their own --max-time, so the status is not the verdict.
            run = subprocess.run(["bash", "-c", command], cwd=ROOT, capture_output=True, timeout=60)
            actual = run.stdout.decode("utf-8", "replace")
            checked += 1
            problem = mismatch(shown, actual)
            if problem:
                failures.append((number, command, problem, shown, actual))
    for number, command, problem, shown, actual in failures:
        print(f"README.md:{number}: {command}\n  {problem}\n  shown:\n{indent(shown)}\n  printed:\n{indent(actual)}\n")
    print(f"readme examples: {checked} checked, {len(failures)} differ")
    return 1 if failures or checked == 0 else 0


def indent(text):
    return "\n".join("    " + line for line in text.splitlines())


if __name__ == "__main__":
    sys.exit(main())
