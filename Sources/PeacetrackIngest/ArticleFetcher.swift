import CCurl
import Foundation
import Locking

/// A successful (2xx) response at the end of a fetch.
public struct FetchedPage: Sendable, Equatable {
    /// The URL the body came from, after redirects.
    public var url: String
    public var status: Int
    /// `type/subtype`, lowercased, without parameters; nil when the site sent none.
    public var contentType: String?
    /// The `charset` parameter of the Content-Type, lowercased.
    public var charset: String?
    public var body: [UInt8]
    public var redirectCount: Int

    public init(url: String, status: Int, contentType: String?, charset: String?, body: [UInt8], redirectCount: Int) {
        self.url = url
        self.status = status
        self.contentType = contentType
        self.charset = charset
        self.body = body
        self.redirectCount = redirectCount
    }
}

/// A fetched page and the article text taken from it.
public struct FetchedArticle: Sendable, Equatable {
    public var page: FetchedPage
    public var article: ArticleText

    public init(page: FetchedPage, article: ArticleText) {
        self.page = page
        self.article = article
    }
}

/// Fetches web pages for the corpus with libcurl, guarding the service against being used to
/// reach places it must not: only http(s), only public addresses (checked on the address
/// actually connected, for every redirect hop), bounded time, size and redirects.
///
/// Blocking; safe to call from several threads at once (each fetch has its own easy handle).
public struct ArticleFetcher: Sendable {
    public static let defaultUserAgent = "peacetrack/0.1 (+https://github.com/peacetrack)"

    public struct Configuration: Sendable {
        /// Lets fetches reach loopback, private and link-local addresses: for local testing only.
        public var allowPrivateNetworks: Bool
        public var maxRedirects: Int
        public var connectTimeout: Duration
        /// For the whole fetch, redirects included.
        public var totalTimeout: Duration
        public var maxBodyBytes: Int
        public var userAgent: String
        /// Fetches under way at once; beyond it a fetch is refused (`busy`) rather than queued.
        public var maxConcurrentFetches: Int
        /// Test hook: these exact address and port pairs are reachable even when not public, so
        /// tests can fetch from a local server while every other local address stays refused.
        var allowedEndpoints: Set<Endpoint> = []

        public init(allowPrivateNetworks: Bool = false, maxRedirects: Int = 5,
                    connectTimeout: Duration = .seconds(5), totalTimeout: Duration = .seconds(20),
                    maxBodyBytes: Int = 5 << 20, userAgent: String = ArticleFetcher.defaultUserAgent,
                    maxConcurrentFetches: Int = 4) {
            self.allowPrivateNetworks = allowPrivateNetworks
            self.maxRedirects = maxRedirects
            self.connectTimeout = connectTimeout
            self.totalTimeout = totalTimeout
            self.maxBodyBytes = maxBodyBytes
            self.userAgent = userAgent
            self.maxConcurrentFetches = maxConcurrentFetches
        }

        func admits(_ endpoint: Endpoint) -> Bool {
            allowPrivateNetworks || AddressPolicy.isPublic(endpoint.address) || allowedEndpoints.contains(endpoint)
        }
    }

    public let configuration: Configuration
    /// Shared by every copy of this fetcher: the bound on fetches under way.
    private let slots: Places

    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
        slots = Places(configuration.maxConcurrentFetches)
    }

    /// Takes a fetch slot, or says all are busy; give it back with `endFetch()`.
    public func beginFetch() throws(IngestError) {
        guard slots.take() else { throw .busy(slots: configuration.maxConcurrentFetches) }
    }

    public func endFetch() {
        slots.giveBack()
    }

    /// Fetches `url`, following at most `maxRedirects` redirects; only a 2xx answer is a page.
    /// The time limit runs to `deadline` when given (counted from the request's arrival).
    public func fetch(_ url: String, deadline: ContinuousClock.Instant? = nil) throws(IngestError) -> FetchedPage {
        guard Self.curlReady else { throw .transport("libcurl could not be initialised") }
        var target = try Self.validatedURL(url)
        let deadline = deadline ?? ContinuousClock.now + configuration.totalTimeout
        let transfer = try Transfer(configuration)
        var redirectCount = 0
        while true {
            let remaining = deadline - ContinuousClock.now
            guard remaining > .zero else { throw .timeout }
            let response = try transfer.perform(target, within: remaining)
            if [301, 302, 303, 307, 308].contains(response.status), let location = response.redirectURL {
                guard redirectCount < configuration.maxRedirects else {
                    throw .transport("more than \(configuration.maxRedirects) redirects")
                }
                redirectCount += 1
                target = try Self.validatedURL(location)
                continue
            }
            guard (200...299).contains(response.status) else { throw .upstreamStatus(response.status) }
            let type = response.contentType.map(ContentType.init)
            return FetchedPage(url: response.effectiveURL ?? target.url, status: response.status,
                               contentType: type?.essence, charset: type?.charset,
                               body: transfer.body, redirectCount: redirectCount)
        }
    }

    /// Fetches `url` and takes the article text from it (HTML or plain text).
    public func fetchArticle(_ url: String, deadline: ContinuousClock.Instant? = nil) throws(IngestError) -> FetchedArticle {
        let page = try fetch(url, deadline: deadline)
        return FetchedArticle(page: page, article: try HTMLText.article(from: page))
    }

    /// libcurl's global state, set up once for the process before the first handle.
    private static let curlReady: Bool = curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK

    /// A URL as libcurl itself parses and normalises it (so that what is checked here is what
    /// libcurl will request), and its host as given, for messages.
    struct Target {
        var url: String
        var host: String
    }

    /// The target of an absolute http(s) URL with a host.
    static func validatedURL(_ text: String) throws(IngestError) -> Target {
        guard text.utf8.count <= 8192 else { throw .badURL("longer than 8192 bytes") }
        guard let url = curl_url() else { throw .transport("libcurl is out of memory") }
        defer { curl_url_cleanup(url) }
        guard curl_url_set(url, CURLUPART_URL, text, 0) == CURLUE_OK else {
            throw .badURL("'\(text.prefix(200))' is not an absolute http or https URL")
        }
        func part(_ which: CURLUPart) -> String? {
            var value: UnsafeMutablePointer<CChar>?
            guard curl_url_get(url, which, &value, 0) == CURLUE_OK, let value else { return nil }
            defer { curl_free(value) }
            return String(cString: value)
        }
        guard let scheme = part(CURLUPART_SCHEME)?.lowercased(), scheme == "http" || scheme == "https" else {
            throw .badURL("only http and https URLs can be fetched")
        }
        guard let host = part(CURLUPART_HOST), !host.isEmpty, let normalised = part(CURLUPART_URL) else {
            throw .badURL("the URL has no host")
        }
        return Target(url: normalised, host: host)
    }
}

/// A Content-Type header value split into its lowercased type/subtype and charset.
public struct ContentType: Sendable {
    public var essence: String
    public var charset: String?

    public init(_ value: String) {
        let parts = value.split(separator: ";")
        essence = parts.first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        charset = parts.dropFirst().lazy
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .first { $0.lowercased().hasPrefix("charset=") }
            .map { $0.dropFirst(8).trimmingCharacters(in: .init(charactersIn: "\"' ")).lowercased() }
            .flatMap { $0.isEmpty ? nil : $0 }
    }
}

/// One libcurl easy handle with the options every hop of one fetch shares; used on one thread.
/// The C callbacks reach it through their user-data pointer.
private final class Transfer {
    struct Response {
        var status: Int
        var contentType: String?
        var redirectURL: String?
        var effectiveURL: String?
    }

    private let handle: UnsafeMutableRawPointer
    private let configuration: ArticleFetcher.Configuration
    private let headers: UnsafeMutablePointer<curl_slist>?
    private let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE))
    private(set) var body: [UInt8] = []
    private var bodyTooLarge = false
    /// The last address the connection check refused, and how many it let through.
    private var refused: Endpoint?
    private var admitted = 0

    init(_ configuration: ArticleFetcher.Configuration) throws(IngestError) {
        guard let handle = curl_easy_init() else {
            errorBuffer.deallocate()
            throw .transport("libcurl could not create a handle")
        }
        self.handle = handle
        self.configuration = configuration
        errorBuffer[0] = 0
        headers = curl_slist_append(nil, "Accept: text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8,*/*;q=0.1")
        let context = Unmanaged.passUnretained(self).toOpaque()

        // Redirects are followed by `fetch` so that every target is validated again.
        try set(CURLOPT_FOLLOWLOCATION, 0)
        try set(CURLOPT_PROTOCOLS_STR, "http,https")
        // A proxy from the environment would make the address check look at the proxy.
        try set(CURLOPT_PROXY, "")
        // Timeouts must not use signals: several fetches run on different threads.
        try set(CURLOPT_NOSIGNAL, 1)
        try set(CURLOPT_USERAGENT, configuration.userAgent)
        try set(CURLOPT_HTTPHEADER, pointer: headers)
        try set(CURLOPT_ACCEPT_ENCODING, "")
        // In-memory cookies across the hops of one fetch: some sites redirect until a cookie is set.
        try set(CURLOPT_COOKIEFILE, "")
        try set(CURLOPT_ERRORBUFFER, pointer: errorBuffer)
        // Refuses early when Content-Length already says too much; the write callback covers the rest.
        try check(peacetrack_setopt_offset(handle, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(configuration.maxBodyBytes)),
                  CURLOPT_MAXFILESIZE_LARGE)
        try set(CURLOPT_WRITEDATA, pointer: context)
        try check(peacetrack_setopt_write_function(handle) { buffer, size, count, context in
            guard let context else { return 0 }
            let transfer = Unmanaged<Transfer>.fromOpaque(context).takeUnretainedValue()
            let (length, overflow) = size.multipliedReportingOverflow(by: count)
            guard !overflow, length <= transfer.configuration.maxBodyBytes - transfer.body.count else {
                transfer.bodyTooLarge = true
                return 0 // anything but `length` makes libcurl abort the transfer
            }
            if let buffer, length > 0 {
                transfer.body.append(contentsOf: UnsafeRawBufferPointer(start: buffer, count: length))
            }
            return length
        }, CURLOPT_WRITEFUNCTION)
        // The one place a connection is made: the resolved address is checked before any socket
        // exists, so a refused address never receives a packet, whatever name led to it.
        try set(CURLOPT_OPENSOCKETDATA, pointer: context)
        try check(peacetrack_setopt_opensocket_function(handle) { context, _, address in
            guard let context, let address else { return CURL_SOCKET_BAD }
            let transfer = Unmanaged<Transfer>.fromOpaque(context).takeUnretainedValue()
            let family = address.pointee.family, type = address.pointee.socktype, proto = address.pointee.protocol
            let length = Int(address.pointee.addrlen)
            guard let socketAddress = address.pointer(to: \.addr),
                  let endpoint = Endpoint(UnsafeRawPointer(socketAddress), length: length) else {
                return CURL_SOCKET_BAD
            }
            guard transfer.configuration.admits(endpoint) else {
                transfer.refused = endpoint
                return CURL_SOCKET_BAD
            }
            transfer.admitted += 1
            return socket(family, type | Int32(SOCK_CLOEXEC.rawValue), proto)
        }, CURLOPT_OPENSOCKETFUNCTION)
    }

    deinit {
        curl_easy_cleanup(handle)
        curl_slist_free_all(headers)
        errorBuffer.deallocate()
    }

    func perform(_ target: ArticleFetcher.Target, within remaining: Duration) throws(IngestError) -> Response {
        body.removeAll(keepingCapacity: true)
        bodyTooLarge = false
        refused = nil
        admitted = 0
        errorBuffer[0] = 0
        let total = remaining.wholeMilliseconds
        try set(CURLOPT_URL, target.url)
        try set(CURLOPT_TIMEOUT_MS, total)
        try set(CURLOPT_CONNECTTIMEOUT_MS, min(configuration.connectTimeout.wholeMilliseconds, total))
        let code = curl_easy_perform(handle)
        guard code == CURLE_OK else { throw failure(code, host: target.host) }
        var status = 0
        _ = peacetrack_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        return Response(status: status, contentType: info(CURLINFO_CONTENT_TYPE),
                        redirectURL: info(CURLINFO_REDIRECT_URL), effectiveURL: info(CURLINFO_EFFECTIVE_URL))
    }

    private func failure(_ code: CURLcode, host: String) -> IngestError {
        switch code {
        case CURLE_OPERATION_TIMEDOUT:
            return .timeout
        case CURLE_FILESIZE_EXCEEDED:
            return .tooLarge
        case CURLE_WRITE_ERROR where bodyTooLarge:
            return .tooLarge
        case CURLE_COULDNT_CONNECT where refused != nil && admitted == 0:
            return .refusedAddress(host: host, resolved: refused?.description ?? "?")
        case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL:
            return .badURL(String(cString: curl_easy_strerror(code)))
        default:
            let detail = String(cString: errorBuffer)
            return .unreachable(detail: detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail)
        }
    }

    private func info(_ item: CURLINFO) -> String? {
        var value: UnsafePointer<CChar>?
        guard peacetrack_getinfo_string(handle, item, &value) == CURLE_OK, let value else { return nil }
        return String(cString: value)
    }

    private func set(_ option: CURLoption, _ value: Int) throws(IngestError) {
        try check(peacetrack_setopt_long(handle, option, value), option)
    }

    private func set(_ option: CURLoption, _ value: String) throws(IngestError) {
        // libcurl copies string options, so the temporary C string may go.
        try check(value.withCString { peacetrack_setopt_pointer(handle, option, $0) }, option)
    }

    /// The pointer must stay valid as long as the handle: libcurl keeps it, not a copy.
    private func set(_ option: CURLoption, pointer: UnsafeRawPointer?) throws(IngestError) {
        try check(peacetrack_setopt_pointer(handle, option, pointer), option)
    }

    private func check(_ code: CURLcode, _ option: CURLoption) throws(IngestError) {
        guard code == CURLE_OK else {
            throw .transport("libcurl refused option \(option.rawValue): \(String(cString: curl_easy_strerror(code)))")
        }
    }
}

private extension Duration {
    /// At least 1: libcurl reads a timeout of 0 as "none".
    var wholeMilliseconds: Int {
        let (seconds, attoseconds) = components
        let (milliseconds, overflow) = seconds.multipliedReportingOverflow(by: 1000)
        guard !overflow else { return Int.max }
        return max(1, Int(clamping: milliseconds &+ attoseconds / 1_000_000_000_000_000))
    }
}
