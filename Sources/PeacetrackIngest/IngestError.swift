/// Why an article could not be fetched or turned into text. Each case carries the HTTP status
/// the API answers with, so callers need not switch over the cases.
public enum IngestError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Not an http(s) URL, or malformed.
    case badURL(String)
    /// The host name or a redirect resolved to an address fetches may not reach.
    case refusedAddress(String)
    /// The site answered with a status other than 2xx (after following redirects).
    case upstreamStatus(Int)
    case timeout
    case tooLarge
    case noArticleText
    case unsupportedContentType(String)
    /// Anything else between us and the site: DNS, TLS, reset connections, redirect loops.
    case transport(String)

    public var status: Int {
        switch self {
        case .badURL: 400
        case .refusedAddress: 403
        case .tooLarge: 413
        case .unsupportedContentType: 415
        case .noArticleText: 422
        case .upstreamStatus, .transport: 502
        case .timeout: 504
        }
    }

    public var description: String {
        switch self {
        case .badURL(let reason): "bad URL: \(reason)"
        case .refusedAddress(let address): "refusing to connect to \(address): not a public address"
        case .upstreamStatus(let code): "the site answered with status \(code)"
        case .timeout: "the site did not answer in time"
        case .tooLarge: "the page is larger than the size limit"
        case .noArticleText: "the page has no article text"
        case .unsupportedContentType(let type): "cannot take text from content of type \(type)"
        case .transport(let message): "fetch failed: \(message)"
        }
    }
}
