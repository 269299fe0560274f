import Dispatch
import Foundation
import HTTPTypes
import Locking
import Testing
@testable import HTTPServer

/// Decodes with the system's `gzip`, an implementation independent of the one under test.
func gunzip(_ bytes: [UInt8]) throws -> [UInt8] {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/gzip")
    process.arguments = ["-dc"]
    let input = Pipe(), output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    try process.run()
    // Written from another thread: a large output would otherwise fill the pipe and stall both sides.
    let writer = Thread {
        input.fileHandleForWriting.write(Data(bytes))
        try? input.fileHandleForWriting.close()
    }
    writer.start()
    let decoded = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { throw TestFailure("gzip -d exited \(process.terminationStatus)") }
    return [UInt8](decoded)
}

/// Answers every request with the next of `responses` (the last one repeats).
private final class ScriptedResponder: HTTPResponder {
    private let responses: Locked<[ServerResponse]>

    init(_ responses: [ServerResponse]) { self.responses = Locked(responses) }

    func respond(to request: ServerRequest) -> Reply {
        .now(responses.withLock { $0.count > 1 ? $0.removeFirst() : $0[0] })
    }
}

@Suite struct ContentCompressionTests {
    static let json = Array(String(repeating: #"{"country":"GB","stance":"supports"},"#, count: 200).utf8)

    static func request(_ method: HTTPRequest.Method = .get, path: String = "/positions", acceptEncoding: String? = "gzip") -> ServerRequest {
        var head = HTTPRequest(method: method, scheme: nil, authority: nil, path: path)
        if let acceptEncoding { head.headerFields[.acceptEncoding] = acceptEncoding }
        return ServerRequest(head: head, path: path, query: [], body: [])
    }

    static func answer(_ body: [UInt8] = json, type: String = "application/json", tag: String? = "\"v1\"",
                       status: HTTPResponse.Status = .ok) -> ServerResponse {
        var headers: HTTPFields = [.contentType: type]
        if let tag { headers[.eTag] = tag }
        return ServerResponse(status: status, headers: headers, body: body)
    }

    static func respond(_ compression: ContentCompression, _ request: ServerRequest = request()) throws -> (HTTPResponse, [UInt8]) {
        guard case .now(let response) = compression.respond(to: request), case .bytes(let body) = response.body else {
            throw TestFailure("expected an immediate answer with a body")
        }
        return (response.head, body)
    }

    @Test(arguments: [
        (nil, false), ("", false), ("gzip", true), ("GZip", true), ("x-gzip", true), ("deflate, gzip;q=0.5", true),
        ("gzip;q=0", false), ("gzip; q=0.000", false), ("*", true), ("*;q=0", false), ("gzip;q=0, *", false),
        ("br, *;q=0.1", true), ("gzip;q=0.5, identity", false), ("gzip, identity;q=0.5", true), ("gzip;q=abc", false),
        ("gzip;q=1.5", false), ("gzip;q=0.0001", false), ("gzip;q=0.5;level=1", true), (" \tgzip \t", true),
        (",,;,", false), ("br, zstd", false), ("identity", false),
    ] as [(String?, Bool)])
    func negotiatesGzip(field: String?, gzip: Bool) {
        #expect(AcceptEncoding(field).prefersGzip == gzip)
    }

    @Test(arguments: [("0", 0), ("1", 1000), ("0.5", 500), ("0.25", 250), ("0.125", 125), ("1.000", 1000), ("0.", 0)] as [(String, Int)])
    func readsQValues(text: String, thousandths: Int) {
        #expect(WeightedList.qvalue(Substring(text)) == thousandths)
    }

    @Test(arguments: ["", "2", "1.001", "0.1234", ".5", "-0", "0,5", "１"])
    func refusesMalformedQValues(text: String) {
        #expect(WeightedList.qvalue(Substring(text)) == nil)
    }

    @Test func roundTripsThroughTheSystemGzip() throws {
        var random = SystemRandomNumberGenerator()
        let mixed = (0..<300_000).map { index in index % 3 == 0 ? UInt8.random(in: 0...255, using: &random) : UInt8(index % 251) }
        let text = Array("Sikorski: « pas de troupes » — “no troops” ✓\n".utf8)
        for input in [mixed, text, [UInt8](repeating: 0x41, count: 5 << 20)] {
            let compressed = try #require(Gzip.compress(input))
            #expect(try gunzip(compressed) == input)
        }
    }

    @Test func compressesForClientsThatAcceptGzip() throws {
        let compression = ContentCompression(next: ScriptedResponder([Self.answer()]))
        let (head, body) = try Self.respond(compression)
        #expect(head.headerFields[.contentEncoding] == "gzip")
        #expect(head.headerFields[.vary] == "Accept-Encoding")
        #expect(head.headerFields[.eTag] == "W/\"v1\"")
        #expect(body.count < Self.json.count / 10)
        #expect(try gunzip(body) == Self.json)

        let (headOfHead, bodyOfHead) = try Self.respond(compression, Self.request(.head))
        #expect(headOfHead.headerFields[.contentEncoding] == "gzip")
        #expect(bodyOfHead == body)
    }

    @Test func othersGetThePlainBodyAndTheVary() throws {
        let compression = ContentCompression(next: ScriptedResponder([Self.answer()]))
        for field in [nil, "identity", "gzip;q=0"] {
            let (head, body) = try Self.respond(compression, Self.request(acceptEncoding: field))
            #expect(head.headerFields[.contentEncoding] == nil)
            #expect(head.headerFields[.vary] == "Accept-Encoding")
            #expect(head.headerFields[.eTag] == "\"v1\"")
            #expect(body == Self.json)
        }
    }

    static let leftAlone: [String: ServerResponse] = [
        "below the minimum": answer(Array(json.prefix(1023))), "an image": answer(type: "image/png"),
        "304": answer(status: .notModified), "204": answer(status: .noContent),
        "already encoded": ServerResponse(status: .ok, headers: [.contentType: "application/json", .contentEncoding: "br"], body: json),
        "no content type": ServerResponse(status: .ok, body: json),
    ]

    @Test(arguments: leftAlone.keys.sorted())
    func leavesAloneWhatShouldNotBeCompressed(name: String) throws {
        let response = try #require(Self.leftAlone[name])
        guard case .bytes(let original) = response.body else { throw TestFailure("expected bytes") }
        let (head, body) = try Self.respond(ContentCompression(next: ScriptedResponder([response])))
        #expect(head.headerFields == response.head.headerFields)
        #expect(body == original)
    }

    @Test(arguments: ["text/html; charset=utf-8", "application/problem+json", "TEXT/CSS", "image/svg+xml", "text/javascript"])
    func compressesTextLikeTypes(type: String) throws {
        let (head, _) = try Self.respond(ContentCompression(next: ScriptedResponder([Self.answer(type: type)])))
        #expect(head.headerFields[.contentEncoding] == "gzip")
    }

    @Test func incompressibleBodiesStayPlain() throws {
        var random = SystemRandomNumberGenerator()
        let noise = (0..<4096).map { _ in UInt8.random(in: 0...255, using: &random) }
        let (head, body) = try Self.respond(ContentCompression(next: ScriptedResponder([Self.answer(noise, type: "text/plain")])))
        #expect(head.headerFields[.contentEncoding] == nil)
        #expect(head.headerFields[.vary] == "Accept-Encoding")
        #expect(body == noise)
    }

    /// A strong tag names one body for its target, so the second body under the same tag is
    /// served from the first compression; a weak tag promises no such thing.
    @Test func keepsCompressedBodiesByStrongTagOnly() throws {
        let other = Array(String(repeating: "another body, ", count: 300).utf8)
        let strong = ContentCompression(next: ScriptedResponder([Self.answer(), Self.answer(other)]))
        _ = try Self.respond(strong)
        #expect(try gunzip(Self.respond(strong).1) == Self.json)

        let weak = ContentCompression(next: ScriptedResponder([Self.answer(tag: "W/\"v1\""), Self.answer(other, tag: "W/\"v1\"")]))
        _ = try Self.respond(weak)
        let (head, body) = try Self.respond(weak)
        #expect(head.headerFields[.eTag] == "W/\"v1\"")
        #expect(try gunzip(body) == other)
    }

    @Test func theCacheStaysWithinItsBounds() throws {
        let body = { (name: String) in Array(String(repeating: "\(name) ", count: 400).utf8) }
        let compression = ContentCompression(next: ScriptedResponder(["a0", "b0", "a1", "c0", "b1"].map { Self.answer(body($0)) }),
                                             cacheEntries: 2)
        let answers = try ["/a", "/b", "/a", "/c", "/b"].map { path in try gunzip(Self.respond(compression, Self.request(path: path)).1) }
        #expect(answers[2] == body("a0"), "kept while there is room")
        #expect(answers[4] == body("b1"), "dropped when a third target came")
    }

    /// A large answer is compressed off the event loop, once for every client asking at once;
    /// two spellings of one target (`/a%62`, `/ab`) share it.
    @Test func largeAnswersAreCompressedOffTheLoopOncePerKey() throws {
        let large = Array(String(repeating: "a large answer, ", count: 8000).utf8)
        let other = Array(String(repeating: "another answer, ", count: 8000).utf8)
        let compression = ContentCompression(next: ScriptedResponder([Self.answer(large), Self.answer(other)]), offLoopBytes: 64 << 10)
        func request(_ raw: String) -> ServerRequest {
            var request = Self.request(path: "/ab")
            request.head.path = raw
            return request
        }
        guard case .later(let start) = compression.respond(to: request("/a%62")) else {
            throw TestFailure("a large answer was compressed on the calling thread")
        }
        let done = DispatchSemaphore(value: 0)
        let body = Locked<[UInt8]>([])
        start { response in
            if case .bytes(let bytes) = response.body { body.withLock { $0 = bytes } }
            done.signal()
        }
        #expect(done.wait(timeout: .now() + 5) == .success)
        #expect(try gunzip(body.withLock { $0 }) == large)
        #expect(try gunzip(Self.respond(compression, request("/ab")).1) == large, "kept under the decoded target")
    }
}
