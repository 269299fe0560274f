import Foundation
import Dispatch
import HTTPServer
import HTTPTypes
import Locking

/// Server-Sent Events to every `/events` client: corpus changes as they happen, a comment
/// heartbeat so proxies keep idle streams open, and a replay of the events this process still
/// remembers after `Last-Event-ID`. Sending never blocks: the server drops a client that
/// falls too far behind.
public final class EventHub: Sendable {
    private struct Subscriber {
        var writer: any StreamWriter
    }

    private struct State {
        var subscribers: [ObjectIdentifier: Subscriber] = [:]
        /// Recent events, oldest first, with their ids.
        var history: [(id: Int, frame: [UInt8])] = []
        var lastID = 0
    }

    private let state = Locked(State())
    private let historyLimit: Int
    // Dispatch sources are thread-safe; the timer is only resumed here and cancelled in deinit.
    nonisolated(unsafe) private let heartbeat: any DispatchSourceTimer

    public init(heartbeatSeconds: Double = 15, historyLimit: Int = 256) {
        self.historyLimit = historyLimit
        heartbeat = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "peacetrack.events.heartbeat"))
        heartbeat.schedule(deadline: .now() + heartbeatSeconds, repeating: heartbeatSeconds)
        heartbeat.setEventHandler { [weak self] in self?.broadcast(Array(": heartbeat\n\n".utf8)) }
        heartbeat.resume()
    }

    deinit { heartbeat.cancel() }

    public var subscriberCount: Int { state.withLock { $0.subscribers.count } }

    /// Sends `event` with a JSON `data` line to every client and remembers it for replays.
    public func publish(event: String, json: [UInt8]) {
        state.withLock { state in
            state.lastID += 1
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
            state.subscribers[key] = Subscriber(writer: writer)
        }
        writer.onClose { [weak self] in
            _ = self?.state.withLock { $0.subscribers.removeValue(forKey: key) }
        }
    }

    private func broadcast(_ frame: [UInt8]) {
        state.withLock { state in
            for subscriber in state.subscribers.values { subscriber.writer.send(frame) }
        }
    }
}
