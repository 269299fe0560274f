// libFuzzer target for the HTTP/1.x request parser, compiled into the HTTPServer module with
// its sources (Tests/Fuzz/build.sh). Beyond "no trap", it checks that how the bytes are split
// into reads changes nothing, that unconsumed bytes stay bounded, and what a request may hold.
/// Small limits, so that every limit is within the fuzzer's reach.
private let fuzzConfiguration = ServerConfiguration(
    maxBodyBytes: 2048, maxRequestLineBytes: 256, maxHeaderBytes: 512, maxHeaderCount: 12)

/// What a parse produced, to compare a one-read parse with a split one.
private struct Outcome: Equatable {
    struct Request: Equatable {
        var method: String
        var target: String
        var path: String
        var query: [QueryItem]
        var body: [UInt8]
        var keepAlive: Bool
        var serverWide: Bool
    }

    var requests: [Request] = []
    var continues = 0
    var refused = false
}

private func fail(_ message: String) -> Never {
    fatalError("fuzz invariant broken: \(message)")
}

/// Feeds `bytes` in reads of the sizes `sizes` yields, keeping unconsumed bytes in front of the
/// next read as `Connection` does.
private func parseInReads(_ bytes: [UInt8], sizes: (Int) -> Int) -> Outcome {
    var parser = RequestParser(configuration: fuzzConfiguration, budget: BodyBudget(limit: .max))
    var outcome = Outcome()
    var pending: [UInt8] = []
    var position = 0
    var read = 0
    let lineBound = max(fuzzConfiguration.maxRequestLineBytes, fuzzConfiguration.maxHeaderBytes, 4096) + 2
    while position < bytes.count, !outcome.refused {
        let end = min(bytes.count, position + max(1, sizes(read)))
        read += 1
        pending.append(contentsOf: bytes[position..<end])
        position = end
        var index = 0
        pending.withUnsafeBufferPointer { buffer in
            parsing: while true {
                let before = index
                do throws(HTTPParseError) {
                    switch try parser.parse(buffer, from: &index) {
                    case .needMore:
                        break parsing
                    case .bodyAnnounced(let head):
                        if case .read(let limit) = fuzzConfiguration.admission(for: head), try parser.admitBody(upTo: limit) {
                            outcome.continues += 1
                        }
                    case .request(let parsed):
                        outcome.requests.append(check(parsed))
                    }
                } catch {
                    guard error.status.code >= 400, error.status.code < 600, !error.detail.isEmpty else {
                        fail("refusal \(error.status.code) '\(error.detail)'")
                    }
                    outcome.refused = true
                    break parsing
                }
                guard index >= before, index <= buffer.count else { fail("index moved from \(before) to \(index)") }
            }
        }
        pending.removeFirst(index)
        // Unconsumed bytes are at most one unfinished line: input cannot grow them without bound.
        guard outcome.refused || pending.count <= lineBound else { fail("\(pending.count) bytes held unconsumed") }
    }
    return outcome
}

private func check(_ parsed: ParsedRequest) -> Outcome.Request {
    let request = parsed.request
    guard request.body.count <= fuzzConfiguration.maxBodyBytes else { fail("body of \(request.body.count) bytes") }
    // Bytes, not characters: "/" and a combining mark after it ("/%E1%9C%93") are one Character.
    guard request.path.utf8.first == UInt8(ascii: "/") || (parsed.isServerWideOptions && request.path == "*") else {
        fail("path '\(request.path)'")
    }
    guard RequestParser.knownMethods.contains(request.head.method) else { fail("method \(request.head.method)") }
    for item in request.query where item.name.utf8.contains(0) || item.value.utf8.contains(0) {
        fail("NUL in query item \(item)")
    }
    return Outcome.Request(method: request.head.method.rawValue, target: request.head.path ?? "", path: request.path,
                           query: request.query, body: request.body, keepAlive: parsed.keepAlive,
                           serverWide: parsed.isServerWideOptions)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRequestParser(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data, size > 1 else { return 0 }
    // The first byte draws the read sizes; the rest is what arrives on the socket.
    let seed = Int(data[0])
    let bytes = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    let whole = parseInReads(bytes) { _ in bytes.count }
    let split = parseInReads(bytes) { read in (seed &* 31 &+ read &* 7) % 23 + 1 }
    guard whole == split else {
        fail("one read gave \(whole.requests.count) requests (refused: \(whole.refused)), split reads \(split.requests.count) (refused: \(split.refused))")
    }
    return 0
}
