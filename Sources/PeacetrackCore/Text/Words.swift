/// A token's lowercase form as a number, so that rules compare and look up integers instead of
/// hashing strings. The lexicon numbers every word it uses when it loads; a word it does not
/// use is `unknown`, which no table or word set holds.
struct Word: Hashable, Sendable {
    let number: UInt32

    static let unknown = Word(number: 0)

    init(number: UInt32) {
        self.number = number
    }

    init(_ named: NamedWord) {
        number = named.rawValue
    }
}

/// Marks and words the rules test by name. Their numbers are fixed, so a test is one integer
/// comparison; the lexicon's own words are numbered after them.
enum NamedWord: UInt32, CaseIterable {
    case comma = 1, semicolon, colon, openingBracket, closingBracket, questionMark, exclamationMark
    case hyphen, fullStop, slash, ampersand, possessive
    case a, an, the, and, or, but, `as`, well, that, to, `in`, on, with, of, by, between, according, nor, neither

    var spelling: String {
        switch self {
        case .comma: ","
        case .semicolon: ";"
        case .colon: ":"
        case .openingBracket: "("
        case .closingBracket: ")"
        case .questionMark: "?"
        case .exclamationMark: "!"
        case .hyphen: "-"
        case .fullStop: "."
        case .slash: "/"
        case .ampersand: "&"
        case .possessive: "'s"
        case .a: "a"
        case .an: "an"
        case .the: "the"
        case .and: "and"
        case .or: "or"
        case .but: "but"
        case .as: "as"
        case .well: "well"
        case .that: "that"
        case .to: "to"
        case .in: "in"
        case .on: "on"
        case .with: "with"
        case .of: "of"
        case .by: "by"
        case .between: "between"
        case .according: "according"
        case .nor: "nor"
        case .neither: "neither"
        }
    }
}

/// Numbers words while the lexicon loads: its files share one numbering, and `table`, taken
/// once they are read, is what tokens are read with.
final class WordNumbering {
    private var numbers = Dictionary(uniqueKeysWithValues: NamedWord.allCases.map { ($0.spelling, Word($0)) })
    private var next = (NamedWord.allCases.map(\.rawValue).max() ?? 0) + 1

    /// The word of a lowercase form, numbered now if it is new.
    func number(_ lowercase: String) -> Word {
        if let known = numbers[lowercase] { return known }
        let word = Word(number: next)
        numbers[lowercase] = word
        next += 1
        return word
    }

    var table: WordTable { WordTable(numbers) }
}

/// The numbers of the lexicon's words, by lowercase form.
struct WordTable: Sendable {
    private let numbers: [String: Word]
    private let ascii: ASCIIWords

    init(_ numbers: [String: Word]) {
        self.numbers = numbers
        ascii = ASCIIWords(numbers)
    }

    /// The word of a lowercase form; `unknown` when the lexicon does not use it.
    func word(_ lowercase: String) -> Word {
        numbers[lowercase] ?? .unknown
    }

    /// The word of the lowercase form of `scalars`.
    func word(lowercasing scalars: ArraySlice<Unicode.Scalar>) -> Word {
        word(lowercasing: scalars, asciiHash: LowercaseASCIIHash.of(scalars))
    }

    /// The same, given the `LowercaseASCIIHash` of `scalars`, nil when they are not all ASCII.
    func word(lowercasing scalars: ArraySlice<Unicode.Scalar>, asciiHash: UInt32?) -> Word {
        guard let asciiHash else { return word(String(scalars: scalars).lowercased()) }
        return ascii.word(lowercasing: scalars, hash: asciiHash)
    }
}

/// FNV-1a of a word's lowercase ASCII bytes, added a scalar at a time: the tokenizer hashes a
/// token while it reads its scalars for their case, and the table finds the word by this hash.
struct LowercaseASCIIHash {
    private(set) var value: UInt32 = 0x811C_9DC5

    /// Meaningful only while every scalar added is ASCII.
    mutating func add(_ scalar: Unicode.Scalar) {
        value = (value ^ UInt32(scalar.lowercaseASCII)) &* 0x0100_0193
    }

    /// The hash of `scalars`; nil when one is not ASCII.
    static func of(_ scalars: some Sequence<Unicode.Scalar>) -> UInt32? {
        var hash = LowercaseASCIIHash()
        for scalar in scalars {
            guard scalar.isASCII else { return nil }
            hash.add(scalar)
        }
        return hash.value
    }
}

/// The ASCII words of a table, found straight from a token's scalars: most words of most text
/// are ASCII, and this spares building a string and hashing it with SipHash for every token.
/// Open addressing over `LowercaseASCIIHash`es.
private struct ASCIIWords: Sendable {
    private struct Slot: Sendable {
        var hash: UInt32 = 0
        var word = Word.unknown
        var start = 0
        /// 0 for an empty slot: no word is empty.
        var count = 0
    }

    private var slots: [Slot]
    /// The spellings of all words, one after another.
    private var spellings: [UInt8] = []

    init(_ numbers: [String: Word]) {
        let words = numbers.filter { !$0.key.isEmpty }
        var size = 16
        while size < 2 * words.count { size *= 2 }
        slots = Array(repeating: Slot(), count: size)
        for (spelling, word) in words {
            guard let hash = LowercaseASCIIHash.of(spelling.unicodeScalars) else { continue }
            var index = Int(hash) & (size - 1)
            while slots[index].count != 0 { index = (index + 1) & (size - 1) }
            slots[index] = Slot(hash: hash, word: word, start: spellings.count, count: spelling.utf8.count)
            spellings += spelling.utf8
        }
    }

    /// The word of ASCII `scalars` whose hash is `hash`; `unknown` when the table lacks it.
    func word(lowercasing scalars: ArraySlice<Unicode.Scalar>, hash: UInt32) -> Word {
        let mask = slots.count - 1
        var index = Int(hash) & mask
        while slots[index].count != 0 {
            if slots[index].hash == hash, spells(slots[index], lowercasing: scalars) { return slots[index].word }
            index = (index + 1) & mask
        }
        return .unknown
    }

    /// Whether the slot's spelling is `scalars` lowercased, compared byte by byte in place.
    private func spells(_ slot: Slot, lowercasing scalars: ArraySlice<Unicode.Scalar>) -> Bool {
        guard slot.count == scalars.count else { return false }
        var offset = slot.start
        for scalar in scalars {
            guard spellings[offset] == scalar.lowercaseASCII else { return false }
            offset += 1
        }
        return true
    }
}

/// Values by word number, read by indexing, not hashing; a word without one reads `absent`.
struct WordMap<Element: Sendable>: Sendable {
    private var elements: [Element] = []
    private let absent: Element

    init(absent: Element) {
        self.absent = absent
    }

    subscript(word: Word) -> Element {
        get {
            let index = Int(word.number)
            return index < elements.count ? elements[index] : absent
        }
        set {
            let index = Int(word.number)
            if index >= elements.count { elements += repeatElement(absent, count: index - elements.count + 1) }
            elements[index] = newValue
        }
    }
}

/// Words of a lexicon list ("negations", "modals"); never `unknown`.
struct WordSet: Sendable {
    private var members = WordMap(absent: false)

    init(_ words: some Sequence<Word>) {
        for word in words where word != .unknown { members[word] = true }
    }

    func contains(_ word: Word) -> Bool { members[word] }
}
