import Locking
import Dispatch
import Foundation
import HTTPTypes
import Logging
import Testing
@testable import HTTPServer

/// Regressions found by the bad-request battery (Tests/Hardening/battery.py) and the fuzzers
/// (Tests/Fuzz): each pins a class of bug, not only the input that showed it.
@Suite struct HardeningTests {
    /// Answers of 1 KiB, so a deep pipeline fills the output backlog many times over.
    static let kilobyte = TestResponder { _ in .now(ServerResponse(status: .ok, body: Array(repeating: UInt8(ascii: "k"), count: 1024))) }

    /// A pipeline held back for its backlog must resume however fast the peer drains it: a
    /// drain that emptied the backlog within the same turn used to leave reading paused for
    /// good, until the idle timeout reset the connection.
    @Test func heldBackPipelineResumesWhenTheBacklogDrainsAtOnce() throws {
        try withServer(responder: Self.kilobyte) { _, port in
            let client = try RawClient(port: port, timeout: 10)
            let count = 2000
            try client.send(String(repeating: "GET /k HTTP/1.1\r\nHost: x\r\n\r\n", count: count))
            for index in 0..<count {
                let response = try client.readResponse()
                try #require(response.status == 200 && response.body.count == 1024, "answer \(index)")
            }
        }
    }

    /// Bytes that can never become a request line are refused as they arrive, not after the
    /// header timeout: a TLS handshake, binary noise, lines ending in bare CRs (also when the
    /// CR and what follows it arrive in separate reads).
    @Test func refusesNonHTTPBytesWithoutWaitingForALineEnd() {
        for prefix: [UInt8] in [[0x16, 0x03, 0x01, 0x02, 0x00], [0x00, 0xFF], Array(" GET".utf8), Array("G(T".utf8),
                                Array("GET / HTTP/1.1\rHost: x\r".utf8)] {
            var feeder = Feeder()
            feeder.feed(prefix)
            #expect(feeder.error?.status == .badRequest, "\(prefix)")
        }
        var split = Feeder()
        split.feed(Array("GET / HTTP/1.1\r".utf8))
        #expect(split.error == nil)
        split.feed(Array("Host: x\r".utf8))
        #expect(split.error?.status == .badRequest)

        var fine = Feeder()
        for piece in ["\r", "\nGET", " / HTTP/1.1\r", "\nHost: x\r", "\n\r", "\n"] { fine.feed(Array(piece.utf8)) }
        #expect(fine.error == nil && fine.requests.count == 1)
        // A long unknown method still earns 501 once its line is complete.
        #expect(refusal("VERYLONGMETHODNAMEVERYLONGMETHODNAME / HTTP/1.1\r\nHost: x\r\n\r\n") == 501)
    }

    @Test func refusesUserInformationInAbsoluteTargets() {
        #expect(refusal("GET http://user:secret@example.com/ HTTP/1.1\r\nHost: x\r\n\r\n") == 400)
        #expect(refusal("GET http://@example.com/ HTTP/1.1\r\nHost: x\r\n\r\n") == 400)
        #expect(parse("GET http://example.com/a@b HTTP/1.1\r\nHost: x\r\n\r\n").requests.count == 1)
    }

    /// RFC 9112 sections 6.1 and 6.3: chunked must be the last coding and given once (else 400);
    /// codings before it are understood but not implemented (501); codings add up over fields.
    @Test(arguments: [
        ("gzip, chunked", 501), ("gzip\r\nTransfer-Encoding: chunked", 501), ("chunked, gzip", 400),
        ("chunked\r\nTransfer-Encoding: identity", 400), ("chunked, chunked", 400), ("identity", 400),
        ("chunked;q=1", 400), ("", 400), (",", 400),
    ])
    func transferCodings(value: String, status: Int) {
        #expect(refusal("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: \(value)\r\n\r\n0\r\n\r\n") == status)
    }

    @Test func emptyListElementsOfTransferEncodingAreIgnored() {
        for value in ["chunked,", ", chunked", "CHUNKED"] {
            let feeder = parse("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: \(value)\r\n\r\n3\r\nabc\r\n0\r\n\r\n")
            #expect(feeder.requests.first?.request.body == Array("abc".utf8), "\(value)")
        }
    }

    /// Every answer carries the configured fields (CORS), those the server makes without the
    /// responder too: a browser could not read a 413, 431 or 503 otherwise.
    @Test func everyAnswerCarriesTheConfiguredFields() throws {
        let origin = HTTPField.Name("Access-Control-Allow-Origin")!
        var configuration = ServerConfiguration(maxBodyBytes: 10, commonAnswerFields: [origin: "*"])
        try withServer(configuration) { _, port in
            for request in ["POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\n", "OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n",
                            "GET / HTTP/9.9\r\nHost: x\r\n\r\n", "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n"] {
                let client = try RawClient(port: port)
                try client.send(request)
                let response = try client.readResponse()
                #expect(response.header("Access-Control-Allow-Origin") == "*", "\(request)")
            }
        }
        configuration.maxConnections = 1
        try withServer(configuration) { _, port in
            let held = try RawClient.keptAlive(port: port)
            // Busy with a request: an idle one would make room for the next.
            try held.send("GET /hello HTTP/1.1\r\n")
            Thread.sleep(forTimeInterval: 0.1)
            let refused = try RawClient(port: port)
            let response = try refused.readResponse()
            #expect(response.status == 503 && response.header("Access-Control-Allow-Origin") == "*")
        }
    }

    @Test func aHandlersOwnValueWinsOverTheCommonField() {
        let origin = HTTPField.Name("Access-Control-Allow-Origin")!
        var encoder = ResponseEncoder(commonFields: [origin: "*"])
        var head: [UInt8] = []
        encoder.encodeHead(HTTPResponse(status: .ok, headerFields: [origin: "https://a.example"]), framing: .length(0),
                           connection: .none, into: &head)
        let text = String(decoding: head, as: UTF8.self)
        #expect(text.contains("Access-Control-Allow-Origin: https://a.example\r\n"))
        #expect(!text.contains("Access-Control-Allow-Origin: *"))
    }

    /// The access log shows the decoded path: a decoded line break must not start a forged line.
    @Test func accessLogEscapesControlAndFormatCharacters() throws {
        let recorder = AccessLogRecorder()
        try withServer(accessLog: recorder) { _, port in
            let client = try RawClient(port: port)
            try client.send("GET /a%0D%0Afake%09line%E2%80%AE%E2%80%A8%C3%A9 HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try client.readResponse().status == 404)
        }
        let line = try #require(recorder.lines.first { $0.hasPrefix("GET /a") })
        #expect(line.hasPrefix("GET /a%0D%0Afake%09line%E2%80%AE%E2%80%A8\u{E9} 404 "), "\(line)")
        #expect(!line.unicodeScalars.contains { $0.properties.generalCategory == .control })
    }

    /// Contract testing tries QUERY on every path: a known method a route does not take is
    /// 405 with Allow, not 501 (which reads as a server error).
    @Test func queryIsAKnownMethod() throws {
        let feeder = parse("QUERY /positions HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}")
        #expect(feeder.error == nil && feeder.requests.first?.request.head.method.rawValue == "QUERY")
        #expect(refusal("QUERYX / HTTP/1.1\r\nHost: x\r\n\r\n") == 501)
    }

    /// SIGTERM while clients are mid-request: a request whose bytes have begun to arrive is
    /// read to its end and answered (with Connection: close) within the grace period; only
    /// connections with nothing under way close at once. It used to be dropped unanswered.
    @Test func shutdownCompletesRequestsThatHaveBegunToArrive() throws {
        let server = HTTPServer(configuration: ServerConfiguration(port: 0), responder: TestResponder(handler: standardHandler),
                                logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
        let port = try server.start()
        let head = try RawClient(port: port)
        let body = try RawClient(port: port)
        let idle = try RawClient(port: port)
        try head.send("GET /hello HTTP/1.1\r\nHo")
        try body.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 6\r\n\r\nabc")
        try idle.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try idle.readResponse().status == 200)
        Thread.sleep(forTimeInterval: 0.05)
        let stopped = Signal()
        server.shutdown(grace: 3) { stopped.fire() }
        #expect(idle.isClosedByPeer(), "nothing under way: closed at once")
        Thread.sleep(forTimeInterval: 0.1)
        try head.send("st: x\r\n\r\nGET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
        try body.send("def")
        let answered = try head.readResponse()
        #expect(answered.status == 200 && answered.header("Connection") == "close")
        #expect(head.isClosedByPeer(), "the pipelined request after it is not taken")
        let echoed = try body.readResponse()
        #expect(echoed.text == "POST /echo  abcdef" && echoed.header("Connection") == "close")
        #expect(body.isClosedByPeer())
        #expect(stopped.wait(seconds: 3))
    }

    /// Shutdown closes idle keep-alive connections with a FIN, never a reset, even when the
    /// client's next request is already on its way (a reset can destroy unread answers).
    @Test func shutdownClosesIdleConnectionsWithoutAReset() throws {
        let server = HTTPServer(configuration: ServerConfiguration(port: 0), responder: TestResponder(handler: standardHandler),
                                logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
        let port = try server.start()
        let resets = Locked(0)
        let running = DispatchGroup()
        for _ in 0..<20 {
            running.enter()
            Thread.detachNewThread {
                defer { running.leave() }
                guard let client = try? RawClient(port: port) else { return }
                while (try? client.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")) != nil {
                    do {
                        _ = try client.readResponse()
                    } catch {
                        // A clean close ends the loop; a reset is the failure.
                        if "\(error)".contains("reset") { resets.withLock { $0 += 1 } }
                        return
                    }
                }
            }
        }
        Thread.sleep(forTimeInterval: 0.2)
        let stopped = Signal()
        server.shutdown(grace: 3) { stopped.fire() }
        #expect(running.wait(timeout: .now() + 5) == .success)
        #expect(resets.withLock { $0 } == 0)
        // The clients' closes are seen at once (an end of file right behind a request used to
        // go unnoticed until the 2 s linger ran out).
        #expect(stopped.wait(seconds: 1))
    }
}
