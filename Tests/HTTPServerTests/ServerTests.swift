import Dispatch
import Foundation
import HTTPTypes
import Logging
import Testing
@testable import HTTPServer

/// The server over real sockets on 127.0.0.1.
@Suite struct ServerTests {
    @Test func keepAliveServesManyRequestsOnOneConnection() throws {
        try withServer { _, port in
            let client = try RawClient(port: port)
            for index in 0..<200 {
                try client.send("GET /echo?i=\(index) HTTP/1.1\r\nHost: x\r\n\r\n")
                let response = try client.readResponse()
                try #require(response.status == 200)
                #expect(response.text == "GET /echo i=\(index) ")
                #expect(response.header("Connection") == nil)
            }
        }
    }

    @Test func addsContentLengthAndDate() throws {
        try withServer { _, port in
            let client = try RawClient(port: port)
            try client.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.header("Content-Length") == "5")
            #expect(response.header("Content-Type") == "text/plain")
            let date = try #require(response.header("Date"))
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "GMT")
            formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
            let parsed = try #require(formatter.date(from: date), "\(date)")
            #expect(abs(parsed.timeIntervalSinceNow) < 5)
        }
    }

    @Test func pipelinedRequestsAreAnsweredInOrderAroundLaterReplies() throws {
        try withServer { _, port in
            let client = try RawClient(port: port)
            try client.send("GET /later?ms=300 HTTP/1.1\r\nHost: x\r\n\r\n"
                + "GET /echo?n=2 HTTP/1.1\r\nHost: x\r\n\r\n"
                + "GET /later?ms=10 HTTP/1.1\r\nHost: x\r\n\r\n"
                + "GET /missing HTTP/1.1\r\nHost: x\r\n\r\n"
                + "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\nbody")
            #expect(try client.readResponse().text == "/later?ms=300")
            #expect(try client.readResponse().text == "GET /echo n=2 ")
            #expect(try client.readResponse().text == "/later?ms=10")
            #expect(try client.readResponse().status == 404)
            #expect(try client.readResponse().text == "POST /echo  body")
        }
    }

    @Test func deepPipelinesAreHeldBackAndResumedInOrder() throws {
        try withServer { _, port in
            let client = try RawClient(port: port)
            let requests = (0..<60).map { index in
                index % 3 == 0 ? "GET /later?ms=\(60 - index) HTTP/1.1\r\nHost: x\r\n\r\n" : "GET /echo?i=\(index) HTTP/1.1\r\nHost: x\r\n\r\n"
            }
            try client.send(requests.joined())
            for index in 0..<60 {
                let expected = index % 3 == 0 ? "/later?ms=\(60 - index)" : "GET /echo i=\(index) "
                #expect(try client.readResponse().text == expected, "response \(index)")
            }
        }
    }

    @Test func largeAnswersReachASlowReaderWhole() throws {
        try withServer { _, port in
            let client = try RawClient(port: port)
            let expected = bigBody
            try client.send("GET /big HTTP/1.1\r\nHost: x\r\n\r\nGET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
            Thread.sleep(forTimeInterval: 0.3)
            let big = try client.readResponse()
            #expect(big.body.count == expected.count)
            #expect(big.body == expected)
            #expect(try client.readResponse().text == "hello")
        }
    }

    @Test func chunkedRequestBodies() throws {
        var configuration = ServerConfiguration()
        configuration.maxBodyBytes = 16
        try withServer(configuration) { _, port in
            let client = try RawClient(port: port)
            try client.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5;x=y\r\nhello\r\n")
            try client.send("6\r\n world\r\n0\r\nChecksum: 1\r\n\r\n")
            #expect(try client.readResponse().text == "POST /echo  hello world")
            try client.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n0123456789abcdef\r\n1\r\n")
            let refused = try client.readResponse()
            #expect(refused.status == 413 && refused.header("Connection") == "close")
            #expect(client.isClosedByPeer())
        }
    }

    @Test func http10ClosesUnlessKeepAliveIsAsked() throws {
        try withServer { _, port in
            let plain = try RawClient(port: port)
            try plain.send("GET /hello HTTP/1.0\r\n\r\n")
            let first = try plain.readResponse()
            #expect(first.status == 200 && first.header("Connection") == "close")
            #expect(plain.isClosedByPeer())

            let kept = try RawClient(port: port)
            try kept.send("GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            #expect(try kept.readResponse().header("Connection") == "keep-alive")
            try kept.send("GET /echo HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            #expect(try kept.readResponse().text == "GET /echo  ")
        }
    }

    @Test func connectionCloseIsHonoured() throws {
        try withServer { _, port in
            let client = try RawClient(port: port)
            try client.send("GET /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\nGET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try client.readResponse().header("Connection") == "close")
            #expect(client.isClosedByPeer(), "the request after Connection: close is not answered")
        }
    }

    @Test func headKeepsTheLengthAndDropsTheBody() throws {
        try withServer { _, port in
            let client = try RawClient(port: port)
            try client.send("HEAD /hello HTTP/1.1\r\nHost: x\r\n\r\n")
            let head = try client.readResponse(bodyless: true)
            #expect(head.status == 200 && head.header("Content-Length") == "5")
            // Had a body been sent, it would be read here as the next status line.
            try client.send("GET /echo HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try client.readResponse().text == "GET /echo  ")
        }
    }

    @Test func expectContinue() throws {
        var configuration = ServerConfiguration()
        configuration.maxBodyBytes = 100
        try withServer(configuration) { _, port in
            let client = try RawClient(port: port)
            try client.send("POST /echo HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n")
            #expect(try client.readLine() == "HTTP/1.1 100 Continue")
            #expect(try client.readLine() == "")
            try client.send("12345")
            #expect(try client.readResponse().text == "POST /echo  12345")

            let tooBig = try RawClient(port: port)
            try tooBig.send("POST /echo HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 101\r\n\r\n")
            let refused = try tooBig.readResponse()
            #expect(refused.status == 413 && refused.header("Connection") == "close")
            #expect(tooBig.isClosedByPeer())

            let odd = try RawClient(port: port)
            try odd.send("POST /echo HTTP/1.1\r\nHost: x\r\nExpect: something-else\r\nContent-Length: 1\r\n\r\n")
            #expect(try odd.readResponse().status == 417)
        }
    }

    @Test func errorsAreProblemsAndClose() throws {
        try withServer { _, port in
            for (request, status) in [
                ("GET / HTTP/1.1\r\n\r\n", 400), ("BREW / HTTP/1.1\r\nHost: x\r\n\r\n", 501),
                ("GET / HTTP/2.0\r\n\r\n", 505), ("GET /%zz HTTP/1.1\r\nHost: x\r\n\r\n", 400),
            ] {
                let client = try RawClient(port: port)
                try client.send(request)
                let response = try client.readResponse()
                #expect(response.status == status)
                #expect(response.header("Content-Type") == "application/problem+json")
                #expect(response.header("Connection") == "close")
                let json = try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])
                #expect(json["status"] as? Int == status)
                #expect((json["detail"] as? String)?.isEmpty == false)
                #expect(client.isClosedByPeer())
            }
        }
    }

    @Test func serverWideOptions() throws {
        try withServer { _, port in
            let client = try RawClient(port: port)
            try client.send("OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.status == 204 && response.header("Content-Length") == nil)
            #expect(response.header("Allow") == "GET, HEAD, POST, PUT, DELETE, OPTIONS, PATCH, TRACE, CONNECT, QUERY")
        }
    }

    /// At the cap with every connection busy with a request (a head under way), a new one is 503.
    @Test func connectionCapAnswers503() throws {
        var configuration = ServerConfiguration()
        configuration.maxConnections = 2
        try withServer(configuration) { _, port in
            var held = try (0..<2).map { _ in try RawClient.keptAlive(port: port) }
            for client in held { try client.send("GET /hello HTTP/1.1\r\n") }
            Thread.sleep(forTimeInterval: 0.1)
            let refused = try RawClient(port: port)
            let response = try refused.readResponse()
            #expect(response.status == 503 && response.header("Content-Type") == "application/problem+json")
            #expect(refused.isClosedByPeer())

            held.removeFirst()
            // The freed place is released on the server's queue shortly after the close.
            var served = false
            for _ in 0..<50 where !served {
                Thread.sleep(forTimeInterval: 0.02)
                let client = try RawClient(port: port)
                try client.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
                served = try client.readResponse().status == 200
            }
            #expect(served)
        }
    }

    /// At the cap, a new connection takes the place of the one idle the longest: kept alive
    /// after an answer, or silent since it opened; busy ones are left alone.
    @Test func idleConnectionsMakeRoomOldestFirst() throws {
        var configuration = ServerConfiguration()
        configuration.maxConnections = 3
        try withServer(configuration) { _, port in
            let keptAlive = try RawClient.keptAlive(port: port)
            Thread.sleep(forTimeInterval: 0.05)
            let silent = try RawClient(port: port)
            let busy = try RawClient(port: port)
            try busy.send("GET /hello HTTP/1.1\r\n")
            Thread.sleep(forTimeInterval: 0.1)
            var newcomers: [RawClient] = []
            for expectedClosed in [keptAlive, silent] {
                let newcomer = try RawClient.keptAlive(port: port)
                newcomers.append(newcomer)
                #expect(expectedClosed.isClosedByPeer())
                try newcomer.send("GET /hello HTTP/1.1\r\n")
                Thread.sleep(forTimeInterval: 0.05)
            }
            let refused = try RawClient(port: port)
            #expect(try refused.readResponse().status == 503, "every connection is busy")
            try busy.send("Host: x\r\n\r\n")
            #expect(try busy.readResponse().status == 200)
        }
    }

    @Test func headerTimeoutAnswers408OrClosesSilently() throws {
        var configuration = ServerConfiguration()
        configuration.headerTimeout = 0.3
        try withServer(configuration) { _, port in
            let partial = try RawClient(port: port)
            let silent = try RawClient(port: port)
            let start = Date()
            try partial.send("GET /hello HTTP/1.1\r\nHo")
            let response = try partial.readResponse()
            #expect(response.status == 408 && response.header("Connection") == "close")
            #expect(Date().timeIntervalSince(start) >= 0.25)
            #expect(partial.isClosedByPeer())
            #expect(silent.isClosedByPeer(), "no bytes: closed without an answer")
        }
    }

    @Test func idleKeepAliveConnectionsClose() throws {
        var configuration = ServerConfiguration()
        configuration.idleTimeout = 0.3
        try withServer(configuration) { _, port in
            let client = try RawClient(port: port)
            try client.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try client.readResponse().status == 200)
            let start = Date()
            #expect(client.isClosedByPeer())
            let elapsed = Date().timeIntervalSince(start)
            #expect(elapsed >= 0.2 && elapsed < 3)
        }
    }

    @Test func accessLogLinePerRequest() throws {
        let recorder = AccessLogRecorder()
        try withServer(accessLog: recorder) { _, port in
            let client = try RawClient(port: port)
            try client.send("GET /hello?x=1 HTTP/1.1\r\nHost: x\r\n\r\nGET /missing HTTP/1.1\r\nHost: x\r\n\r\n")
            _ = try client.readResponse()
            _ = try client.readResponse()
        }
        let lines = recorder.lines
        #expect(lines.count == 2, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("GET /hello 200 5B ") && $0.hasSuffix("us") }, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("GET /missing 404 ") })
        #expect(recorder.raw.range(of: #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4} access GET "#, options: .regularExpression) != nil,
                "\(recorder.raw)")
    }

    /// Lines wait in the loop for a batch, but never longer than a quarter of a second.
    @Test func accessLinesReachTheSinkWhileTheServerRuns() throws {
        let recorder = AccessLogRecorder()
        try withServer(accessLog: recorder) { _, port in
            let client = try RawClient(port: port)
            try client.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
            _ = try client.readResponse()
            let deadline = Date().addingTimeInterval(2)
            while recorder.lines.isEmpty, Date() < deadline { usleep(10_000) }
            #expect(recorder.lines.count == 1, "not handed over while the connection stays open")
        }
    }

    @Test(arguments: [0, 7, 10, 99, 100, 12_345, UInt64.max])
    func decimalsAreWrittenAsASCII(value: UInt64) {
        var line: [UInt8] = []
        AccessLines.appendDecimal(value, to: &line)
        #expect(String(decoding: line, as: UTF8.self) == String(value))
    }

    @Test func startReportsBusyPortsAndBadHosts() throws {
        try withServer { _, port in
            let second = HTTPServer(configuration: ServerConfiguration(port: port), responder: TestResponder(handler: standardHandler),
                                    logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
            #expect { try second.start() } throws: { "\($0)".contains("already in use") }
        }
        let bad = HTTPServer(configuration: ServerConfiguration(host: "no such host.invalid", port: 0),
                             responder: TestResponder(handler: standardHandler), logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
        #expect { try bad.start() } throws: { "\($0)".contains("no such host.invalid") }
    }

    @Test func listensOnIPv6Loopback() throws {
        let server = HTTPServer(configuration: ServerConfiguration(host: "::1", port: 0),
                                responder: TestResponder(handler: standardHandler), logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
        let port: Int
        do { port = try server.start() } catch {
            // Containers without IPv6 cannot bind ::1; nothing to check there.
            return
        }
        defer { server.shutdown(grace: 0) {} }
        let client = try RawClient(port: port, host: "::1")
        try client.send("GET /hello HTTP/1.1\r\nHost: [::1]\r\n\r\n")
        #expect(try client.readResponse().text == "hello")
    }

    @Test func gracefulShutdownCompletesInFlightRequests() throws {
        let server = HTTPServer(configuration: ServerConfiguration(port: 0), responder: TestResponder(handler: standardHandler),
                                logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
        let port = try server.start()
        let busy = try RawClient(port: port)
        let idle = try RawClient(port: port)
        try busy.send("GET /later?ms=300 HTTP/1.1\r\nHost: x\r\n\r\n")
        try idle.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try idle.readResponse().status == 200)
        Thread.sleep(forTimeInterval: 0.05)
        let stopped = Signal()
        server.shutdown(grace: 5) { stopped.fire() }
        #expect(idle.isClosedByPeer(), "idle connections close at once")
        let response = try busy.readResponse()
        #expect(response.text == "/later?ms=300" && response.header("Connection") == "close")
        #expect(busy.isClosedByPeer())
        #expect(stopped.wait(seconds: 3))
        #expect(throws: (any Error).self) { try RawClient(port: port) }
        let again = Signal()
        server.shutdown(grace: 1) { again.fire() }
        #expect(again.wait(seconds: 1) && stopped.fired == 1)
    }

    @Test func shutdownForceClosesAfterGrace() throws {
        let server = HTTPServer(configuration: ServerConfiguration(port: 0), responder: TestResponder(handler: standardHandler),
                                logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
        let port = try server.start()
        let stuck = try RawClient(port: port)
        try stuck.send("GET /later?ms=5000 HTTP/1.1\r\nHost: x\r\n\r\n")
        Thread.sleep(forTimeInterval: 0.05)
        let stopped = Signal()
        let start = Date()
        server.shutdown(grace: 0.2) { stopped.fire() }
        #expect(stopped.wait(seconds: 3))
        #expect(Date().timeIntervalSince(start) >= 0.15)
        #expect(stuck.isClosedByPeer())
    }
}
