/// The elements of a field such as `Accept` or `Accept-Encoding`, each with its weight
/// (RFC 9110 §12.4.2), in the order sent; values lowercased, parameters other than `q` dropped.
public struct WeightedList: Sendable {
    public struct Element: Sendable {
        public var value: String
        /// In thousandths: 1000 without `q`, 0 when `q` is malformed, since a value the client
        /// may have refused must not be chosen.
        public var weight: Int
    }

    public let elements: [Element]

    public init(_ field: String?) {
        elements = (field ?? "").split(separator: ",").compactMap { element in
            let parts = element.split(separator: ";", omittingEmptySubsequences: false).map(\.trimmingWhitespace)
            guard let value = parts.first?.lowercased(), !value.isEmpty else { return nil }
            return Element(value: value, weight: Self.weight(parts.dropFirst()))
        }
    }

    /// The weight of `value` where the client names it exactly; nil where it does not.
    public func weight(of value: String) -> Int? {
        elements.first { $0.value == value }?.weight
    }

    private static func weight(_ parameters: ArraySlice<Substring>) -> Int {
        guard let q = parameters.first(where: { $0.lowercased().hasPrefix("q=") }) else { return 1000 }
        return qvalue(q.dropFirst(2)) ?? 0
    }

    /// `qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )`, in thousandths.
    static func qvalue(_ text: Substring) -> Int? {
        let digits = Array(text.utf8)
        guard let first = digits.first, first == UInt8(ascii: "0") || first == UInt8(ascii: "1") else { return nil }
        var value = first == UInt8(ascii: "1") ? 1000 : 0
        guard digits.count > 1 else { return value }
        guard digits[1] == UInt8(ascii: "."), digits.count <= 5 else { return nil }
        var scale = 100
        for digit in digits.dropFirst(2) {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(digit) else { return nil }
            value += Int(digit - UInt8(ascii: "0")) * scale
            scale /= 10
        }
        return value <= 1000 ? value : nil
    }
}
