"""Starts `peacetrack serve --port 0` on the seed corpus with a throw-away data folder and
config, for the hardening scripts (battery, contract, shutdown, soak). Standard library only.

The binary is the first of: the `binary` argument, $PEACETRACK_BIN, .build/debug/peacetrack.
"""
import json, os, re, signal, subprocess, tempfile, threading, time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LISTENING = re.compile(r"address=http://(\S+):(\d+)")


def binary_path(given=None):
    path = given or os.environ.get("PEACETRACK_BIN") or os.path.join(ROOT, ".build", "debug", "peacetrack")
    if not os.access(path, os.X_OK):
        raise SystemExit(f"no peacetrack binary at {path}: build it or pass its path / set PEACETRACK_BIN")
    return path


class Server:
    """One server process. `limits` and `settings` override the defaults of the config file;
    `environment` replaces the process environment."""

    def __init__(self, binary=None, limits=None, settings=None, environment=None):
        self.folder = tempfile.mkdtemp(prefix="peacetrack-hardening-")
        config = {
            "corpus": os.path.join(ROOT, "seeds"), "data": os.path.join(self.folder, "data"),
            "lexicon": os.path.join(ROOT, "Config", "lexicon"), "dashboard": os.path.join(ROOT, "dashboard"),
            "logLevel": "notice", "limits": limits or {},
        }
        config.update(settings or {})
        self.config_path = os.path.join(self.folder, "server.json")
        with open(self.config_path, "w") as f:
            json.dump(config, f)
        self.log_lines = []
        self._log_lock = threading.Lock()
        self.binary = binary_path(binary)
        self.process = subprocess.Popen(
            [self.binary, "serve", "--config", self.config_path, "--port", "0"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT,
            env=os.environ if environment is None else environment)
        self._ready = threading.Event()
        self.host, self.port = None, None
        threading.Thread(target=self._collect_log, daemon=True).start()
        if not self._ready.wait(60) or self.port is None:
            self.kill()
            raise SystemExit("server did not start:\n" + self.log)

    def _collect_log(self):
        for raw in self.process.stderr:
            line = raw.decode("utf-8", "replace")
            with self._log_lock:
                self.log_lines.append(line)
            match = LISTENING.search(line)
            if match and self.port is None:
                self.host, self.port = match.group(1).strip("[]"), int(match.group(2))
                self._ready.set()
        self._ready.set()

    @property
    def pid(self):
        return self.process.pid

    @property
    def url(self):
        return f"http://{self.host}:{self.port}"

    @property
    def log(self):
        with self._log_lock:
            return "".join(self.log_lines)

    def alive(self):
        return self.process.poll() is None

    def terminate(self, timeout=10):
        """SIGTERM, then the exit status (None when it had to be killed)."""
        if self.alive():
            self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            return None

    def kill(self):
        if self.alive():
            self.process.kill()
            self.process.wait()

    def __enter__(self):
        return self

    def __exit__(self, *_):
        self.kill()
        subprocess.run(["rm", "-rf", self.folder], check=False)


def wait_until(predicate, timeout, step=0.02):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return predicate()
