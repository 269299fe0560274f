/// One sentence of a document: `range` counts scalars of the document's text, trimmed of
/// surrounding space and of a leading bullet marker. Every line is its own paragraph, so a
/// headline without a full stop is a sentence of its own.
public struct Sentence: Sendable, Hashable {
    public let range: Range<Int>
    public let paragraph: Int
    public let index: Int
}

/// Splits text into sentences. A full stop ends a sentence unless it closes an abbreviation
/// (Mr., Gen., Jan.), an initial (J. Smith), a dotted acronym (U.S., U.K.) or sits inside a
/// number (1.5); a sentence glued to the next without a space ("century.UK, France ...") is
/// still split when a lowercase word ends it and a capital begins the next.
public struct SentenceSplitter: Sendable {
    /// Lowercased abbreviations without their final dot.
    let abbreviations: Set<String>

    public init(abbreviations: Set<String>) {
        self.abbreviations = abbreviations
    }

    public func split(_ text: FoldedText) -> [Sentence] {
        let scalars = text.folded
        var sentences: [Sentence] = []
        var paragraph = 0
        var lineStart = 0
        var sentenceStart = 0
        var lineHasSentence = false
        func add(until cut: Int) {
            if let range = trimmed(scalars, sentenceStart..<cut, atLineStart: sentenceStart == lineStart) {
                sentences.append(Sentence(range: range, paragraph: paragraph, index: sentences.count))
                lineHasSentence = true
            }
            sentenceStart = cut
        }
        // One pass over the text finds both line breaks and the marks that may end a sentence,
        // rather than a pass for lines and another for each line's marks: what a mark looks at
        // after it stops at a line break, which is no mark, quote, space or capital.
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar.isLineBreak {
                add(until: index)
                if lineHasSentence { paragraph += 1 }
                lineHasSentence = false
                lineStart = index + 1
                sentenceStart = lineStart
                index += 1
            } else if Self.isMark(scalar) {
                var after = index + 1
                while after < scalars.count, Self.isMark(scalars[after]) { after += 1 }
                while after < scalars.count, scalars[after] == "\"" || scalars[after] == "'" || scalars[after] == ")" { after += 1 }
                if endsSentence(scalars, mark: index, next: after, lineStart: lineStart) { add(until: after) }
                index = after
            } else {
                index += 1
            }
        }
        add(until: scalars.count)
        return sentences
    }

    private static func isMark(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "." || scalar == "!" || scalar == "?"
    }

    /// Whether the mark at `mark`, with its closing quotes and brackets before `next`, ends a
    /// sentence of the line that starts at `lineStart`.
    private func endsSentence(_ s: [Unicode.Scalar], mark: Int, next: Int, lineStart: Int) -> Bool {
        guard next < s.count else { return false }
        let spaced = s[next].isSpace
        var start = next
        while start < s.count, s[start].isSpace { start += 1 }
        guard start < s.count else { return false }
        let first = s[start]
        // A line break opens nothing: the line's last sentence ends with the line.
        let opensSentence = first.isUppercaseLetter || first.isDigit || first == "\"" || first == "'" || first == "("
        guard opensSentence else { return false }
        guard s[mark] == "." else { return spaced }
        let word = wordBefore(s, mark, lineStart: lineStart)
        if spaced {
            if abbreviations.contains(word.lowercased()) { return false }
            if Self.characters(word) == 1, word.unicodeScalars.first?.isUppercaseLetter == true { return false }  // initial
            return !word.unicodeScalars.contains(".")  // dotted acronym such as U.S.
        }
        // Glued: "century.UK" splits, "U.S.A" or "1.5" or "example.com" does not.
        return first.isUppercaseLetter && Self.characters(word) >= 2 && word.unicodeScalars.allSatisfy(\.isLowercaseLetter)
    }

    /// The number of characters of `word`: one per byte when it is ASCII (letters, digits and
    /// dots, as `wordBefore` gives), without the grapheme breaking `count` does.
    private static func characters(_ word: String) -> Int {
        word.utf8.allSatisfy { $0 < 0x80 } ? word.utf8.count : word.count
    }

    /// The run of letters, digits and inner dots that ends at `mark`.
    private func wordBefore(_ s: [Unicode.Scalar], _ mark: Int, lineStart: Int) -> String {
        var start = mark
        while start > lineStart {
            let previous = s[start - 1]
            guard previous.isLetter || previous.isDigit || previous == "." else { break }
            start -= 1
        }
        return String(scalars: s[start..<mark])
    }

    /// `range` without surrounding space, and without a bullet marker at the start of a line.
    private func trimmed(_ s: [Unicode.Scalar], _ range: Range<Int>, atLineStart: Bool) -> Range<Int>? {
        var lower = range.lowerBound
        var upper = range.upperBound
        while lower < upper, s[lower].isSpace { lower += 1 }
        if atLineStart, lower + 1 < upper, Self.isBullet(s[lower]), s[lower + 1].isSpace {
            lower += 2
            while lower < upper, s[lower].isSpace { lower += 1 }
        }
        while upper > lower, s[upper - 1].isSpace { upper -= 1 }
        guard s[lower..<upper].contains(where: { $0.isLetter || $0.isDigit }) else { return nil }
        return lower..<upper
    }

    private static func isBullet(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "-", "*", "\u{2022}", "\u{25AA}": true
        default: false
        }
    }
}
