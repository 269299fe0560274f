import CEpoll
import Dispatch
import Foundation
import Logging
import Synchronization
import Locking

/// The time every deadline is measured in, in nanoseconds; replaceable so that tests can set it.
struct ServerClock: Sendable {
    let now: @Sendable () -> UInt64

    static let system = ServerClock { DispatchTime.now().uptimeNanoseconds }
}

/// What every event loop shares: settings, the responder, the logger, the clock, the budget of
/// request bodies, and the counts of open connections and streams the caps apply to.
final class ServerCore: Sendable {
    let configuration: ServerConfiguration
    let responder: any HTTPResponder
    let logger: Logger
    let clock: ServerClock
    let bodyBudget: BodyBudget
    let connections: Places
    let streams: Places
    /// Where access lines go; none are put together without one.
    let accessLog: (any AccessLogSink)?

    init(configuration: ServerConfiguration, responder: any HTTPResponder, logger: Logger, accessLog: (any AccessLogSink)? = nil,
         clock: ServerClock = .system) {
        self.configuration = configuration
        self.responder = responder
        self.logger = logger
        self.accessLog = accessLog
        self.clock = clock
        bodyBudget = BodyBudget(limit: configuration.maxBufferedBodyBytes)
        connections = Places(configuration.maxConnections)
        streams = Places(configuration.streamLimit)
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

/// The readiness a connection wants to hear about.
struct Interest: Equatable {
    var read: Bool
    var write: Bool

    var events: UInt32 { (read ? EPOLLIN.rawValue : 0) | (write ? EPOLLOUT.rawValue : 0) }
}

/// A thread of its own waiting in epoll for the sockets assigned to it: every read, parse,
/// handler call and write of those connections runs on it, so their state needs no locks, and
/// a request is answered on the thread that saw it arrive (no handoff between threads). Work
/// from other threads (accepted sockets, later answers, stream output, shutdown) arrives
/// through `execute`, which wakes the loop with an eventfd. The wait's timeout enforces every
/// connection's deadlines.
final class EventLoop: @unchecked Sendable {
    // @unchecked: the mutable properties below are only touched on the loop's thread, and
    // after it has exited, by tasks `execute` runs elsewhere once the inbox is closed.
    let core: ServerCore
    /// Scratch space every read on this loop lands in; one loop runs one read at a time.
    let readBuffer: UnsafeMutableRawBufferPointer
    var encoder: ResponseEncoder
    let lifecycleLimits: ConnectionLifecycle.Limits
    private let name: String
    private let poller: Int32
    private let wakeup: Int32
    private let inbox = Locked(Inbox())
    private var connections: [Int32: Connection] = [:]
    private var phase = Phase.running
    private let tick: UInt64
    private var nextTick: UInt64 = 0
    /// This loop's access lines not yet handed to the sink.
    var accessLines: AccessLines?

    private struct Inbox {
        var tasks: [@Sendable () -> Void] = []
        /// False once the loop's thread has exited: tasks then run on a global queue.
        var open = true
    }

    private enum Phase {
        case running
        case stopping(ShutdownTracker)
        case stopped
    }

    /// How long a connection the server closes keeps draining what the peer still sends, so
    /// that the last answer is not lost to a reset.
    static let lingerSeconds = 2.0

    init(index: Int, core: ServerCore) throws(ServerError) {
        let poller = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard poller >= 0 else { throw ServerError("cannot create an epoll instance: \(Socket.errorText(errno))") }
        let wakeup = eventfd(0, Int32(EFD_NONBLOCK) | Int32(EFD_CLOEXEC))
        var event = epoll_event(events: EPOLLIN.rawValue, data: epoll_data_t(fd: wakeup))
        guard wakeup >= 0, epoll_ctl(poller, EPOLL_CTL_ADD, wakeup, &event) == 0 else {
            let reason = Socket.errorText(errno)
            Socket.release(poller)
            if wakeup >= 0 { Socket.release(wakeup) }
            throw ServerError("cannot create an event loop's wake-up descriptor: \(reason)")
        }
        self.poller = poller
        self.wakeup = wakeup
        self.core = core
        name = "http.loop.\(index)"
        readBuffer = .allocate(byteCount: 64 << 10, alignment: 16)
        encoder = ResponseEncoder(commonFields: core.configuration.commonAnswerFields)
        accessLines = core.accessLog.map(AccessLines.init)
        let configuration = core.configuration
        lifecycleLimits = .init(headerSeconds: configuration.headerTimeout, idleSeconds: configuration.idleTimeout,
                                lingerSeconds: Self.lingerSeconds, minBodyBytesPerSecond: configuration.minBodyBytesPerSecond)
        // Deadlines are checked a quarter of the shortest timeout apart, 10 ms to 1 s.
        let shortest = min(configuration.headerTimeout, configuration.idleTimeout, Self.lingerSeconds)
        tick = UInt64(min(max(shortest / 4, 0.01), 1) * 1e9)
    }

    deinit {
        readBuffer.deallocate()
        Socket.release(poller)
        Socket.release(wakeup)
    }

    /// Starts the loop's thread; it runs until a shutdown has closed every connection.
    func start() {
        let thread = Thread { [self] in run() }
        thread.name = name
        thread.start()
    }

    /// Runs `task` on the loop's thread, from any thread.
    func execute(_ task: @escaping @Sendable () -> Void) {
        let (queued, wake) = inbox.withLock { inbox -> (Bool, Bool) in
            guard inbox.open else { return (false, false) }
            inbox.tasks.append(task)
            return (true, inbox.tasks.count == 1)
        }
        if !queued { return DispatchQueue.global().async(execute: task) }
        if wake {
            var one: UInt64 = 1
            _ = write(wakeup, &one, MemoryLayout<UInt64>.size)
        }
    }

    // MARK: On the loop's thread

    private func run() {
        var events = [epoll_event](repeating: epoll_event(), count: 256)
        while true {
            if case .stopped = phase { break }
            let ready = events.withUnsafeMutableBufferPointer {
                epoll_wait(poller, $0.baseAddress, Int32($0.count), waitMilliseconds())
            }
            if ready < 0, errno != EINTR {
                core.logger.critical("epoll_wait failed; the event loop stops", metadata: ["loop": "\(name)", "error": "\(Socket.errorText(errno))"])
                break
            }
            for event in events.prefix(Int(max(ready, 0))) { deliver(event) }
            runTasks()
            checkDeadlines()
            accessLines?.sendIfDue(now: core.clock.now())
        }
        accessLines?.send()
        let late = inbox.withLock { inbox -> [@Sendable () -> Void] in
            inbox.open = false
            defer { inbox.tasks = [] }
            return inbox.tasks
        }
        for task in late { task() }
    }

    private func deliver(_ event: epoll_event) {
        let fd = event.data.fd
        if fd == wakeup {
            var count: UInt64 = 0
            _ = read(wakeup, &count, MemoryLayout<UInt64>.size)
            return
        }
        connections[fd]?.handle(readable: event.events & EPOLLIN.rawValue != 0,
                                writable: event.events & EPOLLOUT.rawValue != 0,
                                failed: event.events & (EPOLLERR.rawValue | EPOLLHUP.rawValue) != 0)
    }

    private func runTasks() {
        let tasks = inbox.withLock { inbox -> [@Sendable () -> Void] in
            defer { inbox.tasks = [] }
            return inbox.tasks
        }
        for task in tasks { task() }
    }

    /// Until the next deadline check or access lines due; forever while nothing is waiting.
    private func waitMilliseconds() -> Int32 {
        let linesDue = accessLines?.deadline
        guard !connections.isEmpty || linesDue != nil else { return -1 }
        let now = core.clock.now()
        if nextTick == 0, !connections.isEmpty { nextTick = now + tick }
        // The earlier of the deadline check (0 when none is set) and the lines' deadline.
        let next = nextTick == 0 ? linesDue ?? now : min(nextTick, linesDue ?? nextTick)
        guard next > now else { return 0 }
        return Int32(clamping: (next - now + 999_999) / 1_000_000)
    }

    private func checkDeadlines() {
        guard nextTick != 0 else { return }
        let now = core.clock.now()
        guard now >= nextTick else { return }
        nextTick = connections.isEmpty ? 0 : now + tick
        for connection in connections.values { connection.checkDeadline(now: now) }
    }

    /// A connection accepted at the cap, asking each loop in turn for its longest idle connection.
    struct Newcomer: Sendable {
        var fd: Int32
        var peer: String
        var toAsk: ArraySlice<EventLoop>
        /// The loop whose idle connection has waited longest so far, and since when.
        var best: (loop: EventLoop, idleSince: UInt64)?
    }

    /// Notes this loop's longest idle connection and passes the newcomer on; the last loop asked
    /// sends it to the loop with the longest idle of all, or refuses it (503) when none is idle.
    func seekRoom(for newcomer: Newcomer) {
        var newcomer = newcomer
        if let idle = longestIdle(), idle.since < newcomer.best?.idleSince ?? .max {
            newcomer.best = (self, idle.since)
        }
        if let next = newcomer.toAsk.popFirst() {
            let passed = newcomer
            return next.execute { next.seekRoom(for: passed) }
        }
        let (fd, peer) = (newcomer.fd, newcomer.peer)
        guard let chosen = newcomer.best?.loop, chosen !== self else { return adopt(fd, peer: peer, counted: false) }
        chosen.execute { chosen.adopt(fd, peer: peer, counted: false) }
    }

    /// Takes over an accepted socket; `counted` says whether it holds a place under the cap.
    /// One that does not takes the place of this loop's connection idle the longest, if any.
    func adopt(_ fd: Int32, peer: String, counted: Bool) {
        guard case .running = phase else {
            Socket.release(fd)
            if counted { core.connections.giveBack() }
            return
        }
        var counted = counted
        if !counted, let idle = longestIdle() {
            idle.connection.evict()
            counted = true
        }
        guard setInterest(fd, Interest(read: true, write: false), adding: true) else {
            Socket.release(fd)
            if counted { core.connections.giveBack() }
            return
        }
        let connection = Connection(fd: fd, peer: peer, loop: self, counted: counted)
        connections[fd] = connection
        connection.start()
    }

    /// A linear pass: it runs only at the cap, and a loop holds at most `maxConnections`.
    private func longestIdle() -> (connection: Connection, since: UInt64)? {
        var oldest: (connection: Connection, since: UInt64)?
        for connection in connections.values {
            guard let since = connection.idleSince, since < oldest?.since ?? .max else { continue }
            oldest = (connection, since)
        }
        return oldest
    }

    /// Tells epoll what `fd` now waits for; false if it could not (the connection must close).
    @discardableResult
    func setInterest(_ fd: Int32, _ interest: Interest, adding: Bool = false) -> Bool {
        var event = epoll_event(events: interest.events, data: epoll_data_t(fd: fd))
        return epoll_ctl(poller, adding ? EPOLL_CTL_ADD : EPOLL_CTL_MOD, fd, &event) == 0
    }

    /// A closed connection: its socket leaves epoll and is released.
    func remove(_ connection: Connection) {
        epoll_ctl(poller, EPOLL_CTL_DEL, connection.fd, nil)
        Socket.release(connection.fd)
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
        // The last answers' lines reach the sink before the server reports it has stopped.
        accessLines?.send()
        tracker.loopDrained()
    }
}
