import Dispatch
import Logging
import Synchronization
import Locking

/// What every event loop shares: settings, the responder, the logger and the count of open
/// connections the cap applies to.
final class ServerCore: Sendable {
    let configuration: ServerConfiguration
    let responder: any HTTPResponder
    let logger: Logger
    private let openConnections = Atomic(0)

    init(configuration: ServerConfiguration, responder: any HTTPResponder, logger: Logger) {
        self.configuration = configuration
        self.responder = responder
        self.logger = logger
    }

    /// Takes one of the `maxConnections` places; false when all are taken.
    func reserveConnection() -> Bool {
        let count = openConnections.wrappingAdd(1, ordering: .relaxed).newValue
        guard count <= configuration.maxConnections else {
            openConnections.wrappingSubtract(1, ordering: .relaxed)
            return false
        }
        return true
    }

    func releaseConnection() {
        openConnections.wrappingSubtract(1, ordering: .relaxed)
    }
}

/// Calls a graceful stop's completions once every event loop has closed its connections.
final class ShutdownTracker: Sendable {
    private struct State {
        var remaining: Int
        var completions: [@Sendable () -> Void]
    }

    private let state: Locked<State>

    init(loops: Int, completion: @escaping @Sendable () -> Void) {
        state = Locked(State(remaining: loops, completions: [completion]))
    }

    /// Adds a completion; false if the stop has already completed (then call it yourself).
    func add(_ completion: @escaping @Sendable () -> Void) -> Bool {
        state.withLock { state in
            guard state.remaining > 0 else { return false }
            state.completions.append(completion)
            return true
        }
    }

    func loopDrained() {
        let completions = state.withLock { state -> [@Sendable () -> Void] in
            state.remaining -= 1
            guard state.remaining == 0 else { return [] }
            defer { state.completions = [] }
            return state.completions
        }
        for completion in completions { completion() }
    }
}

/// A serial queue and the connections assigned to it: every read, parse, handler call and
/// write of those connections runs here, so their state needs no locks. One repeating timer
/// per loop enforces every connection's deadlines.
final class EventLoop: @unchecked Sendable {
    // @unchecked: the mutable properties below are only touched on `queue`.
    let queue: DispatchQueue
    let core: ServerCore
    /// Scratch space every read on this loop lands in; one loop runs one read at a time.
    let readBuffer: UnsafeMutableRawBufferPointer
    var encoder = ResponseEncoder()
    private var connections: [Int32: Connection] = [:]
    private var timer: (any DispatchSourceTimer)?
    private var phase = Phase.running

    private enum Phase {
        case running
        case stopping(ShutdownTracker)
        case stopped
    }

    /// How long a connection the server closes keeps draining what the peer still sends, so
    /// that the last answer is not lost to a reset.
    static let lingerSeconds = 2.0

    init(index: Int, core: ServerCore) {
        queue = DispatchQueue(label: "http.loop.\(index)")
        self.core = core
        readBuffer = .allocate(byteCount: 64 << 10, alignment: 16)
    }

    deinit { readBuffer.deallocate() }

    /// Starts the deadline timer: a tick a quarter of the shortest timeout, 10 ms to 1 s.
    func start() {
        let configuration = core.configuration
        let shortest = min(configuration.headerTimeout, configuration.idleTimeout, Self.lingerSeconds)
        let tick = min(max(shortest / 4, 0.01), 1)
        let timer = DispatchSource.makeTimerSource(queue: queue)
        timer.schedule(deadline: .now() + tick, repeating: tick, leeway: .milliseconds(Int(tick * 100)))
        // Retains the loop until the timer is cancelled at the end of a shutdown.
        timer.setEventHandler { [self] in
            let now = DispatchTime.now().uptimeNanoseconds
            for connection in connections.values { connection.checkDeadline(now: now) }
        }
        self.timer = timer
        timer.resume()
    }

    /// Takes over an accepted socket; `counted` says whether it holds a place under the cap.
    func adopt(_ fd: Int32, counted: Bool) {
        guard case .running = phase else {
            Socket.release(fd)
            if counted { core.releaseConnection() }
            return
        }
        let connection = Connection(fd: fd, loop: self, counted: counted)
        connections[fd] = connection
        connection.start()
    }

    func remove(_ connection: Connection) {
        connections[connection.fd] = nil
        if connections.isEmpty { finishShutdownIfDrained() }
    }

    /// Stops taking requests: idle connections close now, the others once they have answered.
    func beginShutdown(_ tracker: ShutdownTracker) {
        phase = .stopping(tracker)
        for connection in connections.values { connection.beginShutdown() }
        finishShutdownIfDrained()
    }

    /// The grace period is over: whatever is still open closes now.
    func forceClose() {
        for connection in connections.values { connection.close() }
    }

    private func finishShutdownIfDrained() {
        guard connections.isEmpty, case .stopping(let tracker) = phase else { return }
        phase = .stopped
        timer?.cancel()
        timer = nil
        tracker.loopDrained()
    }
}
