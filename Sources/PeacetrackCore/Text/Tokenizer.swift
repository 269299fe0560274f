/// A word, number or punctuation mark of a sentence, with its place in the document. Its text
/// stays in the document: a token holds the number of its lowercase form and how it is
/// capitalised, all that most rules ask.
public struct Token: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case word, number, punctuation
    }

    public let kind: Kind
    /// The folded lowercase form ("élysée", "u.s.", "30,000", "'s"), numbered by the lexicon.
    let word: Word
    public let range: Range<Int>
    let startsUppercase: Bool
    /// At least two letters, all capitals: "US", "NATO".
    let isAllUppercase: Bool
    /// One character, for case rules that accept a capital initial as an acronym.
    let isOneCharacter: Bool

    func `is`(_ named: NamedWord) -> Bool { word.number == named.rawValue }

    func `is`(oneOf named: [NamedWord]) -> Bool { named.contains { self.is($0) } }
}

/// Cuts folded text into tokens: words keep inner apostrophes ("don't") but give up a
/// possessive ("Poland" "'s"); dotted acronyms stay whole ("U.S."); numbers keep their
/// separators and a thousands suffix ("30,000", "1.5", "30k"); hyphens and dashes are tokens;
/// quotation marks are not.
public enum Tokenizer {
    static func tokens(of text: FoldedText, in range: Range<Int>, words: WordTable) -> [Token] {
        tokens(of: text, in: range) { words.word(lowercasing: text.folded[$0], asciiHash: $1) }
    }

    /// Tokens whose words `word` gives from their ranges and their `LowercaseASCIIHash` (nil
    /// when not all ASCII), taken as the token's scalars are read for its case.
    static func tokens(of text: FoldedText, in range: Range<Int>, word: (Range<Int>, UInt32?) -> Word) -> [Token] {
        let s = text.folded
        var tokens: [Token] = []
        tokens.reserveCapacity(range.count / 4)  // words average five letters and a space
        var index = range.lowerBound
        let end = range.upperBound
        func emit(_ kind: Token.Kind, _ from: Int, _ to: Int) {
            tokens.append(Self.token(kind, s[from..<to], range: from..<to, word: word))
        }
        while index < end {
            let scalar = s[index]
            if scalar.isLetter {
                let cursor = wordEnd(s, from: index, end: end)
                emit(.word, index, cursor)
                index = cursor
            } else if scalar.isSpace || scalar.isLineBreak {
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

    // Inlined: as a call of its own, each token paid for retaining and releasing what `word` captures.
    @inline(__always)
    private static func token(_ kind: Token.Kind, _ scalars: ArraySlice<Unicode.Scalar>, range: Range<Int>,
                              word: (Range<Int>, UInt32?) -> Word) -> Token {
        // One pass for the hash, in which nothing depends on the scalar before: a scalar value
        // is ASCII, and all are when the values ORed together are.
        var hash = LowercaseASCIIHash()
        var bits: UInt32 = 0
        for scalar in scalars {
            bits |= scalar.value
            hash.add(scalar)
        }
        let isASCII = bits < 0x80
        // Two ASCII scalars are always two characters; other scalars may combine into one.
        let isOneCharacter = scalars.count == 1 || !isASCII && String(scalars: scalars).count == 1
        return Token(kind: kind, word: word(range, isASCII ? hash.value : nil), range: range,
                     startsUppercase: scalars.first?.isUppercaseLetter ?? false,
                     isAllUppercase: isAllUppercase(scalars), isOneCharacter: isOneCharacter)
    }

    /// At least two letters, all capitals. Most words start with a small letter, and are not
    /// read on.
    private static func isAllUppercase(_ scalars: ArraySlice<Unicode.Scalar>) -> Bool {
        if let first = scalars.first, first.isLetter, !first.isUppercaseLetter { return false }
        var letters = 0
        for scalar in scalars where scalar.isLetter {
            guard scalar.isUppercaseLetter else { return false }
            letters += 1
        }
        return letters >= 2
    }

    private static func wordEnd(_ s: [Unicode.Scalar], from start: Int, end: Int) -> Int {
        var cursor = start + 1
        while cursor < end {
            let scalar = s[cursor]
            if scalar.isLetter || scalar.isDigit || scalar.isNonspacingMark {
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
