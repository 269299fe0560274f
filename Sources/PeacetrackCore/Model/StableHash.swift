/// 64-bit FNV-1a: a hash that is the same on every run and machine (Swift's `Hasher` is seeded
/// per process), for record ids and entity tags.
public struct StableHash: Sendable {
    public private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    public init() {}

    public mutating func combine(_ text: String) {
        var text = text
        text.withUTF8 { bytes in  // contiguous: a loop over bytes, not over a view's indexes
            for byte in bytes { combine(byte: byte) }
        }
        combine(byte: 0x1f)  // separator, so ("ab","c") and ("a","bc") differ
    }

    public mutating func combine(byte: UInt8) {
        value = (value ^ UInt64(byte)) &* 0x100_0000_01b3
    }

    /// Sixteen lowercase hex digits.
    public var hex: String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    public static func hex(of parts: String...) -> String {
        var hash = StableHash()
        for part in parts { hash.combine(part) }
        return hash.hex
    }
}
