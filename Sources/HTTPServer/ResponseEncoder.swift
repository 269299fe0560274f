#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import HTTPTypes

/// Writes response heads straight into a connection's output bytes. One per event loop, so
/// its `Date` cache needs no lock.
struct ResponseEncoder {
    /// How the body that follows the head is delimited.
    enum Framing {
        case length(Int)
        case chunked
        /// No body (HEAD without a length, 204, 304), or a body that ends when the connection does.
        case none
    }

    enum ConnectionField {
        case none
        case close
        case keepAlive
    }

    static let continueHead = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    /// The configured fields every answer carries, each with its line ready to copy.
    private let commonFields: [(name: HTTPField.Name, line: [UInt8])]
    private var dateSecond = -1
    /// `Date: <IMF-fixdate>\r\n`, remade at most once a second.
    private var dateLine: [UInt8] = []

    init(commonFields: HTTPFields = [:]) {
        self.commonFields = commonFields.map { field in
            var line = Array(field.name.rawName.utf8) + Self.colon
            field.withUnsafeBytesOfValue { line.append(contentsOf: $0) }
            return (field.name, line + Self.crlf)
        }
    }

    /// Statuses whose responses never carry content or a length (RFC 9110 sections 6.4.1, 8.6).
    static func allowsBody(_ status: HTTPResponse.Status) -> Bool {
        status.code >= 200 && status.code != 204 && status.code != 304
    }

    /// Appends the status line, the handler's fields (less those the server owns), the common
    /// fields the handler did not set, and the server's framing, `Date` and `Connection` fields.
    mutating func encodeHead(
        _ head: HTTPResponse, framing: Framing, connection: ConnectionField, into out: inout [UInt8]
    ) {
        out.append(contentsOf: "HTTP/1.1 ".utf8)
        let code = min(max(head.status.code, 0), 999)
        out.append(UInt8(ascii: "0") + UInt8(code / 100))
        out.append(UInt8(ascii: "0") + UInt8(code / 10 % 10))
        out.append(UInt8(ascii: "0") + UInt8(code % 10))
        out.append(UInt8(ascii: " "))
        out.append(contentsOf: head.status.reasonPhrase.utf8)
        out.append(contentsOf: Self.crlf)
        var hasDate = false
        for field in head.headerFields {
            switch Self.ownership(of: field.name) {
            case .server: continue
            case .date: hasDate = true
            case .handler: break
            }
            out.append(contentsOf: field.name.rawName.utf8)
            out.append(contentsOf: Self.colon)
            field.withUnsafeBytesOfValue { out.append(contentsOf: $0) }
            out.append(contentsOf: Self.crlf)
        }
        for common in commonFields where !head.headerFields.contains(common.name) {
            out.append(contentsOf: common.line)
        }
        switch framing {
        case .length(let count):
            out.append(contentsOf: "Content-Length: ".utf8)
            Self.appendDecimal(count, to: &out)
            out.append(contentsOf: Self.crlf)
        case .chunked:
            out.append(contentsOf: "Transfer-Encoding: chunked\r\n".utf8)
        case .none:
            break
        }
        switch connection {
        case .close: out.append(contentsOf: "Connection: close\r\n".utf8)
        case .keepAlive: out.append(contentsOf: "Connection: keep-alive\r\n".utf8)
        case .none: break
        }
        if !hasDate { out.append(contentsOf: currentDateLine()) }
        out.append(contentsOf: Self.crlf)
    }

    private enum Ownership { case server, date, handler }

    /// Framing and connection management are the server's: a handler's own values are dropped.
    private static func ownership(of name: HTTPField.Name) -> Ownership {
        switch name.canonicalName.utf8.count {
        case 4: name == .date ? .date : .handler
        case 10: name == .connection ? .server : .handler
        case 14: name == .contentLength ? .server : .handler
        case 17: name == .transferEncoding ? .server : .handler
        default: .handler
        }
    }

    /// A non-negative count in decimal.
    static func appendDecimal(_ value: Int, to out: inout [UInt8]) {
        var divisor = 1
        while divisor <= value / 10 { divisor *= 10 }
        var rest = max(0, value)
        repeat {
            out.append(UInt8(ascii: "0") + UInt8(rest / divisor))
            rest %= divisor
            divisor /= 10
        } while divisor > 0
    }

    /// A non-negative count in lowercase hex (chunk sizes).
    static func appendHex(_ value: Int, to out: inout [UInt8]) {
        var shift = 0
        while shift + 4 < Int.bitWidth, value >> (shift + 4) != 0 { shift += 4 }
        while shift >= 0 {
            out.append(hexDigits[(value >> shift) & 0xF])
            shift -= 4
        }
    }

    private mutating func currentDateLine() -> [UInt8] {
        let now = time(nil)
        if now != dateSecond {
            dateSecond = now
            dateLine = Array("Date: ".utf8) + Self.imfFixdate(now) + Self.crlf
        }
        return dateLine
    }

    /// `Sun, 06 Nov 1994 08:49:37 GMT` (RFC 9110 section 5.6.7).
    static func imfFixdate(_ seconds: time_t) -> [UInt8] {
        var value = seconds
        var parts = tm()
        gmtime_r(&value, &parts)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func twoDigits(_ number: Int32) -> String { number < 10 ? "0\(number)" : "\(number)" }
        let text = "\(days[Int(parts.tm_wday) % 7]), \(twoDigits(parts.tm_mday)) \(months[Int(parts.tm_mon) % 12]) "
            + "\(parts.tm_year + 1900) \(twoDigits(parts.tm_hour)):\(twoDigits(parts.tm_min)):\(twoDigits(parts.tm_sec)) GMT"
        return Array(text.utf8)
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)
    private static let crlf: [UInt8] = [13, 10]
    private static let colon: [UInt8] = [UInt8(ascii: ":"), UInt8(ascii: " ")]
}
