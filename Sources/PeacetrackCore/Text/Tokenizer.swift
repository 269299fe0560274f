/// A word, number or punctuation mark of a sentence, with its place in the document.
public struct Token: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case word, number, punctuation
    }

    public let kind: Kind
    /// Folded surface form ("Élysée", "U.S.", "30,000", "'s").
    public let text: String
    public let lower: String
    public let range: Range<Int>

    var startsUppercase: Bool { text.unicodeScalars.first?.isUppercaseLetter ?? false }
    var isAllUppercase: Bool {
        let letters = text.unicodeScalars.filter(\.isLetter)
        return letters.count >= 2 && letters.allSatisfy(\.isUppercaseLetter)
    }
}

/// Cuts folded text into tokens: words keep inner apostrophes ("don't") but give up a
/// possessive ("Poland" "'s"); dotted acronyms stay whole ("U.S."); numbers keep their
/// separators and a thousands suffix ("30,000", "1.5", "30k"); hyphens and dashes are tokens;
/// quotation marks are not.
public enum Tokenizer {
    public static func tokens(of text: FoldedText, in range: Range<Int>) -> [Token] {
        let s = text.folded
        var tokens: [Token] = []
        var index = range.lowerBound
        let end = range.upperBound
        func emit(_ kind: Token.Kind, _ from: Int, _ to: Int) {
            let (surface, lower) = Self.forms(s[from..<to])
            tokens.append(Token(kind: kind, text: surface, lower: lower, range: from..<to))
        }
        while index < end {
            let scalar = s[index]
            if scalar.isSpace || scalar.isLineBreak {
                index += 1
            } else if scalar.isDigit {
                var cursor = index + 1
                while cursor < end {
                    if s[cursor].isDigit { cursor += 1; continue }
                    if s[cursor] == "," || s[cursor] == ".", cursor + 1 < end, s[cursor + 1].isDigit { cursor += 2; continue }
                    break
                }
                if cursor < end, s[cursor] == "k" || s[cursor] == "K", cursor + 1 == end || !s[cursor + 1].isLetter {
                    cursor += 1
                }
                let isWord = cursor < end && s[cursor].isLetter  // "2024th", "F16s": a word
                if isWord {
                    while cursor < end, s[cursor].isLetter || s[cursor].isDigit { cursor += 1 }
                }
                emit(isWord ? .word : .number, index, cursor)
                index = cursor
            } else if scalar.isLetter {
                let cursor = wordEnd(s, from: index, end: end)
                emit(.word, index, cursor)
                index = cursor
            } else if scalar == "'", index + 1 < end, s[index + 1] == "s" || s[index + 1] == "S",
                      index + 2 == end || !s[index + 2].isLetter, index > range.lowerBound, s[index - 1].isLetter {
                emit(.word, index, index + 2)
                index += 2
            } else if scalar == "\"" || scalar == "'" {
                index += 1  // quotes mark words ("open" to, 'ready'); rules read through them
            } else {
                emit(.punctuation, index, index + 1)
                index += 1
            }
        }
        return tokens
    }

    /// The surface and lowercase forms; ASCII tokens are lowercased byte by byte (short
    /// strings then live inline, without an allocation).
    private static func forms(_ scalars: ArraySlice<Unicode.Scalar>) -> (String, String) {
        if scalars.allSatisfy(\.isASCII) {
            let bytes = scalars.map { UInt8($0.value) }
            let lower = bytes.map { (0x41...0x5A).contains($0) ? $0 + 0x20 : $0 }
            return (String(decoding: bytes, as: UTF8.self), String(decoding: lower, as: UTF8.self))
        }
        let surface = String(scalars: scalars)
        return (surface, surface.lowercased())
    }

    private static func wordEnd(_ s: [Unicode.Scalar], from start: Int, end: Int) -> Int {
        var cursor = start + 1
        while cursor < end {
            let scalar = s[cursor]
            if scalar.isLetter || scalar.isDigit || scalar.properties.generalCategory == .nonspacingMark {
                cursor += 1
            } else if scalar == "'", cursor + 1 < end, s[cursor + 1].isLetter,
                      !(s[cursor + 1] == "s" && (cursor + 2 == end || !s[cursor + 2].isLetter)) {
                cursor += 1  // inner apostrophe: don't, O'Brien
            } else if scalar == ".", isAcronym(s, start: start, dot: cursor, end: end) {
                cursor += 1
            } else {
                break
            }
        }
        return cursor
    }

    /// Single letters joined by dots: the dot at `dot` belongs to "U.S." or "E.U.".
    private static func isAcronym(_ s: [Unicode.Scalar], start: Int, dot: Int, end: Int) -> Bool {
        let letterBefore = dot - 1 >= start && s[dot - 1].isUppercaseLetter && (dot - 2 < start || s[dot - 2] == ".")
        guard letterBefore else { return false }
        let letterAfter = dot + 1 < end && s[dot + 1].isUppercaseLetter && (dot + 2 >= end || s[dot + 2] == ".")
        let closesAcronym = dot - 2 >= start && s[dot - 2] == "."
        return letterAfter || closesAcronym
    }
}
