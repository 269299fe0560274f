/// Who holds a stance cue: the subject before it, past auxiliaries, asides and appositions,
/// coordinated with others, or the agent of a passive or a participle.
extension StanceReader {
    func subject(of cue: Range<Int>, stance: Stance, previous: [ActorMention]) -> [ActorMention] {
        var index = cue.lowerBound - 1
        var passive = false
        while index >= 0, isAuxiliary(at: index) {
            passive = passive || vocabulary.beForms.contains(tokens[index].word)
            index -= 1
        }
        // A headline drops the subject after a speech verb: "Australia says would consider joining".
        // ("States" in "the United States could" is part of a name, not a speech verb.)
        if index > 0, index < cue.lowerBound - 1, vocabulary.speechVerbs.contains(tokens[index].word),
           sentence.actor(endingAt: index) == nil {
            index -= 1
        }
        // A regular participle after "be" is passive ("was proposed by", "is being explored"),
        // unless the cue goes on with a preposition: "was prepared to send", "is opposed to".
        let adjectival = tokens[cue].dropFirst().contains { $0.is(oneOf: [.to, .in, .on, .with]) }
        let participle = clauses.text.lowercased(tokens[cue.upperBound - 1].range).hasSuffix("ed") && !adjectival
        if participle, passive {
            return agent(after: cue.upperBound, stance: stance)
        }
        if participle, tokens[safe: cue.upperBound]?.is(.by) == true {
            return qualifiesForce(cue.lowerBound) ? agent(after: cue.upperBound, stance: stance) : []
        }
        if index >= 0, vocabulary.coordinators.contains(tokens[index].word) {
            return previous.isEmpty ? subject(ofClauseBefore: index) : previous
        }
        // A headline joins its verbs with a comma: "Merz prepares for a long war, rules out troops".
        if index > 0, tokens[index].is(.comma), clauses.text.lowercased(tokens[cue.lowerBound].range).hasSuffix("s") {
            let opener = subject(ofClauseBefore: index)
            if !opener.isEmpty { return opener }
        }
        let found = subject(endingAt: index)
        // "with US backing": a country before a cue used as a noun after "with" is no subject.
        // "with Washington already ruling out such a move" is Washington ruling it out: a gerund
        // with its object, not a noun ("with US backing", "with US backing for the mission").
        let gerund = clauses.text.lowercased(tokens[cue.lowerBound].range).hasSuffix("ing")
            && tokens[safe: cue.upperBound].map { $0.kind == .word && !vocabulary.prepositions.contains($0.word) } == true
        if !gerund, let first = found.first, tokens[safe: first.tokens.lowerBound - 1]?.is(.with) == true { return [] }
        // "Britain and France said they would lead ...": every country of the group speaking.
        // An empty "it" judges ("it was too early to"); "it was open to" is a country speaking.
        let judges = stance == .undecided || stance == .opposes
        if found.count == 1, found[0].kind == .groupPronoun, !(judges && isEmptyIt(found[0], before: cue)) {
            let group = speakerGroups().first { $0.contains { $0.kind == .place || $0.kind == .body } && $0[0].tokens.lowerBound < found[0].tokens.lowerBound }
            return group ?? (previousHolders.isEmpty ? found : previousHolders)
        }
        return found
    }

    /// The actors whose phrase ends at `index`, with those coordinated before them; a subject
    /// followed by a relative clause ("Poland, which borders Ukraine, has said") counts too.
    func subject(endingAt start: Int) -> [ActorMention] {
        var index = start
        var skippedAside = false
        while index >= 0 {
            let token = tokens[index]
            if let mention = sentence.actor(endingAt: index) {
                let subjects = sentence.coordinated(with: mention)
                let start = subjects.lazy.map(\.tokens.lowerBound).min() ?? mention.tokens.lowerBound
                let before = tokens[safe: start - 1].map(lexicon.topics.opensNounPhrase) == true ? start - 2 : start - 1
                guard tokens[safe: before].map({ vocabulary.prepositions.contains($0.word) }) == true else { return subjects }
                // "sending troops to Ukraine is premature": the object of a preposition is no
                // subject, but a person after it may be ("to Ukraine, Latvian Defence Minister
                // Andris Sprūds said", "based in Paris, he added").
                return mention.kind == .place ? [] : sentence.members(of: mention)
            }
            // "Ukraine's EU and UK backers have called for": the countries of those who speak.
            if vocabulary.representatives.contains(token.word) {
                // "Ukraine's backers" are not Ukraine: a possessive names whom they back.
                let countries = sentence.actors.filter { mention in
                    guard case .modifier(index) = mention.kind, mention.country != nil else { return false }
                    return tokens[safe: mention.tokens.upperBound]?.is(.possessive) != true
                }
                if !countries.isEmpty {
                    return countries.map { ActorMention(kind: .place, tokens: $0.tokens, country: $0.country, group: $0.group) }
                }
            }
            if vocabulary.relativePronouns.contains(token.word), index >= 2, tokens[index - 1].is(.comma) {
                return sentence.actor(endingAt: index - 2).map(sentence.members) ?? []
            }
            if token.is(.comma), !skippedAside, let open = asideStart(endingAt: index) {
                // "Several EU countries, including Belgium and Luxembourg, are prepared": the countries named speak.
                if vocabulary.inclusions.contains(tokens, at: open + 1), let named = sentence.actor(endingAt: index - 1) {
                    return sentence.coordinated(with: named)
                }
                skippedAside = true
                // "Sergei Lavrov, the Russian foreign minister, has": a name the lexicon does not
                // know takes the apposition's role and country.
                if tokens[safe: open - 1]?.startsUppercase == true, sentence.actor(endingAt: open - 1) == nil,
                   let role = sentence.actors.first(where: { $0.kind == .body && $0.country != nil && (open..<index).contains($0.tokens.lowerBound) }) {
                    return [role]
                }
                index = open - 1
                while index >= 0, isAuxiliary(at: index) { index -= 1 }
                continue
            }
            return []
        }
        return []
    }

    /// "Warsaw would host a logistics hub but would not put boots on the ground", "Spain backs a
    /// ceasefire but remains opposed": the actor that opens the clause before a coordinator.
    func subject(ofClauseBefore coordinator: Int) -> [ActorMention] {
        var start = coordinator
        while start > 0, !clauses.isBreak(start - 1), !tokens[start - 1].is(.that) { start -= 1 }
        while start < coordinator, vocabulary.leadingConnectives.contains(tokens[start].word) || tokens[start].is(.the) { start += 1 }
        return sentence.actor(startingAt: start).map(sentence.coordinated) ?? []
    }

    /// The comma that opens ", who ... ,", an aside (", unlike France,", ", including Belgium,")
    /// or a short apposition (", Spain's neighbour,", ", the French president,") when `close` is
    /// the comma that ends it.
    func asideStart(endingAt close: Int) -> Int? {
        var index = close - 1
        while index > 0 {
            if tokens[index].is(.comma) {
                let first = index + 1
                let opens = vocabulary.relativePronouns.contains(tokens[first].word) || vocabulary.asides.contains(tokens, at: first)
                    || vocabulary.inclusions.contains(tokens, at: first) || close - index <= vocabulary.appositionWindow && opensApposition(at: first)
                return opens ? index : nil
            }
            index -= 1
        }
        return nil
    }

    /// A determiner ("the French president") or a possessive place ("Spain's neighbour").
    func opensApposition(at index: Int) -> Bool {
        if lexicon.topics.opensNounPhrase(tokens[index]) { return true }
        guard let place = sentence.actors.first(where: { $0.tokens.lowerBound == index }) else { return false }
        return tokens[safe: place.tokens.upperBound]?.is(.possessive) == true
    }

    /// A participle with its agent needs no "be" when it qualifies the force or the countries
    /// behind it: "the force, led by Britain and France,", "several European countries, led by
    /// the UK and France," or "Led by Britain and France, the force ..."; not "a meeting led by".
    func qualifiesForce(_ participle: Int) -> Bool {
        var before = participle - 1
        while tokens[safe: before]?.is(oneOf: [.comma, .and, .hyphen]) == true || before == participle - 2 && tokens[safe: before + 1]?.is(.hyphen) == true {
            before -= 1  // ", led by", "and co-led by"
        }
        guard before >= 0 else { return true }
        let topics = lexicon.topics
        return topics.anaphoric.contains(tokens[before].word) || vocabulary.ledGroups.contains(tokens[before].word)
            || (max(0, before - topics.objectWindow + 1)...before).contains { topics.strong.contains(tokens, at: $0) }
    }

    /// The agent of a passive cue: "by <actor>", or for considering, "in <places>".
    func agent(after end: Int, stance: Stance) -> [ActorMention] {
        guard let link = tokens[safe: end], link.is(.by) || link.is(.in) else { return [] }
        var start = end + 1
        // "by the UK": the article may belong to the name or stand before it.
        if sentence.actor(startingAt: start) == nil, tokens[safe: start].map({ lexicon.topics.determiners.contains($0.word) }) == true {
            start += 1
        }
        guard let mention = sentence.actor(startingAt: start) else { return [] }
        let members = sentence.members(of: mention)
        return link.is(.in) ? members.filter { $0.kind == .place } : members
    }
}
