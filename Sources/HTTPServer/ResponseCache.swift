import Locking

/// Ready answers by key, bounded in entries and in the bytes of their bodies, so a repeated
/// question costs a lookup. `make` runs outside the lock: two first requests may both compute
/// an answer, never wait on each other.
public final class ResponseCache<Key: Hashable & Sendable>: Sendable {
    /// What a full cache does with a new answer.
    public enum WhenFull: Sendable {
        /// Answers without keeping it: right for a cache that dies with what it describes.
        case keepsWhatItHas
        /// Forgets everything and keeps it: right for a long-lived cache whose old keys are
        /// never asked again once what they describe is replaced.
        case startsAfresh
    }

    private struct State {
        var responses: [Key: ServerResponse] = [:]
        var bytes = 0
    }

    private let state = Locked(State())
    private let maxEntries: Int
    private let maxBytes: Int
    private let whenFull: WhenFull

    public init(maxEntries: Int = 1024, maxBytes: Int = 16 << 20, whenFull: WhenFull = .keepsWhatItHas) {
        self.maxEntries = maxEntries
        self.maxBytes = maxBytes
        self.whenFull = whenFull
    }

    /// The answer kept under `key`, else `make()`'s, kept when it fits.
    public func answer<Failure: Error>(_ key: Key, _ make: () throws(Failure) -> ServerResponse) throws(Failure) -> ServerResponse {
        if let response = kept(key) { return response }
        let response = try make()
        let size = response.body.count
        state.withLock { state in
            guard state.responses[key] == nil, size <= maxBytes else { return }
            if state.responses.count >= maxEntries || state.bytes + size > maxBytes {
                guard whenFull == .startsAfresh else { return }
                state = State()
            }
            state.responses[key] = response
            state.bytes += size
        }
        return response
    }

    /// The answer kept under `key`, if any.
    public func kept(_ key: Key) -> ServerResponse? {
        state.withLock { $0.responses[key] }
    }

    public var count: Int { state.withLock { $0.responses.count } }
}
