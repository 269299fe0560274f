/// A sentence with its tokens and what the lexicon recognises in it.
struct AnnotatedSentence: Sendable {
    let sentence: Sentence
    let tokens: [Token]
    var actors: [ActorMention]
    let outlets: [OutletMention]
    let cues: [PhraseMatch<Stance>]
    /// `true` values are strong conditions.
    let conditions: [PhraseMatch<Bool>]
    /// Whether this sentence itself names the topic; `onTopic` also looks at its neighbours.
    let namesTopic: Bool
    var onTopic = false

    /// The actor mention whose last token is `index`, preferring the group's last member.
    func actor(endingAt index: Int) -> ActorMention? {
        actors.last { $0.tokens.upperBound == index + 1 && $0.isActor }
    }

    func actor(startingAt index: Int) -> ActorMention? {
        actors.first { $0.tokens.lowerBound == index && $0.isActor }
    }

    func members(of mention: ActorMention) -> [ActorMention] {
        actors.filter { $0.group == mention.group }
    }

    /// The mention's group and the groups joined to it before ("UK Prime Minister Keir Starmer
    /// and French President Emmanuel Macron", "Both X and Y", "Neither X nor Y").
    func coordinated(with mention: ActorMention) -> [ActorMention] {
        var found = members(of: mention)
        while let start = found.lazy.map(\.tokens.lowerBound).min() {  // lazy: no array per step
            var gap = start - 1
            var joined = false
            while gap >= 0, tokens[gap].is(oneOf: [.comma, .and, .or, .nor, .as, .well]) {
                joined = true
                gap -= 1
            }
            guard joined, gap >= 0, let previous = actor(endingAt: gap), previous.kind != .personPronoun,
                  previous.kind != .groupPronoun else { break }
            found = members(of: previous) + found
        }
        return found
    }
}

/// A document read into annotated sentences. People are resolved across the whole document:
/// "Italian Defense Minister Guido Crosetto" once makes every later "Crosetto" Italian.
struct DocumentAnnotation: Sendable {
    let text: FoldedText
    let sentences: [AnnotatedSentence]

    init(text: String, lexicon: Lexicon) {
        let folded = FoldedText(text)
        self.text = folded
        var sentences = lexicon.splitter.split(folded).map { Self.annotate($0, in: folded, lexicon: lexicon) }
        let people = PersonRegistry(sentences.flatMap(\.actors))
        for index in sentences.indices {
            people.resolve(&sentences[index], in: folded)
        }
        if !Self.isAboutAnotherDeployment(sentences, lexicon: lexicon) {
            Self.markTopic(&sentences, topics: lexicon.topics)
        }
        self.sentences = sentences
    }

    private static func annotate(_ sentence: Sentence, in text: FoldedText, lexicon: Lexicon) -> AnnotatedSentence {
        let tokens = Tokenizer.tokens(of: text, in: sentence.range, words: lexicon.words)
        guard tokens.count <= lexicon.maxSentenceTokens else {
            return AnnotatedSentence(sentence: sentence, tokens: [], actors: [], outlets: [], cues: [], conditions: [], namesTopic: false)
        }
        var (actors, outlets) = ActorParser(lexicon: lexicon, text: text, tokens: tokens).parse()
        // "In Italy, the Ministry of Defense and the Foreign Ministry noted ...": bodies without a
        // country of their own belong to the place the sentence opens with.
        if tokens.first?.is(.in) == true, let place = actors.first, place.kind == .place, place.tokens.lowerBound == 1,
           tokens[safe: place.tokens.upperBound]?.is(.comma) == true {
            for index in actors.indices where actors[index].kind == .body && actors[index].country == nil {
                actors[index].country = place.country
            }
        }
        return AnnotatedSentence(sentence: sentence, tokens: tokens, actors: actors, outlets: outlets,
                                 cues: lexicon.stances.cues.scan(tokens),
                                 conditions: lexicon.stances.conditions.scan(tokens),
                                 namesTopic: Topic.isNamed(in: tokens, actors: actors, lexicon.topics, plans: lexicon.proposals,
                                                           armies: lexicon.quantities.excludedCountries))
    }

    /// An article that never names Ukraine (or Kyiv, or anything Ukrainian) but sends forces to
    /// another country is about another deployment: NATO's battalions in the Baltics,
    /// peacekeepers in Lebanon.
    private static func isAboutAnotherDeployment(_ sentences: [AnnotatedSentence], lexicon: Lexicon) -> Bool {
        let mission = lexicon.quantities.missionCountry
        let plans = lexicon.proposals
        if sentences.contains(where: { $0.actors.contains { $0.country == mission } }) { return false }
        return sentences.contains { sentence in
            let tokens = sentence.tokens
            return tokens.contains { plans.forceNouns.contains($0.word) } && sentence.actors.contains { place in
                place.country != nil && tokens[safe: place.tokens.lowerBound - 1].map { plans.destinations.contains($0.word) } == true
            }
        }
    }

    /// A sentence is on topic when it or a near neighbour (by default two before, one after) names the
    /// topic, in its paragraph or the next one: news paragraphs are often one sentence long, and
    /// a quote's paragraph follows the one that says what it is about.
    private static func markTopic(_ sentences: inout [AnnotatedSentence], topics: TopicVocabulary) {
        for index in sentences.indices {
            let paragraph = sentences[index].sentence.paragraph
            let window = max(0, index - topics.neighboursBefore)...min(sentences.count - 1, index + topics.neighboursAfter)
            sentences[index].onTopic = window.contains { sentences[$0].namesTopic && abs(sentences[$0].sentence.paragraph - paragraph) <= 1 }
        }
    }
}

enum Topic {
    /// A strong term, an anaphoric noun after a determiner, a plan type ("air policing") or a
    /// deployment ("send its military") names the topic; the forces of the warring countries
    /// ("Russian forces will advance") do not.
    static func isNamed(in tokens: [Token], actors: [ActorMention], _ topics: TopicVocabulary, plans: ProposalVocabulary,
                        armies: Set<String>) -> Bool {
        func isWarringForce(_ index: Int) -> Bool {
            actors.contains { $0.kind == .force && $0.tokens.contains(index) && $0.country.map(armies.contains) == true }
        }
        for index in tokens.indices where !isWarringForce(index) {
            if topics.strong.contains(tokens, at: index) || plans.types.contains(tokens, at: index) || plans.isDeployment(tokens, at: index) {
                return true
            }
            if topics.anaphoric.contains(tokens[index].word), determinerBefore(index, in: tokens, actors: actors, topics) {
                return true
            }
        }
        return false
    }

    /// A determiner just before `index`, or before the modifiers there: a compound ("the
    /// UK-France plan") or country words ("the British and French plan").
    private static func determinerBefore(_ index: Int, in tokens: [Token], actors: [ActorMention],
                                         _ topics: TopicVocabulary) -> Bool {
        var before = index - 1
        if let first = actors.first(where: { if case .modifier(index) = $0.kind { true } else { false } }) {
            // The first modifier may hold the determiner itself: "the UK" in "the UK-France plan".
            before = topics.determiners.contains(tokens[first.tokens.lowerBound].word) ? first.tokens.lowerBound : first.tokens.lowerBound - 1
        } else if before >= 3, tokens[before - 1].is(.hyphen) {
            before -= 3
        }
        return before >= 0 && topics.determiners.contains(tokens[before].word)
    }
}

/// The people a document names with their country, by full name and by surname.
struct PersonRegistry {
    private var byName: [String: ActorMention] = [:]

    init(_ mentions: [ActorMention]) {
        for mention in mentions where mention.kind == .person && mention.country != nil {
            guard let name = mention.name else { continue }
            register(name, mention)
            if let surname = name.split(separator: " ").last.map(String.init), surname.count < name.count {
                register(surname, mention)
            }
        }
    }

    /// The first person of a name keeps it, unless a later one spells out more of it: the
    /// headline's "Germany's Pistorius" becomes "Boris Pistorius" once the text names him so.
    private mutating func register(_ key: String, _ mention: ActorMention) {
        if let known = byName[key.lowercased()]?.name, let name = mention.name,
           !(name.count > known.count && name.hasSuffix(" " + known)) {
            return
        }
        byName[key.lowercased()] = mention
    }

    func person(named name: String) -> ActorMention? {
        byName[name.lowercased()] ?? name.split(separator: " ").last.flatMap { byName[$0.lowercased()] }
    }

    /// Gives named people without a country the one the document states elsewhere (and the
    /// full name it gives people of the same country), and turns bare names the document knows
    /// ("Crosetto", "Macron") into person mentions.
    func resolve(_ sentence: inout AnnotatedSentence, in text: FoldedText) {
        for index in sentence.actors.indices where sentence.actors[index].kind == .person {
            let mention = sentence.actors[index]
            if let name = mention.name, let known = person(named: name), mention.country == nil || mention.country == known.country {
                sentence.actors[index].country = known.country
                sentence.actors[index].name = known.name
            }
        }
        guard !byName.isEmpty else { return }  // a document that names no one: no bare names to find
        func isTaken(_ index: Int) -> Bool {
            sentence.actors.contains { $0.tokens.contains(index) } || sentence.outlets.contains { $0.tokens.contains(index) }
        }
        let tokens = sentence.tokens
        var added: [ActorMention] = []
        var index = 0
        var group = (sentence.actors.lazy.map(\.group).max() ?? 0) + 1  // lazy: no array per sentence
        while index < tokens.count {
            guard tokens[index].kind == .word, tokens[index].startsUppercase, !isTaken(index) else {
                index += 1
                continue
            }
            var end = index
            while end < tokens.count, end - index < 3, tokens[end].kind == .word, tokens[end].startsUppercase,
                  !isTaken(end) {
                end += 1
            }
            // A full name is known only with its surname, so most runs are turned away by their
            // last word alone, before their words are joined.
            if let bySurname = byName[text.lowercased(tokens[end - 1].range)] {
                let words = tokens[index..<end].map { text.surface($0.range) }
                let known = byName[words.joined(separator: " ").lowercased()] ?? bySurname
                added.append(ActorMention(kind: .person, tokens: index..<end, country: known.country, name: known.name,
                                          role: known.role, group: group))
                group += 1
            }
            index = end
        }
        if !added.isEmpty {
            sentence.actors = (sentence.actors + added).sorted { $0.tokens.lowerBound < $1.tokens.lowerBound }
        }
    }
}
