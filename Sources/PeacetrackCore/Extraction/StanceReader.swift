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

    var tokens: [Token] { sentence.tokens }
    var vocabulary: StanceVocabulary { lexicon.stances }

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
            // "Opposition leader Peter Dutton has dismissed the idea": no government's stance.
            candidate.holders = subject(of: cue, stance: candidate.stance, previous: previous).filter { !speaksForOpposition($0) }
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

    /// A mention that opens with, or follows, a word of the opposition ("Opposition leader ...").
    private func speaksForOpposition(_ mention: ActorMention) -> Bool {
        let first = mention.tokens.lowerBound
        return [first, first - 1].contains { tokens[safe: $0].map { vocabulary.opposition.contains($0.word) } == true }
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
            // A person named with another country ("Keith Kellogg, Trump's envoy, suggested that
            // British troops could help") states their own country's stance, not that of the
            // troops they name; a "he" may stand for the wrong person, so the troops decide there.
            let speaksForOther = mention.kind == .person && resolved.country.map { $0 != sent?.country } == true
            let forCountry = resolved.kind != .place && resolved.kind != .body && !speaksForOther ? sent?.country : nil
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
    func isAuxiliary(at index: Int) -> Bool {
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
    func clauseStart(before index: Int) -> Int {
        var cursor = index
        while cursor > 0, !clauses.isBreak(cursor - 1), !tokens[cursor - 1].is(.that) { cursor -= 1 }
        while cursor < index, vocabulary.leadingConnectives.contains(tokens[cursor].word) { cursor += 1 }
        return cursor
    }
}
