/// Percent-decoding of a request target's path and query string, straight from the bytes.
/// The request line has already been checked to hold only visible ASCII.
enum PercentDecoding {
    /// The decoded path: `%XX` escapes resolved, `+` kept as is.
    static func path(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) throws(HTTPParseError) -> String {
        try decode(bytes, range, plusAsSpace: false, what: "path")
    }

    /// `name=value` pairs split on `&`, in order; `+` reads as a space, empty pairs are skipped
    /// and a pair without `=` has an empty value.
    static func query(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) throws(HTTPParseError) -> [QueryItem] {
        var items: [QueryItem] = []
        var start = range.lowerBound
        while start < range.upperBound {
            var end = start
            var equals: Int?
            while end < range.upperBound, bytes[end] != UInt8(ascii: "&") {
                if equals == nil, bytes[end] == UInt8(ascii: "=") { equals = end }
                end += 1
            }
            if end > start {
                let nameEnd = equals ?? end
                let name = try decode(bytes, start..<nameEnd, plusAsSpace: true, what: "query parameter name")
                let value = equals.map { $0 + 1 } ?? end
                items.append(QueryItem(name: name, value: try decode(bytes, value..<end, plusAsSpace: true, what: "query parameter value")))
            }
            start = end + 1
        }
        return items
    }

    private static func decode(
        _ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, plusAsSpace: Bool, what: String
    ) throws(HTTPParseError) -> String {
        var plain = true
        for index in range where bytes[index] == UInt8(ascii: "%") || (plusAsSpace && bytes[index] == UInt8(ascii: "+")) {
            plain = false
            break
        }
        // Visible ASCII only, so it is valid UTF-8 as it stands.
        if plain { return String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self) }

        var decoded: [UInt8] = []
        decoded.reserveCapacity(range.count)
        var index = range.lowerBound
        while index < range.upperBound {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%") {
                guard index + 2 < range.upperBound,
                      let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2]) else {
                    throw HTTPParseError(.badRequest, "Invalid percent-encoding in the \(what).")
                }
                let value = high << 4 | low
                guard value != 0 else { throw HTTPParseError(.badRequest, "The \(what) decodes to a NUL byte.") }
                decoded.append(value)
                index += 3
            } else {
                decoded.append(plusAsSpace && byte == UInt8(ascii: "+") ? UInt8(ascii: " ") : byte)
                index += 1
            }
        }
        guard let text = String(validating: decoded, as: UTF8.self) else {
            throw HTTPParseError(.badRequest, "The \(what) is not valid UTF-8 once percent-decoded.")
        }
        return text
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte &- UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte &- UInt8(ascii: "a") &+ 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte &- UInt8(ascii: "A") &+ 10
        default: nil
        }
    }
}
