import Foundation
import HTTPServer
import HTTPTypes

/// CORS preflight: an `OPTIONS` answer names the methods and headers a cross-origin caller may
/// use. The origin itself is on every answer through the server's common fields
/// (`PeacetrackAPI.serverAnswerFields`).
struct CORSPreflight: HTTPResponder {
    let next: any HTTPResponder

    func respond(to request: ServerRequest) -> Reply {
        guard request.head.method == .options else { return next.respond(to: request) }
        return next.respond(to: request).map { response in
            guard response.head.status == .noContent, let allow = response.head.headerFields[.allow] else { return response }
            var response = response
            response.head.headerFields[.accessControlAllowMethods] = allow
            response.head.headerFields[.accessControlAllowHeaders] = "Authorization, Content-Type, If-None-Match, Last-Event-ID"
            response.head.headerFields[.accessControlMaxAge] = "600"
            return response
        }
    }
}

/// `If-None-Match` on GET and HEAD: a current tag answers 304 with no body.
struct ConditionalGET: HTTPResponder {
    let next: any HTTPResponder

    func respond(to request: ServerRequest) -> Reply {
        let method = request.head.method
        guard method == .get || method == .head, let condition = request.head.headerFields[.ifNoneMatch] else {
            return next.respond(to: request)
        }
        return next.respond(to: request).map { response in
            guard response.head.status == .ok, let tag = response.head.headerFields[.eTag],
                  Self.matches(condition, tag) else { return response }
            var head = HTTPResponse(status: .notModified)
            for name in [HTTPField.Name.eTag, .cacheControl, .contentLocation, .vary] {
                if let value = response.head.headerFields[name] { head.headerFields[name] = value }
            }
            return ServerResponse(head: head)
        }
    }

    /// Weak comparison over a comma-separated list of tags, or `*` (RFC 9110 §13.1.2).
    static func matches(_ condition: String, _ tag: String) -> Bool {
        let strip = { (value: Substring) -> Substring in value.hasPrefix("W/") ? value.dropFirst(2) : value }
        let current = strip(Substring(tag))
        return condition.split(separator: ",").contains { candidate in
            let trimmed = candidate.trimmingCharacters(in: .whitespaces)
            return trimmed == "*" || strip(Substring(trimmed)) == current
        }
    }
}
