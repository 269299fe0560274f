/// A stance read from one sentence: who holds it, through whom, on what condition.
struct Holding {
    let stance: Stance
    let holder: ActorMention
    let country: String
    var actor: Actor?
    let conditions: [String]
    /// Token range of the clause that states it, for the summary.
    let clause: Range<Int>
    /// Token range of the cue ("is open to", "ruled out").
    let cue: Range<Int>

    /// "PL opposes (Donald Tusk)", as `peacetrack explain` shows it.
    var line: String {
        "\(country) \(stance.rawValue)" + (actor?.name.map { " (\($0))" } ?? "")
    }
}

/// Finds who holds each stance cue of a sentence: the subject just before the cue (past
/// auxiliaries and adverbs), the agent of a passive ("was proposed by"), the people of a
/// relative clause ("Macron, who proposed"), the subject of a coordinated verb ("showed interest
/// but has not yet taken a stance"), pronouns through the speaker or the people just named.
struct StanceReader {
    let lexicon: Lexicon
    let sentence: AnnotatedSentence
    let clauses: Clauses
    /// The last person with a country named before this sentence, for "he" and "his country".
    let previousPerson: ActorMention?
    /// Holders of the previous sentence of the same paragraph, for "it" and "they".
    let previousHolders: [ActorMention]

    private var tokens: [Token] { sentence.tokens }
    private var vocabulary: StanceVocabulary { lexicon.stances }

    /// A stance cue on its way to holdings, as the steps leave it.
    struct Candidate {
        let cue: PhraseMatch<Stance>
        var stance: Stance
        let negated: Bool
        let hedged: Bool
        let speculative: Bool
        var holders: [ActorMention] = []
        var conditions: [String] = []
    }

    /// The rules every stance cue passes, in this order, each keeping, dropping or changing the
    /// candidate. The order carries meaning: the stance is settled (negation, hedges) before the
    /// object checks that depend on it, the subject is sought only for a cue about the force,
    /// and a verdict or a participant replaces the subject found.
    enum Step: String, CaseIterable {
        case negation
        case judgement
        case forceObject = "force object"
        case destination
        case otherObject = "other object"
        case pointsBack = "points back"
        case subject
        case participant = "possessive participant"
        case verdict
        case speculation
        case unasserted
        case neitherNor = "neither/nor"
        case condition
    }

    func holdings(trace: Trace? = nil) -> [Holding] {
        // Without a cue or a strong condition nothing is held, and the speaker is not sought.
        guard sentence.onTopic, !sentence.cues.isEmpty || sentence.conditions.contains(where: { $0.values.contains(true) })
                || sentence.actors.contains(where: { $0.kind == .force }) else {
            return []
        }
        // A question asks about a stance; it states none.
        if tokens.last(where: { !$0.is(.closingBracket) })?.is(.questionMark) == true {
            for cue in sentence.cues {
                trace?.candidate(.cue, clauses.original(cue.tokens) ?? "", detail: cue.values.first?.rawValue)
                trace?.step("question", .dropped("the sentence asks"))
            }
            return []
        }
        let speaker = self.speaker()
        var found: [Holding] = []
        var lastHolders: [ActorMention] = []
        cues: for cue in sentence.cues {
            guard let stance = cue.values.first else { continue }
            let modals = modifiers(before: cue.tokens.lowerBound)
            var candidate = Candidate(cue: cue, stance: stance, negated: modals.negated, hedged: modals.hedged,
                                      speculative: modals.speculative)
            trace?.candidate(.cue, clauses.original(cue.tokens) ?? "", detail: stance.rawValue)
            for step in Step.allCases {
                let outcome = apply(step, to: &candidate, previous: lastHolders, speaker: speaker)
                trace?.step(step.rawValue, outcome)
                if case .dropped = outcome { continue cues }
            }
            lastHolders = candidate.holders
            let held = holdings(candidate.stance, candidate.holders, speaker: speaker, conditions: candidate.conditions, cue: cue.tokens)
            if held.isEmpty { trace?.step("holders", .dropped("no holder with a country")) }
            for holding in held { trace?.result(holding.line) }
            found += held
        }
        for denied in deniedForces(speaker: speaker, trace: trace) where !found.contains(where: { $0.country == denied.country }) {
            found.append(denied)
        }
        if found.isEmpty, let condition = sentence.conditions.first(where: { $0.values.contains(true) }), let speaker {
            // "Crosetto stated that these forces should operate under the auspices of the UN".
            let (conditions, _) = self.conditions(after: condition.tokens.lowerBound - 1)
            trace?.candidate(.condition, clauses.original(condition.tokens) ?? "")
            trace?.step("speaker condition", .changed("a condition on the force without a cue is the speaker's"))
            let held = holdings(.conditional, [speaker], speaker: speaker, conditions: conditions, cue: condition.tokens)
            for holding in held { trace?.result(holding.line) }
            found += held
        }
        // "Milanovic rejected the idea, saying Croatia would not send its soldiers": a country
        // held again in the sentence is held through the person named for it.
        for index in found.indices where found[index].actor == nil {
            found[index].actor = found.first { $0.country == found[index].country && $0.actor != nil }?.actor
        }
        return found
    }

    private func apply(_ step: Step, to candidate: inout Candidate, previous: [ActorMention], speaker: ActorMention?) -> StepOutcome {
        let cue = candidate.cue.tokens
        switch step {
        case .negation:
            if candidate.negated {
                guard let flipped = Self.negation(of: candidate.stance) else { return .dropped("negated, it says nothing certain") }
                candidate.stance = flipped
                return .changed("negated: \(flipped.rawValue)")
            }
            guard candidate.hedged, candidate.stance == .supports else { return .kept }
            candidate.stance = .considering
            return .changed("after a modal: considering")
        case .judgement:
            let judged = candidate.stance == .considering && isJudgement(after: cue.upperBound)
            return judged ? .dropped("a judgement follows: a verdict, not a deliberation") : .kept
        case .forceObject:
            if vocabulary.documentCues.contains(tokens[cue.lowerBound].word) {
                return issuesPlanForTheForce(after: cue.upperBound) ? .kept : .dropped("what it issues is no plan for the force")
            }
            return lacksForceObject(cue) ? .dropped("no force or plan within the deployment window after it") : .kept
        case .destination:
            return sendsElsewhere(cue) ? .dropped("the forces go to another country, not to Ukraine") : .kept
        case .otherObject:
            return hasOtherObject(after: cue.upperBound) ? .dropped("its object is something other than the force") : .kept
        case .pointsBack:
            // "has not yet taken a definitive stance" is complete in itself: it has no object to check.
            guard !sentence.namesTopic, candidate.stance != .undecided else { return .kept }
            return pointsBack(after: cue.upperBound) ? .kept : .dropped("on topic only through a neighbour, and its object names something new")
        case .subject:
            candidate.holders = subject(of: cue, stance: candidate.stance, previous: previous)
            return candidate.holders.isEmpty ? .kept : .changed("held by " + names(candidate.holders))
        case .participant:
            guard let participant = possessiveParticipant(around: cue, holders: candidate.holders) else { return .kept }
            candidate.holders = [participant]
            return .changed("the country whose part is judged: " + names([participant]))
        case .verdict:
            guard candidate.stance == .opposes || candidate.stance == .undecided, !candidate.negated else { return .kept }
            guard let speaker else {
                // "It is too early to discuss the UK supporting the force": with no one speaking,
                // the verdict is on the country it names.
                guard isVerdictOnTopic(cue, holders: candidate.holders), let named = countryNamed(after: cue) else { return .kept }
                candidate.holders = [named]
                return .changed("a verdict on a country's part, with no speaker, is that country's: " + names([named]))
            }
            if isVerdictOnTopic(cue, holders: candidate.holders) {
                candidate.holders = [speaker]
            } else if candidate.holders.isEmpty, isVerdict(cue) {
                candidate.holders = [nearestSpeaker(before: cue.lowerBound) ?? speaker]
            } else {
                return .kept
            }
            return .changed("a verdict on the force is the speaker's: " + names(candidate.holders))
        case .speculation:
            let speculative = candidate.hedged && candidate.stance == .opposes && candidate.speculative
            return speculative ? .dropped("a refusal after 'may' or 'might' is speculation") : .kept
        case .unasserted:
            // Holders "they" stands for were named in an earlier sentence: their tokens are not this one's.
            return isUnasserted(candidate.holders.filter(sentence.actors.contains)) ? .dropped("reported, denied or asked, not asserted") : .kept
        case .neitherNor:
            // "Neither Germany nor Italy has agreed to send troops".
            let denied = candidate.holders.filter(sentence.actors.contains).contains {
                tokens[safe: $0.tokens.lowerBound - 1]?.is(oneOf: [.neither, .nor]) == true
            }
            guard !candidate.negated, denied else { return .kept }
            guard let flipped = Self.negation(of: candidate.stance) else { return .dropped("'neither ... nor' leaves nothing certain") }
            candidate.stance = flipped
            return .changed("'neither ... nor': \(flipped.rawValue)")
        case .condition:
            let (conditions, strong) = self.conditions(after: cue.lowerBound)
            candidate.conditions = conditions
            // "will not send troops unless the UN mandates it" sets a condition as much as "only if".
            guard strong, candidate.stance != .undecided, candidate.stance != .conditional else { return .kept }
            candidate.stance = .conditional
            return .changed("a strong condition follows: conditional")
        }
    }

    private func names(_ mentions: [ActorMention]) -> String {
        mentions.map { mention in
            let words = clauses.original(mention.tokens) ?? ""
            return mention.country.map { "\(words) (\($0))" } ?? words
        }.joined(separator: ", ")
    }

    /// "there will be no German soldiers on Ukrainian soil", "no Croatian soldier will fight":
    /// a country's own forces denied outright are its opposition, or its condition when one is
    /// set ("as long as the war is not over").
    private func deniedForces(speaker: ActorMention?, trace: Trace?) -> [Holding] {
        guard sentence.namesTopic else { return [] }
        return sentence.actors.compactMap { force in
            guard force.kind == .force, let country = force.country, !lexicon.quantities.excludedCountries.contains(country),
                  tokens[safe: force.tokens.lowerBound - 1].map({ vocabulary.denials.contains($0.word) }) == true else { return nil }
            let cue = (force.tokens.lowerBound - 1)..<force.tokens.upperBound
            trace?.candidate(.denial, clauses.original(cue) ?? "")
            guard !isUnasserted([force]) else {
                trace?.step(Step.unasserted.rawValue, .dropped("reported, denied or asked, not asserted"))
                return nil
            }
            let (conditions, _) = self.conditions(after: -1)
            let strong = sentence.conditions.contains { $0.values.contains(true) }
            trace?.step("denied force", .changed(strong ? "the country's forces denied, under a condition: conditional" : "the country's forces denied: opposes"))
            let held = holdings(strong ? .conditional : .opposes, [force], speaker: speaker, conditions: conditions, cue: cue).first
            if let held { trace?.result(held.line) }
            return held
        }
    }

    /// A negated cue: "did not support" opposes, "did not rule out" considers; other stances
    /// negated say nothing certain.
    private static func negation(of stance: Stance) -> Stance? {
        switch stance {
        case .supports: .opposes
        case .opposes: .considering
        default: nil
        }
    }

    /// "denied reports that France would send troops", "asked whether Finland would contribute":
    /// the sentence reports the holders' stance without asserting it.
    private func isUnasserted(_ holders: [ActorMention]) -> Bool {
        guard let start = holders.lazy.map(\.tokens.lowerBound).min() else { return false }
        var index = start - 1
        while index >= 0, !clauses.isBreak(index) {
            if let frame = vocabulary.unasserted.match(tokens, at: index), index + frame.length <= start { return true }
            index -= 1
        }
        return false
    }

    private func holdings(_ stance: Stance, _ holders: [ActorMention], speaker: ActorMention?,
                          conditions: [String], cue: Range<Int>) -> [Holding] {
        // The summary starts at the subject when the subject is named before the cue.
        let named = holders.filter { $0.tokens.upperBound <= cue.lowerBound && $0.country != nil }
        let start = named.lazy.map(\.tokens.lowerBound).min() ?? clauseStart(before: cue.lowerBound)
        let sent = forceSent(after: cue)
        return holders.compactMap { mention in
            // "Sánchez said he would be willing to send Spanish troops": a person's stance on
            // their country's troops is that country's, whichever country the text gave them,
            // and even when the text gave them none.
            guard let resolved = resolve(mention, speaker: speaker) ?? (mention.kind == .place ? nil : sent) else { return nil }
            let forCountry = resolved.kind != .place && resolved.kind != .body ? sent?.country : nil
            guard let country = forCountry ?? resolved.country else { return nil }
            var actor = resolved.actor
            // "Spain will not rule out sending troops, Defence Minister Margarita Robles said":
            // a speaker the text gives no country speaks for the one they speak of.
            if actor == nil, let speaker, speaker.country == country || speaker.country == nil && speaker.kind == .person {
                actor = speaker.actor
            }
            return Holding(stance: stance, holder: resolved, country: country, actor: actor, conditions: conditions,
                           clause: start..<max(cue.upperBound, clauses.end(from: cue.upperBound)), cue: cue)
        }
    }

    /// The forces of a country named as the cue's object: "ruled out deploying Canadian troops".
    private func forceSent(after cue: Range<Int>) -> ActorMention? {
        let window = cue.upperBound..<min(tokens.count, cue.upperBound + lexicon.proposals.deployWindow)
        return sentence.actors.first { force in
            force.kind == .force && window.contains(force.tokens.lowerBound)
                && force.country.map { !lexicon.quantities.excludedCountries.contains($0) && !lexicon.countries.organisations.contains($0) } == true
        }
    }

    /// A verdict after a form of "be" on the force itself, which is the speaker's: "Lavrov said
    /// the deployment of such a force would be unacceptable" judges the force named before the
    /// cue; "Merz said it was too early to talk about German soldiers" judges, through an empty
    /// "it", the force named after it.
    private func isVerdictOnTopic(_ cue: Range<Int>, holders: [ActorMention]) -> Bool {
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
    private func isVerdict(_ cue: Range<Int>) -> Bool {
        sentence.namesTopic && vocabulary.verdicts.match(tokens, at: cue.lowerBound)?.length == cue.count
    }

    /// The first country named in the cue's clause after it, other than the mission's own.
    private func countryNamed(after cue: Range<Int>) -> ActorMention? {
        let clause = cue.upperBound..<clauses.end(from: cue.upperBound)
        return sentence.actors.first { mention in
            clause.contains(mention.tokens.lowerBound) && (mention.kind == .place || mention.kind == .force)
                && mention.country.map { !lexicon.quantities.excludedCountries.contains($0) } == true
        }
    }

    /// The subject of the last speech verb before `index`: in "Meloni said that Italy ..., while
    /// Fiala labeled discussions ... as premature", Fiala judges.
    private func nearestSpeaker(before index: Int) -> ActorMention? {
        var verb = index - 1
        while verb >= 0, !vocabulary.speechVerbs.contains(tokens[verb].word) { verb -= 1 }
        guard verb > 0 else { return nil }
        var before = verb - 1
        while before >= 0, isAuxiliary(at: before) { before -= 1 }
        return subject(endingAt: before).lazy.compactMap { resolve($0, speaker: nil) }.first
    }

    /// "it was too early to ...": an "it" that stands for no one, before a cue that takes an infinitive.
    private func isEmptyIt(_ mention: ActorMention, before cue: Range<Int>) -> Bool {
        mention.kind == .groupPronoun && clauses.text.lowercased(tokens[mention.tokens.lowerBound].range) == "it"
            && tokens[cue.upperBound - 1].is(.to)
    }

    /// A deployment cue ("would not contribute", "will send", "ready to deploy", "take part") is
    /// a stance on the force only when its object is the force, a plan for it or a pronoun for
    /// it: "will send soldiers", "take part in naval de-mining", not "will send weapons".
    private func lacksForceObject(_ cue: Range<Int>) -> Bool {
        let proposals = lexicon.proposals
        let refuses = vocabulary.refusals.contains(tokens[cue.upperBound - 1].word)
        let sends = refuses || vocabulary.forceObjectCues.match(tokens, at: cue.lowerBound)?.length == cue.count
            || proposals.deployVerbs.contains(tokens[cue.upperBound - 1].word)
        guard sends, !isGroupPronoun(cue.upperBound) else { return false }  // "ready to send them"
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
    private func sendsElsewhere(_ cue: Range<Int>) -> Bool {
        let proposals = lexicon.proposals
        guard proposals.deployVerbs.contains(tokens[cue.upperBound - 1].word)
                || vocabulary.forceObjectCues.match(tokens, at: cue.lowerBound)?.length == cue.count else { return false }
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
    private func issuesPlanForTheForce(after index: Int) -> Bool {
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
    private func isJudgement(after index: Int) -> Bool {
        (index..<clauses.end(from: index)).contains { vocabulary.judgements.contains(tokens[$0].word) }
    }

    /// "Trump pushes for a peace deal", "Britain supports Ukraine": the cue's object is
    /// something other than the force.
    private func hasOtherObject(after index: Int) -> Bool {
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
    private func isAboutTheForce(after head: Int) -> Bool {
        let topics = lexicon.topics
        let clause = head..<clauses.end(from: head)
        guard let link = clause.first(where: { topics.aboutLinks.contains(tokens[$0].word) }) else { return false }
        return (link..<min(clause.upperBound, link + topics.aboutWindow)).contains { topics.strong.contains(tokens, at: $0) }
    }

    /// "Fico rejected Slovakia's participation", "Slovakia's participation in the mission is out
    /// of the question": the country whose part is judged holds the stance, unless a subject
    /// with a country of its own judges it ("Hungary rejected Slovakia's participation").
    private func possessiveParticipant(around cue: Range<Int>, holders: [ActorMention]) -> ActorMention? {
        guard !holders.contains(where: { $0.country != nil && $0.kind != .person }) else { return nil }
        var object = cue.upperBound
        while tokens[safe: object].map(lexicon.topics.opensNounPhrase) == true { object += 1 }
        if let owner = participant(at: object) { return owner }
        return holders.isEmpty ? participant(at: clauseStart(before: cue.lowerBound)) : nil
    }

    /// A place with its possessive at `index`, before a participation noun within three words.
    private func participant(at index: Int) -> ActorMention? {
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
    private func pointsBack(after index: Int) -> Bool {
        let object = objectHead(after: index)
        guard object.head < tokens.count, !clauses.isBreak(object.head), !tokens[object.head].is(.fullStop) else {
            return !object.namesSomeone
        }
        return isAnaphoric(object.head)
    }

    /// An anaphoric noun ("the idea") or a pronoun ("open to it") at `index`.
    private func isAnaphoric(_ index: Int) -> Bool {
        tokens[safe: index].map { lexicon.topics.anaphoric.contains($0.word) } ?? false || isGroupPronoun(index)
    }

    private func isGroupPronoun(_ index: Int) -> Bool {
        sentence.actors.contains { $0.kind == .groupPronoun && $0.tokens.contains(index) }
    }

    /// The head of the cue's object, past determiners, modifiers, compound modifiers ("a
    /// one-month truce") and the actors that qualify it ("the British-French initiative", "the
    /// British and French plan"), and whether actors were passed.
    private func objectHead(after index: Int) -> (head: Int, namesSomeone: Bool) {
        let topics = lexicon.topics
        var cursor = index
        var namesSomeone = false
        // A country's forces are the force itself, not someone else: "deploy Polish soldiers".
        func isActor(_ index: Int) -> Bool { sentence.actors.contains { $0.kind != .force && $0.tokens.contains(index) } }
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

    /// Negation or a modal among the auxiliaries just before a cue, and whether the modal makes
    /// it speculation ("might not accept").
    private func modifiers(before start: Int) -> (negated: Bool, hedged: Bool, speculative: Bool) {
        var negated = false
        var hedged = false
        var speculative = false
        var index = start - 1
        while index >= 0, isAuxiliary(at: index) {
            negated = negated || vocabulary.isNegation(tokens[index], in: clauses.text)
            hedged = hedged || vocabulary.modals.contains(tokens[index].word)
            speculative = speculative || vocabulary.speculativeModals.contains(tokens[index].word)
            index -= 1
        }
        return (negated, hedged, speculative)
    }

    /// Words between a subject and its verb: auxiliaries, modals, negations, adverbs, and an
    /// intention before its infinitive ("does not plan to contribute troops").
    private func isAuxiliary(at index: Int) -> Bool {
        let token = tokens[index]
        if vocabulary.skipWords.contains(token.word) || vocabulary.modals.contains(token.word) || vocabulary.lightVerbs.contains(token.word)
            || vocabulary.isNegation(token, in: clauses.text) || vocabulary.isAdverb(token, in: clauses.text) {
            return true
        }
        if token.is(.to) { return index > 0 && vocabulary.intentions.contains(tokens[index - 1].word) }
        // "The Kremlin on Wednesday reiterated": a day between a subject and its verb.
        if vocabulary.timeWords.contains(token.word) { return true }
        if token.is(.on), let next = tokens[safe: index + 1], vocabulary.timeWords.contains(next.word) { return true }
        return vocabulary.intentions.contains(token.word) && tokens[safe: index + 1]?.is(.to) == true
    }

    // MARK: - Subjects

    private func subject(of cue: Range<Int>, stance: Stance, previous: [ActorMention]) -> [ActorMention] {
        var index = cue.lowerBound - 1
        var passive = false
        while index >= 0, isAuxiliary(at: index) {
            passive = passive || vocabulary.beForms.contains(tokens[index].word)
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
    private func subject(endingAt start: Int) -> [ActorMention] {
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
    private func subject(ofClauseBefore coordinator: Int) -> [ActorMention] {
        var start = coordinator
        while start > 0, !clauses.isBreak(start - 1), !tokens[start - 1].is(.that) { start -= 1 }
        while start < coordinator, vocabulary.leadingConnectives.contains(tokens[start].word) || tokens[start].is(.the) { start += 1 }
        return sentence.actor(startingAt: start).map(sentence.coordinated) ?? []
    }

    /// The comma that opens ", who ... ,", an aside (", unlike France,", ", including Belgium,")
    /// or a short apposition (", Spain's neighbour,", ", the French president,") when `close` is
    /// the comma that ends it.
    private func asideStart(endingAt close: Int) -> Int? {
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
    private func opensApposition(at index: Int) -> Bool {
        if lexicon.topics.opensNounPhrase(tokens[index]) { return true }
        guard let place = sentence.actors.first(where: { $0.tokens.lowerBound == index }) else { return false }
        return tokens[safe: place.tokens.upperBound]?.is(.possessive) == true
    }

    /// A participle with its agent needs no "be" when it qualifies the force or the countries
    /// behind it: "the force, led by Britain and France,", "several European countries, led by
    /// the UK and France," or "Led by Britain and France, the force ..."; not "a meeting led by".
    private func qualifiesForce(_ participle: Int) -> Bool {
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
    private func agent(after end: Int, stance: Stance) -> [ActorMention] {
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

    // MARK: - Speakers and pronouns

    /// Who speaks in the sentence: the subject of a speech verb ("Crosetto stated that"), the
    /// actor after one (", said Crosetto"), or the actor after "according to". A person, body or
    /// source is preferred to a place: "Russia told the US ..., according to Russian Foreign
    /// Minister Sergei Lavrov" is Lavrov speaking.
    func speaker() -> ActorMention? {
        let found = speakers()
        return found.first { $0.kind != .place } ?? found.first
    }

    private func speakers() -> [ActorMention] {
        speakerGroups().flatMap { group in group.compactMap { resolve($0, speaker: nil) } }
    }

    /// Each speaking group: the subject of a speech verb, the actor after one, or after
    /// "according to".
    private func speakerGroups() -> [[ActorMention]] {
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

    private func actor(near index: Int) -> ActorMention? {
        if let mention = sentence.actor(startingAt: index) { return mention }
        guard tokens[safe: index].map(lexicon.topics.opensNounPhrase) == true else {
            return nil
        }
        return sentence.actor(startingAt: index + 1)
    }

    /// A mention with its country settled: pronouns become the person or group they stand for.
    private func resolve(_ mention: ActorMention, speaker: ActorMention?) -> ActorMention? {
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
    private func hasUnknownSpeaker(before index: Int) -> Bool {
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

    private func lastPerson(before index: Int) -> ActorMention? {
        sentence.actors.last { $0.kind == .person && $0.country != nil && $0.tokens.upperBound <= index } ?? previousPerson
    }

    // MARK: - Conditions and clauses

    /// Conditions stated after `index`, and whether one of them is strong.
    private func conditions(after index: Int) -> ([String], Bool) {
        var texts: [String] = []
        var strong = false
        // "not only with regard to missiles" sets no condition.
        for condition in sentence.conditions where condition.tokens.lowerBound > index
            && !(tokens[safe: condition.tokens.lowerBound - 1].map { vocabulary.isNegation($0, in: clauses.text) } ?? false) {
            let end = clauses.end(from: condition.tokens.upperBound)
            if let text = clauses.original(condition.tokens.lowerBound..<end) { texts.append(text) }
            strong = strong || condition.values.contains(true)
        }
        return (texts, strong)
    }

    /// Where the clause of `index` starts, past a leading "and", "while", "that" ...
    private func clauseStart(before index: Int) -> Int {
        var cursor = index
        while cursor > 0, !clauses.isBreak(cursor - 1), !tokens[cursor - 1].is(.that) { cursor -= 1 }
        while cursor < index, vocabulary.leadingConnectives.contains(tokens[cursor].word) { cursor += 1 }
        return cursor
    }
}
