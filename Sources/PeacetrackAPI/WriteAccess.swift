import Dispatch
import Foundation
import HTTPServer
import HTTPTypes
import Locking

/// Who may write: the bearer token read from the environment variable the configuration
/// names. Without a token the write endpoints are switched off (403 saying how to enable them).
public struct WriteAccess: Sendable {
    /// Shorter tokens are refused at startup: they can be guessed.
    public static let minimumTokenLength = 16

    private let token: [UInt8]?
    private let variable: String
    private let throttle = FailureThrottle()

    /// Throws when `token` is set but unusable (only white space, or too short): the server must
    /// not start believing it is protected.
    public init(token: String?, variable: String) throws(WriteAccessError) {
        if let token, !token.isEmpty {
            guard token.contains(where: { !$0.isWhitespace }) else { throw .blankToken(variable) }
            guard token.count >= Self.minimumTokenLength else { throw .shortToken(variable) }
        }
        self.token = token.flatMap { $0.isEmpty ? nil : Array($0.utf8) }
        self.variable = variable
    }

    /// Nil when the request may write; otherwise the answer. Wrong tokens from one address are
    /// answered ever later, so guessing the token from one place is slow.
    func refusal(for request: ServerRequest) -> Reply? {
        guard let token else {
            return .now(.problem(.forbidden, detail: "writing is disabled on this server: set the environment variable \(variable) to a secret token and restart, then send it as 'Authorization: Bearer <token>'"))
        }
        let challenge: HTTPFields = [.wwwAuthenticate: "Bearer realm=\"peacetrack\""]
        guard let header = request.head.headerFields[.authorization] else {
            return .now(.problem(.unauthorized, detail: "this endpoint needs 'Authorization: Bearer <token>'", headers: challenge))
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        if parts.count == 2, parts[0].lowercased() == "bearer", Self.constantTimeEqual(Array(parts[1].utf8), token) { return nil }
        let problem = ServerResponse.problem(.unauthorized, detail: "the bearer token is not valid", headers: challenge)
        let delay = throttle.delay(afterFailureFrom: request.remoteAddress)
        guard delay > 0 else { return .now(problem) }
        return .later { complete in DispatchQueue.global().asyncAfter(deadline: .now() + delay) { complete(problem) } }
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

/// A write token the server cannot be started with.
public enum WriteAccessError: Error, CustomStringConvertible {
    case blankToken(String)
    case shortToken(String)

    public var description: String {
        switch self {
        case .blankToken(let variable):
            "the write token in \(variable) is only white space; set a secret of at least \(WriteAccess.minimumTokenLength) characters, or unset it to switch writing off"
        case .shortToken(let variable):
            "the write token in \(variable) is shorter than \(WriteAccess.minimumTokenLength) characters; use a longer secret"
        }
    }
}

/// Counts failed authorisations by address: the first few are answered at once, each one after
/// waits twice as long as the one before, up to `maxDelay`. An address quiet for `memory` is
/// forgotten, and so is everything when too many addresses are known.
final class FailureThrottle: Sendable {
    private struct Record {
        var failures: Int
        var last: ContinuousClock.Instant
    }

    static let freeFailures = 10
    static let firstDelay = 0.5
    static let maxDelay = 4.0
    static let memory = Duration.seconds(60)
    static let maxAddresses = 10_000

    private let records = Locked([String: Record]())

    /// Records a failure from `address`; the seconds its answer should wait.
    func delay(afterFailureFrom address: String) -> Double {
        let now = ContinuousClock.now
        let failures = records.withLock { records -> Int in
            if records.count >= Self.maxAddresses { records.removeAll() }
            var record = records[address].flatMap { now - $0.last < Self.memory ? $0 : nil } ?? Record(failures: 0, last: now)
            record.failures += 1
            record.last = now
            records[address] = record
            return record.failures
        }
        let excess = failures - Self.freeFailures
        guard excess > 0 else { return 0 }
        return min(Self.maxDelay, Self.firstDelay * Double(1 << min(excess - 1, 16)))
    }
}
