import Foundation

/// What a phrase of the text names.
enum Entity: Sendable, Hashable {
    /// A country or organisation. Names, aliases and capitals stand alone as subjects;
    /// adjectives ("French") need a role or a force after them.
    case place(code: String, standalone: Bool)
    case outlet(String)
    /// "publication", "newspaper": an outlet when a country word or outlet name is next to it.
    case outletNoun
    case role(String)
    /// An unnamed speaker: "source", "official".
    case source(String)
    case person(Leader)
}

struct Leader: Sendable, Hashable {
    let name: String
    let country: String
    let role: String
}

/// The extractor's knowledge, loaded from `Config/lexicon/*.json`: which words name which
/// countries, outlets and roles, which phrases carry a stance, what the topic is, how figures
/// and plans are written. Rules live in code; every word they use lives here. A class: every
/// stage of the pipeline holds it, and it never changes once loaded.
public final class Lexicon: Sendable {
    public let countries: CountryDirectory
    /// The numbers of the words the lexicon uses, for reading tokens.
    let words: WordTable
    let entities: PhraseTable<Entity>
    let nameParticles: WordSet
    let sourceLinks: PhraseTable<Bool>
    let stances: StanceVocabulary
    let topics: TopicVocabulary
    let quantities: QuantityVocabulary
    let proposals: ProposalVocabulary
    let splitter: SentenceSplitter
    let maxSentenceTokens: Int
    /// Changes whenever a file of the lexicon does: part of the version of persisted facts.
    public let fingerprint: String

    private init(countries: CountryDirectory, words: WordTable, entities: PhraseTable<Entity>, nameParticles: WordSet,
                 sourceLinks: PhraseTable<Bool>, stances: StanceVocabulary, topics: TopicVocabulary,
                 quantities: QuantityVocabulary, proposals: ProposalVocabulary, splitter: SentenceSplitter,
                 maxSentenceTokens: Int, fingerprint: String) {
        self.countries = countries
        self.words = words
        self.entities = entities
        self.nameParticles = nameParticles
        self.sourceLinks = sourceLinks
        self.stances = stances
        self.topics = topics
        self.quantities = quantities
        self.proposals = proposals
        self.splitter = splitter
        self.maxSentenceTokens = maxSentenceTokens
        self.fingerprint = fingerprint
    }

    public static func load(directory: String) throws(LexiconError) -> Lexicon {
        let numbering = WordNumbering()
        var fingerprint = StableHash()
        func file(_ name: String) throws(LexiconError) -> LexiconFile {
            let file = try LexiconFile(directory: directory, name: name, numbering: numbering)
            fingerprint.combine(name)
            fingerprint.combine(String(file.contentHash, radix: 16))
            return file
        }
        var entities = PhraseTable<Entity>()
        let countries = try loadPlaces(file("countries.json"), into: &entities)
        let roles = try file("roles.json")
        try loadRoles(roles, into: &entities)
        try loadOutlets(file("outlets.json"), into: &entities)
        try loadLeaders(file("leaders.json"), countries: countries, into: &entities)
        let text = try file("text.json")
        let abbreviations = try text.strings(text.root, "abbreviations").map { $0.lowercased() }
        let nameParticles = try roles.words(roles.root, "nameParticles")
        let sourceLinks = try roles.phrases(roles.root, "sourceLinks")
        let stances = try StanceVocabulary(file("stances.json"))
        let topics = try TopicVocabulary(file("topics.json"))
        let quantities = try QuantityVocabulary(file("quantities.json"))
        let proposals = try ProposalVocabulary(file("proposals.json"))
        return Lexicon(
            countries: countries,
            // Read after every vocabulary above has numbered its words.
            words: numbering.table,
            entities: entities,
            nameParticles: nameParticles,
            sourceLinks: sourceLinks,
            stances: stances,
            topics: topics,
            quantities: quantities,
            proposals: proposals,
            splitter: SentenceSplitter(abbreviations: Set(abbreviations)),
            maxSentenceTokens: try text.integer(try text.value(text.root, "maxSentenceTokens", at: ""), at: "maxSentenceTokens"),
            fingerprint: fingerprint.hex)
    }

    private static func loadPlaces(_ file: LexiconFile, into table: inout PhraseTable<Entity>) throws(LexiconError) -> CountryDirectory {
        var entries: [CountryDirectory.Entry] = []
        var organisations: Set<String> = []
        var seen: Set<String> = []
        for group in ["countries", "organisations"] {
            for (path, object) in try file.objects(file.root, group) {
                let code = try file.string(object, "code", at: path)
                let isCountry = group == "countries"
                let validCode = isCountry ? code.count == 2 : (2...6).contains(code.count)
                guard validCode, code.allSatisfy({ $0.isASCII && $0.isUppercase }) else {
                    throw file.fail("\(path).code", isCountry ? "must be an ISO 3166-1 alpha-2 code in capitals" : "must be 2 to 6 capital letters")
                }
                guard seen.insert(code).inserted else { throw file.fail("\(path).code", "\(code) is listed twice") }
                let alpha3 = try file.string(object, "alpha3", at: path)
                let name = try file.string(object, "name", at: path)
                let aliases = try file.strings(object, "aliases", at: path)
                let adjectives = try file.strings(object, "adjectives", at: path)
                let metonyms = try file.strings(object, "metonyms", at: path)
                for form in [name] + aliases + metonyms { table.insert(form, .place(code: code, standalone: true), numbering: file.numbering) }
                for form in adjectives where !aliases.contains(form) { table.insert(form, .place(code: code, standalone: false), numbering: file.numbering) }
                entries.append(.init(country: Country(code: code, name: name), aliases: [alpha3] + aliases,
                                     adjectives: adjectives, capitals: metonyms))
                if !isCountry { organisations.insert(code) }
            }
        }
        return CountryDirectory(entries: entries, organisations: organisations)
    }

    private static func loadRoles(_ file: LexiconFile, into table: inout PhraseTable<Entity>) throws(LexiconError) {
        for (group, make) in [("roles", Entity.role), ("sources", Entity.source)] {
            for (path, object) in try file.objects(file.root, group) {
                let role = try file.string(object, "role", at: path)
                for form in try file.strings(object, "forms", at: path) { table.insert(form, make(role), numbering: file.numbering) }
            }
        }
    }

    private static func loadOutlets(_ file: LexiconFile, into table: inout PhraseTable<Entity>) throws(LexiconError) {
        for (path, object) in try file.objects(file.root, "outlets") {
            let name = try file.string(object, "name", at: path)
            for form in try file.strings(object, "forms", at: path) { table.insert(form, .outlet(name), numbering: file.numbering) }
        }
        for noun in try file.strings(file.root, "nouns") { table.insert(noun, .outletNoun, numbering: file.numbering) }
    }

    /// Each leader is known by full name, aliases and surname.
    private static func loadLeaders(_ file: LexiconFile, countries: CountryDirectory, into table: inout PhraseTable<Entity>) throws(LexiconError) {
        for (path, object) in try file.objects(file.root, "leaders") {
            let name = try file.string(object, "name", at: path)
            let code = try file.string(object, "country", at: path)
            guard countries.country(code: code) != nil else { throw file.fail("\(path).country", "unknown code \(code)") }
            let leader = Leader(name: name, country: code, role: try file.string(object, "role", at: path))
            let aliases = try file.strings(object, "aliases", at: path, optional: true)
            for form in [name] + aliases {
                table.insert(form, .person(leader), numbering: file.numbering)
                if let surname = form.split(separator: " ").last, surname.count < form.count {
                    table.insert(String(surname), .person(leader), numbering: file.numbering)
                }
            }
        }
    }
}
