import Dispatch
import Foundation
import HTTPServer
import Locking
import Logging

/// Log lines gathered in memory and written to standard error by one writer, as nginx's
/// `access_log ... buffer=`: an event loop's batch of access lines costs an append, not a write.
/// Lines are written at least every `interval`, when `flushBytes` have gathered, and at once,
/// with everything before them, for `notice` and above (start, stop, warnings), so that those
/// are never late and the stop's own line flushes every access line before the process exits.
final class LogBuffer: AccessLogSink {
    private struct State {
        var pending: [UInt8] = []
        var flushQueued = false
        /// The formatted time of the current second, which lines of that second share.
        var second = -1
        var stamp: [UInt8] = []
    }

    /// Half a second, so that an access line an event loop held for up to a quarter of a second
    /// is still written within a second of its request.
    static let interval = DispatchTimeInterval.milliseconds(500)
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
                state.stamp = LogTimestamp.format(now)
            }
            state.pending += state.stamp
            for part in parts { state.pending += part.utf8 }
            state.pending.append(UInt8(ascii: "\n"))
            let queueFlush = !urgent && !state.flushQueued && state.pending.count >= Self.flushBytes
            if queueFlush { state.flushQueued = true }
            return (state.pending.count, queueFlush)
        }
        afterAppend(size: size, urgent: urgent, queueFlush: queueFlush)
    }

    private func afterAppend(size: Int, urgent: Bool, queueFlush: Bool) {
        if urgent || size >= Self.maxPendingBytes {
            flush()
        } else if queueFlush {
            writer.async { self.writePending() }
        }
    }

    /// Adds a batch of whole access lines, as an event loop hands them over.
    func write(accessLines: [UInt8]) {
        let (size, queueFlush) = state.withLock { state -> (Int, Bool) in
            state.pending += accessLines
            let queueFlush = !state.flushQueued && state.pending.count >= Self.flushBytes
            if queueFlush { state.flushQueued = true }
            return (state.pending.count, queueFlush)
        }
        afterAppend(size: size, urgent: false, queueFlush: queueFlush)
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
                let written = Glibc.write(STDERR_FILENO, base + offset, buffer.count - offset)
                if written < 0 && errno == EINTR { continue }
                // Standard error gone or broken: there is nowhere else to say so.
                guard written > 0 else { return }
                offset += written
            }
        }
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
        let explicit = event.metadata ?? [:]
        let merged = explicit.isEmpty ? metadata : metadata.merging(explicit) { _, explicit in explicit }
        let pretty = merged.isEmpty ? "" : " " + merged.sorted { $0.key < $1.key }.map { "\($0)=\($1)" }.joined(separator: " ")
        buffer.append(urgent: event.level >= .notice, " ", event.level.rawValue, " ", label, ":", pretty, " [", event.source, "] ",
                      event.message.description)
    }
}
