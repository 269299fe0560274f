/// The life of one connection as a value: fed what happens to it (bytes in, a request parsed,
/// output written, the peer's EOF, shutdown, the clock) it says what the connection must do.
/// Every event carries its time, so timeouts and eviction are tested without sleeping; the
/// connection keeps the bytes (parser, owed answers, output) and reports on them.
struct ConnectionLifecycle {
    enum Phase: Equatable {
        case open
        case streaming
        /// Answered and half-closed: draining the peer's input until it closes or time runs out.
        case lingering(until: UInt64)
        case closed
    }

    /// Where the parser stands after the bytes received so far.
    enum Progress {
        case betweenRequests
        case readingHead
        case readingBody
    }

    /// What the clock says about the connection.
    enum Expiry: Equatable {
        case none
        case close
        case headTimedOut
        case bodyStalled
        case bodyTooSlow
    }

    /// What to do once the output queue has emptied.
    enum AfterFlush: Equatable {
        case carryOn
        case close
        /// Half-close and drain the peer's input; `endedStream` when a stream's place frees up.
        case linger(endedStream: Bool)
    }

    /// What the peer's end of input means.
    enum AfterPeerClosed: Equatable {
        case nothing
        case close
        /// Write what is owed, then close.
        case flush
    }

    /// What a graceful stop asks of the connection.
    enum AfterShutdown: Equatable {
        case nothing
        case flush
        case finishStream
    }

    /// The configured timeouts, in the clock's nanoseconds.
    struct Limits {
        var header: UInt64
        var idle: UInt64
        var linger: UInt64
        var minBodyBytesPerSecond: Double

        init(headerSeconds: Double, idleSeconds: Double, lingerSeconds: Double, minBodyBytesPerSecond: Double) {
            header = Self.nanoseconds(headerSeconds)
            idle = Self.nanoseconds(idleSeconds)
            linger = Self.nanoseconds(lingerSeconds)
            self.minBodyBytesPerSecond = minBodyBytesPerSecond
        }

        private static func nanoseconds(_ seconds: Double) -> UInt64 {
            UInt64(min(max(seconds, 0), 1e9) * 1e9)
        }
    }

    private let limits: Limits
    private(set) var phase = Phase.open
    /// False after a request that closes the connection, an error, the peer's EOF, a stream or shutdown.
    private(set) var takesRequests = true
    /// Shutdown began while a request was arriving: that one is read and answered, no more.
    private var lastRequest = false
    private var closeWhenFlushed = false
    private(set) var peerClosedInput = false
    private var servedAny = false
    private var headStartedAt: UInt64?
    private var bodyStartedAt: UInt64?
    /// The last byte received or sent.
    private var lastProgress: UInt64

    init(limits: Limits, openedAt now: UInt64) {
        self.limits = limits
        lastProgress = now
    }

    // MARK: Input

    /// Bytes arrived; true if they are to be parsed (otherwise they are drained and dropped).
    mutating func received(at now: UInt64) -> Bool {
        lastProgress = now
        return phase == .open && takesRequests
    }

    mutating func parsed(_ progress: Progress, at now: UInt64) {
        switch progress {
        case .betweenRequests:
            headStartedAt = nil
            bodyStartedAt = nil
        case .readingHead:
            bodyStartedAt = nil
            if headStartedAt == nil { headStartedAt = now }
        case .readingBody:
            headStartedAt = nil
            if bodyStartedAt == nil { bodyStartedAt = now }
        }
    }

    /// A whole request went to the responder (or was refused from its head, `keepAlive` false).
    mutating func dispatched(keepAlive: Bool) {
        servedAny = true
        headStartedAt = nil
        bodyStartedAt = nil
        if !keepAlive || lastRequest { takesRequests = false }
    }

    mutating func stopTakingRequests() {
        takesRequests = false
    }

    mutating func peerClosed(owesAnswers: Bool) -> AfterPeerClosed {
        peerClosedInput = true
        switch phase {
        case .open:
            takesRequests = false
            guard !owesAnswers else { return .nothing }
            closeWhenFlushed = true
            return .flush
        case .streaming, .lingering:
            return .close
        case .closed:
            return .nothing
        }
    }

    // MARK: Output

    /// An answer was encoded; `closing` when it is the connection's last.
    mutating func committed(closing: Bool) {
        guard closing else { return }
        takesRequests = false
        closeWhenFlushed = true
    }

    /// The answer's body is a stream, which lasts as long as the connection.
    mutating func streamStarted() {
        phase = .streaming
        takesRequests = false
    }

    mutating func streamEnded() {
        closeWhenFlushed = true
    }

    mutating func wrote(at now: UInt64) {
        lastProgress = now
    }

    mutating func flushed(at now: UInt64) -> AfterFlush {
        guard closeWhenFlushed else { return .carryOn }
        // Closing with unread input would reset the connection, unless the peer has closed its side.
        if peerClosedInput { return .close }
        let endedStream: Bool
        switch phase {
        case .open: endedStream = false
        case .streaming: endedStream = true
        case .lingering, .closed: return .carryOn
        }
        phase = .lingering(until: now &+ limits.linger)
        return .linger(endedStream: endedStream)
    }

    mutating func closed() {
        phase = .closed
        takesRequests = false
    }

    // MARK: Shutdown and the clock

    /// A request whose bytes have begun to arrive is read to its end and answered first.
    mutating func shutdown(midRequest: Bool, owesAnswers: Bool) -> AfterShutdown {
        switch phase {
        case .open:
            if midRequest, takesRequests {
                lastRequest = true
                return .nothing
            }
            takesRequests = false
            // With answers owed, the last one closes the connection once it is committed.
            guard !owesAnswers else { return .nothing }
            closeWhenFlushed = true
            return .flush
        case .streaming:
            return .finishStream
        case .lingering, .closed:
            return .nothing
        }
    }

    func expiry(at now: UInt64, outputPending: Bool, owesAnswers: Bool, bodyBytesReceived: Int) -> Expiry {
        let quiet = now &- lastProgress
        switch phase {
        case .lingering(let until):
            return now >= until ? .close : .none
        case .streaming:
            // Streams may stay quiet forever, but not with a peer that has stopped reading.
            return outputPending && quiet > limits.idle ? .close : .none
        case .closed:
            return .none
        case .open:
            if outputPending { return quiet > limits.idle ? .close : .none }
            if owesAnswers || !takesRequests { return .none }
            if let started = headStartedAt { return now &- started > limits.header ? .headTimedOut : .none }
            if let started = bodyStartedAt {
                if quiet > limits.idle { return .bodyStalled }
                return isTooSlow(bodySince: started, bytes: bodyBytesReceived, now: now) ? .bodyTooSlow : .none
            }
            return quiet > (servedAny ? limits.idle : limits.header) ? .close : .none
        }
    }

    /// Below the minimum average rate, counted after a grace of the header timeout (for the
    /// connection's first round trips and a client's `100 Continue` wait).
    private func isTooSlow(bodySince started: UInt64, bytes: Int, now: UInt64) -> Bool {
        let seconds = Double((now &- started) &- min(now &- started, limits.header)) / 1e9
        return seconds > 0 && Double(bytes) < limits.minBodyBytesPerSecond * seconds
    }

    /// Since when the connection has been idle (kept alive between requests, or open without a
    /// byte received), so that it may be closed to admit a new one; nil while it is busy.
    func idleSince(owesAnswers: Bool, outputPending: Bool) -> UInt64? {
        guard phase == .open, takesRequests, headStartedAt == nil, bodyStartedAt == nil,
              !owesAnswers, !outputPending else { return nil }
        return lastProgress
    }
}
