// STUB owned by the extraction work: replaced by the real lexicon loader.
import Foundation

public struct Country: Sendable, Hashable, Codable {
    public var code: String
    public var name: String

    public init(code: String, name: String) {
        self.code = code
        self.name = name
    }
}

public struct CountryDirectory: Sendable {
    var byAlias: [String: Country]

    /// A code (alpha-2 or alpha-3), English name or common alias, case-insensitively.
    public func resolve(_ query: String) -> Country? {
        byAlias[query.lowercased()]
    }

    public func country(code: String) -> Country? {
        byAlias[code.lowercased()]
    }
}

public struct LexiconError: Error, CustomStringConvertible {
    public var file: String
    public var field: String
    public var problem: String
    public var description: String { "\(file): \(field): \(problem)" }
}

public struct Lexicon: Sendable {
    public var countries: CountryDirectory

    public static func load(directory: String) throws(LexiconError) -> Lexicon {
        let gb = Country(code: "GB", name: "United Kingdom")
        return Lexicon(countries: CountryDirectory(byAlias: ["gb": gb, "uk": gb, "gbr": gb]))
    }
}
