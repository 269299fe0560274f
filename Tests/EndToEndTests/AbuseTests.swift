import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing

/// Issue 20: what an anonymous client could take from the server (memory, connection slots,
/// fetch threads, the time of the event loops) and what the server gave away, through the
/// real binary over TCP.
@Suite struct AbuseTests {
    static let auth = WriteAPITests.auth

    func writer(_ config: [String: Any] = [:]) throws -> ServerProcess {
        try ServerProcess(config: config, environment: ["PEACETRACK_TOKEN": WriteAPITests.token])
    }

    static func upload(_ method: String = "POST", _ target: String = "/documents", length: Int, headers: String = "") -> String {
        "\(method) \(target) HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: \(length)\r\n"
            + "Expect: 100-continue\r\n\(headers)\r\n"
    }

    /// A write without a valid token is answered from its head: no `100 Continue`, no body read,
    /// and the connection closes. The large limit is only for an authorised `POST /documents`.
    @Test func anonymousUploadsAreRefusedBeforeTheirBody() throws {
        let server = try writer()
        defer { server.stop() }
        let anonymous = try server.connect()
        try anonymous.send(Self.upload(length: 6_000_000))
        let refused = try anonymous.readResponse()
        #expect(refused.status == 401)
        #expect(refused.header("connection") == "close")
        let wrong = try server.connect()
        try wrong.send(Self.upload(length: 6_000_000, headers: "Authorization: Bearer wrong-token-of-some-length\r\n"))
        #expect(try wrong.readResponse().status == 401)
        let reader = try server.connect()
        try reader.send(Self.upload("GET", "/documents?limit=1", length: 6_000_000))
        #expect(try reader.readResponse().status == 413)
        let writer = try server.connect()
        try writer.send(Self.upload(length: 6_000_000, headers: "Authorization: Bearer \(WriteAPITests.token)\r\n"))
        #expect(try writer.readResponse().status == 100)
    }

    @Test func bodiesShareABudget() throws {
        let server = try writer(["limits": ["maxBufferedBodyBytes": 100_000]])
        defer { server.stop() }
        let authorised = "Authorization: Bearer \(WriteAPITests.token)\r\n"
        let holder = try server.connect()
        try holder.send(Self.upload(length: 80_000, headers: authorised) + String(repeating: " ", count: 1000))
        #expect(try holder.readResponse().status == 100)
        let second = try server.connect()
        try second.send(Self.upload(length: 30_000, headers: authorised))
        let busy = try second.readResponse()
        #expect(busy.status == 503)
        #expect(busy.header("retry-after") != nil)
        holder.close()
        usleep(200_000)
        let third = try server.connect()
        try third.send(Self.upload(length: 30_000, headers: authorised))
        #expect(try third.readResponse().status == 100)
    }

    @Test func wrongTokensFromOneAddressAreSlowed() throws {
        let server = try writer()
        defer { server.stop() }
        var seconds: [Double] = []
        for _ in 0..<12 {
            let started = Date()
            let answer = try server.request("DELETE", "/documents/x", headers: ["Authorization": "Bearer guess-\(UUID().uuidString)"])
            #expect(answer.status == 401)
            seconds.append(Date().timeIntervalSince(started))
        }
        #expect(seconds[0] < 0.3)
        #expect(seconds[11] >= 0.9)
    }

    /// Streams have a cap of their own below the connection cap, and end when idle.
    @Test func eventStreamsAreCappedAndEndWhenIdle() throws {
        let server = try writer(["limits": ["maxConnections": 10, "maxStreams": 2], "events": ["idleSeconds": 1]])
        defer { server.stop() }
        var streams: [Connection] = []
        for _ in 0..<2 {
            let stream = try server.connect()
            try stream.send("GET /events HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try stream.readResponse(expectBody: false).status == 200)
            streams.append(stream)
        }
        let third = try server.connect()
        try third.send("GET /events HTTP/1.1\r\nHost: x\r\n\r\n")
        let refused = try third.readResponse()
        #expect(refused.status == 503)
        #expect(refused.header("retry-after") != nil)
        #expect(refused.header("connection") == "close", "a refused stream client must not keep a connection place")
        #expect(try server.get("/health").status == 200)
        let started = Date()
        for stream in streams {
            var chunk = [UInt8](repeating: 0, count: 4096)
            while recv(stream.socket, &chunk, chunk.count, 0) > 0 {}
        }
        #expect(Date().timeIntervalSince(started) < 4)
        #expect(try server.get("/events", headers: ["Connection": "close"]).status == 200)
    }

    @Test func routeWordsAreNotIDsAndCredentialsAreNotKept() throws {
        let server = try writer()
        defer { server.stop() }
        let text = "Norway is considering sending troops to a reassurance force in Ukraine, Oslo said."
        let reserved = try server.request("POST", "/documents", body: WriteAPITests.json(["text": text, "id": "fetch"]), headers: Self.auth)
        #expect(reserved.status == 400)
        let titled = try server.request("POST", "/documents", body: WriteAPITests.json([
            "text": text, "title": "Fetch", "url": "https://reporter:s3cret@example.com/norway",
        ]), headers: Self.auth)
        #expect(titled.status == 201)
        let id = try #require(titled.json["id"] as? String)
        #expect(id != "fetch")
        #expect(titled.json["url"] as? String == "https://example.com/norway")
        #expect(try server.get("/documents/\(id)").status == 200)
        #expect(try server.request("DELETE", "/documents/\(id)", headers: Self.auth).status == 204)
    }

    /// Fetches run in a bounded pool; a fetched page passes the checks of a posted document.
    @Test func fetchesAreBoundedAndCheckedLikePosts() throws {
        let longTitle = String(repeating: "Sweden weighs a role ", count: 100)
        let longText = String(repeating: "<p>Sweden is considering sending troops to a reassurance force.</p>\n", count: 40_000)
        let site = try LocalSite(files: ["long-title.html": """
            <html><head><meta property="og:title" content="\(longTitle)"></head>
            <body><article><p>Sweden is considering sending troops to a reassurance force.</p></article></body></html>
            """, "long-text.html": "<html><head><title>Long</title></head><body><article>\(longText)</article></body></html>"])
        defer { site.stop() }
        // Accepts connections (through the backlog) and never answers.
        let silent = try SilentListener()
        defer { silent.stop() }
        let server = try writer(["fetch": ["allowPrivateNetworks": true, "maxConcurrent": 1, "timeoutSeconds": 3]])
        defer { server.stop() }
        let titled = try server.request("POST", "/documents/fetch",
                                        body: WriteAPITests.json(["url": "http://127.0.0.1:\(site.port)/long-title.html"]), headers: Self.auth)
        #expect(titled.status == 422)
        let long = try server.request("POST", "/documents/fetch",
                                      body: WriteAPITests.json(["url": "http://127.0.0.1:\(site.port)/long-text.html"]), headers: Self.auth)
        #expect(long.status == 413)
        // The refused fetch above may still hold the pool's place for a moment after its answer:
        // wait until a fetch is admitted again before taking the place with a hanging one.
        for _ in 0..<20 {
            let probe = try server.request("POST", "/documents/fetch",
                                           body: WriteAPITests.json(["url": "http://127.0.0.1:\(site.port)/other.html"]), headers: Self.auth)
            if probe.status != 503 { break }
            usleep(100_000)
        }
        let hanging = try server.connect()
        let body = WriteAPITests.json(["url": "http://user:pw@127.0.0.1:\(silent.port)/slow"])
        try hanging.send("POST /documents/fetch HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(WriteAPITests.token)\r\n"
                         + "Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)")
        // The hanging fetch takes the pool's one place as soon as the server reads it; under a
        // loaded machine that may take a moment, so ask again until the pool is full (at most 2 s).
        var busy = try server.request("POST", "/documents/fetch",
                                      body: WriteAPITests.json(["url": "http://127.0.0.1:\(site.port)/other.html"]), headers: Self.auth)
        for _ in 0..<20 where busy.status != 503 {
            usleep(100_000)
            busy = try server.request("POST", "/documents/fetch",
                                      body: WriteAPITests.json(["url": "http://127.0.0.1:\(site.port)/other.html"]), headers: Self.auth)
        }
        #expect(busy.status == 503)
        #expect(busy.header("retry-after") != nil)
        let timedOut = try hanging.readResponse()
        #expect(timedOut.status == 504, "\(timedOut.status) \(String(decoding: timedOut.body, as: UTF8.self))")
        #expect(!server.logText.contains("pw@"))
    }
}

/// A listening socket on 127.0.0.1 that never accepts: connections complete, nothing answers.
final class SilentListener {
    let socket: Int32
    let port: UInt16

    init() throws {
        let fd = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        guard bound == 0, listen(fd, 16) == 0 else { close(fd); throw Connection.ConnectionError.failed("listen: errno \(errno)") }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        socket = fd
        port = UInt16(bigEndian: address.sin_port)
    }

    func stop() { close(socket) }
}
