import Foundation
import Dispatch
import HTTPServer
import HTTPTypes
import Locking

/// Server-Sent Events to every `/events` client: corpus changes as they happen, a comment
/// heartbeat so proxies keep idle streams open, and a replay of the events this process still
/// remembers after `Last-Event-ID`. Sending never blocks: the server drops a client that
/// falls too far behind. A stream that has carried no event for `idleSeconds` is ended (its
/// client reconnects with `Last-Event-ID`), so idle clients do not hold connections forever.
public final class EventHub: Sendable {
    private struct Subscriber {
        var writer: any StreamWriter
        var since: ContinuousClock.Instant
    }

    private struct State {
        var subscribers: [ObjectIdentifier: Subscriber] = [:]
        /// Recent events, oldest first, with their ids.
        var history: [(id: Int, frame: [UInt8])] = []
        var lastID = 0
        var lastEvent = ContinuousClock.now
    }

    private let state = Locked(State())
    private let historyLimit: Int
    private let idleLimit: Duration
    // Dispatch sources are thread-safe; the timer is only resumed here and cancelled in deinit.
    nonisolated(unsafe) private let heartbeat: any DispatchSourceTimer

    /// The heartbeat comes every `heartbeatSeconds`, or every `idleSeconds` when that is
    /// shorter; idle streams are ended at a heartbeat.
    public init(heartbeatSeconds: Double = 15, idleSeconds: Double = 300, historyLimit: Int = 256) {
        self.historyLimit = historyLimit
        idleLimit = .milliseconds(Int64(idleSeconds * 1000))
        let interval = min(heartbeatSeconds, idleSeconds)
        heartbeat = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "peacetrack.events.heartbeat"))
        heartbeat.schedule(deadline: .now() + interval, repeating: interval)
        heartbeat.setEventHandler { [weak self] in self?.beat() }
        heartbeat.resume()
    }

    deinit { heartbeat.cancel() }

    public var subscriberCount: Int { state.withLock { $0.subscribers.count } }

    /// Sends `event` with a JSON `data` line to every client and remembers it for replays.
    public func publish(event: String, json: [UInt8]) {
        state.withLock { state in
            state.lastID += 1
            state.lastEvent = .now
            let frame = Array("id: \(state.lastID)\nevent: \(event)\ndata: ".utf8) + json + Array("\n\n".utf8)
            state.history.append((state.lastID, frame))
            if state.history.count > historyLimit { state.history.removeFirst(state.history.count - historyLimit) }
            for subscriber in state.subscribers.values { subscriber.writer.send(frame) }
        }
    }

    /// The answer to `GET /events`. `greeting`, an event without id, goes first: the state a
    /// new client starts from.
    func stream(for request: ServerRequest, greeting: (event: String, json: [UInt8])) -> ServerResponse {
        let lastEventID = request.head.headerFields[HTTPField.Name("Last-Event-ID")!].flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        var head = HTTPResponse(status: .ok)
        head.headerFields[.contentType] = "text/event-stream; charset=utf-8"
        head.headerFields[.cacheControl] = "no-cache"
        let greetingFrame = Array("event: \(greeting.event)\ndata: ".utf8) + greeting.json + Array("\n\n".utf8)
        return ServerResponse(head: head, body: .stream { [weak self] writer in
            self?.subscribe(writer, greeting: greetingFrame, after: lastEventID)
        })
    }

    private func subscribe(_ writer: any StreamWriter, greeting: [UInt8], after lastEventID: Int?) {
        let key = ObjectIdentifier(writer)
        state.withLock { state in
            // Replay and registration under one lock: no event is missed or sent twice.
            writer.send(Array("retry: 2000\n\n".utf8) + greeting)
            if let lastEventID {
                for entry in state.history where entry.id > lastEventID { writer.send(entry.frame) }
            }
            state.subscribers[key] = Subscriber(writer: writer, since: .now)
        }
        writer.onClose { [weak self] in
            _ = self?.state.withLock { $0.subscribers.removeValue(forKey: key) }
        }
    }

    /// Ends the streams idle for too long and keeps the others open with a comment.
    private func beat() {
        let heartbeat = Array(": heartbeat\n\n".utf8)
        let now = ContinuousClock.now
        state.withLock { state in
            for subscriber in state.subscribers.values {
                if now - max(subscriber.since, state.lastEvent) >= idleLimit {
                    subscriber.writer.finish()
                } else {
                    subscriber.writer.send(heartbeat)
                }
            }
        }
    }
}
