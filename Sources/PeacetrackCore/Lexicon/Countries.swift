public struct Country: Sendable, Hashable, Codable {
    public var code: String
    public var name: String

    public init(code: String, name: String) {
        self.code = code
        self.name = name
    }
}

/// Countries and organisations by every name a query may use: codes (alpha-2, alpha-3),
/// English names and aliases, case-insensitively.
public struct CountryDirectory: Sendable {
    private let byAlias: [String: Country]
    private let byCode: [String: Country]
    /// Every country and organisation, in lexicon order.
    public let all: [Country]
    /// Codes of organisations (NATO, EU): they have members, not forces of their own.
    let organisations: Set<String>

    init(entries: [(country: Country, aliases: [String])], organisations: Set<String> = []) {
        self.organisations = organisations
        var byAlias: [String: Country] = [:]
        for (country, aliases) in entries {
            for alias in [country.code, country.name] + aliases where byAlias[Self.key(alias)] == nil {
                byAlias[Self.key(alias)] = country
            }
        }
        self.byAlias = byAlias
        byCode = Dictionary(entries.map { ($0.country.code, $0.country) }, uniquingKeysWith: { first, _ in first })
        all = entries.map(\.country)
    }

    public func resolve(_ query: String) -> Country? {
        byAlias[Self.key(query)]
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
