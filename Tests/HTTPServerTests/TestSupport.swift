import Locking
import Dispatch
import Foundation
import HTTPTypes
import Logging
import Synchronization
#if canImport(Glibc)
import Glibc
#endif
@testable import HTTPServer

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A response as a raw client sees it.
struct ClientResponse {
    var status: Int
    var headers: [(name: String, value: String)]
    var body: [UInt8]

    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    var text: String { String(decoding: body, as: UTF8.self) }
}

/// A blocking client that writes exact bytes and reads responses the way a strict client
/// would (length, chunked, or until close), with a receive timeout so no test hangs.
final class RawClient {
    let fd: Int32
    private var buffer: [UInt8] = []

    init(port: Int, host: String = "127.0.0.1", timeout: Double = 5) throws {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_NUMERICHOST
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &list) == 0, let info = list?.pointee else {
            throw TestFailure("bad address \(host)")
        }
        defer { freeaddrinfo(list) }
        // Assigned only once connected: a throwing init must not leave `deinit` a descriptor to close again.
        let fd = socket(info.ai_family, info.ai_socktype, info.ai_protocol)
        var wait = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - timeout.rounded(.down)) * 1_000_000))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, socklen_t(MemoryLayout<timeval>.size))
        guard connect(fd, info.ai_addr, info.ai_addrlen) == 0 else {
            close(fd)
            throw TestFailure("connect failed: \(String(cString: strerror(errno)))")
        }
        self.fd = fd
    }

    deinit { close(fd) }

    func send(_ text: String) throws { try send(Array(text.utf8)) }

    func send(_ bytes: [UInt8]) throws {
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard count > 0 else { throw TestFailure("send failed: \(String(cString: strerror(errno)))") }
            sent += count
        }
    }

    /// Reads more bytes into the buffer; false at end of stream; throws on timeout or reset.
    @discardableResult
    private func fill() throws -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        guard count >= 0 else { throw TestFailure("recv failed: \(String(cString: strerror(errno)))") }
        buffer.append(contentsOf: chunk[0..<count])
        return count > 0
    }

    /// Exactly `count` bytes.
    func read(count: Int) throws -> [UInt8] {
        while buffer.count < count {
            guard try fill() else { throw TestFailure("closed after \(buffer.count) of \(count) bytes") }
        }
        defer { buffer.removeFirst(count) }
        return Array(buffer[0..<count])
    }

    /// One CRLF-terminated line, without its CRLF.
    func readLine() throws -> String {
        while true {
            if let end = buffer.indices.dropLast().first(where: { buffer[$0] == 13 && buffer[$0 + 1] == 10 }) {
                defer { buffer.removeFirst(end + 2) }
                return String(decoding: buffer[0..<end], as: UTF8.self)
            }
            guard try fill() else { throw TestFailure("closed inside a line: \(String(decoding: buffer, as: UTF8.self))") }
        }
    }

    /// The next response; `bodyless` for answers to HEAD.
    func readResponse(bodyless: Bool = false) throws -> ClientResponse {
        let statusLine = try readLine()
        let parts = statusLine.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, parts[0] == "HTTP/1.1", let status = Int(parts[1]) else {
            throw TestFailure("bad status line: \(statusLine)")
        }
        var headers: [(String, String)] = []
        while true {
            let line = try readLine()
            if line.isEmpty { break }
            guard let colon = line.firstIndex(of: ":") else { throw TestFailure("bad header line: \(line)") }
            headers.append((String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        var response = ClientResponse(status: status, headers: headers, body: [])
        guard !bodyless, status >= 200, status != 204, status != 304 else { return response }
        if let length = response.header("Content-Length").flatMap(Int.init) {
            response.body = try read(count: length)
        } else if response.header("Transfer-Encoding") == "chunked" {
            while true {
                guard let size = Int(try readLine(), radix: 16) else { throw TestFailure("bad chunk size") }
                if size == 0 {
                    _ = try readLine()
                    break
                }
                response.body += try read(count: size)
                guard try readLine().isEmpty else { throw TestFailure("chunk without CRLF") }
            }
        } else {
            response.body = try readToEnd()
        }
        return response
    }

    /// Everything until the server closes.
    func readToEnd() throws -> [UInt8] {
        while try fill() {}
        defer { buffer = [] }
        return buffer
    }

    /// True when the server closes with nothing more to read before the receive timeout.
    func isClosedByPeer() -> Bool {
        (try? fill()) == false && buffer.isEmpty
    }
}

extension RawClient {
    /// A connection answered one request and kept alive: idle, until it sends more.
    static func keptAlive(port: Int) throws -> RawClient {
        let client = try RawClient(port: port)
        try client.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
        guard try client.readResponse().status == 200 else { throw TestFailure("GET /hello was not answered 200") }
        return client
    }
}

/// A responder built from a closure.
struct TestResponder: HTTPResponder {
    let handler: @Sendable (ServerRequest) -> Reply

    func respond(to request: ServerRequest) -> Reply { handler(request) }
}

/// Collects access lines as the server hands them over, for the access-log tests.
final class AccessLogRecorder: AccessLogSink {
    private let bytes = Locked<[UInt8]>([])

    func write(accessLines: [UInt8]) { bytes.withLock { $0 += accessLines } }

    /// Each line without its time stamp and the word `access`: "GET /x 200 5B 12us".
    var lines: [String] {
        String(decoding: bytes.withLock { $0 }, as: UTF8.self).split(separator: "\n").map { line in
            guard let range = line.range(of: " access ") else { return String(line) }
            return String(line[range.upperBound...])
        }
    }

    /// Whole lines as written, time stamp included.
    var raw: String { String(decoding: bytes.withLock { $0 }, as: UTF8.self) }
}

/// A flag another thread sets, waited on with a timeout.
final class Signal: Sendable {
    private let semaphore = DispatchSemaphore(value: 0)
    private let count = Atomic(0)

    func fire() {
        count.add(1, ordering: .relaxed)
        semaphore.signal()
    }

    var fired: Int { count.load(ordering: .relaxed) }

    func wait(seconds: Double = 5) -> Bool { semaphore.wait(timeout: .now() + seconds) == .success }
}

/// Starts a server on a free port with `responder`, runs `body`, then stops it.
func withServer(
    _ configuration: ServerConfiguration = ServerConfiguration(port: 0),
    logger: Logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() },
    accessLog: AccessLogRecorder? = nil,
    responder: some HTTPResponder = TestResponder(handler: standardHandler),
    _ body: (HTTPServer, Int) throws -> Void
) throws {
    var configuration = configuration
    configuration.port = 0
    let server = HTTPServer(configuration: configuration, responder: responder, logger: logger, accessLog: accessLog)
    let port = try server.start()
    defer {
        let stopped = Signal()
        server.shutdown(grace: 1) { stopped.fire() }
        _ = stopped.wait()
    }
    try body(server, port)
}

/// 6 MB, more than loopback socket buffers hold, so writing it takes several rounds.
let bigBody = (0..<6_000_000).map { UInt8(truncatingIfNeeded: $0 % 251) }

/// The routes most socket tests use.
@Sendable func standardHandler(_ request: ServerRequest) -> Reply {
    switch request.path {
    case "/hello":
        return .now(ServerResponse(status: .ok, headers: [.contentType: "text/plain"], body: Array("hello".utf8)))
    case "/echo":
        let query = request.query.map { "\($0.name)=\($0.value)" }.joined(separator: "&")
        let text = "\(request.head.method.rawValue) \(request.path) \(query) \(String(decoding: request.body, as: UTF8.self))"
        return .now(ServerResponse(status: .ok, body: Array(text.utf8)))
    case "/big":
        return .now(ServerResponse(status: .ok, body: bigBody))
    case "/later":
        let milliseconds = request.query.first { $0.name == "ms" }.flatMap { Int($0.value) } ?? 0
        let path = request.path + "?ms=\(milliseconds)"
        return .later { complete in
            DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(milliseconds)) {
                complete(ServerResponse(status: .ok, body: Array(path.utf8)))
            }
        }
    default:
        return .now(.problem(.notFound, detail: "No resource at \(request.path)."))
    }
}
