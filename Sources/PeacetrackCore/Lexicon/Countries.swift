public struct Country: Sendable, Hashable, Codable {
    public var code: String
    public var name: String

    public init(code: String, name: String) {
        self.code = code
        self.name = name
    }
}

/// Countries and organisations by every name a query may use: codes (alpha-2, alpha-3),
/// English names and aliases, then adjectives ("French"), case-insensitively. Capitals and seats
/// of government ("Paris", "the Kremlin") are known but not accepted, so an error can name the
/// country they stand for.
public struct CountryDirectory: Sendable {
    /// The names of one country or organisation in the lexicon.
    struct Entry {
        var country: Country
        var aliases: [String]
        var adjectives: [String]
        var capitals: [String]
    }

    private let byAlias: [String: Country]
    private let byCapital: [String: Country]
    private let byCode: [String: Country]
    /// Every country and organisation, in lexicon order.
    public let all: [Country]
    /// Codes of organisations (NATO, EU): they have members, not forces of their own.
    let organisations: Set<String>

    init(entries: [Entry], organisations: Set<String> = []) {
        self.organisations = organisations
        // Names and aliases first, so that no adjective shadows another country's name.
        byAlias = Self.index(entries.map { ($0.country, [$0.country.code, $0.country.name] + $0.aliases) }
            + entries.map { ($0.country, $0.adjectives) })
        byCapital = Self.index(entries.map { ($0.country, $0.capitals) })
        byCode = Dictionary(entries.map { ($0.country.code, $0.country) }, uniquingKeysWith: { first, _ in first })
        all = entries.map(\.country)
    }

    /// The first country to claim a spelling keeps it.
    private static func index(_ forms: [(Country, [String])]) -> [String: Country] {
        var index: [String: Country] = [:]
        for (country, spellings) in forms {
            for spelling in spellings where index[key(spelling)] == nil { index[key(spelling)] = country }
        }
        return index
    }

    public func resolve(_ query: String) -> Country? {
        byAlias[Self.key(query)]
    }

    /// The country whose capital or seat of government `query` names.
    public func country(capital query: String) -> Country? {
        byCapital[Self.key(query)]
    }

    public func country(code: String) -> Country? {
        byCode[code] ?? byCode[code.uppercased()]
    }

    /// Case, surrounding space, a leading "the" and dots ("U.S.") do not matter.
    private static func key(_ text: String) -> String {
        var key = text.trimmingCharacters(in: .whitespaces).lowercased()
        if key.hasPrefix("the ") { key.removeFirst(4) }
        return key.replacingOccurrences(of: ".", with: "")
    }
}
