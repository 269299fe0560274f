import HTTPTypes
import Testing
@testable import HTTPServer

/// Feeds a parser chunk by chunk the way a connection does: unconsumed bytes are kept and
/// presented again in front of the next chunk.
struct Feeder {
    var parser: RequestParser
    var leftover: [UInt8] = []
    var requests: [ParsedRequest] = []
    var continues = 0
    /// Heads whose body the configuration's admission refused.
    var refused: [ServerRequest] = []
    var error: HTTPParseError?
    let configuration: ServerConfiguration

    init(_ configuration: ServerConfiguration = ServerConfiguration(), budget: BodyBudget = BodyBudget(limit: .max)) {
        self.configuration = configuration
        parser = RequestParser(configuration: configuration, budget: budget)
    }

    mutating func feed(_ chunk: some Sequence<UInt8>) {
        guard error == nil else { return }
        let bytes = leftover + chunk
        var index = 0
        bytes.withUnsafeBufferPointer { buffer in
            do throws(HTTPParseError) {
                parsing: while true {
                    switch try parser.parse(buffer, from: &index) {
                    case .needMore: break parsing
                    case .request(let parsed): requests.append(parsed)
                    case .bodyAnnounced(let head):
                        switch configuration.admission(for: head) {
                        case .refuse:
                            refused.append(head)
                            break parsing
                        case .read(let limit):
                            if try parser.admitBody(upTo: limit) { continues += 1 }
                        }
                    }
                }
            } catch {
                self.error = error
            }
        }
        leftover = Array(bytes[index...])
    }
}

func parse(_ text: String, _ configuration: ServerConfiguration = ServerConfiguration()) -> Feeder {
    var feeder = Feeder(configuration)
    feeder.feed(Array(text.utf8))
    return feeder
}

/// The status a request is refused with, or nil when it parses.
func refusal(_ text: String, _ configuration: ServerConfiguration = ServerConfiguration()) -> Int? {
    parse(text, configuration).error?.status.code
}

@Suite struct RequestParserTests {
    @Test func parsesAGetWithHeaders() throws {
        let feeder = parse("GET /docs/a%20b?x=1&y=two+words HTTP/1.1\r\nHost: example.org:8080\r\nAccept: */*\r\nX-Custom:  spaced value \t\r\n\r\n")
        let parsed = try #require(feeder.requests.first)
        let request = parsed.request
        #expect(feeder.error == nil && feeder.leftover.isEmpty)
        #expect(request.head.method == .get)
        #expect(request.head.path == "/docs/a%20b?x=1&y=two+words")
        #expect(request.head.authority == "example.org:8080")
        #expect(request.head.scheme == nil)
        #expect(request.path == "/docs/a b")
        #expect(request.query == [QueryItem(name: "x", value: "1"), QueryItem(name: "y", value: "two words")])
        #expect(request.head.headerFields[.accept] == "*/*")
        #expect(request.head.headerFields[HTTPField.Name("x-custom")!] == "spaced value")
        #expect(request.body.isEmpty && !request.isHTTP10 && parsed.keepAlive)
    }

    @Test func parsesHeadAndPostWithBody() throws {
        let feeder = parse("HEAD /h HTTP/1.1\r\nHost: x\r\n\r\nPOST /p HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello")
        #expect(feeder.requests.map(\.request.head.method) == [.head, .post])
        #expect(feeder.requests.last?.request.body == Array("hello".utf8))
    }

    @Test func pipelinedRequestsInOneBuffer() {
        let one = "GET /1 HTTP/1.1\r\nHost: x\r\n\r\n"
        let two = "POST /2 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"
        let three = "DELETE /3 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        let feeder = parse(one + two + three + "GET /4")
        #expect(feeder.requests.map(\.request.path) == ["/1", "/2", "/3"])
        #expect(feeder.requests[1].request.body == Array("abc".utf8))
        #expect(feeder.requests.map(\.keepAlive) == [true, true, false])
        #expect(feeder.leftover == Array("GET /4".utf8))
    }

    static let splitSamples = [
        "POST /upload?a=%41 HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\nhello world",
        "PUT /c HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nTrailer-A: 1\r\n\r\n",
        "\r\nGET /x HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET /y HTTP/1.1\r\nHost: h\r\n\r\n",
    ]

    @Test(arguments: splitSamples)
    func splitAtEveryPositionGivesTheSameRequests(sample: String) {
        let bytes = Array(sample.utf8)
        let whole = parse(sample)
        #expect(whole.error == nil && !whole.requests.isEmpty)
        for cut in 0...bytes.count {
            var feeder = Feeder()
            feeder.feed(bytes[0..<cut])
            feeder.feed(bytes[cut...])
            #expect(feeder.error == nil)
            #expect(feeder.requests.map(\.request.path) == whole.requests.map(\.request.path), "cut at \(cut)")
            #expect(feeder.requests.map(\.request.body) == whole.requests.map(\.request.body), "cut at \(cut)")
        }
        var byByte = Feeder()
        for byte in bytes { byByte.feed([byte]) }
        #expect(byByte.requests.map(\.request.body) == whole.requests.map(\.request.body))
        #expect(byByte.requests.map(\.request.query) == whole.requests.map(\.request.query))
        #expect(byByte.leftover.isEmpty)
    }

    @Test func chunkedBodyWithExtensionsAndTrailers() throws {
        let feeder = parse("POST /c HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: Chunked\r\n\r\n"
            + "4 ; name=value;flag\r\nWiki\r\nA\r\npedia in c\r\n00\r\nExpires: never\r\nX-Sum: 1\r\n\r\n")
        let request = try #require(feeder.requests.first).request
        #expect(String(decoding: request.body, as: UTF8.self) == "Wikipedia in c")
        #expect(request.head.headerFields[.expires] == nil, "trailers are discarded")
    }

    @Test func keepAliveRules() {
        #expect(parse("GET / HTTP/1.0\r\n\r\n").requests.first?.keepAlive == false)
        #expect(parse("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n").requests.first?.keepAlive == true)
        #expect(parse("GET / HTTP/1.0\r\n\r\n").requests.first?.request.isHTTP10 == true)
        #expect(parse("GET / HTTP/1.1\r\nHost: x\r\n\r\n").requests.first?.keepAlive == true)
        #expect(parse("GET / HTTP/1.1\r\nHost: x\r\nConnection: foo, close\r\n\r\n").requests.first?.keepAlive == false)
    }

    @Test func expectContinue() {
        let asked = parse("POST / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n")
        #expect(asked.continues == 1 && asked.requests.isEmpty && asked.error == nil)
        #expect(parse("POST / HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n").continues == 0)
        #expect(parse("GET / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n\r\n").continues == 0)
        #expect(refusal("POST / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 2000000\r\n\r\n") == 413)
        #expect(refusal("POST / HTTP/1.1\r\nHost: x\r\nExpect: 200-ok\r\nContent-Length: 3\r\n\r\n") == 417)
    }

    @Test func targetForms() throws {
        let absolute = try #require(parse("GET http://example.com:81/a%2Fb?q=1 HTTP/1.1\r\nHost: other\r\n\r\n").requests.first).request
        #expect(absolute.path == "/a/b" && absolute.query == [QueryItem(name: "q", value: "1")])
        #expect(absolute.head.authority == "example.com:81")
        let bare = try #require(parse("GET HTTPS://example.com?q HTTP/1.1\r\nHost: x\r\n\r\n").requests.first).request
        #expect(bare.path == "/" && bare.query == [QueryItem(name: "q", value: "")])
        let options = try #require(parse("OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n").requests.first)
        #expect(options.isServerWideOptions && options.request.head.path == "*")
        #expect(refusal("GET * HTTP/1.1\r\nHost: x\r\n\r\n") == 400)
        #expect(refusal("CONNECT example.com:443 HTTP/1.1\r\nHost: x\r\n\r\n") == 400)
        #expect(refusal("GET ftp://example.com/ HTTP/1.1\r\nHost: x\r\n\r\n") == 400)
        #expect(refusal("GET /a#frag HTTP/1.1\r\nHost: x\r\n\r\n") == 400)
    }

    @Test func contentLengthVariants() {
        #expect(parse("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc").requests.first?.request.body == Array("abc".utf8))
        #expect(parse("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3, 3\r\n\r\nabc").requests.count == 1)
        #expect(parse("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n").requests.first?.request.body == [])
    }

    static let refusals: [(String, Int)] = [
        // Request line.
        ("FOO / HTTP/1.1\r\nHost: x\r\n\r\n", 501),
        ("get / HTTP/1.1\r\nHost: x\r\n\r\n", 501),
        ("G(T / HTTP/1.1\r\nHost: x\r\n\r\n", 400),
        ("GET / HTTP/1.2\r\nHost: x\r\n\r\n", 505),
        ("GET / HTTP/2.0\r\nHost: x\r\n\r\n", 505),
        ("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 505),
        ("GET /\r\n\r\n", 400),
        ("GET / http/1.1\r\nHost: x\r\n\r\n", 400),
        ("GET / HTTP/1.10\r\nHost: x\r\n\r\n", 400),
        ("GET  / HTTP/1.1\r\nHost: x\r\n\r\n", 400),
        ("GET / HTTP/1.1 \r\nHost: x\r\n\r\n", 400),
        (" GET / HTTP/1.1\r\nHost: x\r\n\r\n", 400),
        ("GET /a\u{7}b HTTP/1.1\r\nHost: x\r\n\r\n", 400),
        ("GET /caf\u{E9} HTTP/1.1\r\nHost: x\r\n\r\n", 400),
        ("GET example.com HTTP/1.1\r\nHost: x\r\n\r\n", 400),
        // Line endings.
        ("GET / HTTP/1.1\nHost: x\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: x\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: x\r\n\n", 400),
        ("GET / HTTP/1.1\r\nHost: x\rY: z\r\n\r\n", 400),
        ("GET / HTTP/1.1\rHost: x\r\n\r\n", 400),
        // Header lines.
        ("GET / HTTP/1.1\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: a/b\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: x\r\nNoColon\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: x\r\nName : v\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: x\r\nA: 1\r\n folded\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: x\r\n\tfolded: 1\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: x\r\nA: b\u{0}c\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: x\r\nA: b\u{1}c\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: x\r\nA\u{0}: 1\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: x\r\n: empty\r\n\r\n", 400),
        // Framing.
        ("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 501),
        ("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, identity\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: xchunked\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n", 400),
        ("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: +1\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1x\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: \r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999999\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3, 4\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2000000\r\n\r\n", 413),
        // Chunks.
        ("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n-1\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n00000000000000001\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffff\r\n", 413),
        ("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcd\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\n0\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3;a\u{1}\r\nabc\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nBad Trailer: 1\r\n\r\n", 400),
    ]

    @Test(arguments: refusals)
    func refusesWithStatus(request: String, status: Int) {
        let feeder = parse(request)
        #expect(feeder.error?.status.code == status, "\(request.debugDescription)")
        #expect(feeder.error?.detail.isEmpty == false)
        #expect(feeder.requests.isEmpty)
    }

    @Test func requestLineLimit() {
        let long = "GET /" + String(repeating: "a", count: 8200) + " HTTP/1.1\r\nHost: x\r\n\r\n"
        #expect(refusal(long) == 414)
        // Detected before the line ends, from the bytes alone.
        #expect(refusal(String(long.prefix(8300))) == 414)
        let fits = "GET /" + String(repeating: "a", count: 8192 - 14) + " HTTP/1.1\r\nHost: x\r\n\r\n"
        #expect(parse(fits).requests.count == 1)
    }

    @Test func headerLimits() {
        let big = "GET / HTTP/1.1\r\nHost: x\r\nBig: " + String(repeating: "v", count: 17_000) + "\r\n\r\n"
        #expect(refusal(big) == 431)
        #expect(refusal(String(big.prefix(16_500))) == 431)
        let many = "GET / HTTP/1.1\r\nHost: x\r\n" + (1...100).map { "H\($0): 1\r\n" }.joined() + "\r\n"
        #expect(refusal(many) == 431)
        let hundred = "GET / HTTP/1.1\r\nHost: x\r\n" + (1...99).map { "H\($0): 1\r\n" }.joined() + "\r\n"
        #expect(parse(hundred).requests.count == 1)
        var small = ServerConfiguration()
        small.maxHeaderCount = 2
        let trailers = "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n"
        #expect(refusal(trailers, small) == 431)
    }

    @Test func bodyLimits() {
        var configuration = ServerConfiguration()
        configuration.maxBodyBytes = 10
        #expect(refusal("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\n", configuration) == 413)
        #expect(parse("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n0123456789", configuration).requests.count == 1)
        let chunked = "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n6\r\n012345\r\n5\r\n"
        #expect(refusal(chunked, configuration) == 413)
        let exact = "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n6\r\n012345\r\n4\r\n6789\r\n0\r\n\r\n"
        #expect(parse(exact, configuration).requests.first?.request.body.count == 10)
    }

    @Test func aPathMayTakeLargerBodiesAndTheLimitResetsPerRequest() {
        var configuration = ServerConfiguration()
        configuration.maxBodyBytes = 4
        configuration.bodyAdmission = { $0.path == "/upload" ? .read(upTo: 10) : nil }
        let body = "0123456789"
        #expect(parse("POST /upload?x=1 HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n\(body)", configuration).requests.count == 1)
        #expect(refusal("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\n", configuration) == 413)
        #expect(refusal("POST /upload/more HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\n", configuration) == 413)
        let chunked = "POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
        #expect(parse(chunked + "a\r\n\(body)\r\n0\r\n\r\n", configuration).requests.count == 1)
        #expect(refusal(chunked + "b\r\n\(body)x\r\n0\r\n\r\n", configuration) == 413)
        let pipelined = "POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n\(body)"
            + "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\n01234"
        let feeder = parse(pipelined, configuration)
        #expect(feeder.requests.count == 1 && feeder.error?.status == .contentTooLarge)
    }

    /// Bodies of every connection share one budget: a body that does not fit is 503 with a
    /// time to retry, and a body's share comes back once its request is complete.
    @Test func bodiesShareABudget() {
        let budget = BodyBudget(limit: 10)
        var first = Feeder(budget: budget)
        first.feed(Array("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 8\r\n\r\n0123".utf8))
        #expect(budget.inUse == 8)
        var second = Feeder(budget: budget)
        second.feed(Array("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\n".utf8))
        #expect(second.error?.status == .serviceUnavailable && second.error?.retryAfterSeconds != nil)
        let chunked = "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n"
        var third = Feeder(budget: budget)
        third.feed(Array(chunked.utf8))
        #expect(third.error?.status == .serviceUnavailable)
        first.feed(Array("4567".utf8))
        #expect(first.requests.count == 1 && budget.inUse == 0)
        var fourth = Feeder(budget: budget)
        fourth.feed(Array("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\n01234".utf8))
        #expect(fourth.requests.count == 1)
    }

    /// A body the admission refuses is not read, and no `100 Continue` is promised for it.
    @Test func aRefusedBodyIsNotRead() {
        var configuration = ServerConfiguration()
        configuration.bodyAdmission = { $0.path == "/private" ? .refuse(.now(ServerResponse(status: .unauthorized))) : nil }
        let feeder = parse("POST /private HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n01234", configuration)
        #expect(feeder.refused.map(\.path) == ["/private"])
        #expect(feeder.continues == 0 && feeder.requests.isEmpty)
        #expect(feeder.leftover == Array("01234".utf8))
    }

    @Test func reportsTheMethodAndTargetOfARefusedRequest() {
        let feeder = parse("HEAD /x HTTP/1.1\r\nHost: x\r\nBad Name: 1\r\n\r\n")
        #expect(feeder.error?.status == .badRequest)
        #expect(feeder.parser.method == .head && feeder.parser.target == "/x")
        let unknown = parse("BREW /pot HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(unknown.error?.status == .notImplemented && unknown.parser.method == nil && unknown.parser.target == "/pot")
    }
}
