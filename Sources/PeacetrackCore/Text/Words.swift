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
    case a, an, the, and, or, `as`, well, that, to, `in`, on, with, of, by, between, according

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
        }
    }
}

/// The numbers of the lexicon's words, by lowercase form.
struct WordTable: Sendable {
    private var numbers: [String: Word]
    private var next: UInt32

    init() {
        numbers = Dictionary(uniqueKeysWithValues: NamedWord.allCases.map { ($0.spelling, Word($0)) })
        next = (NamedWord.allCases.map(\.rawValue).max() ?? 0) + 1
    }

    /// The word of a lowercase form; `unknown` when the lexicon does not use it.
    func word(_ lowercase: String) -> Word {
        numbers[lowercase] ?? .unknown
    }

    /// The word of a lowercase form, numbered now if it is new.
    mutating func number(_ lowercase: String) -> Word {
        if let known = numbers[lowercase] { return known }
        let word = Word(number: next)
        numbers[lowercase] = word
        next += 1
        return word
    }
}

/// Numbers words while the lexicon loads: its files share one numbering, and the finished
/// `table` is what tokens are read with.
final class WordNumbering {
    private(set) var table = WordTable()

    func number(_ lowercase: String) -> Word {
        table.number(lowercase)
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

struct WordSet: Sendable {
    private var members = WordMap(absent: false)

    init(_ words: some Sequence<Word>) {
        for word in words where word != .unknown { members[word] = true }
    }

    func contains(_ word: Word) -> Bool { members[word] }
}
