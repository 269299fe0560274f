/// Clause edges within a sentence's tokens: where a summary or a condition stops.
struct Clauses {
    let tokens: [Token]
    let text: FoldedText

    /// Commas, semicolons, colons, brackets, spaced or long dashes (not a range's) and "but" end a clause; quotes
    /// do not, since they often mark a term ("a European “reassurance force”").
    func isBreak(_ index: Int) -> Bool {
        let token = tokens[index]
        guard token.kind == .punctuation else { return token.is(.but) }
        if token.is(oneOf: [.comma, .semicolon, .colon, .openingBracket, .closingBracket, .questionMark, .exclamationMark]) {
            return true
        }
        guard token.is(.hyphen), let scalar = text.original(at: token.range.lowerBound) else { return false }
        // "100–200": a dash between numbers is a range.
        if index > 0, tokens[index - 1].kind == .number, tokens.indices.contains(index + 1), tokens[index + 1].kind == .number { return false }
        let spaced = index > 0 && tokens[index - 1].range.upperBound < token.range.lowerBound
        return scalar != "-" || spaced
    }

    /// The first clause break at or after `index`, or the end of the sentence (without a
    /// final full stop).
    func end(from index: Int) -> Int {
        var cursor = index
        while cursor < tokens.count, !isBreak(cursor) { cursor += 1 }
        while cursor > index, tokens[cursor - 1].is(.fullStop) { cursor -= 1 }
        return cursor
    }

    /// The scalar range of tokens `range`, for text that stands in the document.
    func scalars(_ range: Range<Int>) -> Range<Int>? {
        guard let first = tokens[safe: range.lowerBound], let last = tokens[safe: range.upperBound - 1], !range.isEmpty else { return nil }
        return first.range.lowerBound..<last.range.upperBound
    }

    func original(_ range: Range<Int>) -> String? {
        scalars(range).map(text.text)
    }
}

extension Array {
    subscript(safe index: Int) -> Element? {
        indices.contains(index) ? self[index] : nil
    }
}
