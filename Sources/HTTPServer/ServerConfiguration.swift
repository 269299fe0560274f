import HTTPTypes

/// Where the server listens and the limits it enforces on every connection.
public struct ServerConfiguration: Sendable {
    /// A numeric IPv4 or IPv6 address ("127.0.0.1", "0.0.0.0", "::1", "::") or a host name.
    public var host: String
    /// 0 picks a free port; `HTTPServer.start()` returns the one bound.
    public var port: Int
    /// Open connections beyond this are accepted, answered 503 and closed.
    public var maxConnections: Int
    /// Larger request bodies (declared or de-chunked) are answered 413.
    public var maxBodyBytes: Int
    /// Paths (without query) that take bodies up to another limit than `maxBodyBytes`, such as
    /// an upload endpoint.
    public var maxBodyBytesByPath: [String: Int]
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
        maxBodyBytesByPath: [String: Int] = [:],
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
        self.maxBodyBytesByPath = maxBodyBytesByPath
        self.maxRequestLineBytes = maxRequestLineBytes
        self.maxHeaderBytes = maxHeaderBytes
        self.maxHeaderCount = maxHeaderCount
        self.headerTimeout = headerTimeout
        self.idleTimeout = idleTimeout
        self.maxPendingOutputBytes = maxPendingOutputBytes
        self.commonAnswerFields = commonAnswerFields
    }
}
