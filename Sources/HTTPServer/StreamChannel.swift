import Locking

/// The `StreamWriter` a `.stream` body gets. Callable from any thread: `send` frames the bytes
/// under a lock and asks the connection's loop, at most once until it has picked them up, to
/// write them. It never blocks and never waits for the peer.
final class StreamChannel: StreamWriter {
    private struct State {
        /// Nil once the stream has closed.
        var connection: Connection?
        var pending: [UInt8] = []
        var pickUpScheduled = false
        var finished = false
        var overflowed = false
        var closeActions: [@Sendable () -> Void] = []
    }

    private let state: Locked<State>
    private let loop: EventLoop
    private let chunked: Bool
    private let limit: Int

    init(connection: Connection, loop: EventLoop, chunked: Bool, limit: Int) {
        state = Locked(State(connection: connection))
        self.loop = loop
        self.chunked = chunked
        self.limit = limit
    }

    @discardableResult
    func send(_ bytes: [UInt8]) -> Bool {
        let (accepted, pickUp) = state.withLock { state -> (Bool, Connection?) in
            guard state.connection != nil, !state.finished, !state.overflowed else { return (false, nil) }
            // An empty chunk would end a chunked body.
            guard !bytes.isEmpty else { return (true, nil) }
            guard state.pending.count + bytes.count <= limit else {
                state.overflowed = true
                return (false, Self.schedulePickUp(&state))
            }
            if chunked {
                ResponseEncoder.appendHex(bytes.count, to: &state.pending)
                state.pending.append(contentsOf: [13, 10])
                state.pending.append(contentsOf: bytes)
                state.pending.append(contentsOf: [13, 10])
            } else {
                state.pending.append(contentsOf: bytes)
            }
            return (true, Self.schedulePickUp(&state))
        }
        if let pickUp { loop.execute { pickUp.streamOutputReady() } }
        return accepted
    }

    func finish() {
        let pickUp = state.withLock { state -> Connection? in
            guard state.connection != nil, !state.finished else { return nil }
            state.finished = true
            if chunked { state.pending.append(contentsOf: Array("0\r\n\r\n".utf8)) }
            return Self.schedulePickUp(&state)
        }
        if let pickUp { loop.execute { pickUp.streamOutputReady() } }
    }

    func onClose(_ action: @escaping @Sendable () -> Void) {
        let alreadyClosed = state.withLock { state -> Bool in
            guard state.connection != nil else { return true }
            state.closeActions.append(action)
            return false
        }
        if alreadyClosed { loop.execute(action) }
    }

    /// On the connection's loop: the bytes to write, and whether the stream ended or overflowed.
    func takeOutput() -> (bytes: [UInt8], finished: Bool, overflowed: Bool) {
        state.withLock { state in
            state.pickUpScheduled = false
            defer { state.pending = [] }
            return (state.pending, state.finished, state.overflowed)
        }
    }

    /// On the connection's loop, once it has closed: runs the close actions, outside the lock.
    func connectionClosed() {
        let actions = state.withLock { state -> [@Sendable () -> Void] in
            state.connection = nil
            state.pending = []
            defer { state.closeActions = [] }
            return state.closeActions
        }
        for action in actions { action() }
    }

    private static func schedulePickUp(_ state: inout State) -> Connection? {
        guard !state.pickUpScheduled else { return nil }
        state.pickUpScheduled = true
        return state.connection
    }
}
