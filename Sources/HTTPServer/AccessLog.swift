#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where access lines go, a batch of whole lines at a time, from any event loop's thread.
/// Each line reads `2025-02-20T10:00:00+0000 access GET /positions 200 1234B 56us`: local time,
/// method, decoded path (control and format characters escaped), status, body bytes, and the
/// microseconds from the request's arrival to its answer being queued.
public protocol AccessLogSink: Sendable {
    func write(accessLines: [UInt8])
}

/// One event loop's access lines, put together as bytes on the loop's thread (no lock, no
/// string per request) and handed to the sink in batches: when `batchBytes` have gathered or
/// `maxDelay` has passed since the first unsent line, and when the loop stops.
struct AccessLines {
    static let batchBytes = 32 << 10
    static let maxDelayNanoseconds: UInt64 = 250_000_000

    private let sink: any AccessLogSink
    private var pending: [UInt8] = []
    /// When the first unsent line was added (the loop's clock); 0 when nothing is unsent.
    private(set) var firstPendingAt: UInt64 = 0
    /// The time stamp of the current second, which that second's lines share.
    private var second: time_t = -1
    private var stamp: [UInt8] = []

    init(sink: any AccessLogSink) {
        self.sink = sink
        pending.reserveCapacity(Self.batchBytes + 1024)
    }

    /// When the unsent lines must go at the latest; nil when there are none.
    var deadline: UInt64? { firstPendingAt == 0 ? nil : firstPendingAt + Self.maxDelayNanoseconds }

    mutating func append(method: String, path: String, status: Int, bytes: Int, micros: UInt64, now: UInt64) {
        let wall = time(nil)
        if wall != second {
            second = wall
            stamp = LogTimestamp.format(wall)
        }
        if firstPendingAt == 0 { firstPendingAt = max(now, 1) }
        pending += stamp
        pending += " access ".utf8
        pending += method.utf8
        pending.append(UInt8(ascii: " "))
        Self.appendPrintable(path, to: &pending)
        pending.append(UInt8(ascii: " "))
        Self.appendDecimal(UInt64(clamping: status), to: &pending)
        pending.append(UInt8(ascii: " "))
        Self.appendDecimal(UInt64(clamping: bytes), to: &pending)
        pending += "B ".utf8
        Self.appendDecimal(micros, to: &pending)
        pending += "us\n".utf8
        if pending.count >= Self.batchBytes { send() }
    }

    /// Hands the unsent lines over if their time has come.
    mutating func sendIfDue(now: UInt64) {
        guard let deadline, now >= deadline else { return }
        send()
    }

    /// Hands every unsent line over now: the loop stops.
    mutating func send() {
        guard !pending.isEmpty else { return }
        sink.write(accessLines: pending)
        pending.removeAll(keepingCapacity: true)
        firstPendingAt = 0
    }

    /// The decoded path as a log line may show it: control and format characters (a decoded
    /// %0A would forge a log line, U+202E reverse it) and line separators become %XX escapes.
    static func appendPrintable(_ path: String, to line: inout [UInt8]) {
        // Printable ASCII, by far the usual path, needs no look at Unicode properties.
        if path.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) {
            line += path.utf8
            return
        }
        for scalar in path.unicodeScalars {
            switch scalar.properties.generalCategory {
            case .control, .format, .lineSeparator, .paragraphSeparator:
                for byte in String(scalar).utf8 {
                    line.append(UInt8(ascii: "%"))
                    line.append(hexDigits[Int(byte >> 4)])
                    line.append(hexDigits[Int(byte & 0x0F)])
                }
            default:
                line += String(scalar).utf8
            }
        }
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    static func appendDecimal(_ value: UInt64, to line: inout [UInt8]) {
        var divisor: UInt64 = 1
        while value / divisor >= 10 { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            line.append(UInt8(ascii: "0") + UInt8(rest / divisor))
            rest %= divisor
            divisor /= 10
        }
    }
}

/// The time stamp of every log line: `2025-02-20T10:00:00+0000`, local time, as swift-log's
/// stream handler writes it.
public enum LogTimestamp {
    public static func format(_ seconds: time_t) -> [UInt8] {
        var time = seconds
        var parts = tm()
        localtime_r(&time, &parts)
        var buffer = [Int8](repeating: 0, count: 64)
        let length = strftime(&buffer, buffer.count, "%Y-%m-%dT%H:%M:%S%z", &parts)
        return buffer.prefix(length).map { UInt8(bitPattern: $0) }
    }
}
