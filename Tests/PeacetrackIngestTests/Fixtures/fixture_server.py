"""HTTP server for PeacetrackIngestTests: serves the fixture pages next to this script and a few
behaviours (redirects, slowness, sizes, statuses). Binds 127.0.0.1 on a free port, prints
"PORT <n>", and exits when its standard input closes (the test process ended)."""

import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

FIXTURES = os.path.dirname(os.path.abspath(__file__))
TYPES = {".html": "text/html", ".txt": "text/plain", ".png": "image/png"}
hits = 0
hits_lock = threading.Lock()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send(self, status, body=b"", content_type="text/plain; charset=utf-8", headers=(), length=True):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        for name, value in headers:
            self.send_header(name, value)
        if length:
            self.send_header("Content-Length", str(len(body)))
        else:
            self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        global hits
        url = urlsplit(self.path)
        query = {name: values[-1] for name, values in parse_qs(url.query).items()}
        parts = url.path.strip("/").split("/")
        if parts[0] != "hits":
            with hits_lock:
                hits += 1

        if parts[0] == "hits":
            self.send(200, str(hits).encode())
        elif parts[0] == "file" and len(parts) == 2:
            # /file/<name>?charset=<label>: a fixture, typed by its extension.
            name = os.path.basename(parts[1])
            try:
                with open(os.path.join(FIXTURES, name), "rb") as fixture:
                    body = fixture.read()
            except OSError:
                self.send(404, b"no such fixture")
                return
            content_type = TYPES.get(os.path.splitext(name)[1], "application/octet-stream")
            if "charset" in query:
                content_type += "; charset=" + query["charset"]
            self.send(200, body, content_type)
        elif parts[0] == "redirect" and len(parts) == 2 and parts[1].isdigit():
            # /redirect/<n>: a chain of n redirects (relative Locations) ending at the article.
            left = int(parts[1])
            target = "/file/article.html" if left <= 1 else "/redirect/%d" % (left - 1)
            self.send(302, headers=[("Location", target)])
        elif parts[0] == "redirect-to":
            self.send(302, headers=[("Location", query.get("url", "/"))])
        elif parts[0] == "slow":
            time.sleep(float(query.get("seconds", "5")))
            self.send(200, b"late")
        elif parts[0] == "bytes":
            # /bytes?size=<n>[&unannounced=1]: n bytes of HTML, with or without a Content-Length.
            body = b"<p>" + b"x" * max(0, int(query.get("size", "0")) - 3)
            self.send(200, body, "text/html", length=query.get("unannounced") != "1")
        elif parts[0] == "user-agent":
            self.send(200, self.headers.get("User-Agent", "").encode())
        elif parts[0] == "status":
            status = int(parts[1]) if len(parts) == 2 and parts[1].isdigit() else 500
            self.send(status, b"" if status in (204, 304) else b"status page")
        else:
            self.send(404, b"not found")


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print("PORT %d" % server.server_address[1], flush=True)
    sys.stdin.read()  # returns when the test process closes the pipe or exits
    os._exit(0)  # no orderly shutdown: it would wait for the serving loop's poll interval


if __name__ == "__main__":
    main()
