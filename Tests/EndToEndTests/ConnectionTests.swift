import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Keep-alive, concurrency and shutdown of the real server process.
@Suite struct ConnectionTests {
    @Test func oneKeepAliveConnectionServesAThousandRequests() throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let connection = try server.connect()
        var bodies = Set<Data>()
        for index in 0..<1000 {
            let target = index.isMultiple(of: 2) ? "/positions?country=UK" : "/health"
            try connection.send("GET \(target) HTTP/1.1\r\nHost: localhost\r\n\r\n")
            let response = try connection.readResponse()
            try #require(response.status == 200, "request \(index)")
            bodies.insert(response.body)
        }
        #expect(bodies.count == 2)
    }

    @Test func pipelinedRequestsAreAnsweredInOrder() throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let connection = try server.connect()
        try connection.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\nGET /nowhere HTTP/1.1\r\nHost: x\r\n\r\nGET /positions?limit=1 HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try connection.readResponse().status == 200)
        #expect(try connection.readResponse().status == 404)
        let third = try connection.readResponse()
        #expect(third.status == 200)
        #expect(third.json["limit"] as? Int == 1)
    }

    @Test func twoHundredConcurrentConnections() throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let connections = try (0..<200).map { _ in try server.connect() }
        for connection in connections {
            try connection.send("GET /estimates?unit=troops HTTP/1.1\r\nHost: x\r\n\r\n")
        }
        // Every request is already on the wire, so the server serves them all concurrently;
        // reading the answers one by one only collects them.
        let statuses = connections.map { (try? $0.readResponse().status) ?? 0 }
        #expect(statuses == Array(repeating: 200, count: 200))
    }

    @Test func http10ClosesUnlessKeepAliveIsAsked() throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let plain = try server.connect()
        try plain.send("GET /health HTTP/1.0\r\n\r\n")
        #expect(try plain.readResponse().status == 200)
        #expect(plain.isClosedByPeer())
        let kept = try server.connect()
        try kept.send("GET /health HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        #expect(try kept.readResponse().header("connection")?.lowercased() == "keep-alive")
        try kept.send("GET /health HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        #expect(try kept.readResponse().status == 200)
    }

    @Test func sigtermExitsZero() throws {
        let server = try ServerProcess()
        #expect(try server.get("/health").status == 200)
        #expect(server.terminate(within: 5) == 0)
        #expect(server.logText.contains("stopped"))
    }
}
