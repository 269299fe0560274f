import Foundation
import HTTPServer
import HTTPTypes
import PeacetrackCore
import PeacetrackIngest

/// The body of `POST /documents`: JSON `{"text", "title"?, "url"?, "id"?, "published"?}` or a
/// plain UTF-8 text. Every rule it breaks is a problem naming the field.
struct DocumentSubmission: Equatable {
    static let maxTextBytes = DocumentRules.maxTextBytes
    /// A text at its limit grows when JSON-escaped (a non-ASCII scalar as `\uXXXX` is up to
    /// three times its UTF-8 size); the text's own limit is checked once decoded.
    static let maxBodyBytes = 3 * maxTextBytes + (64 << 10)
    static let fields: Set<String> = ["text", "title", "url", "id", "published"]

    var text: String
    var title: String?
    var url: String?
    var id: String?
    var published: String?

    static func parse(_ request: ServerRequest) -> Result<DocumentSubmission, APIProblem> {
        let type = request.head.headerFields[.contentType].map(ContentType.init)
        switch type?.essence {
        case "application/json":
            return parseJSON(request.body)
        case "text/plain":
            guard type?.charset == nil || type?.charset == "utf-8" else {
                return .failure(APIProblem(.unsupportedMediaType, detail: "text/plain bodies must be UTF-8, not \(type?.charset ?? "")"))
            }
            return validate(text: String(validating: request.body, as: UTF8.self), request.body.count)
                .map { DocumentSubmission(text: $0) }
        default:
            return .failure(APIProblem(.unsupportedMediaType, detail: "send the document as application/json or text/plain"))
        }
    }

    private static func parseJSON(_ body: [UInt8]) -> Result<DocumentSubmission, APIProblem> {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] else {
            return .failure(APIProblem(.badRequest, detail: "the body is not a JSON object"))
        }
        if let unknown = object.keys.sorted().first(where: { !fields.contains($0) }) {
            return .failure(APIProblem(.badRequest, detail: "unknown field '\(unknown)' (documents take: \(fields.sorted().joined(separator: ", ")))"))
        }
        var strings: [String: String] = [:]
        for (name, value) in object where !(value is NSNull) {
            guard let string = value as? String else {
                return .failure(APIProblem(.badRequest, detail: "field '\(name)' must be a string"))
            }
            strings[name] = string
        }
        guard let rawText = strings["text"] else {
            return .failure(APIProblem(.badRequest, detail: "field 'text' is required"))
        }
        let submission: DocumentSubmission
        switch validate(text: rawText, rawText.utf8.count) {
        case .failure(let problem): return .failure(problem)
        case .success(let text):
            submission = DocumentSubmission(text: text, title: strings["title"], url: strings["url"].map(DocumentRules.withoutCredentials),
                                            id: strings["id"], published: strings["published"])
        }
        if let problem = submission.fieldProblem() { return .failure(APIProblem(.badRequest, detail: problem)) }
        return .success(submission)
    }

    private static func validate(text: String?, _ byteCount: Int) -> Result<String, APIProblem> {
        guard byteCount <= maxTextBytes else {
            return .failure(APIProblem(.contentTooLarge, detail: "the text is \(byteCount) bytes; documents are at most \(maxTextBytes) bytes"))
        }
        guard let text else { return .failure(APIProblem(.badRequest, detail: "the text is not valid UTF-8")) }
        guard text.contains(where: { !$0.isWhitespace }) else {
            return .failure(APIProblem(.badRequest, detail: "field 'text' is empty"))
        }
        guard !DocumentRules.hasNUL(text) else {
            return .failure(APIProblem(.badRequest, detail: "field 'text' contains a NUL character (U+0000)"))
        }
        return .success(text)
    }

    /// What is wrong with the optional fields, if anything.
    private func fieldProblem() -> String? {
        if let id, DocumentRules.reservedIDs.contains(id) {
            return "field 'id' must not be '\(id)', a word of the API's paths"
        }
        if let id, !DocumentArchive.isValidID(id) {
            return "field 'id' must be 1 to 64 characters of a-z, 0-9, '_' and '-'"
        }
        if let title, !DocumentRules.isValidTitle(title) {
            return "field 'title' must be one line of 1 to \(DocumentRules.maxTitleCharacters) characters"
        }
        if let url, !Self.isWebURL(url) {
            return "field 'url' must be an http or https URL"
        }
        if let published, !RFC3339.isDateOrDateTime(published) {
            return "field 'published' must be an RFC 3339 date (2025-02-20) or date-time (2025-02-20T10:00:00Z)"
        }
        return nil
    }

    static func isWebURL(_ text: String) -> Bool {
        guard text.utf8.count <= 2048, let components = URLComponents(string: text),
              let scheme = components.scheme?.lowercased(), let host = components.host else { return false }
        return (scheme == "http" || scheme == "https") && !host.isEmpty
    }
}

/// An error answer a handler can throw or return: becomes a problem-details response.
struct APIProblem: Error {
    var status: HTTPResponse.Status
    var detail: String
    var headers: HTTPFields = [:]

    init(_ status: HTTPResponse.Status, detail: String, headers: HTTPFields = [:]) {
        self.status = status
        self.detail = detail
        self.headers = headers
    }

    var response: ServerResponse { .problem(status, detail: detail, headers: headers) }
}
