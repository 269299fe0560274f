import Synchronization

/// A fixed number of places (connections, streams, fetches under way), taken and given back
/// from any thread without waiting: when all are taken, the caller refuses rather than queues.
public final class Places: Sendable {
    private let limit: Int
    private let taken = Atomic(0)

    public init(_ limit: Int) {
        self.limit = limit
    }

    /// Takes a place; false when all are taken.
    public func take() -> Bool {
        let count = taken.wrappingAdd(1, ordering: .relaxed).newValue
        guard count <= limit else {
            taken.wrappingSubtract(1, ordering: .relaxed)
            return false
        }
        return true
    }

    public func giveBack() {
        taken.wrappingSubtract(1, ordering: .relaxed)
    }
}
