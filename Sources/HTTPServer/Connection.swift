import HTTPTypes
import Logging

/// One accepted socket: reads and parses requests, calls the responder, writes the answers in
/// request order, and enforces the timeouts and the output backlog.
final class Connection: @unchecked Sendable {
    // @unchecked: confined to its loop's thread. `.later` completions and stream writers reach
    // it only through `loop.execute`.

    /// What the access log and the answer need to know about a request.
    private struct RequestContext {
        var method: HTTPRequest.Method?
        var path: String
        var isHTTP10: Bool
        var keepAlive: Bool
        var started: UInt64
    }

    /// An answer owed, in request order: it waits while an earlier `.later` is outstanding.
    private enum Owed {
        case interimContinue
        case response(id: Int, RequestContext, ServerResponse?)
    }

    /// Stop parsing (and reading) while this many answers are owed or this much output is unsent.
    private static let maxOwed = 16
    private static let maxBacklogBytes = 256 << 10

    let fd: Int32
    /// The peer's numeric address, given to every request.
    private let peer: String
    private let loop: EventLoop
    private let configuration: ServerConfiguration
    /// Holds one of the server's `maxConnections` places; otherwise it is being refused, lingers, or was evicted.
    private var counted: Bool
    /// What epoll is told to watch for; reading pauses while the backlog is full.
    private var interest = Interest(read: true, write: false)

    private var parser: RequestParser
    /// Received bytes not consumed yet: the start of an unfinished line, or requests held back.
    private var leftover: [UInt8] = []
    private var output = OutputQueue()
    private var owed: [Owed] = []
    private var nextLaterID = 0
    private var lifecycle: ConnectionLifecycle
    /// The streaming answer's channel, while `lifecycle.phase` is `.streaming`.
    private var stream: StreamChannel?
    /// Parsing stopped because too much is owed; resumes from `leftover` once that clears.
    private var heldBack = false

    init(fd: Int32, peer: String, loop: EventLoop, counted: Bool) {
        self.fd = fd
        self.peer = peer
        self.loop = loop
        self.configuration = loop.core.configuration
        self.counted = counted
        parser = RequestParser(configuration: loop.core.configuration, budget: loop.core.bodyBudget)
        lifecycle = ConnectionLifecycle(limits: loop.lifecycleLimits, openedAt: loop.core.clock.now())
    }

    func start() {
        if !counted {
            fail(HTTPParseError(.serviceUnavailable, "The server is at its limit of \(configuration.maxConnections) connections; try again later.",
                                retryAfterSeconds: 1))
            settle()
        }
    }

    // MARK: Events

    /// Readiness from epoll. An error or hang-up (`failed`) counts as both: the read or write
    /// that follows reports it. One the connection is not waiting for means the peer is gone.
    func handle(readable: Bool, writable: Bool, failed: Bool) {
        let read = (readable || failed) && interest.read
        let write = (writable || failed) && interest.write
        if failed, !read, !write { return close() }
        if read { self.readable() }
        if write { settle() }
    }

    // MARK: Reading

    /// Reads until a read comes back short (epoll reports the socket again while more is
    /// waiting), a few times at most so that one busy peer cannot starve the loop.
    private func readable() {
        let buffer = loop.readBuffer
        for _ in 0..<Self.readsPerEvent {
            switch Socket.receive(fd, into: buffer) {
            case .bytes(let count):
                // After the last request (or while streaming or lingering) input is drained and dropped.
                if lifecycle.received(at: loop.core.clock.now()) {
                    consume(UnsafeBufferPointer(buffer.prefix(count).assumingMemoryBound(to: UInt8.self)))
                    settle()
                }
                // Paused for the backlog, closed, or drained: what is left waits for its turn.
                guard interest.read, count == buffer.count else { return }
            case .wouldBlock:
                return
            case .endOfFile:
                return peerClosed()
            case .failed:
                return close()
            }
        }
    }

    private static let readsPerEvent = 8

    private func consume(_ bytes: UnsafeBufferPointer<UInt8>) {
        if leftover.isEmpty {
            let used = parseRequests(bytes)
            if used < bytes.count, lifecycle.takesRequests {
                leftover.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[used...]))
            }
        } else {
            leftover.append(contentsOf: bytes)
            parseLeftover()
        }
    }

    private func parseLeftover() {
        var buffer = leftover
        leftover = []
        let used = buffer.withUnsafeBufferPointer { parseRequests($0) }
        guard lifecycle.takesRequests, used < buffer.count else { return }
        buffer.removeSubrange(0..<used)
        leftover = buffer
    }

    /// Parses and dispatches requests; returns how many bytes were consumed.
    private func parseRequests(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var index = 0
        parsing: while lifecycle.takesRequests {
            if isBackedUp {
                heldBack = true
                break
            }
            do {
                switch try parser.parse(bytes, from: &index) {
                case .needMore:
                    break parsing
                case .bodyAnnounced(var head):
                    head.remoteAddress = peer
                    switch configuration.admission(for: head) {
                    case .refuse(let reply):
                        refuse(head, reply)
                    case .read(let limit):
                        if try parser.admitBody(upTo: limit) { owe(.interimContinue) }
                    }
                case .request(var parsed):
                    parsed.request.remoteAddress = peer
                    dispatch(parsed)
                }
            } catch {
                fail(error)
            }
        }
        let progress: ConnectionLifecycle.Progress = !parser.isMidRequest ? .betweenRequests
            : parser.isReadingHead ? .readingHead : .readingBody
        lifecycle.parsed(progress, at: loop.core.clock.now())
        return index
    }

    private var isBackedUp: Bool {
        owed.count >= Self.maxOwed || output.count >= Self.maxBacklogBytes
    }

    private func peerClosed() {
        leftover = []
        switch lifecycle.peerClosed(owesAnswers: !owed.isEmpty) {
        case .nothing: updateReading()
        case .close: close()
        case .flush: settle()
        }
    }

    // MARK: Answering

    private func dispatch(_ parsed: ParsedRequest) {
        let request = parsed.request
        let context = RequestContext(method: request.head.method, path: request.path, isHTTP10: request.isHTTP10,
                                     keepAlive: parsed.keepAlive, started: loop.core.clock.now())
        lifecycle.dispatched(keepAlive: parsed.keepAlive)
        if parsed.isServerWideOptions {
            var headers = HTTPFields()
            headers[.allow] = RequestParser.knownMethods.map(\.rawValue).joined(separator: ", ")
            return answer(ServerResponse(status: .noContent, headers: headers), context)
        }
        deliver(loop.core.responder.respond(to: request), context)
    }

    /// A request refused from its head: its answer, then close without reading its body.
    private func refuse(_ request: ServerRequest, _ reply: Reply) {
        lifecycle.dispatched(keepAlive: false)
        leftover = []
        deliver(reply, RequestContext(method: request.head.method, path: request.path, isHTTP10: request.isHTTP10,
                                      keepAlive: false, started: loop.core.clock.now()))
    }

    private func deliver(_ reply: Reply, _ context: RequestContext) {
        switch reply {
        case .now(let response):
            answer(response, context)
        case .later(let start):
            let id = nextLaterID
            nextLaterID += 1
            owe(.response(id: id, context, nil))
            let loop = loop
            start { [self] response in loop.execute { self.complete(id, response) } }
        }
    }

    /// A refused request: its problem answer, in turn, then close.
    private func fail(_ error: HTTPParseError) {
        lifecycle.stopTakingRequests()
        leftover = []
        let context = RequestContext(method: parser.method, path: parser.target ?? "-", isHTTP10: false,
                                     keepAlive: false, started: loop.core.clock.now())
        let retry: HTTPFields = error.retryAfterSeconds.map { [.retryAfter: String($0)] } ?? [:]
        answer(.problem(error.status, detail: error.detail, headers: retry), context)
    }

    private func answer(_ response: ServerResponse, _ context: RequestContext) {
        if owed.isEmpty {
            commit(response, context)
        } else {
            owe(.response(id: -1, context, response))
        }
    }

    private func owe(_ entry: Owed) {
        if owed.isEmpty, case .interimContinue = entry {
            output.append(ResponseEncoder.continueHead)
        } else {
            owed.append(entry)
        }
    }

    /// A `.later` answer arrived (on this queue).
    private func complete(_ id: Int, _ response: ServerResponse) {
        guard lifecycle.phase == .open,
              let index = owed.firstIndex(where: { if case .response(id, _, nil) = $0 { true } else { false } }),
              case .response(_, let context, _) = owed[index] else { return }
        owed[index] = .response(id: id, context, response)
        while let first = owed.first {
            switch first {
            case .interimContinue:
                owed.removeFirst()
                output.append(ResponseEncoder.continueHead)
            case .response(_, let context, let response?):
                owed.removeFirst()
                commit(response, context)
            case .response(_, _, nil):
                settle()
                return
            }
        }
        settle()
    }

    /// Encodes an answer into the output, logs it, and decides whether the connection goes on.
    private func commit(_ response: ServerResponse, _ context: RequestContext) {
        let status = response.head.status
        let isHead = context.method == .head
        let closing = !context.keepAlive || (!lifecycle.takesRequests && owed.isEmpty) || Self.asksToClose(response.head)
        let connectionField: ResponseEncoder.ConnectionField = closing ? .close : (context.isHTTP10 ? .keepAlive : .none)
        var bodyBytes = 0
        switch response.body {
        case .bytes(let body):
            let allowsBody = ResponseEncoder.allowsBody(status)
            output.appendToTail { loop.encoder.encodeHead(response.head, framing: allowsBody ? .length(body.count) : .none,
                                                           connection: connectionField, into: &$0) }
            if allowsBody, !isHead {
                output.append(body)
                bodyBytes = body.count
            }
        case .stream(let open):
            let framing: ResponseEncoder.Framing = context.isHTTP10 ? .none : .chunked
            guard !isHead else {
                output.appendToTail { loop.encoder.encodeHead(response.head, framing: framing, connection: connectionField, into: &$0) }
                break
            }
            guard loop.core.streams.take() else {
                // Closed, so that refused stream clients do not sit on connection places instead.
                var refused = context
                refused.keepAlive = false
                let detail = "The server is at its limit of \(configuration.streamLimit) streams; try again later."
                return commit(.problem(.serviceUnavailable, detail: detail, headers: [.retryAfter: "5"]), refused)
            }
            // The body lasts as long as the connection: nothing can follow it.
            output.appendToTail { loop.encoder.encodeHead(response.head, framing: framing, connection: .close, into: &$0) }
            log(context, status: status, bytes: 0)
            lifecycle.streamStarted()
            leftover = []
            owed = []
            let channel = StreamChannel(connection: self, loop: loop, chunked: !context.isHTTP10,
                                        limit: configuration.maxPendingOutputBytes)
            stream = channel
            open(channel)
            return
        }
        log(context, status: status, bytes: bodyBytes)
        lifecycle.committed(closing: closing)
        if closing {
            leftover = []
            owed = []
        }
    }

    private static func asksToClose(_ head: HTTPResponse) -> Bool {
        guard let value = head.headerFields[.connection] else { return false }
        return value.lowercased().split(separator: ",").contains { $0.filter { $0 != " " && $0 != "\t" } == "close" }
    }

    private func log(_ context: RequestContext, status: HTTPResponse.Status, bytes: Int) {
        guard loop.accessLines != nil else { return }
        let now = loop.core.clock.now()
        loop.accessLines?.append(method: context.method?.rawValue ?? "-", path: context.path, status: status.code,
                                 bytes: bytes, micros: (now &- context.started) / 1000, now: now)
    }

    /// A streaming body has output (or ended, or overflowed): pick it up.
    func streamOutputReady() {
        guard lifecycle.phase == .streaming, let channel = stream else { return }
        let (bytes, finished, overflowed) = channel.takeOutput()
        output.append(bytes)
        guard !overflowed, output.count <= configuration.maxPendingOutputBytes else {
            loop.core.logger.notice("dropping a stream reader that fell behind", metadata: ["unsent": "\(output.count)"])
            return close()
        }
        if finished { lifecycle.streamEnded() }
        settle()
    }

    // MARK: Writing

    /// Writes what it can, then resumes held-back parsing and adjusts reading to the backlog.
    /// Loops because a resumed pipeline can be held back again and its new backlog written
    /// at once: with no write pending, nothing else would ever resume it.
    private func settle() {
        if lifecycle.phase == .closed { return }
        flush()
        while lifecycle.phase == .open, heldBack, !isBackedUp {
            heldBack = false
            parseLeftover()
            flush()
        }
        updateReading()
    }

    private func flush() {
        if lifecycle.phase == .closed { return }
        while !output.isEmpty {
            switch output.send(to: fd) {
            case .bytes:
                lifecycle.wrote(at: loop.core.clock.now())
            case .wouldBlock:
                return armWrite()
            case .failed, .endOfFile:
                return close()
            }
        }
        disarmWrite()
        switch lifecycle.flushed(at: loop.core.clock.now()) {
        case .carryOn: break
        case .close: close()
        case .linger(let endedStream): linger(endingStream: endedStream)
        }
    }

    private func armWrite() {
        watch(Interest(read: interest.read, write: true))
    }

    private func disarmWrite() {
        watch(Interest(read: interest.read, write: false))
    }

    private func updateReading() {
        let wanted: Bool
        switch lifecycle.phase {
        case .open: wanted = !lifecycle.peerClosedInput && !heldBack && !isBackedUp
        case .streaming, .lingering: wanted = !lifecycle.peerClosedInput
        case .closed: return
        }
        watch(Interest(read: wanted, write: interest.write))
    }

    private func watch(_ wanted: Interest) {
        guard wanted != interest, lifecycle.phase != .closed else { return }
        interest = wanted
        if !loop.setInterest(fd, wanted) { close() }
    }

    // MARK: Closing

    /// Everything owed is written: half-close and drain the peer's input for a while (closing
    /// with unread input would reset the connection). A lingering connection takes no more
    /// requests: its place goes to a new one, and an ended stream's place to a new stream.
    private func linger(endingStream: Bool) {
        releasePlace()
        leftover = []
        Socket.shutdownWrite(fd)
        if endingStream {
            loop.core.streams.giveBack()
            stream?.connectionClosed()
            stream = nil
        }
    }

    private func releasePlace() {
        if counted { loop.core.connections.giveBack() }
        counted = false
    }

    func close() {
        guard lifecycle.phase != .closed else { return }
        if lifecycle.phase == .streaming { loop.core.streams.giveBack() }
        lifecycle.closed()
        parser.releaseBody()
        // Nothing more is read or written: a read loop under way stops here.
        interest = Interest(read: false, write: false)
        owed = []
        leftover = []
        output.removeAll()
        releasePlace()
        loop.remove(self)
        stream?.connectionClosed()
        stream = nil
    }

    /// Since when the connection has been idle; nil while it is busy with a request.
    var idleSince: UInt64? {
        lifecycle.idleSince(owesAnswers: !owed.isEmpty, outputPending: !output.isEmpty)
    }

    /// Closes this idle connection to admit a new one at the cap: its place passes to the newcomer.
    func evict() {
        counted = false
        close()
    }

    /// Shutdown: close now if nothing is under way, otherwise once the answers already due are
    /// written; a request whose bytes have begun to arrive is read to its end and answered
    /// first (the grace period bounds how long that may take).
    func beginShutdown() {
        switch lifecycle.shutdown(midRequest: parser.isMidRequest, owesAnswers: !owed.isEmpty) {
        case .nothing:
            break
        case .flush:
            // Closed the lingering way: a request already on its way would otherwise turn the
            // close into a reset, which can destroy answers the client has not read yet.
            leftover = []
            settle()
        case .finishStream:
            stream?.finish()
        }
    }

    // MARK: Deadlines

    /// Called by the loop's timer.
    func checkDeadline(now: UInt64) {
        let timeout: HTTPParseError
        switch lifecycle.expiry(at: now, outputPending: !output.isEmpty, owesAnswers: !owed.isEmpty,
                                bodyBytesReceived: parser.bodyBytesReceived) {
        case .none:
            return
        case .close:
            return close()
        case .headTimedOut:
            timeout = HTTPParseError(.requestTimeout, "The request head did not arrive within \(configuration.headerTimeout) seconds.")
        case .bodyStalled:
            timeout = HTTPParseError(.requestTimeout, "The request body stalled for \(configuration.idleTimeout) seconds.")
        case .bodyTooSlow:
            timeout = HTTPParseError(.requestTimeout,
                                     "The request body arrived at less than \(Int(configuration.minBodyBytesPerSecond)) bytes per second.")
        }
        fail(timeout)
        settle()
    }
}
