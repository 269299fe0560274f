import Foundation

/// A value behind a lock, for every module. An NSLock (a pthread mutex) rather than
/// `Synchronization.Mutex`: under contention Mutex waits in a priority-inheriting futex call
/// that ThreadSanitizer cannot see, so TSan reports races that are not there and `make
/// test-tsan` could not tell them from real ones. Values cross the lock as Mutex's do
/// (`sending`), so the box is Sendable whatever it holds.
public final class Locked<Value>: @unchecked Sendable {
    // @unchecked: `value` is only touched while `lock` is held.
    private let lock = NSLock()
    private var value: Value

    public init(_ value: sending Value) { self.value = value }

    public func withLock<Result, Failure: Error>(
        _ body: (inout sending Value) throws(Failure) -> sending Result
    ) throws(Failure) -> sending Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
