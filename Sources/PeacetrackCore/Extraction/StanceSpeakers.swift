/// Who speaks in a sentence, and whom its pronouns and verdicts stand for.
extension StanceReader {
    /// A verdict after a form of "be" on the force itself, which is the speaker's: "Lavrov said
    /// the deployment of such a force would be unacceptable" judges the force named before the
    /// cue; "Merz said it was too early to talk about German soldiers" judges, through an empty
    /// "it", the force named after it.
    func isVerdictOnTopic(_ cue: Range<Int>, holders: [ActorMention]) -> Bool {
        var index = cue.lowerBound - 1
        var predicative = false
        while index >= 0, isAuxiliary(at: index) {
            predicative = predicative || vocabulary.beForms.contains(tokens[index].word)
            index -= 1
        }
        guard predicative, index >= 0 else { return false }
        let topics = lexicon.topics
        if holders.isEmpty {
            return (clauseStart(before: index)...index).contains { topics.strong.contains(tokens, at: $0) }
        }
        guard holders.count == 1, holders[0].tokens == index..<(index + 1), isEmptyIt(holders[0], before: cue) else { return false }
        return (cue.upperBound..<clauses.end(from: cue.upperBound)).contains { topics.strong.contains(tokens, at: $0) }
    }

    /// A judgement of the force without a subject of its own is the speaker's: "Lavrov has
    /// described as unacceptable any plans to deploy ...", "Fiala labeled discussions on European
    /// boots on the ground as premature".
    func isVerdict(_ cue: Range<Int>) -> Bool {
        sentence.namesTopic && vocabulary.verdicts.match(tokens, at: cue.lowerBound)?.length == cue.count
    }

    /// The first country named in the cue's clause after it, other than the mission's own.
    func countryNamed(after cue: Range<Int>) -> ActorMention? {
        let clause = cue.upperBound..<clauses.end(from: cue.upperBound)
        return sentence.actors.first { mention in
            clause.contains(mention.tokens.lowerBound) && (mention.kind == .place || mention.kind == .force)
                && mention.country.map { !lexicon.quantities.excludedCountries.contains($0) } == true
        }
    }

    /// The subject of the last speech verb before `index`: in "Meloni said that Italy ..., while
    /// Fiala labeled discussions ... as premature", Fiala judges.
    func nearestSpeaker(before index: Int) -> ActorMention? {
        var verb = index - 1
        while verb >= 0, !vocabulary.speechVerbs.contains(tokens[verb].word) { verb -= 1 }
        guard verb > 0 else { return nil }
        var before = verb - 1
        while before >= 0, isAuxiliary(at: before) { before -= 1 }
        return subject(endingAt: before).lazy.compactMap { resolve($0, speaker: nil) }.first
    }

    /// "it was too early to ...": an "it" that stands for no one, before a cue that takes an infinitive.
    func isEmptyIt(_ mention: ActorMention, before cue: Range<Int>) -> Bool {
        mention.kind == .groupPronoun && clauses.text.lowercased(tokens[mention.tokens.lowerBound].range) == "it"
            && tokens[cue.upperBound - 1].is(.to)
    }

    /// Who speaks in the sentence: the subject of a speech verb ("Crosetto stated that"), the
    /// actor after one (", said Crosetto"), or the actor after "according to". A person, body or
    /// source is preferred to a place: "Russia told the US ..., according to Russian Foreign
    /// Minister Sergei Lavrov" is Lavrov speaking.
    func speaker() -> ActorMention? {
        let found = speakers()
        return found.first { $0.kind != .place } ?? found.first
    }

    func speakers() -> [ActorMention] {
        speakerGroups().flatMap { group in group.compactMap { resolve($0, speaker: nil) } }
    }

    /// Each speaking group: the subject of a speech verb, the actor after one, or after
    /// "according to".
    func speakerGroups() -> [[ActorMention]] {
        var found: [[ActorMention]] = []
        for index in tokens.indices {
            let word = tokens[index].word
            if vocabulary.speechVerbs.contains(word) {
                var before = index - 1
                while before >= 0, isAuxiliary(at: before) { before -= 1 }
                found.append(subject(endingAt: before))
                found.append(actor(near: index + 1).map(sentence.members) ?? [])
            } else if tokens[index].is(.according), tokens[safe: index + 1]?.is(.to) == true {
                found.append(actor(near: index + 2).map(sentence.members) ?? [])
            }
        }
        return found.filter { !$0.isEmpty && !$0.contains { $0.kind == .groupPronoun } }
    }

    func actor(near index: Int) -> ActorMention? {
        if let mention = sentence.actor(startingAt: index) { return mention }
        guard tokens[safe: index].map(lexicon.topics.opensNounPhrase) == true else {
            return nil
        }
        return sentence.actor(startingAt: index + 1)
    }

    /// A mention with its country settled: pronouns become the person or group they stand for.
    func resolve(_ mention: ActorMention, speaker: ActorMention?) -> ActorMention? {
        switch mention.kind {
        case .modifier:
            return nil
        case .personPronoun:
            if let speaker, speaker.kind == .person, speaker.tokens.lowerBound < mention.tokens.lowerBound { return speaker }
            // "Christopher Luxon told RNZ ... he would consider": "he" is the speaker the
            // lexicon does not know, not the last person it knew.
            if speaker == nil, hasUnknownSpeaker(before: mention.tokens.lowerBound) { return nil }
            return lastPerson(before: mention.tokens.lowerBound)
        case .speakerCountry(let quoted):
            let person = speaker ?? (quoted ? nil : lastPerson(before: mention.tokens.lowerBound))
            return person.map { ActorMention(kind: .place, tokens: mention.tokens, country: $0.country, group: mention.group) }
        case .groupPronoun:
            return nil  // expanded to the group it stands for before resolution
        default:
            return mention.country == nil ? nil : mention
        }
    }

    /// A full name no actor covers (two capitalised words) just before a speech verb, or just
    /// after one, before `index`.
    func hasUnknownSpeaker(before index: Int) -> Bool {
        func isUnknownName(_ at: Int) -> Bool {
            [at, at + 1].allSatisfy { word in
                guard let token = tokens[safe: word], token.kind == .word, token.startsUppercase, word > 0 else { return false }
                return !sentence.actors.contains { $0.tokens.contains(word) }
            }
        }
        return (1..<max(1, min(index, tokens.count))).contains { verb in
            vocabulary.speechVerbs.contains(tokens[verb].word) && (isUnknownName(verb - 2) || isUnknownName(verb + 1))
        }
    }

    func lastPerson(before index: Int) -> ActorMention? {
        sentence.actors.last { $0.kind == .person && $0.country != nil && $0.tokens.upperBound <= index } ?? previousPerson
    }
}
