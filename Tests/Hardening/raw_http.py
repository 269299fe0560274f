"""A strict raw HTTP/1.1 client over TCP: writes exact bytes, reads responses the way a careful
client would (Content-Length, chunked, or until close) and notices anything malformed."""
import gzip, socket, struct, zlib


class ProtocolError(Exception):
    pass


class Response:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    def header(self, name):
        name = name.lower()
        return next((value for key, value in self.headers if key.lower() == name), None)

    @property
    def content(self):
        """The body with its content coding undone, as a browser would show it."""
        coding = (self.header("Content-Encoding") or "identity").lower()
        if coding == "identity":
            return self.body
        if coding != "gzip":
            raise ProtocolError(f"unexpected Content-Encoding {coding!r}")
        try:
            return gzip.decompress(self.body)
        except (OSError, EOFError, zlib.error) as error:
            raise ProtocolError(f"gzip body does not decode: {error}")

    def __repr__(self):
        return f"<{self.status} {self.body[:80]!r}>"


class RawConnection:
    def __init__(self, host, port, timeout=5.0):
        self.sock = socket.create_connection((host, port), timeout=timeout)
        self.buffer = b""

    def send(self, data):
        self.sock.sendall(data)

    def shutdown_write(self):
        self.sock.shutdown(socket.SHUT_WR)

    def reset(self):
        """Closes with an RST instead of a FIN."""
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.sock.close()

    def close(self):
        self.sock.close()

    def _fill(self):
        chunk = self.sock.recv(65536)
        self.buffer += chunk
        return bool(chunk)

    def _line(self):
        while b"\r\n" not in self.buffer:
            if not self._fill():
                raise ProtocolError(f"closed inside a line: {self.buffer[:200]!r}")
        line, self.buffer = self.buffer.split(b"\r\n", 1)
        return line

    def _exactly(self, count):
        while len(self.buffer) < count:
            if not self._fill():
                raise ProtocolError(f"closed after {len(self.buffer)} of {count} body bytes")
        data, self.buffer = self.buffer[:count], self.buffer[count:]
        return data

    def read_response(self, bodyless=False):
        status_line = self._line()
        parts = status_line.split(b" ", 2)
        if len(parts) < 2 or parts[0] != b"HTTP/1.1" or not parts[1].isdigit() or len(parts[1]) != 3:
            raise ProtocolError(f"bad status line {status_line!r}")
        status = int(parts[1])
        headers = []
        while True:
            line = self._line()
            if not line:
                break
            name, colon, value = line.partition(b":")
            if not colon or not name or name != name.strip():
                raise ProtocolError(f"bad header line {line!r}")
            headers.append((name.decode("latin-1"), value.strip().decode("latin-1")))
        response = Response(status, headers, b"")
        if bodyless or status < 200 or status in (204, 304):
            return response
        length = response.header("Content-Length")
        if length is not None:
            response.body = self._exactly(int(length))
        elif (response.header("Transfer-Encoding") or "").lower() == "chunked":
            body = b""
            while True:
                size = int(self._line().split(b";")[0], 16)
                if size == 0:
                    while self._line():
                        pass
                    break
                body += self._exactly(size)
                if self._line():
                    raise ProtocolError("chunk data not followed by CRLF")
            response.body = body
        else:
            while self._fill():
                pass
            response.body, self.buffer = self.buffer, b""
        return response

    def read_final_response(self, bodyless=False):
        """The next final (non-1xx) response, and the interim ones before it."""
        interim = []
        while True:
            response = self.read_response(bodyless)
            if response.status >= 200:
                return interim, response
            interim.append(response)

    def closed_by_peer(self):
        """True when the peer closes with nothing more to read (within the timeout)."""
        try:
            return not self._fill() and not self.buffer
        except ConnectionResetError:
            return True
        except socket.timeout:
            return False


def get(host, port, target, headers=(), timeout=5.0):
    """One GET on a fresh connection that asks to close."""
    connection = RawConnection(host, port, timeout)
    try:
        extra = "".join(f"{name}: {value}\r\n" for name, value in headers)
        connection.send(f"GET {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n{extra}\r\n".encode())
        return connection.read_response()
    finally:
        connection.close()
