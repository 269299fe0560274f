extension LexiconFile {
    func table<Value>(_ phrases: [String], _ value: Value) -> PhraseTable<Value> {
        var table = PhraseTable<Value>()
        for phrase in phrases { table.insert(phrase, value, numbering: numbering) }
        return table
    }

    func phrases(_ object: [String: Any], _ key: String, at path: String = "") throws(LexiconError) -> PhraseTable<Bool> {
        table(try strings(object, key, at: path), true)
    }

    /// An object of phrase lists keyed by `keys` ("cues": {"supports": [...], ...}); every key
    /// must be listed and no other is allowed.
    func keyedTable<Key: RawRepresentable & Sendable>(_ object: [String: Any], _ field: String, keys: [Key]) throws(LexiconError) -> PhraseTable<Key> where Key.RawValue == String {
        let lists = try self.object(object, field)
        let names = keys.map(\.rawValue)
        for key in lists.keys where !names.contains(key) {
            throw fail("\(field).\(key)", "not one of \(names.joined(separator: ", "))")
        }
        var table = PhraseTable<Key>()
        for key in keys {
            for phrase in try strings(lists, key.rawValue, at: field) { table.insert(phrase, key, numbering: numbering) }
        }
        return table
    }

    /// Lowercased single words; a phrase here would never match one token.
    func words(_ object: [String: Any], _ key: String, at path: String = "") throws(LexiconError) -> WordSet {
        let list = try strings(object, key, at: path)
        for (index, word) in list.enumerated() where word.contains(" ") {
            throw fail("\(path.isEmpty ? key : "\(path).\(key)")[\(index)]", "must be one word")
        }
        return WordSet(list.map { numbering.number($0.lowercased()) })
    }
}

final class StanceVocabulary: Sendable {
    let cues: PhraseTable<Stance>
    /// `true` for a strong condition, one that makes a stance conditional.
    let conditions: PhraseTable<Bool>
    let negations: WordSet
    let modals: WordSet
    /// Modals that make an opposing cue speculation: "Putin might not accept the plan".
    let speculativeModals: WordSet
    let speechVerbs: WordSet
    let skipWords: WordSet
    /// Words ending like a manner adverb ("immediately", "consistently") that are none.
    let notAdverbs: WordSet
    /// Words of intention passed over with their "to" before a verb: "plans to send".
    let intentions: WordSet
    /// Verbs and possessives before a cue that is a noun: "signalled (its) reluctance to".
    let lightVerbs: WordSet
    /// Irregular past tenses, which after a place make it a subject, not a modifier ("The US made").
    let pastVerbs: WordSet
    /// Cues that need a force as their object: "send", "contribute", "take part".
    let forceObjectCues: PhraseTable<Bool>
    /// Refusals, whose object is the rest of their clause: "refused to reach an agreement".
    let refusals: WordSet
    /// Cues that issue a document ("signed", "issued"): they back the force only when the
    /// document is a plan for it.
    let documentCues: WordSet
    /// Cues that judge the force rather than state a will ("unacceptable", "premature").
    let verdicts: PhraseTable<Bool>
    /// A mention right after one of these is an object, never a subject.
    let prepositions: WordSet
    /// Determiners that deny the force named after them: "no German soldiers".
    let denials: WordSet
    /// Nouns for a country's part in the force: "Slovakia's participation".
    let participationNouns: WordSet
    /// Days and times passed over between a subject and its verb ("on Wednesday").
    let timeWords: WordSet
    /// Groups of countries a participle may qualify: "countries, led by the UK and France,".
    let ledGroups: WordSet
    /// People who speak for the countries named on them: "the EU and UK backers".
    let representatives: WordSet
    /// Words of those who speak for no government: "Opposition leader Peter Dutton".
    let opposition: WordSet
    /// How many tokens a short apposition after a subject may span (", a key player in the region,").
    let appositionWindow: Int
    let coordinators: WordSet
    let relativePronouns: WordSet
    let personPronouns: WordSet
    let groupPronouns: WordSet
    let speakerCountry: PhraseTable<Bool>
    let beForms: WordSet
    let judgements: WordSet
    let leadingConnectives: WordSet
    /// Words that open an aside after a subject: ", unlike France,".
    let asides: PhraseTable<Bool>
    /// Words that open an aside naming members of the subject: ", including Belgium,".
    let inclusions: PhraseTable<Bool>
    /// Words before a subject that report its stance without asserting it: "denied reports that".
    let unasserted: PhraseTable<Bool>

    init(_ file: LexiconFile) throws(LexiconError) {
        let root = file.root
        cues = try file.keyedTable(root, "cues", keys: Stance.allCases.filter { $0 != .conditional })
        var conditions = file.table(try file.strings(root, "conditions"), false)
        for phrase in try file.strings(root, "strongConditions") { conditions.insert(phrase, true, numbering: file.numbering) }
        self.conditions = conditions
        negations = try file.words(root, "negations")
        modals = try file.words(root, "modals")
        speculativeModals = try file.words(root, "speculativeModals")
        speechVerbs = try file.words(root, "speechVerbs")
        skipWords = try file.words(root, "skipWords")
        notAdverbs = try file.words(root, "notAdverbs")
        intentions = try file.words(root, "intentions")
        lightVerbs = try file.words(root, "lightVerbs")
        pastVerbs = try file.words(root, "pastVerbs")
        forceObjectCues = try file.phrases(root, "forceObjectCues")
        documentCues = try file.words(root, "documentCues")
        refusals = try file.words(root, "refusals")
        verdicts = try file.phrases(root, "verdicts")
        prepositions = try file.words(root, "prepositions")
        denials = try file.words(root, "denials")
        participationNouns = try file.words(root, "participationNouns")
        timeWords = try file.words(root, "timeWords")
        ledGroups = try file.words(root, "ledGroups")
        representatives = try file.words(root, "representatives")
        opposition = try file.words(root, "opposition")
        appositionWindow = try file.window(root, "appositionWindow")
        coordinators = try file.words(root, "coordinators")
        relativePronouns = try file.words(root, "relativePronouns")
        let pronouns = try file.object(root, "pronouns")
        personPronouns = try file.words(pronouns, "person", at: "pronouns")
        groupPronouns = try file.words(pronouns, "group", at: "pronouns")
        // `false` marks the first person of a quote, which only the speaker resolves.
        var speakerCountry = try file.phrases(pronouns, "speakerCountry", at: "pronouns")
        for phrase in try file.strings(pronouns, "speakerGroup", at: "pronouns") { speakerCountry.insert(phrase, false, numbering: file.numbering) }
        self.speakerCountry = speakerCountry
        beForms = try file.words(root, "beForms")
        judgements = try file.words(root, "judgements")
        leadingConnectives = try file.words(root, "leadingConnectives")
        asides = try file.phrases(root, "asides")
        inclusions = try file.phrases(root, "inclusions")
        unasserted = try file.phrases(root, "unasserted")
    }

    /// A lowercase "-ly" word between a subject and its verb ("immediately rejected", "has
    /// consistently opposed") is an adverb to pass over, like the listed skip words.
    func isAdverb(_ token: Token, in text: FoldedText) -> Bool {
        guard token.kind == .word, !token.startsUppercase, token.range.count >= 5, !notAdverbs.contains(token.word) else { return false }
        return text.lowercased(token.range).hasSuffix("ly")
    }

    /// A past tense: a lowercase word ending in "-ed" ("rejected") or a listed irregular one ("made").
    func isPastVerb(_ token: Token, in text: FoldedText) -> Bool {
        guard token.kind == .word, !token.startsUppercase else { return false }
        return pastVerbs.contains(token.word) || (token.range.count >= 4 && text.lowercased(token.range).hasSuffix("ed"))
    }

    func isNegation(_ token: Token, in text: FoldedText) -> Bool {
        negations.contains(token.word) || text.lowercased(token.range).hasSuffix("n't")
    }
}

final class TopicVocabulary: Sendable {
    let strong: PhraseTable<Bool>
    let anaphoric: WordSet
    let determiners: WordSet
    let offTopicObjects: PhraseTable<Bool>
    let objectModifiers: WordSet
    /// Prepositions that tie an object to the force ("talks on deploying forces"), and how far
    /// after one the force may be named.
    let aboutLinks: WordSet
    let aboutWindow: Int
    /// Off-topic objects that can be about the force: "talks", "negotiations".
    let discussions: WordSet
    /// Prepositions between a noun cue and its object: "support for Ukraine".
    let objectLinks: WordSet
    /// How many words of a cue's object are searched for the force ("backs Ukraine's bid for
    /// troops"), and how many neighbouring sentences before and after put a sentence on topic.
    let objectWindow: Int
    let neighboursBefore: Int
    let neighboursAfter: Int

    init(_ file: LexiconFile) throws(LexiconError) {
        strong = try file.phrases(file.root, "strong")
        anaphoric = try file.words(file.root, "anaphoric")
        determiners = try file.words(file.root, "determiners")
        offTopicObjects = try file.phrases(file.root, "offTopicObjects")
        objectModifiers = try file.words(file.root, "objectModifiers")
        aboutLinks = try file.words(file.root, "aboutLinks")
        aboutWindow = try file.window(file.root, "aboutWindow")
        discussions = try file.words(file.root, "discussions")
        objectLinks = try file.words(file.root, "objectLinks")
        objectWindow = try file.window(file.root, "objectWindow")
        neighboursBefore = try file.window(file.root, "neighboursBefore")
        neighboursAfter = try file.window(file.root, "neighboursAfter")
    }

    /// A determiner or an article: "the", "his", "a", "an".
    func opensNounPhrase(_ token: Token) -> Bool {
        determiners.contains(token.word) || token.is(.a) || token.is(.an)
    }
}

enum Bound: Sendable {
    case approx, upper, lower
}

final class QuantityVocabulary: Sendable {
    let numberWords: PhraseTable<Int>
    let multipliers: WordMap<Int?>
    let vague: PhraseTable<ClosedRange<Int>>
    let qualifiers: PhraseTable<Bound>
    let rangeJoiners: WordSet
    let units: PhraseTable<EstimateUnit>
    let unitPrefixes: PhraseTable<EstimateUnit>
    let modifiers: WordSet
    let excluded: PhraseTable<Bool>
    let excludedCountries: Set<String>
    /// How many tokens before a figure an excluded country counts as its subject, unless one
    /// of the prepositions stands before it.
    let subjectWindow: Int
    let prepositions: WordSet
    /// How many tokens before a prefix ("force of") the force's owner may stand.
    let ownerWindow: Int
    /// Words before a count of countries that make it attendance: "ministers from 30 countries".
    let attendanceLinks: WordSet
    /// Nouns after a count of countries that make it an organisation's size: "the 27-nation bloc".
    let organisationNouns: WordSet
    /// How many modifiers may stand between a figure and its unit ("30,000 British military personnel").
    let unitWindow: Int
    /// How far from a figure a garrison verb may stand ("soldiers are currently deployed in").
    let garrisonWindow: Int
    /// How far before a strength verb an army may be named ("The British Army has").
    let armyWindow: Int
    /// "stationed", "deployed" ... "in": words that place a force somewhere already.
    let garrisonVerbs: WordSet
    let garrisonLinks: WordSet
    /// Where the debated force would go: a force placed there is no garrison elsewhere.
    let missionCountry: String
    /// Words that make a sentence's figures hypothetical ("would be stationed in Poland").
    let hypotheticals: WordSet
    /// "The British Army has 73,000 soldiers": the size of a standing army.
    let armies: PhraseTable<Bool>
    let strengthVerbs: WordSet
    /// Words between an army and its size: "its army to 300,000", "armed forces of 200,000".
    let strengthLinks: WordSet
    let contexts: PhraseTable<String>

    init(_ file: LexiconFile) throws(LexiconError) {
        let root = file.root
        var numberWords = PhraseTable<Int>()
        for (word, value) in try file.object(root, "numberWords") {
            numberWords.insert(word, try file.integer(value, at: "numberWords.\(word)"), numbering: file.numbering)
        }
        self.numberWords = numberWords
        var multipliers = WordMap<Int?>(absent: nil)
        for (word, value) in try file.object(root, "multipliers") {
            multipliers[file.numbering.number(word.lowercased())] = try file.integer(value, at: "multipliers.\(word)")
        }
        self.multipliers = multipliers
        var vague = PhraseTable<ClosedRange<Int>>()
        for (phrase, value) in try file.object(root, "vague") {
            let field = "vague.\(phrase)"
            guard let pair = value as? [Any], pair.count == 2 else { throw file.fail(field, "must be [min, max]") }
            let low = try file.integer(pair[0], at: field)
            let high = try file.integer(pair[1], at: field)
            guard low <= high else { throw file.fail(field, "min must not exceed max") }
            vague.insert(phrase, low...high, numbering: file.numbering)
        }
        self.vague = vague
        var qualifiers = PhraseTable<Bound>()
        for (key, bound) in [("approx", Bound.approx), ("upper", .upper), ("lower", .lower)] {
            for phrase in try file.strings(root, key) { qualifiers.insert(phrase, bound, numbering: file.numbering) }
        }
        self.qualifiers = qualifiers
        rangeJoiners = WordSet(try file.strings(root, "rangeJoiners").map { file.numbering.number($0.lowercased()) })
        units = try file.keyedTable(root, "units", keys: EstimateUnit.allCases)
        unitPrefixes = try file.keyedTable(root, "unitPrefixes", keys: EstimateUnit.allCases)
        modifiers = try file.words(root, "modifiers")
        excluded = try file.phrases(root, "excluded")
        excludedCountries = Set(try file.strings(root, "excludedCountries"))
        subjectWindow = try file.window(root, "subjectWindow")
        prepositions = try file.words(root, "prepositions")
        ownerWindow = try file.window(root, "ownerWindow")
        attendanceLinks = try file.words(root, "attendanceLinks")
        organisationNouns = try file.words(root, "organisationNouns")
        unitWindow = try file.window(root, "unitWindow")
        garrisonWindow = try file.window(root, "garrisonWindow")
        armyWindow = try file.window(root, "armyWindow")
        garrisonVerbs = try file.words(root, "garrisonVerbs")
        garrisonLinks = try file.words(root, "garrisonLinks")
        missionCountry = try file.string(root, "missionCountry")
        hypotheticals = try file.words(root, "hypotheticals")
        armies = try file.phrases(root, "armies")
        strengthVerbs = try file.words(root, "strengthVerbs")
        strengthLinks = try file.words(root, "strengthLinks")
        var contexts = PhraseTable<String>()
        for (phrase, label) in try file.object(root, "contexts") {
            guard let text = label as? String, !text.isEmpty else { throw file.fail("contexts.\(phrase)", "must be a non-empty string") }
            contexts.insert(phrase, text, numbering: file.numbering)
        }
        self.contexts = contexts
    }
}

final class ProposalVocabulary: Sendable {
    /// Plan types by label.
    let types: PhraseTable<String>
    /// Types that name only a force ("peacekeepers", a troop deployment), not its shape.
    let genericLabels: Set<String>
    let frames: PhraseTable<Bool>
    let anaphoricFrames: PhraseTable<Bool>
    /// Words that undo a frame right after them ("no plans", "not proposed").
    let frameNegators: WordSet
    /// Phrases that make a plan something to join ("taking part in"), and how close before the
    /// plan type they must end.
    let participation: PhraseTable<Bool>
    let participationWindow: Int
    let deployVerbs: WordSet
    let forceNouns: WordSet
    /// Words between a force noun and the places it comes from: "troops from France".
    let forceOrigins: WordSet
    /// Words before the country a force is sent to: "troops to Estonia".
    let destinations: WordSet
    let deployWindow: Int
    let planVerbs: PhraseTable<Bool>
    let summaryLead: WordSet
    /// Frames that propose even a force without a shape: "proposed", "suggested".
    let proposingFrames: PhraseTable<Bool>
    /// Words that state a shape as part of a plan: "would", "will".
    let planModals: WordSet
    /// Verbs of issuing a plan's document ("outlined", "signed"), and how far before one its
    /// issuers may end.
    let issueVerbs: WordSet
    let issuerWindow: Int
    /// How many words into a sentence a pronoun may refer back to the plan before it, and how
    /// many sentences back that plan may be.
    let backReferenceWindow: Int
    let backReferenceSentences: Int
    static let deploymentLabel = "troop deployment"

    /// A deployment verb with a force noun within the window after it: "send its military".
    func isDeployment(_ tokens: [Token], at index: Int) -> Bool {
        guard deployVerbs.contains(tokens[index].word) else { return false }
        return ((index + 1)..<min(tokens.count, index + 1 + deployWindow)).contains { forceNouns.contains(tokens[$0].word) }
    }

    init(_ file: LexiconFile) throws(LexiconError) {
        let root = file.root
        var types = PhraseTable<String>()
        var generic: Set<String> = []
        for (path, object) in try file.objects(root, "types") {
            let label = try file.string(object, "label", at: path)
            for form in try file.strings(object, "forms", at: path) { types.insert(form, label, numbering: file.numbering) }
            guard let flag = try file.value(object, "generic", at: path) as? Bool else { throw file.fail("\(path).generic", "must be true or false") }
            if flag { generic.insert(label) }
        }
        self.types = types
        genericLabels = generic
        frames = try file.phrases(root, "frames")
        anaphoricFrames = try file.phrases(root, "anaphoricFrames")
        frameNegators = try file.words(root, "frameNegators")
        participation = try file.phrases(root, "participation")
        participationWindow = try file.window(root, "participationWindow")
        let deployment = try file.object(root, "deployment")
        deployVerbs = try file.words(deployment, "verbs", at: "deployment")
        forceNouns = try file.words(deployment, "forces", at: "deployment")
        forceOrigins = try file.words(deployment, "origins", at: "deployment")
        destinations = try file.words(deployment, "destinations", at: "deployment")
        deployWindow = try file.window(deployment, "window", at: "deployment")
        planVerbs = try file.phrases(root, "planVerbs")
        summaryLead = try file.words(root, "summaryLead")
        proposingFrames = try file.phrases(root, "proposingFrames")
        planModals = try file.words(root, "planModals")
        issueVerbs = try file.words(root, "issueVerbs")
        issuerWindow = try file.window(root, "issuerWindow")
        backReferenceWindow = try file.window(root, "backReferenceWindow")
        backReferenceSentences = try file.window(root, "backReferenceSentences")
    }
}
