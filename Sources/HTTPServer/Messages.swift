import HTTPTypes

/// One query-string pair, percent-decoded (`+` read as a space), in the order it was sent.
public struct QueryItem: Sendable, Hashable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// A fully parsed request as handlers see it.
public struct ServerRequest: Sendable {
    /// Method, path (the raw target as sent) and header fields, in the shared HTTP vocabulary.
    public var head: HTTPRequest
    /// The percent-decoded path, without the query string.
    public var path: String
    /// The decoded query string.
    public var query: [QueryItem]
    /// The request body (de-chunked), empty when there is none.
    public var body: [UInt8]
    /// `HTTP/1.0` requests close unless they ask for keep-alive.
    public var isHTTP10: Bool
    /// The numeric IP address of the peer that sent it.
    public var remoteAddress: String

    public init(head: HTTPRequest, path: String, query: [QueryItem], body: [UInt8], isHTTP10: Bool = false,
                remoteAddress: String = "-") {
        self.head = head
        self.path = path
        self.query = query
        self.body = body
        self.isHTTP10 = isHTTP10
        self.remoteAddress = remoteAddress
    }
}

extension ServerRequest {
    /// One spelling of what the request asks, for every cache to be keyed by: the decoded path
    /// and query, in order (`/a%62` and `/ab` are one key). Lengths before names and values keep
    /// two different queries from spelling one key.
    public var cacheKey: String {
        var key = path
        for item in query {
            key += "&\(item.name.utf8.count):\(item.name)=\(item.value.utf8.count):\(item.value)"
        }
        return key
    }
}

/// What a handler answers. The server adds `Content-Length`, `Date`, `Connection` and
/// `Transfer-Encoding` itself, and drops the body of a `HEAD` answer.
public struct ServerResponse: Sendable {
    public var head: HTTPResponse
    public var body: ResponseBody

    public init(head: HTTPResponse, body: ResponseBody = .bytes([])) {
        self.head = head
        self.body = body
    }

    public init(status: HTTPResponse.Status, headers: HTTPFields = [:], body: [UInt8] = []) {
        self.head = HTTPResponse(status: status, headerFields: headers)
        self.body = .bytes(body)
    }
}

public enum ResponseBody: Sendable {
    /// A complete body, written with the head in one `write`.
    case bytes([UInt8])
    /// A long-lived body (Server-Sent Events): the server writes the head, then hands the
    /// connection's writer to `open`; the connection stays open until either side closes it.
    case stream(@Sendable (StreamWriter) -> Void)
}

extension ResponseBody {
    /// Bytes of a complete body; a stream has none in hand.
    public var count: Int {
        if case .bytes(let bytes) = self { bytes.count } else { 0 }
    }
}

/// Pushes chunks of a streamed body. Never blocks: a peer that does not read fast enough is
/// disconnected once its pending output passes the server's limit.
public protocol StreamWriter: AnyObject, Sendable {
    /// Queues bytes for the peer; false once the stream is closed (then stop sending).
    @discardableResult func send(_ bytes: [UInt8]) -> Bool
    /// Ends the body and closes the connection.
    func finish()
    /// Called once, on the connection's event loop, when the stream closes for any reason.
    func onClose(_ action: @escaping @Sendable () -> Void)
}

/// The answer to a request: at once, or later for slow work (an outbound fetch) so that the
/// connection's event loop is never blocked.
public enum Reply: Sendable {
    case now(ServerResponse)
    case later(@Sendable (_ complete: @escaping @Sendable (ServerResponse) -> Void) -> Void)
}

extension Reply {
    /// Applies `transform` to the response whenever it is ready: how a middleware rewrites
    /// answers without caring whether they come at once or later.
    public func map(_ transform: @escaping @Sendable (ServerResponse) -> ServerResponse) -> Reply {
        flatMap { .now(transform($0)) }
    }

    /// Like `map`, for a middleware that may itself answer later (slow work off the loop).
    public func flatMap(_ transform: @escaping @Sendable (ServerResponse) -> Reply) -> Reply {
        switch self {
        case .now(let response):
            return transform(response)
        case .later(let start):
            return .later { complete in
                start { response in
                    switch transform(response) {
                    case .now(let transformed): complete(transformed)
                    case .later(let next): next(complete)
                    }
                }
            }
        }
    }
}

/// Anything that answers requests: a router, a middleware chain, a test stub.
public protocol HTTPResponder: Sendable {
    func respond(to request: ServerRequest) -> Reply
}
