import HTTPTypes

/// Where the server listens and the limits it enforces on every connection.
public struct ServerConfiguration: Sendable {
    /// A numeric IPv4 or IPv6 address ("127.0.0.1", "0.0.0.0", "::1", "::") or a host name.
    public var host: String
    /// 0 picks a free port; `HTTPServer.start()` returns the one bound.
    public var port: Int
    /// At this many open connections, a new one takes the place of the one idle the longest
    /// (kept alive between requests, or silent since it opened), which is closed; when every
    /// one is busy with a request, the new one is answered 503 and closed.
    public var maxConnections: Int
    /// Larger request bodies (declared or de-chunked) are answered 413, unless `bodyAdmission`
    /// sets another limit.
    public var maxBodyBytes: Int
    /// Decides from a request's head, before any of its body is read, whether to read the body
    /// and up to what size: an upload endpoint takes more, a request its responder would refuse
    /// anyway (no credentials) is answered at once. Nil (or a nil answer): `maxBodyBytes`.
    public var bodyAdmission: (@Sendable (ServerRequest) -> BodyAdmission?)?
    /// Request bodies being received, over all connections, are held to this many bytes: a body
    /// that would not fit is answered 503 with `Retry-After`.
    public var maxBufferedBodyBytes: Int
    /// Once `headerTimeout` seconds have passed since its head, a body must have arrived at this
    /// average rate (408 otherwise), so that trickled bodies cannot hold connections and memory.
    public var minBodyBytesPerSecond: Double
    /// Streaming answers (Server-Sent Events) open at once; more get 503, so that the rest of
    /// `maxConnections` stays free for short requests. Nil: half of `maxConnections`.
    public var maxStreams: Int?
    /// Longer request lines are answered 414.
    public var maxRequestLineBytes: Int
    /// Header sections (or chunked trailers) larger than this are answered 431.
    public var maxHeaderBytes: Int
    /// Header sections (or chunked trailers) with more lines than this are answered 431.
    public var maxHeaderCount: Int
    /// Seconds a request head may take to arrive once started (408), or a new connection to
    /// start sending one (silent close).
    public var headerTimeout: Double
    /// Seconds an idle keep-alive connection, a stalled body upload or a stalled reader is kept.
    public var idleTimeout: Double
    /// A streaming peer whose unsent output grows past this is disconnected.
    public var maxPendingOutputBytes: Int
    /// Fields every answer carries unless it sets them itself, those the server makes without
    /// the responder included (refused requests, 503 at the cap, `OPTIONS *`): CORS fields, so
    /// that browsers can read every answer. Encoded once, not added to each response.
    public var commonAnswerFields: HTTPFields

    public init(
        host: String = "127.0.0.1",
        port: Int = 8080,
        maxConnections: Int = 1024,
        maxBodyBytes: Int = 1 << 20,
        bodyAdmission: (@Sendable (ServerRequest) -> BodyAdmission?)? = nil,
        maxBufferedBodyBytes: Int = 32 << 20,
        minBodyBytesPerSecond: Double = 1024,
        maxStreams: Int? = nil,
        maxRequestLineBytes: Int = 8 << 10,
        maxHeaderBytes: Int = 16 << 10,
        maxHeaderCount: Int = 100,
        headerTimeout: Double = 10,
        idleTimeout: Double = 30,
        maxPendingOutputBytes: Int = 4 << 20,
        commonAnswerFields: HTTPFields = [:]
    ) {
        self.host = host
        self.port = port
        self.maxConnections = maxConnections
        self.maxBodyBytes = maxBodyBytes
        self.bodyAdmission = bodyAdmission
        self.maxBufferedBodyBytes = maxBufferedBodyBytes
        self.minBodyBytesPerSecond = minBodyBytesPerSecond
        self.maxStreams = maxStreams
        self.maxRequestLineBytes = maxRequestLineBytes
        self.maxHeaderBytes = maxHeaderBytes
        self.maxHeaderCount = maxHeaderCount
        self.headerTimeout = headerTimeout
        self.idleTimeout = idleTimeout
        self.maxPendingOutputBytes = maxPendingOutputBytes
        self.commonAnswerFields = commonAnswerFields
    }
}

extension ServerConfiguration {
    /// `maxStreams`, or its default.
    var streamLimit: Int { maxStreams ?? max(1, maxConnections / 2) }

    /// What to do with the body `head` announces: `bodyAdmission`'s decision, or `maxBodyBytes`.
    func admission(for head: ServerRequest) -> BodyAdmission {
        bodyAdmission?(head) ?? .read(upTo: maxBodyBytes)
    }
}

/// What the server does with a request's body, decided from its head alone.
public enum BodyAdmission: Sendable {
    /// Read it, up to this many bytes (a larger one is 413).
    case read(upTo: Int)
    /// Do not read it: send this answer (and no `100 Continue`), then close the connection.
    case refuse(Reply)
}
