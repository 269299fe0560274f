import HTTPServer
import Locking

/// Ready answers (fields and encoded body) of one snapshot by normalised request (path and decoded query), so a
/// dashboard's repeated questions cost a lookup. It lives and dies with its snapshot, so it is
/// never stale. Bounded in entries and bytes: unique queries from a scanner fill it, then
/// are answered without being kept.
final class AnswerCache: Sendable {
    private struct State {
        var responses: [String: ServerResponse] = [:]
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
    func answer<Failure: Error>(_ key: String, _ make: () throws(Failure) -> ServerResponse) throws(Failure) -> ServerResponse {
        if let response = state.withLock({ $0.responses[key] }) { return response }
        let response = try make()
        let size = response.body.count
        state.withLock { state in
            guard state.responses[key] == nil, state.responses.count < maxEntries, state.bytes + size <= maxBytes else { return }
            state.responses[key] = response
            state.bytes += size
        }
        return response
    }

    var count: Int { state.withLock { $0.responses.count } }
}
