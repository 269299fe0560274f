import Testing
@testable import HTTPServer

/// The connection's life cycle fed events at chosen times: timeouts and eviction without sleeping.
struct ConnectionLifecycleTests {
    static let second: UInt64 = 1_000_000_000
    static let limits = ConnectionLifecycle.Limits(headerSeconds: 10, idleSeconds: 30, lingerSeconds: 2, minBodyBytesPerSecond: 1024)

    static func opened(at time: UInt64 = 0) -> ConnectionLifecycle {
        ConnectionLifecycle(limits: limits, openedAt: time)
    }

    static func expiry(_ lifecycle: ConnectionLifecycle, at seconds: UInt64, output: Bool = false, owed: Bool = false,
                       bodyBytes: Int = 0) -> ConnectionLifecycle.Expiry {
        lifecycle.expiry(at: seconds * second, outputPending: output, owesAnswers: owed, bodyBytesReceived: bodyBytes)
    }

    /// Served one request, answered it, and waits for the next.
    static func keptAlive(answeredAt seconds: UInt64) -> ConnectionLifecycle {
        var lifecycle = opened()
        _ = lifecycle.received(at: 0)
        lifecycle.dispatched(keepAlive: true)
        lifecycle.parsed(.betweenRequests, at: 0)
        lifecycle.committed(closing: false)
        lifecycle.wrote(at: seconds * second)
        #expect(lifecycle.flushed(at: seconds * second) == .carryOn)
        return lifecycle
    }

    @Test func aSilentConnectionClosesAfterTheHeaderTimeout() {
        let lifecycle = Self.opened()
        #expect(Self.expiry(lifecycle, at: 10) == .none)
        #expect(Self.expiry(lifecycle, at: 11) == .close)
    }

    @Test func aKeptAliveConnectionClosesAfterTheIdleTimeout() {
        let lifecycle = Self.keptAlive(answeredAt: 1)
        #expect(Self.expiry(lifecycle, at: 30) == .none)
        #expect(Self.expiry(lifecycle, at: 32) == .close)
    }

    /// Progress does not extend a head's deadline: it counts from the head's first byte.
    @Test func aTrickledHeadTimesOut() {
        var lifecycle = Self.opened()
        for second in UInt64(1)...12 {
            let parses = lifecycle.received(at: second * Self.second)
            #expect(parses)
            lifecycle.parsed(.readingHead, at: second * Self.second)
        }
        #expect(Self.expiry(lifecycle, at: 11) == .none)
        #expect(Self.expiry(lifecycle, at: 12) == .headTimedOut)
    }

    @Test func aBodyStallsAfterTheIdleTimeoutAndMustKeepItsRate() {
        var lifecycle = Self.opened()
        _ = lifecycle.received(at: 0)
        lifecycle.parsed(.readingBody, at: 0)
        #expect(Self.expiry(lifecycle, at: 31) == .bodyStalled)
        #expect(Self.expiry(lifecycle, at: 10, bodyBytes: 0) == .none, "the rate counts after the header timeout's grace")
        _ = lifecycle.received(at: 19 * Self.second)
        // 10 s past the grace, 10 KiB are due.
        #expect(Self.expiry(lifecycle, at: 20, bodyBytes: 10 * 1024) == .none)
        #expect(Self.expiry(lifecycle, at: 20, bodyBytes: 10 * 1024 - 1) == .bodyTooSlow)
    }

    /// Pending output is a reader that stopped reading; owed answers are the server's own work.
    @Test func unsentOutputTimesOutButOwedAnswersDoNot() {
        let lifecycle = Self.keptAlive(answeredAt: 0)
        #expect(Self.expiry(lifecycle, at: 31, output: true) == .close)
        #expect(Self.expiry(lifecycle, at: 300, owed: true) == .none)
    }

    @Test func aClosingAnswerLingersThenCloses() {
        var lifecycle = Self.opened()
        _ = lifecycle.received(at: 0)
        lifecycle.dispatched(keepAlive: false)
        #expect(!lifecycle.takesRequests)
        lifecycle.committed(closing: true)
        #expect(lifecycle.flushed(at: 1 * Self.second) == .linger(endedStream: false))
        #expect(lifecycle.phase == .lingering(until: 3 * Self.second))
        let parses = lifecycle.received(at: 2 * Self.second)
        #expect(!parses, "a lingering connection's input is dropped")
        #expect(Self.expiry(lifecycle, at: 2) == .none)
        #expect(Self.expiry(lifecycle, at: 3) == .close)
    }

    @Test func thePeersEndClosesOnceTheAnswersAreWritten() {
        var owing = Self.opened()
        #expect(owing.peerClosed(owesAnswers: true) == .nothing)
        owing.committed(closing: true)
        #expect(owing.flushed(at: 0) == .close, "no lingering once the peer has closed")
        var streaming = Self.opened()
        streaming.streamStarted()
        #expect(streaming.peerClosed(owesAnswers: false) == .close)
    }

    @Test func anEndedStreamLingersAndFreesItsPlace() {
        var lifecycle = Self.opened()
        lifecycle.streamStarted()
        #expect(Self.expiry(lifecycle, at: 1000) == .none, "a quiet stream is not idle")
        #expect(Self.expiry(lifecycle, at: 31, output: true) == .close)
        #expect(lifecycle.flushed(at: 0) == .carryOn)
        lifecycle.streamEnded()
        #expect(lifecycle.flushed(at: 0) == .linger(endedStream: true))
    }

    /// A request under way when shutdown begins is read and answered; it is the last.
    @Test func shutdownLetsTheRequestUnderWayFinish() {
        var arriving = Self.opened()
        #expect(arriving.shutdown(midRequest: true, owesAnswers: false) == .nothing)
        #expect(arriving.takesRequests)
        arriving.dispatched(keepAlive: true)
        #expect(!arriving.takesRequests)
        var idle = Self.keptAlive(answeredAt: 0)
        #expect(idle.shutdown(midRequest: false, owesAnswers: false) == .flush)
        #expect(idle.flushed(at: 0) == .linger(endedStream: false))
        var streaming = Self.opened()
        streaming.streamStarted()
        #expect(streaming.shutdown(midRequest: false, owesAnswers: false) == .finishStream)
    }

    @Test func onlyConnectionsWithoutARequestUnderWayAreIdle() {
        let silent = Self.opened(at: 5 * Self.second)
        #expect(silent.idleSince(owesAnswers: false, outputPending: false) == 5 * Self.second)
        let keptAlive = Self.keptAlive(answeredAt: 7)
        #expect(keptAlive.idleSince(owesAnswers: false, outputPending: false) == 7 * Self.second)
        #expect(keptAlive.idleSince(owesAnswers: true, outputPending: false) == nil)
        #expect(keptAlive.idleSince(owesAnswers: false, outputPending: true) == nil)
        var heading = Self.opened()
        _ = heading.received(at: 1)
        heading.parsed(.readingHead, at: 1)
        #expect(heading.idleSince(owesAnswers: false, outputPending: false) == nil)
        var uploading = Self.opened()
        uploading.parsed(.readingBody, at: 1)
        #expect(uploading.idleSince(owesAnswers: false, outputPending: false) == nil)
        var streaming = Self.opened()
        streaming.streamStarted()
        #expect(streaming.idleSince(owesAnswers: false, outputPending: false) == nil)
        var closing = Self.keptAlive(answeredAt: 0)
        closing.committed(closing: true)
        #expect(closing.idleSince(owesAnswers: false, outputPending: false) == nil)
    }
}
