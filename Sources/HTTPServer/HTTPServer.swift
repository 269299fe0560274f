#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import Foundation
import Logging
import Locking

/// An HTTP/1.1 server over non-blocking BSD sockets: one listener, and an epoll event loop
/// thread per processor the process may run on, each owning the connections handed to it in turn.
public final class HTTPServer: Sendable {
    private enum Phase {
        case idle
        case running(Acceptor, [EventLoop])
        case stopping(ShutdownTracker)
        case stopped
    }

    private let core: ServerCore
    private let phase = Locked(Phase.idle)

    /// Access lines go to `accessLog`, one per answer; without it none are made.
    public init(configuration: ServerConfiguration, responder: any HTTPResponder, logger: Logger,
                accessLog: (any AccessLogSink)? = nil) {
        core = ServerCore(configuration: configuration, responder: responder, logger: logger, accessLog: accessLog)
    }

    /// Binds, listens and starts accepting; returns the bound port (the chosen one for port 0).
    public func start() throws -> Int {
        try phase.withLock { phase throws(ServerError) -> Int in
            guard case .idle = phase else { throw ServerError("the server has already been started") }
            // Writes to a peer that has gone must fail with EPIPE, not kill the process.
            signal(SIGPIPE, SIG_IGN)
            let configuration = core.configuration
            let loops = try (0..<Self.usableProcessors()).map { index throws(ServerError) in try EventLoop(index: index, core: core) }
            let (fd, port) = try Socket.openListener(host: configuration.host, port: configuration.port,
                                                     backlog: max(1024, Int32(SOMAXCONN)))
            for loop in loops { loop.start() }
            let acceptor = Acceptor(listener: fd, loops: loops, core: core)
            acceptor.start()
            phase = .running(acceptor, loops)
            return port
        }
    }

    /// Processors this process may run on: Foundation counts the machine's, but a process
    /// pinned with `taskset` or a cpuset runs best with one loop per core it actually has.
    static func usableProcessors() -> Int {
        let online = max(1, ProcessInfo.processInfo.activeProcessorCount)
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Cpus_allowed:") }) else { return online }
        let allowed = line.dropFirst("Cpus_allowed:".count).reduce(0) { count, digit in
            count + (digit.hexDigitValue?.nonzeroBitCount ?? 0)
        }
        return min(max(allowed, 1), online)
    }

    /// Graceful stop: stops accepting, lets requests already read complete and be written,
    /// closes idle connections at once, force-closes what remains after `grace` seconds, then
    /// calls `completion` once.
    public func shutdown(grace: Double, completion: @escaping @Sendable () -> Void) {
        enum Step {
            case completeNow
            case wait
            case stop(Acceptor, [EventLoop], ShutdownTracker)
        }
        let step = phase.withLock { phase -> Step in
            switch phase {
            case .idle, .stopped:
                phase = .stopped
                return .completeNow
            case .stopping(let tracker):
                return tracker.add(completion) ? .wait : .completeNow
            case .running(let acceptor, let loops):
                let tracker = ShutdownTracker(loops: loops.count, completion: completion)
                phase = .stopping(tracker)
                return .stop(acceptor, loops, tracker)
            }
        }
        switch step {
        case .completeNow:
            completion()
        case .wait:
            break
        case .stop(let acceptor, let loops, let tracker):
            acceptor.stop()
            for loop in loops { loop.execute { loop.beginShutdown(tracker) } }
            DispatchQueue.global().asyncAfter(deadline: .now() + max(0, grace)) {
                for loop in loops { loop.execute { loop.forceClose() } }
            }
        }
    }
}

/// Accepts connections on its own queue and deals them to the event loops round-robin.
private final class Acceptor: @unchecked Sendable {
    // @unchecked: `next` and `paused` are only touched on `queue`.
    private let queue = DispatchQueue(label: "http.accept")
    private let listener: Int32
    private let loops: [EventLoop]
    private let core: ServerCore
    private let source: any DispatchSourceRead
    private var next = 0
    private var paused = false
    private var stopped = false

    init(listener: Int32, loops: [EventLoop], core: ServerCore) {
        self.listener = listener
        self.loops = loops
        self.core = core
        source = DispatchSource.makeReadSource(fileDescriptor: listener, queue: queue)
    }

    func start() {
        source.setEventHandler { [self] in acceptPending() }
        source.setCancelHandler { [listener] in Socket.release(listener) }
        source.resume()
    }

    func stop() {
        queue.async { [self] in
            stopped = true
            if paused {
                paused = false
                source.resume()
            }
            source.cancel()
        }
    }

    private func acceptPending() {
        while !stopped {
            switch Socket.acceptConnection(listener) {
            case .accepted(let fd, let peer):
                let loop = loops[next]
                if core.connections.take() {
                    loop.execute { loop.adopt(fd, peer: peer, counted: true) }
                } else {
                    // At the cap: every loop is asked for an idle connection to close instead.
                    let newcomer = EventLoop.Newcomer(fd: fd, peer: peer, toAsk: loops[(next + 1)...] + loops[..<next], best: nil)
                    loop.execute { loop.seekRoom(for: newcomer) }
                }
                next = (next + 1) % loops.count
            case .wouldBlock:
                return
            case .failed(let code):
                core.logger.warning("accept failed", metadata: ["error": "\(Socket.errorText(code))"])
                // Out of descriptors or memory: the listener stays readable, so pause rather than spin.
                paused = true
                source.suspend()
                queue.asyncAfter(deadline: .now() + 0.1) { [self] in
                    guard paused else { return }
                    paused = false
                    source.resume()
                }
                return
            }
        }
    }
}
