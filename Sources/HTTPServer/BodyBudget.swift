import Synchronization

/// The bytes of request bodies being received, shared by every connection, so that many
/// clients each sending a body up to its limit cannot take the process's memory with them.
final class BodyBudget: Sendable {
    private let limit: Int
    private let used = Atomic(0)

    init(limit: Int) {
        self.limit = max(0, limit)
    }

    /// Takes `bytes` of the budget; false (taking nothing) when they do not fit.
    func reserve(_ bytes: Int) -> Bool {
        var current = used.load(ordering: .relaxed)
        while true {
            guard bytes <= limit - current else { return false }
            let (exchanged, original) = used.compareExchange(expected: current, desired: current + bytes, ordering: .relaxed)
            if exchanged { return true }
            current = original
        }
    }

    func release(_ bytes: Int) {
        used.wrappingSubtract(bytes, ordering: .relaxed)
    }

    var inUse: Int { used.load(ordering: .relaxed) }
}
