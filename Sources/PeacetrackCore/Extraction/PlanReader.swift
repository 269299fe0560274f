/// A plan as one document states it, before mentions of the same plan are merged.
struct PlanDraft {
    let label: String
    var proposers: [String]
    let summary: String
    var evidence: [Evidence]
    var paragraphs: Set<Int>
    let sentence: Int
    /// Kept without proposers: a shape the text states as part of a plan.
    let standsAlone: Bool
}

/// Finds plans in a sentence: a plan type ("reassurance force", "buffer zone", or a deployment
/// verb with a force noun) together with a frame ("proposal", "suggested") or a stance.
struct PlanReader {
    let vocabulary: ProposalVocabulary
    let topics: TopicVocabulary
    /// Countries whose own forces are not the force debated (Ukraine, Russia).
    let excluded: Set<String>
    let sentence: AnnotatedSentence
    let clauses: Clauses

    private var tokens: [Token] { sentence.tokens }

    /// The plan type and where it starts: the first that gives the force a shape ("a buffer
    /// zone"), else the first that only names it ("peacekeepers").
    func planType() -> (label: String, start: Int)? {
        var generic: (label: String, start: Int)?
        for match in vocabulary.types.scan(tokens) {
            guard let label = match.values.first else { continue }
            if !vocabulary.genericLabels.contains(label) { return (label, match.tokens.lowerBound) }
            generic = generic ?? (label, match.tokens.lowerBound)
        }
        if let generic { return generic }
        return tokens.indices.first { vocabulary.isDeployment(tokens, at: $0) }.map { (ProposalVocabulary.deploymentLabel, $0) }
    }

    /// Frames of a plan, but not negated ones ("no plans to send troops").
    var frames: [PhraseMatch<Bool>] {
        vocabulary.frames.scan(tokens).filter { match in
            let before = match.tokens.lowerBound - 1
            return before < 0 || !vocabulary.frameNegators.contains(tokens[before].word)
        }
    }

    /// True when the plan type follows a participation phrase ("open to taking part in a
    /// reassurance force"): the sentence's stance is about joining the plan, not proposing it.
    func isJoined(_ type: (label: String, start: Int)) -> Bool {
        vocabulary.participation.scan(tokens).contains { match in
            match.tokens.upperBound <= type.start && type.start - match.tokens.upperBound <= vocabulary.participationWindow
        }
    }

    /// Whether the cue's object is a frame noun ("open to the idea", "weighing the proposal")
    /// and the cue is no frame itself ("floated the idea"). Asked only of considering cues, so
    /// the frames are matched where they would stand rather than scanned for.
    func weighsFrame(after cue: Range<Int>) -> Bool {
        var object = cue.upperBound
        while tokens[safe: object].map(topics.opensNounPhrase) == true { object += 1 }
        return vocabulary.frames.contains(tokens, at: object) && !cue.contains { vocabulary.frames.contains(tokens, at: $0) }
    }

    /// A force without a shape (peacekeepers, a troop deployment) is a plan only when a verb
    /// proposes it ("Macron proposed deploying peacekeepers"): those ready to send troops state
    /// a stance. Unbacked and unframed, it may still be claimed by a later sentence ("This
    /// initiative was proposed by ...").
    func isProposedShapeless(_ type: (label: String, start: Int), frames: [PhraseMatch<Bool>], owners: [String],
                             backers: [Holding]) -> Bool {
        if frames.contains(where: { vocabulary.proposingFrames.match(tokens, at: $0.tokens.lowerBound)?.length == $0.tokens.count }) {
            return true
        }
        // "the German proposal": a frame that names whose plan it is.
        if !owners.isEmpty { return true }
        return backers.isEmpty && frames.isEmpty && type.label != ProposalVocabulary.deploymentLabel
    }

    /// A shape is part of a plan when a modal or a definite plan states it as one: "the force
    /// would provide", "the plan foresaw"; not "a buffer zone is one scenario under discussion".
    func isStatedAsPlan(frames: [PhraseMatch<Bool>]) -> Bool {
        tokens.contains { vocabulary.planModals.contains($0.word) }
            || frames.contains { tokens[safe: $0.tokens.lowerBound - 1].map { topics.determiners.contains($0.word) } == true }
    }

    /// Countries that issue a document with the plan: "Leaders from the EU and the UK have
    /// outlined", "Macron, Zelensky and Starmer signed".
    func issuers() -> [String] {
        guard let verb = tokens.indices.first(where: { vocabulary.issueVerbs.contains(tokens[$0].word) }) else { return [] }
        var index = verb - 1
        while index >= 0, verb - index <= vocabulary.issuerWindow {
            if let mention = sentence.actor(endingAt: index) { return sentence.coordinated(with: mention).compactMap(\.country) }
            guard tokens[index].kind == .word, !tokens[index].startsUppercase else { return [] }
            index -= 1  // "have", "jointly"
        }
        return []
    }

    /// "The plan would be activated ...", "Instead, it would serve as a deterrent": the sentence
    /// opens with a plan named before, or a pronoun for it within the first few words.
    var opensWithBackReference: Bool {
        if sentence.actors.contains(where: { $0.kind == .groupPronoun && $0.tokens.lowerBound < vocabulary.backReferenceWindow }) { return true }
        var index = 0
        while let token = tokens[safe: index], topics.determiners.contains(token.word) { index += 1 }
        guard let first = tokens[safe: index] else { return false }
        return index > 0 && topics.anaphoric.contains(first.word)
    }

    /// "This initiative was proposed by ...": a proposal verb about a plan named before.
    var refersBack: Bool {
        vocabulary.anaphoricFrames.firstMatch(tokens) != nil && tokens.indices.dropFirst().contains {
            topics.anaphoric.contains(tokens[$0].word) && topics.determiners.contains(tokens[$0 - 1].word)
        }
    }

    /// With a frame, the countries whose forces the plan deploys ("the plan of deploying French
    /// and British troops"), but not "the regeneration of Ukraine's forces".
    func forceOwners(frames: [PhraseMatch<Bool>]) -> [String] {
        guard !frames.isEmpty else { return [] }
        return sentence.actors.filter { $0.kind == .force }.compactMap(\.country).filter { !excluded.contains($0) }
    }

    /// Countries on a frame noun: "the UK-France proposal", "the German plan".
    func frameOwners(_ frames: [PhraseMatch<Bool>]) -> [String] {
        sentence.actors.compactMap { mention -> String? in
            guard case .modifier(let head) = mention.kind, frames.contains(where: { $0.tokens.contains(head) }) else { return nil }
            return mention.country
        }
    }

    /// The plan itself, without its reporting frame: from the first plan word after the frame
    /// or stance (`after`) to the end of that clause.
    func summary(type: (label: String, start: Int), after: Int) -> String? {
        var starts = [type.start]
        starts += tokens.indices.filter { vocabulary.deployVerbs.contains(tokens[$0].word) || vocabulary.planVerbs.contains(tokens, at: $0) }
        var start = starts.filter { $0 >= after }.min() ?? type.start
        while start > after, start == type.start || start < type.start, start > 0,
              tokens[start - 1].kind == .number || vocabulary.summaryLead.contains(tokens[start - 1].word) {
            start -= 1
        }
        // "the idea of European peacekeepers", "open to sending troops": the plan starts after the preposition.
        while start < type.start, tokens[start].is(.of) || tokens[start].is(.to) { start += 1 }
        let end = max(clauses.end(from: start), min(tokens.count, type.start + 1))
        return clauses.original(start..<end)
    }
}
