#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import HTTPTypes

/// A request the server refuses: the status and detail of its problem answer.
struct HTTPParseError: Error, Equatable {
    var status: HTTPResponse.Status
    var detail: String
    /// For a refusal that passes (a full budget): when to try again, sent as `Retry-After`.
    var retryAfterSeconds: Int?

    init(_ status: HTTPResponse.Status, _ detail: String, retryAfterSeconds: Int? = nil) {
        self.status = status
        self.detail = detail
        self.retryAfterSeconds = retryAfterSeconds
    }
}

/// A complete request and how its connection continues.
struct ParsedRequest {
    var request: ServerRequest
    var keepAlive: Bool
    /// `OPTIONS *`: about the server itself, answered without the responder.
    var isServerWideOptions: Bool
}

enum ParseEvent {
    case request(ParsedRequest)
    /// The head announces a body: the caller decides whether and up to what size to read it
    /// (`admitBody`) before the parser takes another byte. `request` has no body yet.
    case bodyAnnounced(ServerRequest)
    case needMore
}

/// An incremental HTTP/1.x request parser over bytes as they arrive.
///
/// `parse` consumes whole lines and body bytes and leaves an unfinished line unconsumed for the
/// caller to present again, with more bytes after it; it remembers how far that line was already
/// searched, so bytes trickling in one at a time cost no rescans. Lines must end in CRLF: a bare
/// LF is refused (400) rather than tolerated, since front ends that split lines differently are
/// how requests get smuggled. Every count and index is checked; no input can trap.
struct RequestParser {
    private enum State {
        case requestLine
        case headers
        /// The head is complete and announces a body; waiting for `admitBody`.
        case bodyAnnounced
        case body(remaining: Int)
        case chunkSize
        case chunkData(remaining: Int)
        case chunkDataEnd
        case trailers
    }

    /// What has been learned of the request being read.
    private struct Head {
        var method: HTTPRequest.Method = .get
        var target = ""
        var authority: String?
        var path = ""
        var query: [QueryItem] = []
        var isHTTP10 = false
        var isServerWideOptions = false
        var fields = HTTPFields()
        var hostCount = 0
        var contentLength: Int?
        var hasTransferEncoding = false
        /// chunked is the last transfer coding (so far).
        var chunked = false
        /// The first coding other than chunked, which this server cannot decode.
        var unsupportedCoding: String?
        var wantsClose = false
        var wantsKeepAlive = false
        var expectsContinue = false
    }

    /// Known methods a route does not take are 405 with `Allow`; other tokens are 501. QUERY
    /// (a safe GET with content, draft-ietf-httpbis-safe-method-w-body) is known, so clients
    /// trying it learn which methods the resource takes.
    static let knownMethods: [HTTPRequest.Method] = [.get, .head, .post, .put, .delete, .options, .patch, .trace, .connect, query]
    private static let query = HTTPRequest.Method("QUERY")!
    private static let maxChunkLineBytes = 4096

    /// The body limit of the request being read, set by `admitBody`.
    private var maxBodyBytes = 0
    /// Bodies of every connection share it; what this request's body holds of it is `reserved`.
    private let budget: BodyBudget
    private var reserved = 0
    private let maxRequestLineBytes: Int
    private let maxHeaderBytes: Int
    private let maxHeaderCount: Int

    private var state = State.requestLine
    /// How much of the unfinished line at the caller's index has been searched for LF already.
    private var scanned = 0
    private var head = Head()
    private var body: [UInt8] = []
    private var sectionBytes = 0
    private var sectionLines = 0
    private var started = false

    /// The method of the request being read, once its request line has been parsed.
    private(set) var method: HTTPRequest.Method?
    /// The raw target of the request being read, once its request line has been parsed.
    private(set) var target: String?

    init(configuration: ServerConfiguration, budget: BodyBudget) {
        self.budget = budget
        maxRequestLineBytes = max(1, configuration.maxRequestLineBytes)
        maxHeaderBytes = max(0, configuration.maxHeaderBytes)
        // HTTPFields traps beyond UInt16.max fields.
        maxHeaderCount = min(max(0, configuration.maxHeaderCount), 60_000)
    }

    /// True once any byte of the next request has been consumed.
    var isMidRequest: Bool { started }

    /// True while the head (request line and fields) is still arriving.
    var isReadingHead: Bool {
        switch state {
        case .requestLine, .headers: true
        default: false
        }
    }

    /// Body bytes of the request being read received so far.
    var bodyBytesReceived: Int { body.count }

    /// Parses from `index`, advancing it past what was consumed; call again after `.request`
    /// or `admitBody` for what follows.
    mutating func parse(_ bytes: UnsafeBufferPointer<UInt8>, from index: inout Int) throws(HTTPParseError) -> ParseEvent {
        while index < bytes.count {
            started = true
            switch state {
            case .requestLine:
                guard let line = try nextLine(bytes, from: index, limit: maxRequestLineBytes) else {
                    throw HTTPParseError(.uriTooLong, "The request line is longer than \(maxRequestLineBytes) bytes.")
                }
                guard let range = line else {
                    try Self.checkRequestLineStart(bytes, from: index)
                    return .needMore
                }
                index = range.upperBound + 2
                // Empty lines before a request line are tolerated (RFC 9112 section 2.2).
                if !range.isEmpty { try parseRequestLine(bytes, range) }
            case .headers:
                guard let line = try nextLine(bytes, from: index, limit: maxHeaderBytes - sectionBytes) else {
                    throw HTTPParseError(.requestHeaderFieldsTooLarge, "The header fields are larger than \(maxHeaderBytes) bytes.")
                }
                guard let range = line else { return .needMore }
                index = range.upperBound + 2
                if range.isEmpty {
                    if let event = try endOfHead() { return event }
                } else {
                    try countSectionLine(range, what: "header fields")
                    try parseFieldLine(bytes, range, keep: true)
                }
            case .bodyAnnounced:
                // The caller has not called `admitBody`: nothing more is read until it does.
                return .needMore
            case .body(let remaining):
                let left = takeBody(bytes, &index, remaining)
                if left == 0 { return .request(finish()) }
                state = .body(remaining: left)
            case .chunkSize:
                guard let line = try nextLine(bytes, from: index, limit: Self.maxChunkLineBytes) else {
                    throw HTTPParseError(.badRequest, "A chunk size line is longer than \(Self.maxChunkLineBytes) bytes.")
                }
                guard let range = line else { return .needMore }
                index = range.upperBound + 2
                let size = try parseChunkSize(bytes, range)
                if size == 0 {
                    sectionBytes = 0
                    sectionLines = 0
                    state = .trailers
                } else {
                    state = .chunkData(remaining: size)
                }
            case .chunkData(let remaining):
                let left = takeBody(bytes, &index, remaining)
                state = left == 0 ? .chunkDataEnd : .chunkData(remaining: left)
            case .chunkDataEnd:
                guard bytes[index] == UInt8(ascii: "\r") else {
                    throw HTTPParseError(.badRequest, "Chunk data is not followed by CRLF.")
                }
                guard index + 1 < bytes.count else { return .needMore }
                guard bytes[index + 1] == UInt8(ascii: "\n") else {
                    throw HTTPParseError(.badRequest, "Chunk data is not followed by CRLF.")
                }
                index += 2
                state = .chunkSize
            case .trailers:
                guard let line = try nextLine(bytes, from: index, limit: maxHeaderBytes - sectionBytes) else {
                    throw HTTPParseError(.requestHeaderFieldsTooLarge, "The trailer fields are larger than \(maxHeaderBytes) bytes.")
                }
                guard let range = line else { return .needMore }
                index = range.upperBound + 2
                if range.isEmpty { return .request(finish()) }
                try countSectionLine(range, what: "trailer fields")
                try parseFieldLine(bytes, range, keep: false)
            }
        }
        return .needMore
    }

    // MARK: Lines

    /// The content range of the CRLF-terminated line starting at `start`: `.some(nil)` while it
    /// is unfinished, `nil` once its content is known to exceed `limit` bytes. A CR anywhere but
    /// just before the LF (or last so far, where the LF may follow) is refused at once, so a
    /// peer ending lines in bare CRs is not left waiting for the header timeout.
    private mutating func nextLine(
        _ bytes: UnsafeBufferPointer<UInt8>, from start: Int, limit: Int
    ) throws(HTTPParseError) -> Range<Int>?? {
        guard let base = bytes.baseAddress, start < bytes.count else { return .some(nil) }
        let searchStart = min(start + scanned, bytes.count)
        let found = memchr(base + searchStart, Int32(UInt8(ascii: "\n")), bytes.count - searchStart)
        let end = found.map { base.distance(to: $0.assumingMemoryBound(to: UInt8.self)) } ?? bytes.count
        if end - 1 > searchStart, memchr(base + searchStart, Int32(UInt8(ascii: "\r")), end - 1 - searchStart) != nil {
            throw HTTPParseError(.badRequest, "A line holds a bare CR; lines must end in CRLF.")
        }
        guard found != nil else {
            // A trailing CR may be the start of the line's CRLF: searched again with what follows.
            scanned = bytes.count - start - (bytes[bytes.count - 1] == UInt8(ascii: "\r") ? 1 : 0)
            return scanned > limit ? nil : .some(nil)
        }
        scanned = 0
        guard end > start, bytes[end - 1] == UInt8(ascii: "\r") else {
            throw HTTPParseError(.badRequest, "A line ends in a bare LF; lines must end in CRLF.")
        }
        return end - 1 - start > limit ? nil : .some(start..<(end - 1))
    }

    private mutating func countSectionLine(_ range: Range<Int>, what: String) throws(HTTPParseError) {
        sectionBytes += range.count
        sectionLines += 1
        guard sectionLines <= maxHeaderCount else {
            throw HTTPParseError(.requestHeaderFieldsTooLarge, "There are more than \(maxHeaderCount) \(what).")
        }
    }

    // MARK: Request line

    private mutating func parseRequestLine(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) throws(HTTPParseError) {
        var index = range.lowerBound
        while index < range.upperBound, Self.isTokenByte(bytes[index]) { index += 1 }
        let methodRange = range.lowerBound..<index
        guard !methodRange.isEmpty, index < range.upperBound, bytes[index] == UInt8(ascii: " ") else {
            throw HTTPParseError(.badRequest, "The request line is malformed; expected: METHOD target HTTP/1.1.")
        }
        index += 1
        let targetStart = index
        while index < range.upperBound, bytes[index] > 0x20, bytes[index] < 0x7F { index += 1 }
        let targetRange = targetStart..<index
        guard !targetRange.isEmpty else {
            throw HTTPParseError(.badRequest, "The request line is malformed; expected: METHOD target HTTP/1.1.")
        }
        guard index < range.upperBound else {
            throw HTTPParseError(.badRequest, "The request line has no HTTP version.")
        }
        guard bytes[index] == UInt8(ascii: " ") else {
            throw HTTPParseError(.badRequest, "The request target holds a character that is not allowed.")
        }
        let target = String(decoding: UnsafeBufferPointer(rebasing: bytes[targetRange]), as: UTF8.self)
        head.target = target
        self.target = target
        head.isHTTP10 = try parseVersion(bytes, (index + 1)..<range.upperBound)
        guard let method = Self.knownMethod(bytes, methodRange) else {
            let name = String(decoding: UnsafeBufferPointer(rebasing: bytes[methodRange]).prefix(32), as: UTF8.self)
            throw HTTPParseError(.notImplemented, "The method \(name) is not implemented.")
        }
        head.method = method
        self.method = method
        try parseTarget(bytes, targetRange)
        state = .headers
    }

    /// Refuses at once an unfinished request line that cannot become one (a TLS handshake,
    /// binary noise) instead of holding the connection until a line end or the timeout. Looks
    /// at the first bytes only, since the method is short: trickled bytes cost no rescans.
    private static func checkRequestLineStart(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) throws(HTTPParseError) {
        for index in start..<min(bytes.count, start + 32) {
            let byte = bytes[index]
            if byte == UInt8(ascii: " "), index > start { return }
            // The CR of an empty line, which may come before a request line.
            if byte == UInt8(ascii: "\r"), index == start { return }
            guard isTokenByte(byte) else {
                throw HTTPParseError(.badRequest, "This is not an HTTP/1.x request; expected: METHOD target HTTP/1.1.")
            }
        }
    }

    /// True for HTTP/1.0, false for HTTP/1.1.
    private func parseVersion(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) throws(HTTPParseError) -> Bool {
        let prefix = "HTTP/".utf8
        guard range.count == 8,
              UnsafeBufferPointer(rebasing: bytes[range.lowerBound..<(range.lowerBound + 5)]).elementsEqual(prefix),
              Self.isDigit(bytes[range.lowerBound + 5]), bytes[range.lowerBound + 6] == UInt8(ascii: "."),
              Self.isDigit(bytes[range.lowerBound + 7]) else {
            throw HTTPParseError(.badRequest, "The request line's HTTP version is malformed.")
        }
        let major = bytes[range.lowerBound + 5], minor = bytes[range.lowerBound + 7]
        guard major == UInt8(ascii: "1"), minor == UInt8(ascii: "0") || minor == UInt8(ascii: "1") else {
            throw HTTPParseError(.httpVersionNotSupported,
                                 "HTTP/\(Character(UnicodeScalar(major))).\(Character(UnicodeScalar(minor))) is not supported; use HTTP/1.1.")
        }
        return minor == UInt8(ascii: "0")
    }

    private static func knownMethod(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> HTTPRequest.Method? {
        let token = UnsafeBufferPointer(rebasing: bytes[range])
        return knownMethods.first { $0.rawValue.utf8.elementsEqual(token) }
    }

    /// Origin form (`/path?query`), absolute form (`http://host/path?query`) or `*` for OPTIONS.
    private mutating func parseTarget(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) throws(HTTPParseError) {
        if range.count == 1, bytes[range.lowerBound] == UInt8(ascii: "*") {
            guard head.method == .options else {
                throw HTTPParseError(.badRequest, "The target * is only allowed with OPTIONS.")
            }
            head.isServerWideOptions = true
            head.path = "*"
            return
        }
        var pathStart = range.lowerBound
        if bytes[pathStart] != UInt8(ascii: "/") {
            guard let afterScheme = Self.afterHTTPScheme(bytes, range) else {
                throw HTTPParseError(.badRequest, "The request target must be a path, an http(s) URL, or * with OPTIONS.")
            }
            var authorityEnd = afterScheme
            while authorityEnd < range.upperBound, bytes[authorityEnd] != UInt8(ascii: "/"), bytes[authorityEnd] != UInt8(ascii: "?") {
                authorityEnd += 1
            }
            guard authorityEnd > afterScheme else { throw HTTPParseError(.badRequest, "The request target URL has no host.") }
            // RFC 9110 section 4.2.4: user information in an http(s) URI is treated as an error.
            guard !UnsafeBufferPointer(rebasing: bytes[afterScheme..<authorityEnd]).contains(UInt8(ascii: "@")) else {
                throw HTTPParseError(.badRequest, "The request target URL must not hold user information (user@host).")
            }
            head.authority = String(decoding: UnsafeBufferPointer(rebasing: bytes[afterScheme..<authorityEnd]), as: UTF8.self)
            pathStart = authorityEnd
        }
        var queryStart = range.upperBound
        for index in pathStart..<range.upperBound {
            if bytes[index] == UInt8(ascii: "#") {
                throw HTTPParseError(.badRequest, "The request target must not hold a fragment (#).")
            }
            if bytes[index] == UInt8(ascii: "?"), queryStart == range.upperBound { queryStart = index }
        }
        head.path = pathStart == queryStart ? "/" : try PercentDecoding.path(bytes, pathStart..<queryStart)
        if queryStart < range.upperBound {
            head.query = try PercentDecoding.query(bytes, (queryStart + 1)..<range.upperBound)
        }
    }

    /// The index after `http://` or `https://` (any case) at the start of `range`.
    private static func afterHTTPScheme(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int? {
        for scheme in ["http://", "https://"] where range.count > scheme.utf8.count {
            let end = range.lowerBound + scheme.utf8.count
            if UnsafeBufferPointer(rebasing: bytes[range.lowerBound..<end]).lazy.map(lowercased).elementsEqual(scheme.utf8) {
                return end
            }
        }
        return nil
    }

    // MARK: Fields

    private mutating func parseFieldLine(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, keep: Bool) throws(HTTPParseError) {
        let first = bytes[range.lowerBound]
        guard first != UInt8(ascii: " "), first != UInt8(ascii: "\t") else {
            throw HTTPParseError(.badRequest, "Obsolete line folding (a field line starting with whitespace) is not allowed.")
        }
        var index = range.lowerBound
        while index < range.upperBound, Self.isTokenByte(bytes[index]) { index += 1 }
        let nameRange = range.lowerBound..<index
        guard index < range.upperBound else {
            throw HTTPParseError(.badRequest, "A header line has no colon.")
        }
        guard bytes[index] == UInt8(ascii: ":"), !nameRange.isEmpty else {
            let byte = bytes[index]
            if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") {
                throw HTTPParseError(.badRequest, "Whitespace between a header name and its colon is not allowed.")
            }
            throw HTTPParseError(.badRequest, "A header name holds a character that is not allowed.")
        }
        var valueStart = index + 1
        var valueEnd = range.upperBound
        while valueStart < valueEnd, Self.isWhitespace(bytes[valueStart]) { valueStart += 1 }
        while valueEnd > valueStart, Self.isWhitespace(bytes[valueEnd - 1]) { valueEnd -= 1 }
        for position in valueStart..<valueEnd {
            let byte = bytes[position]
            guard byte >= 0x20 && byte != 0x7F || byte == UInt8(ascii: "\t") else {
                throw HTTPParseError(.badRequest, "A header value holds a control character.")
            }
        }
        guard keep else { return }
        let value = UnsafeBufferPointer(rebasing: bytes[valueStart..<valueEnd])
        let name = try Self.fieldName(bytes, nameRange)
        try interpret(name, value)
        head.fields.append(HTTPField(name: name, value: value))
    }

    /// Framing and connection fields, checked as they arrive.
    private mutating func interpret(_ name: HTTPField.Name, _ value: UnsafeBufferPointer<UInt8>) throws(HTTPParseError) {
        switch name {
        case .contentLength:
            var index = 0
            repeat {
                var end = index
                while end < value.count, value[end] != UInt8(ascii: ",") { end += 1 }
                let length = try Self.contentLength(UnsafeBufferPointer(rebasing: value[index..<end]))
                if let known = head.contentLength, known != length {
                    throw HTTPParseError(.badRequest, "Content-Length is given more than once with different values.")
                }
                head.contentLength = length
                index = end + 1
            } while index <= value.count
        case .transferEncoding:
            // Codings in the order applied, over every Transfer-Encoding field (RFC 9112 section 6.1).
            head.hasTransferEncoding = true
            var codings: [UnsafeBufferPointer<UInt8>] = []
            Self.forEachListElement(value) { if !$0.isEmpty { codings.append($0) } }
            for coding in codings {
                guard !head.chunked else {
                    throw HTTPParseError(.badRequest, "Transfer-Encoding must end in chunked, and name it once.")
                }
                if coding.lazy.map(Self.lowercased).elementsEqual("chunked".utf8) {
                    head.chunked = true
                } else if head.unsupportedCoding == nil {
                    head.unsupportedCoding = String(decoding: coding.prefix(32), as: UTF8.self)
                }
            }
        case .connection:
            Self.forEachListElement(value) { token in
                if token.lazy.map(Self.lowercased).elementsEqual("close".utf8) { head.wantsClose = true }
                if token.lazy.map(Self.lowercased).elementsEqual("keep-alive".utf8) { head.wantsKeepAlive = true }
            }
        case .expect:
            guard value.lazy.map(Self.lowercased).elementsEqual("100-continue".utf8) else {
                throw HTTPParseError(.expectationFailed, "Only Expect: 100-continue is supported.")
            }
            head.expectsContinue = true
        case Self.host:
            head.hostCount += 1
            guard head.hostCount == 1 else { throw HTTPParseError(.badRequest, "There is more than one Host header.") }
            guard value.allSatisfy(Self.isHostByte) else {
                throw HTTPParseError(.badRequest, "The Host header is not a valid host.")
            }
            if head.authority == nil { head.authority = String(decoding: value, as: UTF8.self) }
        default:
            break
        }
    }

    private static func contentLength(_ text: UnsafeBufferPointer<UInt8>) throws(HTTPParseError) -> Int {
        var start = 0, end = text.count
        while start < end, isWhitespace(text[start]) { start += 1 }
        while end > start, isWhitespace(text[end - 1]) { end -= 1 }
        guard start < end else { throw HTTPParseError(.badRequest, "Content-Length is empty.") }
        var value = 0
        for index in start..<end {
            guard isDigit(text[index]) else {
                throw HTTPParseError(.badRequest, "Content-Length must be a non-negative decimal number.")
            }
            let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(Int(text[index] &- UInt8(ascii: "0")))
            guard !overflow1, !overflow2 else { throw HTTPParseError(.badRequest, "Content-Length is too large a number.") }
            value = sum
        }
        return value
    }

    private static func forEachListElement(_ value: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        var start = 0
        while start <= value.count {
            var end = start
            while end < value.count, value[end] != UInt8(ascii: ",") { end += 1 }
            var from = start, to = end
            while from < to, isWhitespace(value[from]) { from += 1 }
            while to > from, isWhitespace(value[to - 1]) { to -= 1 }
            body(UnsafeBufferPointer(rebasing: value[from..<to]))
            start = end + 1
        }
    }

    /// Names of common fields without building a string; others validated by HTTPTypes.
    // HTTPTypes marks `.host` unavailable to steer clients to `authority`; servers still read it.
    private static let host = HTTPField.Name("Host")!

    private static let commonNames: [HTTPField.Name] = [
        host, .contentLength, .transferEncoding, .connection, .expect, .accept, .acceptEncoding, .acceptLanguage,
        .userAgent, .contentType, .cacheControl, .cookie, .origin, .referer, .authorization, .ifNoneMatch,
        .ifModifiedSince, .range, .te, .upgrade,
    ]

    private static func fieldName(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) throws(HTTPParseError) -> HTTPField.Name {
        let name = UnsafeBufferPointer(rebasing: bytes[range])
        for known in commonNames where known.canonicalName.utf8.count == name.count {
            if name.lazy.map(lowercased).elementsEqual(known.canonicalName.utf8) { return known }
        }
        guard let parsed = HTTPField.Name(String(decoding: name, as: UTF8.self)) else {
            throw HTTPParseError(.badRequest, "A header name holds a character that is not allowed.")
        }
        return parsed
    }

    // MARK: Head and body

    private mutating func endOfHead() throws(HTTPParseError) -> ParseEvent? {
        if !head.isHTTP10, head.hostCount == 0 {
            throw HTTPParseError(.badRequest, "An HTTP/1.1 request must have a Host header.")
        }
        if head.hasTransferEncoding {
            guard head.contentLength == nil else {
                throw HTTPParseError(.badRequest, "Content-Length and Transfer-Encoding must not both be given.")
            }
            guard !head.isHTTP10 else {
                throw HTTPParseError(.badRequest, "Transfer-Encoding is not allowed in an HTTP/1.0 request.")
            }
            // Without chunked last the body's end cannot be found (RFC 9112 section 6.3).
            guard head.chunked else {
                throw HTTPParseError(.badRequest, "Transfer-Encoding must end in chunked, and name it once.")
            }
            if let coding = head.unsupportedCoding {
                throw HTTPParseError(.notImplemented, "The transfer coding \(coding) is not implemented; send the body with chunked alone.")
            }
        } else if head.contentLength ?? 0 == 0 {
            return .request(finish())
        }
        state = .bodyAnnounced
        return .bodyAnnounced(ServerRequest(head: requestHead, path: head.path, query: head.query, body: [], isHTTP10: head.isHTTP10))
    }

    /// After `.bodyAnnounced`: reads the body, refusing it at once when it is declared larger
    /// than `limit` (413) or would not fit in the shared budget (503). True when the client
    /// waits for `100 Continue` before sending it.
    mutating func admitBody(upTo limit: Int) throws(HTTPParseError) -> Bool {
        guard case .bodyAnnounced = state else { return false }
        maxBodyBytes = max(0, limit)
        if head.hasTransferEncoding {
            state = .chunkSize
        } else {
            let length = head.contentLength ?? 0
            guard length <= maxBodyBytes else {
                throw HTTPParseError(.contentTooLarge, "The request body of \(length) bytes is larger than \(maxBodyBytes) bytes.")
            }
            try reserve(length)
            body.reserveCapacity(length)
            state = .body(remaining: length)
        }
        // HTTP/1.0 clients do not know 100 Continue (RFC 9110 section 10.1.1).
        return head.expectsContinue && !head.isHTTP10
    }

    private mutating func reserve(_ bytes: Int) throws(HTTPParseError) {
        guard budget.reserve(bytes) else {
            throw HTTPParseError(.serviceUnavailable, "The server is busy receiving other request bodies; try again shortly.",
                                 retryAfterSeconds: 1)
        }
        reserved += bytes
    }

    /// Gives back the budget this request's body holds: once it is handed on, or abandoned.
    mutating func releaseBody() {
        guard reserved > 0 else { return }
        budget.release(reserved)
        reserved = 0
    }

    private var requestHead: HTTPRequest {
        HTTPRequest(method: head.method, scheme: nil, authority: head.authority, path: head.target, headerFields: head.fields)
    }

    /// Appends up to `remaining` body bytes from `index`; returns how many are still to come.
    private mutating func takeBody(_ bytes: UnsafeBufferPointer<UInt8>, _ index: inout Int, _ remaining: Int) -> Int {
        let count = min(remaining, bytes.count - index)
        body.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index..<(index + count)]))
        index += count
        return remaining - count
    }

    private mutating func parseChunkSize(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) throws(HTTPParseError) -> Int {
        var index = range.lowerBound
        var size: UInt64 = 0
        while index < range.upperBound, let digit = PercentDecoding.hexValue(bytes[index]) {
            guard index - range.lowerBound < 16 else {
                throw HTTPParseError(.badRequest, "A chunk size has more than 16 hex digits.")
            }
            size = size << 4 | UInt64(digit)
            index += 1
        }
        guard index > range.lowerBound else { throw HTTPParseError(.badRequest, "A chunk size is not a hex number.") }
        if index < range.upperBound {
            let next = bytes[index]
            guard next == UInt8(ascii: ";") || Self.isWhitespace(next) else {
                throw HTTPParseError(.badRequest, "A chunk size is not a hex number.")
            }
            // Chunk extensions are ignored, but must not hide control bytes.
            for position in index..<range.upperBound where bytes[position] < 0x20 && bytes[position] != UInt8(ascii: "\t") {
                throw HTTPParseError(.badRequest, "A chunk extension holds a control character.")
            }
        }
        guard size <= UInt64(max(0, maxBodyBytes - body.count)) else {
            throw HTTPParseError(.contentTooLarge, "The chunked request body is larger than \(maxBodyBytes) bytes.")
        }
        try reserve(Int(size))
        return Int(size)
    }

    private mutating func finish() -> ParsedRequest {
        let head = self.head
        let request = ServerRequest(head: requestHead, path: head.path, query: head.query, body: body, isHTTP10: head.isHTTP10)
        releaseBody()
        let keepAlive = head.isHTTP10 ? head.wantsKeepAlive && !head.wantsClose : !head.wantsClose
        let parsed = ParsedRequest(request: request, keepAlive: keepAlive, isServerWideOptions: head.isServerWideOptions)
        self.head = Head()
        body = []
        sectionBytes = 0
        sectionLines = 0
        started = false
        method = nil
        target = nil
        state = .requestLine
        return parsed
    }

    // MARK: Bytes

    private static func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }
    private static func isWhitespace(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
    static func lowercased(_ byte: UInt8) -> UInt8 { byte &- UInt8(ascii: "A") < 26 ? byte | 0x20 : byte }

    /// RFC 9110 `tchar`.
    private static let tokenTable: [Bool] = (0..<256).map { value in
        let byte = UInt8(value)
        if byte &- UInt8(ascii: "a") < 26 || byte &- UInt8(ascii: "A") < 26 || isDigit(byte) { return true }
        return "!#$%&'*+-.^_`|~".utf8.contains(byte)
    }

    static func isTokenByte(_ byte: UInt8) -> Bool { tokenTable[Int(byte)] }

    /// Bytes of a `host[:port]` or `[IPv6]:port` (RFC 3986 reg-name, IP literal, percent escapes).
    private static func isHostByte(_ byte: UInt8) -> Bool {
        byte &- UInt8(ascii: "a") < 26 || byte &- UInt8(ascii: "A") < 26 || isDigit(byte)
            || "-._~!$&'()*+,;=:%[]".utf8.contains(byte)
    }
}
