/// A document's text as Unicode scalars, with typographic variants (curly quotes, dashes,
/// no-break spaces) folded to their ASCII forms one scalar for one scalar. Rules match the
/// folded scalars; offsets into them are offsets into the original text, the unit of evidence.
public struct FoldedText: Sendable {
    public let folded: [Unicode.Scalar]
    /// The scalars folding changed, by offset in ascending order: they are few, so the original
    /// text is kept as these differences rather than as a second array of scalars.
    private let changes: [FoldedScalar]

    public init(_ text: String) {
        // Decoded straight from the UTF-8 bytes into an array sized for a scalar per byte (the
        // most there can be): ASCII, most of any text, is one byte one scalar, and only other
        // scalars go through a decoder.
        var changes: [FoldedScalar] = []
        var text = text
        folded = text.withUTF8 { bytes in
            [Unicode.Scalar](unsafeUninitializedCapacity: bytes.count) { buffer, count in
                var index = 0
                while index < bytes.count {
                    let byte = bytes[index]
                    // ASCII but the tab is its own folded form: stored without asking `fold`.
                    if byte < 0x80, byte != 0x09 {
                        buffer[count] = Unicode.Scalar(byte)
                        count += 1
                        index += 1
                        continue
                    }
                    let scalar: Unicode.Scalar
                    if byte < 0x80 {
                        scalar = Unicode.Scalar(byte)
                        index += 1
                    } else {
                        (scalar, index) = Self.decode(bytes, at: index)
                    }
                    let form = Self.fold(scalar)
                    if form != scalar { changes.append(FoldedScalar(offset: count, original: scalar)) }
                    buffer[count] = form
                    count += 1
                }
            }
        }
        self.changes = changes
    }

    /// The scalar whose encoding starts at `index`, and the offset after it. A `String`'s bytes
    /// are valid UTF-8; were they not, a bad byte would read as U+FFFD, as `unicodeScalars` has it.
    private static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (Unicode.Scalar, Int) {
        var iterator = UnsafeBufferPointer(rebasing: bytes[index...]).makeIterator()
        var parser = UTF8.ForwardParser()
        guard case .valid(let encoded) = parser.parseScalar(from: &iterator) else { return ("\u{FFFD}", index + 1) }
        return (UTF8.decode(encoded), index + encoded.count)
    }

    public var count: Int { folded.count }

    /// The original text of `range`, as it stands in the document.
    public func text(_ range: Range<Int>) -> String {
        var first = firstChange(from: range.lowerBound)
        guard first < changes.count, changes[first].offset < range.upperBound else { return String(scalars: folded[range]) }
        var scalars = folded[range]
        while first < changes.count, changes[first].offset < range.upperBound {
            scalars[changes[first].offset] = changes[first].original
            first += 1
        }
        return String(scalars: scalars)
    }

    /// The original scalar at `offset`, nil outside the text.
    func original(at offset: Int) -> Unicode.Scalar? {
        guard folded.indices.contains(offset) else { return nil }
        let change = firstChange(from: offset)
        return change < changes.count && changes[change].offset == offset ? changes[change].original : folded[offset]
    }

    /// The index of the first change at or after `offset`, by binary search.
    private func firstChange(from offset: Int) -> Int {
        var (low, high) = (0, changes.count)
        while low < high {
            let middle = (low + high) / 2
            if changes[middle].offset < offset { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// The folded text of `range`, as rules read it: "Jean-Noël", "U.S.".
    func surface(_ range: Range<Int>) -> String {
        String(scalars: folded[range])
    }

    /// The folded text of `range` in lowercase. ASCII is lowercased byte by byte straight into
    /// the string, which short words keep inline, without an allocation.
    func lowercased(_ range: Range<Int>) -> String {
        let scalars = folded[range]
        guard scalars.allSatisfy(\.isASCII) else { return String(scalars: scalars).lowercased() }
        return String(unsafeUninitializedCapacity: scalars.count) { buffer in
            for (offset, scalar) in zip(buffer.indices, scalars) { buffer[offset] = scalar.lowercaseASCII }
            return scalars.count
        }
    }

    static func fold(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        // Below U+00A0, where most text is, only the tab has a variant.
        guard scalar.value >= 0xA0 else { return scalar == "\t" ? " " : scalar }
        return switch scalar.value {
        case 0x2018, 0x2019, 0x201A, 0x201B, 0x2032, 0x02BC: "'"
        case 0x201C, 0x201D, 0x201E, 0x201F, 0x2033, 0x00AB, 0x00BB: "\""
        case 0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212: "-"
        case 0x00A0, 0x2007, 0x2009, 0x200A, 0x202F, 0x205F, 0x3000: " "
        default: scalar
        }
    }
}

/// A scalar of the original text that folding replaced.
private struct FoldedScalar: Sendable {
    let offset: Int
    let original: Unicode.Scalar
}

// ASCII first: Unicode property lookups cost far more than a comparison, and most text is ASCII.
// The lookups are calls of their own: inlined, a property's resilient type made every function
// that tests a scalar fetch its metadata and size a stack slot for it on entry, even for ASCII.
extension Unicode.Scalar {
    var isLetter: Bool {
        value < 0x80 ? (0x41...0x5A).contains(value) || (0x61...0x7A).contains(value) : Self.isAlphabetic(self)
    }
    var isDigit: Bool { (0x30...0x39).contains(value) }
    var isUppercaseLetter: Bool { value < 0x80 ? (0x41...0x5A).contains(value) : Self.isUppercase(self) }
    var isLowercaseLetter: Bool { value < 0x80 ? (0x61...0x7A).contains(value) : Self.isLowercase(self) }
    var isSpace: Bool { value < 0x80 ? value == 0x20 || value == 0x09 : Self.isWhitespace(self) && !isLineBreak }
    /// The byte of an ASCII scalar, lowercased.
    var lowercaseASCII: UInt8 {
        let byte = UInt8(truncatingIfNeeded: value)
        return (0x41...0x5A).contains(byte) ? byte + 0x20 : byte
    }
    var isLineBreak: Bool {
        value < 0x80 ? (0x0A...0x0D).contains(value) : value == 0x85 || value == 0x2028 || value == 0x2029
    }
    /// A combining accent written as a scalar of its own: "e" and U+0301 are one letter "é".
    var isNonspacingMark: Bool { !isASCII && Self.isMark(self) }

    @inline(never) private static func isAlphabetic(_ scalar: Self) -> Bool { scalar.properties.isAlphabetic }
    @inline(never) private static func isUppercase(_ scalar: Self) -> Bool { scalar.properties.isUppercase }
    @inline(never) private static func isLowercase(_ scalar: Self) -> Bool { scalar.properties.isLowercase }
    @inline(never) private static func isWhitespace(_ scalar: Self) -> Bool { scalar.properties.isWhitespace }
    @inline(never) private static func isMark(_ scalar: Self) -> Bool { scalar.properties.generalCategory == .nonspacingMark }
}

extension String {
    /// A string of `scalars`, encoded to UTF-8 straight into its storage: far cheaper than
    /// appending scalars to a `UnicodeScalarView` one by one.
    init(scalars: ArraySlice<Unicode.Scalar>) {
        self.init(unsafeUninitializedCapacity: scalars.reduce(0) { $0 + UTF8.width($1) }) { buffer in
            var count = 0
            for scalar in scalars {
                if scalar.isASCII {  // most scalars: one byte, without the encoder
                    buffer[count] = UInt8(truncatingIfNeeded: scalar.value)
                    count += 1
                    continue
                }
                UTF8.encode(scalar) { byte in
                    buffer[count] = byte
                    count += 1
                }
            }
            return count
        }
    }
}
