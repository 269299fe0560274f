/// RFC 3339 `full-date` and `date-time` (section 5.6), the forms OpenAPI's `date` and
/// `date-time` formats name: checked digit by digit, calendar included, without a formatter.
public enum RFC3339 {
    public static func isDateOrDateTime(_ text: String) -> Bool {
        var scanner = Scanner(Array(text.utf8))
        guard scanner.fullDate() else { return false }
        if scanner.isAtEnd { return true }
        guard scanner.take(anyOf: "Tt "), scanner.fullTime() else { return false }
        return scanner.isAtEnd
    }

    private struct Scanner {
        let bytes: [UInt8]
        var index = 0

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        var isAtEnd: Bool { index == bytes.count }

        mutating func take(anyOf characters: String) -> Bool {
            guard index < bytes.count, characters.utf8.contains(bytes[index]) else { return false }
            index += 1
            return true
        }

        /// `count` ASCII digits as a number within `range`.
        mutating func number(_ count: Int, in range: ClosedRange<Int>) -> Int? {
            guard bytes.count - index >= count else { return nil }
            var value = 0
            for byte in bytes[index..<index + count] {
                guard (0x30...0x39).contains(byte) else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            index += count
            return range.contains(value) ? value : nil
        }

        mutating func fullDate() -> Bool {
            guard let year = number(4, in: 0...9999), take(anyOf: "-"), let month = number(2, in: 1...12),
                  take(anyOf: "-") else { return false }
            let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
            let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
            return number(2, in: 1...days) != nil
        }

        mutating func fullTime() -> Bool {
            guard number(2, in: 0...23) != nil, take(anyOf: ":"), number(2, in: 0...59) != nil, take(anyOf: ":"),
                  number(2, in: 0...60) != nil else { return false }
            if take(anyOf: ".") {
                guard number(1, in: 0...9) != nil else { return false }
                while number(1, in: 0...9) != nil {}
            }
            if take(anyOf: "Zz") { return true }
            guard take(anyOf: "+-"), number(2, in: 0...23) != nil, take(anyOf: ":") else { return false }
            return number(2, in: 0...59) != nil
        }
    }
}
