import Dispatch
import Foundation
import Locking
import Logging

/// Log lines gathered in memory and written to standard error by one writer, as nginx's
/// `access_log ... buffer=`: a request's access line costs an append, not a write of its own.
/// Lines are written at least every `interval`, when `flushBytes` have gathered, and at once,
/// with everything before them, for `notice` and above (start, stop, warnings), so that those
/// are never late and the stop's own line flushes every access line before the process exits.
final class LogBuffer: Sendable {
    private struct State {
        var pending: [UInt8] = []
        var flushQueued = false
        /// The formatted time of the current second, which lines of that second share.
        var second = -1
        var stamp = ""
    }

    static let interval = DispatchTimeInterval.seconds(1)
    static let flushBytes = 64 << 10
    /// Beyond this, appenders wait for the writer rather than memory growing without bound.
    static let maxPendingBytes = 1 << 20

    private let state = Locked(State())
    private let writer = DispatchQueue(label: "peacetrack.log")
    /// Locked only to hold a non-Sendable source in a Sendable class.
    private let timer: Locked<any DispatchSourceTimer>

    init() {
        timer = Locked(DispatchSource.makeTimerSource(queue: writer))
        timer.withLock { timer in
            timer.schedule(deadline: .now() + Self.interval, repeating: Self.interval)
            timer.setEventHandler { [weak self] in self?.writePending() }
            timer.resume()
        }
    }

    deinit { timer.withLock { $0.cancel() } }

    /// Adds the time and the `parts` of a line; `urgent` writes it before returning.
    func append(urgent: Bool, _ parts: String...) {
        let (size, queueFlush) = state.withLock { state -> (Int, Bool) in
            let now = time(nil)
            if now != state.second {
                state.second = now
                state.stamp = Self.format(now)
            }
            state.pending += state.stamp.utf8
            for part in parts { state.pending += part.utf8 }
            state.pending.append(UInt8(ascii: "\n"))
            let queueFlush = !urgent && !state.flushQueued && state.pending.count >= Self.flushBytes
            if queueFlush { state.flushQueued = true }
            return (state.pending.count, queueFlush)
        }
        if urgent || size >= Self.maxPendingBytes {
            flush()
        } else if queueFlush {
            writer.async { self.writePending() }
        }
    }

    /// Writes every line gathered so far, on the writer, and returns once they are written.
    func flush() {
        writer.sync { writePending() }
    }

    private func writePending() {
        let bytes = state.withLock { state in
            state.flushQueued = false
            defer { state.pending.removeAll(keepingCapacity: true) }
            return state.pending
        }
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count, let base = buffer.baseAddress {
                let written = write(STDERR_FILENO, base + offset, buffer.count - offset)
                if written < 0 && errno == EINTR { continue }
                // Standard error gone or broken: there is nowhere else to say so.
                guard written > 0 else { return }
                offset += written
            }
        }
    }

    /// `2025-02-20T10:00:00+0000`, local time, as swift-log's stream handler writes it.
    private static func format(_ seconds: time_t) -> String {
        var time = seconds
        var parts = tm()
        localtime_r(&time, &parts)
        var buffer = [Int8](repeating: 0, count: 64)
        let length = strftime(&buffer, buffer.count, "%Y-%m-%dT%H:%M:%S%z", &parts)
        return String(decoding: buffer.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// Lines in the format of swift-log's `StreamLogHandler`, gathered by a `LogBuffer`.
struct BufferedLogHandler: LogHandler {
    let label: String
    let buffer: LogBuffer
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        // An access line has no metadata: its line is put together without a dictionary.
        let explicit = event.metadata ?? [:]
        let merged = explicit.isEmpty ? metadata : metadata.merging(explicit) { _, explicit in explicit }
        let pretty = merged.isEmpty ? "" : " " + merged.sorted { $0.key < $1.key }.map { "\($0)=\($1)" }.joined(separator: " ")
        buffer.append(urgent: event.level >= .notice, " ", event.level.rawValue, " ", label, ":", pretty, " [", event.source, "] ",
                      event.message.description)
    }
}
