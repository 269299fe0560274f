/// Why an article could not be fetched or turned into text. Each case carries the HTTP status
/// the API answers with, so callers need not switch over the cases. `description` is for the
/// client: it names hosts as the client gave them, never an address they resolved to, and
/// never libcurl's own text; `logDescription` adds those for the log.
public enum IngestError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Not an http(s) URL, or malformed.
    case badURL(String)
    /// The host name (as given) or a redirect resolved to an address fetches may not reach.
    case refusedAddress(host: String, resolved: String)
    /// The site answered with a status other than 2xx (after following redirects).
    case upstreamStatus(Int)
    case timeout
    case tooLarge
    case noArticleText
    /// The article's text is longer than `DocumentRules.maxTextBytes`.
    case textTooLong(bytes: Int)
    /// The page's title is not one line of 1 to `DocumentRules.maxTitleCharacters` characters.
    case unusableTitle
    case unsupportedContentType(String)
    /// Too many redirects, or libcurl could not be set up.
    case transport(String)
    /// DNS, TLS, refused or reset connections: libcurl's account of it is for the log only.
    case unreachable(detail: String)
    /// Every fetch slot is taken.
    case busy(slots: Int)

    public var status: Int {
        switch self {
        case .badURL: 400
        case .refusedAddress: 403
        case .tooLarge, .textTooLong: 413
        case .unsupportedContentType: 415
        case .noArticleText, .unusableTitle: 422
        case .upstreamStatus, .transport, .unreachable: 502
        case .busy: 503
        case .timeout: 504
        }
    }

    public var description: String {
        switch self {
        case .badURL(let reason): "bad URL: \(reason)"
        case .refusedAddress(let host, _): "refusing to fetch from \(host): not a public address"
        case .upstreamStatus(let code): "the site answered with status \(code)"
        case .timeout: "the site did not answer in time"
        case .tooLarge: "the page is larger than the size limit"
        case .noArticleText: "the page has no article text"
        case .textTooLong(let bytes): "the article's text is \(bytes) bytes; documents are at most \(DocumentRules.maxTextBytes) bytes"
        case .unusableTitle: "the page's title is not one line of 1 to \(DocumentRules.maxTitleCharacters) characters"
        case .unsupportedContentType(let type): "cannot take text from content of type \(type)"
        case .transport(let message): "fetch failed: \(message)"
        case .unreachable: "fetch failed: the site could not be reached or did not answer properly"
        case .busy(let slots): "all \(slots) fetch slots are busy; try again shortly"
        }
    }

    public var logDescription: String {
        switch self {
        case .refusedAddress(let host, let resolved): "\(description) (\(host) resolved to \(resolved))"
        case .unreachable(let detail): "\(description) (\(detail))"
        default: description
        }
    }
}
