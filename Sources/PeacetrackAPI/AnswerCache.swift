import Locking

/// Encoded answers of one snapshot by normalised request (path and decoded query), so a
/// dashboard's repeated questions cost a lookup. It lives and dies with its snapshot, so it is
/// never stale. Bounded in entries and bytes: unique queries from a scanner fill it, then
/// are answered without being kept.
final class AnswerCache: Sendable {
    private struct State {
        var bodies: [String: [UInt8]] = [:]
        var bytes = 0
    }

    private let state = Locked(State())
    private let maxEntries: Int
    private let maxBytes: Int

    init(maxEntries: Int = 1024, maxBytes: Int = 16 << 20) {
        self.maxEntries = maxEntries
        self.maxBytes = maxBytes
    }

    /// The cached answer to `key`, else `make()`'s, kept when it fits. `make` runs outside the
    /// lock: two first requests may both compute it, never wait on each other.
    func answer<Failure: Error>(_ key: String, _ make: () throws(Failure) -> [UInt8]) throws(Failure) -> [UInt8] {
        if let body = state.withLock({ $0.bodies[key] }) { return body }
        let body = try make()
        state.withLock { state in
            guard state.bodies[key] == nil, state.bodies.count < maxEntries, state.bytes + body.count <= maxBytes else { return }
            state.bodies[key] = body
            state.bytes += body.count
        }
        return body
    }

    var count: Int { state.withLock { $0.bodies.count } }
}
