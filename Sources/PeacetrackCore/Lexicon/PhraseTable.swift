/// Phrases of a lexicon, matched token by token against a sentence, longest first. Case is
/// matched as the lexicon writes it: an all-capital form ("US", "IT") needs capitals in the
/// text, a capitalised form ("Turkey", "Paris") a capital letter, a lowercase form any case.
struct PhraseTable<Value: Sendable>: Sendable {
    private enum CaseRule: Sendable {
        case any, capitalised, allCapitals

        init(_ token: Token) {
            self = token.isAllUppercase ? .allCapitals : token.startsUppercase ? .capitalised : .any
        }

        func admits(_ token: Token) -> Bool {
            switch self {
            case .any: true
            case .capitalised: token.startsUppercase
            case .allCapitals: token.isAllUppercase || token.isOneCharacter && token.startsUppercase
            }
        }
    }

    private struct Entry: Sendable {
        let rules: [CaseRule]
        let value: Value
    }

    private struct Node: Sendable {
        /// Sorted by word number and found by binary search: nodes have few children, and
        /// hashing a word costs more than a few comparisons.
        var children: [(word: Word, node: Int)] = []
        var entries: [Entry] = []
        /// The values of all entries, what a match gives when every entry's case fits.
        var values: [Value] = []

        func child(_ word: Word) -> Int? {
            let index = position(of: word)
            return index < children.count && children[index].word == word ? children[index].node : nil
        }

        /// Where `word` is, or would go, among the children.
        func position(of word: Word) -> Int {
            var (low, high) = (0, children.count)
            while low < high {
                let middle = (low + high) / 2
                if children[middle].word.number < word.number { low = middle + 1 } else { high = middle }
            }
            return low
        }
    }

    /// Node 0 is the root; its children are also kept by word number in `firsts`, since most
    /// tokens start no phrase and are turned away there at once.
    private var nodes = [Node()]
    private var firsts = WordMap<Int?>(absent: nil)

    /// A phrase is stored under the tokens of its folded form, so "Élysée" and "d’Orsay" match
    /// however the text writes their apostrophes.
    mutating func insert(_ phrase: String, _ value: Value, numbering: WordNumbering) {
        let folded = FoldedText(phrase)
        let tokens = Tokenizer.tokens(of: folded, in: 0..<folded.count) { range, _ in numbering.number(folded.lowercased(range)) }
        guard !tokens.isEmpty else { return }
        var node = 0
        for token in tokens {
            if let next = nodes[node].child(token.word) {
                node = next
                continue
            }
            nodes.append(Node())
            let added = nodes.count - 1
            nodes[node].children.insert((token.word, added), at: nodes[node].position(of: token.word))
            if node == 0 { firsts[token.word] = added }
            node = added
        }
        nodes[node].entries.append(Entry(rules: tokens.map(CaseRule.init), value: value))
        nodes[node].values.append(value)
    }

    /// The longest phrase starting at `start` whose case fits: its length in tokens and values.
    /// Inlined where it is called: most tokens start no phrase, and are turned away there by one
    /// lookup, without a call.
    @inline(__always)
    func match(_ tokens: [Token], at start: Int) -> (length: Int, values: [Value])? {
        guard start < tokens.count, let node = firsts[tokens[start].word] else { return nil }
        return match(tokens, at: start, first: node)
    }

    /// The longest match of the phrases whose first word is the root's child `first`.
    private func match(_ tokens: [Token], at start: Int, first: Int) -> (length: Int, values: [Value])? {
        var node = first
        var index = start + 1
        var best: (length: Int, values: [Value])?
        while true {
            if !nodes[node].entries.isEmpty, let values = values(at: node, tokens, from: start) {
                best = (index - start, values)
            }
            guard index < tokens.count, let next = nodes[node].child(tokens[index].word) else { return best }
            node = next
            index += 1
        }
    }

    /// The values of the node's entries whose case fits the tokens from `start`; nil when none does.
    private func values(at node: Int, _ tokens: [Token], from start: Int) -> [Value]? {
        let entries = nodes[node].entries
        // Most often every entry fits; their values are then shared, not gathered anew.
        if entries.allSatisfy({ admits($0, tokens, from: start) }) { return nodes[node].values }
        let values = entries.filter { admits($0, tokens, from: start) }.map(\.value)
        return values.isEmpty ? nil : values
    }

    private func admits(_ entry: Entry, _ tokens: [Token], from start: Int) -> Bool {
        for (offset, rule) in entry.rules.enumerated() where !rule.admits(tokens[start + offset]) { return false }
        return true
    }

    /// Every longest match, left to right, without overlaps.
    func scan(_ tokens: [Token]) -> [PhraseMatch<Value>] {
        var matches: [PhraseMatch<Value>] = []
        var index = 0
        while index < tokens.count {
            if let found = match(tokens, at: index) {
                matches.append(PhraseMatch(tokens: index..<(index + found.length), values: found.values))
                index += found.length
            } else {
                index += 1
            }
        }
        return matches
    }

    /// The first match of `scan`, without reading the rest of the sentence.
    func firstMatch(_ tokens: [Token]) -> PhraseMatch<Value>? {
        for index in tokens.indices {
            if let found = match(tokens, at: index) { return PhraseMatch(tokens: index..<(index + found.length), values: found.values) }
        }
        return nil
    }

    func contains(_ tokens: [Token], at start: Int) -> Bool { match(tokens, at: start) != nil }
}

struct PhraseMatch<Value: Sendable>: Sendable {
    /// Token indexes of the sentence.
    let tokens: Range<Int>
    let values: [Value]
}
