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
    public var hex: String { hexDigits(16) }

    public static func hex(of parts: String...) -> String {
        var hash = StableHash()
        for part in parts { hash.combine(part) }
        return hash.hex
    }

    /// A record id: `prefix` and the first twelve hex digits of the hash of `parts`.
    static func id(_ prefix: String, of parts: String...) -> String {
        var hash = StableHash()
        for part in parts { hash.combine(part) }
        return prefix + hash.hexDigits(12)
    }

    /// The first `count` (at most sixteen) lowercase hex digits, zero-padded, written straight
    /// into the string: records are many, and each has an id.
    private func hexDigits(_ count: Int) -> String {
        String(unsafeUninitializedCapacity: count) { buffer in
            for index in 0..<min(count, 16) {
                let nibble = UInt8(truncatingIfNeeded: value >> UInt64(60 - 4 * index)) & 0xF
                buffer[index] = nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
            }
            return min(count, 16)
        }
    }
}
