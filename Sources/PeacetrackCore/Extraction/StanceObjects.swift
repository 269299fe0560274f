/// What a stance cue is about: the force, a plan for it, something else, or a country's part
/// in it ("Slovakia's participation").
extension StanceReader {
    /// The forces of a country named as the cue's object: "ruled out deploying Canadian troops".
    func forceSent(after cue: Range<Int>) -> ActorMention? {
        let window = cue.upperBound..<min(tokens.count, cue.upperBound + lexicon.proposals.deployWindow)
        return sentence.actors.first { force in
            force.kind == .force && window.contains(force.tokens.lowerBound)
                && force.country.map { !lexicon.quantities.excludedCountries.contains($0) && !lexicon.countries.organisations.contains($0) } == true
        }
    }

    /// A cue that sends or contributes forces: one of the force-object cues ("contribute", "take
    /// part") or one that ends with a deployment verb ("will send", "ready to deploy").
    private func isDeployment(_ cue: Range<Int>) -> Bool {
        lexicon.proposals.deployVerbs.contains(tokens[cue.upperBound - 1].word)
            || vocabulary.forceObjectCues.match(tokens, at: cue.lowerBound)?.length == cue.count
    }

    /// A deployment cue ("would not contribute", "will send", "ready to deploy", "take part") is
    /// a stance on the force only when its object is the force, a plan for it or a pronoun for
    /// it: "will send soldiers", "take part in naval de-mining", not "will send weapons".
    func lacksForceObject(_ cue: Range<Int>) -> Bool {
        let proposals = lexicon.proposals
        let refuses = vocabulary.refusals.contains(tokens[cue.upperBound - 1].word)
        guard refuses || isDeployment(cue), !isGroupPronoun(cue.upperBound) else { return false }  // "ready to send them"
        // The window counts words of the cue's clause: "a company of 100-200 troops" is four
        // words to "troops".
        var words = 0
        var index = cue.upperBound
        // A refusal's object may be a whole infinitive: "refused to take part in a peacekeeping mission".
        let window = refuses ? tokens.count : proposals.deployWindow
        while index < tokens.count, words < window, !clauses.isBreak(index) {
            if proposals.forceNouns.contains(tokens[index].word) || lexicon.topics.strong.contains(tokens, at: index)
                || proposals.types.contains(tokens, at: index) || lexicon.topics.anaphoric.contains(tokens[index].word) {
                return false
            }
            if tokens[index].kind == .word { words += 1 }
            index += 1
        }
        return true
    }

    /// "Britain will send 500 troops to Estonia": a deployment to a country other than the
    /// mission's, in a clause that names neither the mission's country nor a plan for the force.
    func sendsElsewhere(_ cue: Range<Int>) -> Bool {
        let proposals = lexicon.proposals
        guard isDeployment(cue) else { return false }
        let clause = cue.upperBound..<clauses.end(from: cue.upperBound)
        let mission = lexicon.quantities.missionCountry
        let named = sentence.actors.filter { clause.contains($0.tokens.lowerBound) && $0.country != nil }
        guard !named.contains(where: { $0.country == mission }), !clause.contains(where: { proposals.types.contains(tokens, at: $0) }) else {
            return false
        }
        return named.contains { place in
            (place.kind == .place || !place.isActor) && tokens[safe: place.tokens.lowerBound - 1].map { proposals.destinations.contains($0.word) } == true
        }
    }

    /// "signed a memorandum regarding the deployment of multinational forces", "issued a joint
    /// statement proposing security guarantees": a document (a frame noun just after the verb)
    /// about the force, which nothing in between opposes ("issued a statement condemning ...").
    func issuesPlanForTheForce(after index: Int) -> Bool {
        let clause = index..<clauses.end(from: index)
        let window = index..<min(clause.upperBound, index + lexicon.topics.objectWindow)
        guard let document = window.first(where: { lexicon.proposals.frames.contains(tokens, at: $0) }) else { return false }
        guard let force = ((document + 1)..<max(document + 1, clause.upperBound)).first(where: {
            lexicon.topics.strong.contains(tokens, at: $0) || lexicon.proposals.types.contains(tokens, at: $0)
        }) else { return false }
        return !sentence.cues.contains { cue in
            cue.tokens.lowerBound > document && cue.tokens.lowerBound < force && cue.values.contains { $0 == .opposes || $0 == .undecided }
        }
    }

    /// "would consider any foreign troops legitimate targets" judges; it does not deliberate.
    func isJudgement(after index: Int) -> Bool {
        (index..<clauses.end(from: index)).contains { vocabulary.judgements.contains(tokens[$0].word) }
    }

    /// "Trump pushes for a peace deal", "Britain supports Ukraine": the cue's object is
    /// something other than the force.
    func hasOtherObject(after index: Int) -> Bool {
        let topics = lexicon.topics
        let object = objectHead(after: index)
        if topics.offTopicObjects.contains(tokens, at: object.head) {
            return !(topics.discussions.contains(tokens[object.head].word) && isAboutTheForce(after: object.head))
        }
        return object.namesSomeone && !isAnaphoric(object.head)
            && !(object.head..<min(tokens.count, object.head + topics.objectWindow)).contains { topics.strong.contains(tokens, at: $0) }
    }

    /// "talks on potentially deploying forces", "negotiations about a reassurance force": an
    /// object otherwise off the topic that a preposition ties to the force.
    func isAboutTheForce(after head: Int) -> Bool {
        let topics = lexicon.topics
        let clause = head..<clauses.end(from: head)
        guard let link = clause.first(where: { topics.aboutLinks.contains(tokens[$0].word) }) else { return false }
        return (link..<min(clause.upperBound, link + topics.aboutWindow)).contains { topics.strong.contains(tokens, at: $0) }
    }

    /// "Fico rejected Slovakia's participation", "Slovakia's participation in the mission is out
    /// of the question": the country whose part is judged holds the stance, unless a subject
    /// with a country of its own judges it ("Hungary rejected Slovakia's participation").
    func possessiveParticipant(around cue: Range<Int>, holders: [ActorMention]) -> ActorMention? {
        guard !holders.contains(where: { $0.country != nil && $0.kind != .person }) else { return nil }
        var object = cue.upperBound
        while tokens[safe: object].map(lexicon.topics.opensNounPhrase) == true { object += 1 }
        if let owner = participant(at: object) { return owner }
        return holders.isEmpty ? participant(at: clauseStart(before: cue.lowerBound)) : nil
    }

    /// A place with its possessive at `index`, before a participation noun within three words.
    func participant(at index: Int) -> ActorMention? {
        // "Slovakia's participation" reads as a place qualifying a noun: the place is the participant.
        guard let place = sentence.actors.first(where: { $0.tokens.lowerBound == index && $0.country != nil }),
              place.kind == .place || !place.isActor,
              tokens[safe: place.tokens.upperBound]?.is(.possessive) == true else { return nil }
        let nouns = (place.tokens.upperBound + 1)..<min(tokens.count, place.tokens.upperBound + 4)
        guard nouns.contains(where: { vocabulary.participationNouns.contains(tokens[$0].word) }) else { return nil }
        return ActorMention(kind: .place, tokens: place.tokens, country: place.country, group: place.group)
    }

    /// A sentence on topic only through its neighbours must point back at them: the cue has no
    /// object of its own or one the neighbours named ("Sweden rejected the idea"), not a new
    /// one ("Italy is considering new gas deals").
    func pointsBack(after index: Int) -> Bool {
        let object = objectHead(after: index)
        guard object.head < tokens.count, !clauses.isBreak(object.head), !tokens[object.head].is(.fullStop) else {
            return !object.namesSomeone
        }
        return isAnaphoric(object.head)
    }

    /// An anaphoric noun ("the idea") or a pronoun ("open to it") at `index`.
    func isAnaphoric(_ index: Int) -> Bool {
        tokens[safe: index].map { lexicon.topics.anaphoric.contains($0.word) } ?? false || isGroupPronoun(index)
    }

    func isGroupPronoun(_ index: Int) -> Bool {
        sentence.actors.contains { $0.kind == .groupPronoun && $0.tokens.contains(index) }
    }

    /// The head of the cue's object, past determiners, modifiers, compound modifiers ("a
    /// one-month truce") and the actors that qualify it ("the British-French initiative", "the
    /// British and French plan"), and whether actors were passed.
    func objectHead(after index: Int) -> (head: Int, namesSomeone: Bool) {
        let topics = lexicon.topics
        var cursor = index
        var namesSomeone = false
        // A country's forces are the force itself, not someone else: "deploy Polish soldiers".
        func isActor(_ index: Int) -> Bool { sentence.actors.contains { $0.kind != .force && $0.tokens.contains(index) } }
        // "support for Ukraine": a noun cue's object follows its preposition.
        if let link = tokens[safe: cursor], topics.objectLinks.contains(link.word) { cursor += 1 }
        while cursor < tokens.count, !isGroupPronoun(cursor) {
            if isActor(cursor) {
                namesSomeone = true
            } else if tokens[cursor].is(oneOf: [.and, .comma]), namesSomeone, isActor(cursor - 1), isActor(cursor + 1) {
                // "the British and French plan": the actors qualify one head together.
            } else if tokens[safe: cursor + 1]?.is(.hyphen) == true, cursor + 2 < tokens.count {
                cursor += 2
            } else if !(topics.objectModifiers.contains(tokens[cursor].word) || topics.determiners.contains(tokens[cursor].word)
                        || tokens[cursor].is(.possessive) || tokens[cursor].is(.hyphen)) {
                break
            }
            cursor += 1
        }
        return (cursor, namesSomeone)
    }
}
