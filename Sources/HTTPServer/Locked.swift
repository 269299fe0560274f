import Foundation

/// A value behind a lock. An NSLock (a pthread mutex) rather than `Synchronization.Mutex`:
/// under contention Mutex waits in a futex call ThreadSanitizer cannot see, so TSan reports
/// races that are not there.
final class Locked<Value: Sendable>: @unchecked Sendable {
    // @unchecked: `value` is only touched while `lock` is held.
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) { self.value = value }

    func withLock<Result, Failure: Error>(_ body: (inout Value) throws(Failure) -> Result) throws(Failure) -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
