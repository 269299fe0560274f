import HTTPServer
import HTTPTypes

/// Who may write: the bearer token read from the environment variable the configuration
/// names. Without a token the write endpoints are switched off (403 saying how to enable them).
public struct WriteAccess: Sendable {
    private let token: [UInt8]?
    private let variable: String

    public init(token: String?, variable: String) {
        self.token = token.flatMap { $0.isEmpty ? nil : Array($0.utf8) }
        self.variable = variable
    }

    /// nil when the request may write; otherwise the problem to answer.
    func refusal(for request: ServerRequest) -> ServerResponse? {
        guard let token else {
            return .problem(.forbidden, detail: "writing is disabled on this server: set the environment variable \(variable) to a secret token and restart, then send it as 'Authorization: Bearer <token>'")
        }
        let challenge: HTTPFields = [.wwwAuthenticate: "Bearer realm=\"peacetrack\""]
        guard let header = request.head.headerFields[.authorization] else {
            return .problem(.unauthorized, detail: "this endpoint needs 'Authorization: Bearer <token>'", headers: challenge)
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer", Self.constantTimeEqual(Array(parts[1].utf8), token) else {
            return .problem(.unauthorized, detail: "the bearer token is not valid", headers: challenge)
        }
        return nil
    }

    /// Compares without an early exit, so the time taken says nothing of where they differ.
    static func constantTimeEqual(_ given: [UInt8], _ expected: [UInt8]) -> Bool {
        var difference = UInt(given.count ^ expected.count)
        for index in 0..<expected.count {
            let byte = index < given.count ? given[index] : 0
            difference |= UInt(byte ^ expected[index])
        }
        return difference == 0
    }
}
