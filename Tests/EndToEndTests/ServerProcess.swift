import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The built `peacetrack` binary, started on a free port with a temporary corpus and config.
/// Its state is set in `init`; each request opens its own connection, so clients on several
/// threads may share it.
final class ServerProcess: @unchecked Sendable {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// The executable beside the test bundle (same build folder).
    static let binary: URL = {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("peacetrack")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        return repository.appendingPathComponent(".build/debug/peacetrack")
    }()

    let process = Process()
    let folder: URL
    let dataFolder: URL
    private let errors = Pipe()
    private let log = LogCollector()
    private(set) var port: UInt16 = 0

    /// Writes `files` as the corpus (or copies the seeds), then starts `serve --port 0`.
    /// `data` shares a data folder between processes (replicas); `environment` adds variables.
    init(corpus files: [String: [UInt8]]? = nil, config: [String: Any] = [:], arguments: [String] = [],
         data: URL? = nil, environment: [String: String] = [:]) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("peacetrack-e2e-\(UUID().uuidString)")
        let corpus = folder.appendingPathComponent("corpus")
        try FileManager.default.createDirectory(at: corpus, withIntermediateDirectories: true)
        if let files {
            for (name, bytes) in files { try Data(bytes).write(to: corpus.appendingPathComponent(name)) }
        } else {
            let seeds = Self.repository.appendingPathComponent("seeds")
            for name in try FileManager.default.contentsOfDirectory(atPath: seeds.path) {
                try FileManager.default.copyItem(at: seeds.appendingPathComponent(name), to: corpus.appendingPathComponent(name))
            }
        }
        dataFolder = data ?? folder.appendingPathComponent("data")
        var settings: [String: Any] = ["corpus": corpus.path, "data": dataFolder.path,
                                       "lexicon": Self.repository.appendingPathComponent("Config/lexicon").path]
        settings.merge(config) { _, new in new }
        let configFile = folder.appendingPathComponent("server.json")
        try JSONSerialization.data(withJSONObject: settings).write(to: configFile)

        process.executableURL = Self.binary
        // Outside the repository, as an installed server runs: relative paths are not the checkout's.
        process.currentDirectoryURL = folder
        process.arguments = ["serve", "--config", configFile.path, "--port", "0"] + arguments
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let log = log
        // `availableData` traps once the pipe is closed, which a test ending while a read is in
        // flight can cause; a plain read(2) of what is there returns an error instead.
        errors.fileHandleForReading.readabilityHandler = { handle in
            var buffer = [UInt8](repeating: 0, count: 1 << 16)
            let count = read(handle.fileDescriptor, &buffer, buffer.count)
            guard count > 0 else {
                handle.readabilityHandler = nil
                return
            }
            log.append(Data(buffer[..<count]))
        }
        try process.run()
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline, process.isRunning {
            if let port = log.listeningPort() { self.port = port; return }
            usleep(20_000)
        }
        stop()
        throw StartError(log: log.text)
    }

    struct StartError: Error, CustomStringConvertible {
        var log: String
        var description: String { "server did not start:\n\(log)" }
    }

    var logText: String { log.text }

    func connect(timeout seconds: Int = 10) throws -> Connection { try Connection(port: port, timeout: seconds) }

    /// One request on a fresh connection.
    func get(_ target: String, headers: [String: String] = [:], method: String = "GET") throws -> Response {
        try request(method, target, headers: headers)
    }

    /// One request with an optional body on a fresh connection, answered within `timeout` seconds.
    func request(_ method: String, _ target: String, body: String? = nil, headers: [String: String] = [:],
                 timeout: Int = 10) throws -> Response {
        let connection = try connect(timeout: timeout)
        var request = "\(method) \(target) HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
        for (name, value) in headers { request += "\(name): \(value)\r\n" }
        if let body { request += "Content-Length: \(body.utf8.count)\r\n" }
        try connection.send(request + "\r\n" + (body ?? ""))
        return try connection.readResponse(expectBody: method != "HEAD")
    }

    /// Sends SIGTERM and waits; returns the exit status (or nil when it had to be killed).
    @discardableResult
    func terminate(within seconds: Double = 5) -> Int32? {
        guard process.isRunning else { return process.terminationStatus }
        kill(process.processIdentifier, SIGTERM)
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning, Date() < deadline { usleep(10_000) }
        if process.isRunning { stop(); return nil }
        return process.terminationStatus
    }

    func stop() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() }
        errors.fileHandleForReading.readabilityHandler = nil
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(at: folder)
    }
}

/// Standard error of the server, collected from the pipe's handler thread.
final class LogCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()

    func append(_ chunk: Data) { lock.withLock { data.append(chunk) } }

    var text: String { lock.withLock { String(decoding: data, as: UTF8.self) } }

    func listeningPort() -> UInt16? {
        guard let range = text.range(of: #"address=http://[^ ]*:(\d+)"#, options: .regularExpression) else { return nil }
        return UInt16(text[range].split(separator: ":").last ?? "")
    }
}

struct Response {
    var status: Int
    var headers: [String: String]
    var body: Data

    func header(_ name: String) -> String? { headers[name.lowercased()] }

    var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
    var items: [[String: Any]] { json["items"] as? [[String: Any]] ?? [] }
}

/// A blocking TCP client speaking raw HTTP/1.1, so tests control every byte.
final class Connection {
    /// -1 once closed: a descriptor closed twice may by then be another test's socket.
    private(set) var socket: Int32
    private var buffer: [UInt8] = []

    init(port: UInt16, timeout seconds: Int = 10) throws {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var timeout = timeval(tv_sec: seconds, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else { Glibc.close(socket); throw ConnectionError.failed("connect: errno \(errno)") }
        self.socket = socket
    }

    deinit { close() }

    func close() {
        guard socket >= 0 else { return }
        Glibc.close(socket)
        socket = -1
    }

    enum ConnectionError: Error { case failed(String) }

    func send(_ text: String) throws { try send(Array(text.utf8)) }

    func send(_ bytes: [UInt8]) throws {
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw ConnectionError.failed("send: errno \(errno)") }
            sent += n
        }
    }

    /// Reads more bytes; false at end of stream.
    private func fill() throws -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let n = chunk.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
        if n < 0 { throw ConnectionError.failed("recv: errno \(errno)") }
        buffer.append(contentsOf: chunk[0..<n])
        return n > 0
    }

    /// True when the server closed the connection (reads end of stream).
    func isClosedByPeer() -> Bool {
        (try? fill()) == false && buffer.isEmpty
    }

    func readResponse(expectBody: Bool = true) throws -> Response {
        let separator: [UInt8] = [13, 10, 13, 10]
        var headEnd: Int?
        while headEnd == nil {
            headEnd = buffer.indices.dropLast(3).first { Array(buffer[$0..<$0 + 4]) == separator }
            if headEnd == nil, try !fill() { throw ConnectionError.failed("closed before a response head") }
        }
        let head = String(decoding: buffer[0..<headEnd!], as: UTF8.self)
        buffer.removeFirst(headEnd! + 4)
        var lines = head.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst().split(separator: " ")
        let status = Int(statusLine.count > 1 ? statusLine[1] : "") ?? 0
        var headers: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        var body = Data()
        if expectBody, status >= 200, status != 204, status != 304 {
            if let length = headers["content-length"].flatMap(Int.init) {
                while buffer.count < length { if try !fill() { break } }
                body = Data(buffer.prefix(length))
                buffer.removeFirst(min(length, buffer.count))
            } else if headers["connection"] == "close" {
                while try fill() {}
                body = Data(buffer)
                buffer.removeAll()
            }
        }
        return Response(status: status, headers: headers, body: body)
    }
}
