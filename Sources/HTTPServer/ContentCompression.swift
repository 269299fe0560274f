import Dispatch
import HTTPTypes

/// The content codings a request's `Accept-Encoding` asks for (RFC 9110 §12.5.3), reduced to
/// the one question the server has: send gzip, or the body as it is?
public struct AcceptEncoding: Sendable {
    /// True when gzip is acceptable (by name or through `*`) and not ranked below an
    /// explicitly weighted `identity`.
    public let prefersGzip: Bool

    public init(_ field: String?) {
        var gzip: Int?, any: Int?, identity = 0
        for element in WeightedList(field).elements {
            switch element.value {
            case "gzip", "x-gzip": gzip = max(gzip ?? 0, element.weight)
            case "*": any = element.weight
            case "identity": identity = element.weight
            default: break
            }
        }
        let weight = gzip ?? any ?? 0
        prefersGzip = weight > 0 && weight >= identity
    }
}

/// gzip for clients that accept it: answers of a compressible type and at least
/// `minimumBytes` are sent `Content-Encoding: gzip`, and all such answers say
/// `Vary: Accept-Encoding` so that caches keep the two forms apart.
///
/// The compressed form's tag is the plain form's made weak (as nginx does): the two bodies
/// differ in bytes but not in meaning, and `If-None-Match` compares weakly, so a client
/// revalidates whichever form it holds.
public struct ContentCompression: HTTPResponder {
    let next: any HTTPResponder
    let minimumBytes: Int
    /// Bodies this large (tens of milliseconds of zlib at a few MB) are compressed off the
    /// event loops, whose other connections would otherwise wait.
    let offLoopBytes: Int
    private let cache: ResponseCache<CompressedKey>
    /// One answer at a time, each looked up again before it is compressed, so one key is never
    /// compressed twice at once however many clients ask for it together.
    private let compressor = DispatchQueue(label: "http.compress")

    /// Compressed answers are kept by the request's `cacheKey` and strong tag, so an answer
    /// served repeatedly is compressed and has its fields rewritten once.
    public init(next: any HTTPResponder, minimumBytes: Int = 1024, offLoopBytes: Int = 64 << 10,
                cacheEntries: Int = 512, cacheBytes: Int = 8 << 20) {
        self.next = next
        self.minimumBytes = minimumBytes
        self.offLoopBytes = offLoopBytes
        // Tags change with the corpus, and answers under old tags are never asked for again.
        cache = ResponseCache(maxEntries: cacheEntries, maxBytes: cacheBytes, whenFull: .startsAfresh)
    }

    public func respond(to request: ServerRequest) -> Reply {
        let gzip = AcceptEncoding(request.head.headerFields[.acceptEncoding]).prefersGzip
        return next.respond(to: request).flatMap { [self] response in
            // Only compressed answers are kept: the plain one costs a field, and keeping it would
            // hold large bodies the answer's owner has let go.
            guard gzip, let key = Self.key(request, response) else { return .now(prepared(response, gzip: gzip)) }
            if let kept = cache.kept(key) { return .now(kept) }
            guard response.body.count >= offLoopBytes else { return .now(cache.answer(key) { prepared(response, gzip: true) }) }
            return .later { complete in
                compressor.async { complete(cache.answer(key) { prepared(response, gzip: true) }) }
            }
        }
    }

    /// Only a 200 to GET or HEAD with a strong tag is kept: a strong tag names one sequence of
    /// bytes for its target (RFC 9110 §8.8.1), so the key can never hand out another answer.
    private static func key(_ request: ServerRequest, _ response: ServerResponse) -> CompressedKey? {
        let method = request.head.method
        guard method == .get || method == .head, response.head.status == .ok,
              let tag = response.head.headerFields[.eTag], !tag.hasPrefix("W/") else { return nil }
        return CompressedKey(target: request.cacheKey, tag: tag)
    }

    /// The answer as sent: with `Vary` when it could be compressed, compressed when asked and worth it.
    private func prepared(_ response: ServerResponse, gzip: Bool) -> ServerResponse {
        guard case .bytes(let body) = response.body, body.count >= minimumBytes, Self.isCompressible(response.head) else {
            return response
        }
        var response = response
        response.head.headerFields.append(HTTPField(name: .vary, value: "Accept-Encoding"))
        guard gzip, let compressed = Gzip.compress(body), compressed.count < body.count else { return response }
        response.body = .bytes(compressed)
        response.head.headerFields[.contentEncoding] = "gzip"
        if let tag = response.head.headerFields[.eTag], !tag.hasPrefix("W/") {
            response.head.headerFields[.eTag] = "W/" + tag
        }
        return response
    }

    /// Text-like types that shrink; bodies already encoded or with nothing to send are left alone.
    static func isCompressible(_ head: HTTPResponse) -> Bool {
        guard head.status != .noContent, head.status != .notModified, head.headerFields[.contentEncoding] == nil,
              let type = head.headerFields[.contentType]?.lowercased() else { return false }
        let mediaType = type.prefix { $0 != ";" }.trimmingWhitespace
        return mediaType.hasPrefix("text/") || mediaType.hasSuffix("json") || mediaType.hasSuffix("+xml")
            || mediaType == "application/javascript" || mediaType == "application/xml"
    }
}

extension Substring {
    /// Without the optional white space (spaces, tabs) HTTP allows around list elements.
    var trimmingWhitespace: Substring {
        let isSpace = { (character: Character) in character == " " || character == "\t" }
        guard let start = firstIndex(where: { !isSpace($0) }), let end = lastIndex(where: { !isSpace($0) }) else { return "" }
        return self[start...end]
    }
}

/// Where a compressed answer is kept: the request's `cacheKey` and the plain answer's strong tag.
private struct CompressedKey: Hashable, Sendable {
    var target: String
    var tag: String
}
