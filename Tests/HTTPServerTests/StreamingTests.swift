import Locking
import Dispatch
import Foundation
import HTTPTypes
import Logging
import Testing
@testable import HTTPServer

/// `.stream` bodies: framing, the writer's lifetime, and slow readers.
@Suite struct StreamingTests {
    /// Hands the test the writer of the last stream opened, and tells it when that stream closed.
    final class StreamProbe: Sendable {
        let opened = Signal()
        let closed = Signal()
        private let current = Locked<(any StreamWriter)?>(nil)

        var writer: (any StreamWriter)? { current.withLock { $0 } }

        func responder(first: String, finish: Bool = false) -> TestResponder {
            TestResponder { request in
                guard request.path == "/stream" else { return standardHandler(request) }
                var head = HTTPResponse(status: .ok)
                head.headerFields[.contentType] = "text/event-stream"
                return .now(ServerResponse(head: head, body: .stream { writer in
                    self.current.withLock { $0 = writer }
                    writer.onClose { self.closed.fire() }
                    writer.send(Array(first.utf8))
                    if finish {
                        writer.send(Array("-end".utf8))
                        writer.finish()
                    }
                    self.opened.fire()
                }))
            }
        }
    }

    @Test func chunkedStreamAndOnCloseWhenTheClientLeaves() throws {
        let probe = StreamProbe()
        try withServer(responder: probe.responder(first: "event-1")) { _, port in
            var client: RawClient? = try RawClient(port: port)
            try client?.send("GET /stream HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try client?.readLine() == "HTTP/1.1 200 OK")
            var headers: [String] = []
            while let line = try client?.readLine(), !line.isEmpty { headers.append(line) }
            #expect(headers.contains("Transfer-Encoding: chunked"))
            #expect(headers.contains("Connection: close"))
            #expect(!headers.contains { $0.hasPrefix("Content-Length") })
            #expect(try client?.readLine() == "7")
            #expect(try client?.readLine() == "event-1")

            let writer = try #require(probe.writer)
            #expect(writer.send(Array("more".utf8)))
            #expect(try client?.readLine() == "4")
            #expect(try client?.readLine() == "more")
            #expect(probe.closed.fired == 0)

            client = nil
            #expect(probe.closed.wait(seconds: 3))
            #expect(writer.send(Array("late".utf8)) == false)
            // Registered after the close: still called, once.
            let late = Signal()
            writer.onClose { late.fire() }
            #expect(late.wait(seconds: 2))
            #expect(probe.closed.fired == 1)
        }
    }

    @Test func finishEndsTheBodyAndTheConnection() throws {
        let probe = StreamProbe()
        try withServer(responder: probe.responder(first: "start", finish: true)) { _, port in
            let client = try RawClient(port: port)
            try client.send("GET /stream HTTP/1.1\r\nHost: x\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.text == "start-end")
            #expect(client.isClosedByPeer())
            #expect(probe.closed.wait(seconds: 3))
        }
    }

    @Test func http10StreamIsCloseDelimited() throws {
        let probe = StreamProbe()
        try withServer(responder: probe.responder(first: "start", finish: true)) { _, port in
            let client = try RawClient(port: port)
            try client.send("GET /stream HTTP/1.0\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.header("Transfer-Encoding") == nil && response.header("Content-Length") == nil)
            #expect(response.text == "start-end")
        }
    }

    @Test func shutdownEndsOpenStreams() throws {
        let probe = StreamProbe()
        let server = HTTPServer(configuration: ServerConfiguration(port: 0), responder: probe.responder(first: "x"),
                                logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
        let port = try server.start()
        let client = try RawClient(port: port)
        try client.send("GET /stream HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(probe.opened.wait())
        let stopped = Signal()
        server.shutdown(grace: 5) { stopped.fire() }
        #expect(try client.readResponse().text == "x", "the body ends with its last chunk")
        #expect(probe.closed.wait(seconds: 3))
        #expect(stopped.wait(seconds: 3))
    }

    @Test func aReaderThatFallsBehindIsDroppedWithoutBlockingOthers() throws {
        var configuration = ServerConfiguration()
        configuration.maxPendingOutputBytes = 256 << 10
        let refused = Signal()
        let closed = Signal()
        let responder = TestResponder { request in
            guard request.path == "/flood" else { return standardHandler(request) }
            return .now(ServerResponse(head: HTTPResponse(status: .ok), body: .stream { writer in
                writer.onClose { closed.fire() }
                DispatchQueue.global().async {
                    let chunk = [UInt8](repeating: 0x61, count: 64 << 10)
                    for _ in 0..<4000 {
                        if !writer.send(chunk) { return refused.fire() }
                    }
                }
            }))
        }
        try withServer(configuration, responder: responder) { _, port in
            let slow = try RawClient(port: port)
            try slow.send("GET /flood HTTP/1.1\r\nHost: x\r\n\r\n")
            let other = try RawClient(port: port)
            try other.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try other.readResponse().status == 200)
            #expect(refused.wait(seconds: 10), "send reports the dropped peer")
            #expect(closed.wait(seconds: 3))
            try other.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try other.readResponse().status == 200)
            withExtendedLifetime(slow) {}
        }
    }
}
