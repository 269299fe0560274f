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
        func addLine(_ end: Int) {
            var cursor = lineStart
            var added = false
            func add(until cut: Int) {
                if let range = trimmed(scalars, cursor..<cut, atLineStart: cursor == lineStart) {
                    sentences.append(Sentence(range: range, paragraph: paragraph, index: sentences.count))
                    added = true
                }
                cursor = cut
            }
            forEachBoundary(scalars, lineStart..<end, add)
            add(until: end)
            if added { paragraph += 1 }
        }
        for index in scalars.indices where scalars[index].isLineBreak {
            addLine(index)
            lineStart = index + 1
        }
        addLine(scalars.count)
        return sentences
    }

    /// Gives `cut` the offset just after each sentence-ending mark of one line, in order.
    private func forEachBoundary(_ s: [Unicode.Scalar], _ line: Range<Int>, _ cut: (Int) -> Void) {
        var index = line.lowerBound
        while index < line.upperBound {
            let mark = s[index]
            guard mark == "." || mark == "!" || mark == "?" else { index += 1; continue }
            var after = index + 1
            while after < line.upperBound, s[after] == "." || s[after] == "!" || s[after] == "?" { after += 1 }
            while after < line.upperBound, s[after] == "\"" || s[after] == "'" || s[after] == ")" { after += 1 }
            if endsSentence(s, mark: index, next: after, line: line) { cut(after) }
            index = after
        }
    }

    private func endsSentence(_ s: [Unicode.Scalar], mark: Int, next: Int, line: Range<Int>) -> Bool {
        guard next < line.upperBound else { return false }
        let spaced = s[next].isSpace
        var start = next
        while start < line.upperBound, s[start].isSpace { start += 1 }
        guard start < line.upperBound else { return false }
        let first = s[start]
        let opensSentence = first.isUppercaseLetter || first.isDigit || first == "\"" || first == "'" || first == "("
        guard opensSentence else { return false }
        guard s[mark] == "." else { return spaced }
        let word = wordBefore(s, mark, line: line)
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
    private func wordBefore(_ s: [Unicode.Scalar], _ mark: Int, line: Range<Int>) -> String {
        var start = mark
        while start > line.lowerBound {
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
