/// Reads one document's facts sentence by sentence, in order, so that "he", "the
/// publication" and "this initiative" find what came before them.
struct DocumentReader {
    let document: Document
    let lexicon: Lexicon
    let annotation: DocumentAnnotation

    private(set) var positions: [Position] = []
    private(set) var estimates: [(estimate: Estimate, paragraph: Int)] = []
    private(set) var plans: [PlanDraft] = []
    private(set) var outlets: [String] = []
    private var knownOutlets: Set<String> = []
    /// Countries that backed the force in the previous sentence of the paragraph, for a plan
    /// that refers back to what they discussed ("The plan would be activated ...").
    private var previousBackers: [String] = []
    /// Where each rule's decisions go when the reading is explained.
    private let trace: Trace?
    /// What relative dates in the document's sentences are resolved against.
    private let publishedDay: CalendarDate?

    init(document: Document, lexicon: Lexicon, trace: Trace? = nil) {
        self.document = document
        self.lexicon = lexicon
        self.trace = trace
        publishedDay = document.published.flatMap { CalendarDate(iso: $0) }
        annotation = DocumentAnnotation(text: document.text, lexicon: lexicon)
    }

    mutating func read() {
        var previousPerson: ActorMention?
        var previousHolders: [ActorMention] = []
        var previousParagraph = -1
        for sentence in annotation.sentences {
            let clauses = Clauses(tokens: sentence.tokens, text: annotation.text)
            let paragraph = sentence.sentence.paragraph
            if paragraph != previousParagraph { (previousHolders, previousBackers) = ([], []) }
            let reader = StanceReader(lexicon: lexicon, sentence: sentence, clauses: clauses,
                                      previousPerson: previousPerson, previousHolders: previousHolders)
            trace?.begin(TracedSentence(index: sentence.sentence.index, text: annotation.text.text(sentence.sentence.range),
                                        onTopic: sentence.onTopic, actors: sentence.actors.map { describe($0, clauses) }))
            let holdings = reader.holdings(trace: trace)
            let cited = citedOutlets(sentence)
            // Built only for sentences that state something (most state nothing), and once, so
            // the facts of a sentence share its text and one evidence list.
            let range = sentence.sentence.range
            let (documentID, text, published) = (document.id, annotation.text, publishedDay)
            var built: [Evidence]?
            func evidence() -> [Evidence] {
                if let built { return built }
                let sentence = text.text(range)
                let made = [Evidence(document: documentID, sentence: sentence, start: range.lowerBound, end: range.upperBound,
                                     date: DateMentions.statementDate(in: sentence, published: published))]
                built = made
                return made
            }
            for holding in holdings {
                positions.append(position(holding, clauses: clauses, reportedBy: cited, evidence: evidence()))
            }
            if sentence.onTopic {
                readEstimates(sentence, clauses: clauses, speaker: reader.speaker, holdings: holdings, cited: cited, evidence: evidence)
            }
            readPlans(sentence, clauses: clauses, holdings: holdings, speaker: reader.speaker, evidence: evidence)
            if !holdings.isEmpty {
                previousHolders = holdings.map(\.holder)
                previousBackers = unique(holdings.filter { $0.stance != .opposes && $0.stance != .undecided }.map(\.country))
            }
            previousPerson = sentence.actors.last { $0.kind == .person && $0.country != nil } ?? previousPerson
            previousParagraph = paragraph
        }
    }

    private func describe(_ mention: ActorMention, _ clauses: Clauses) -> String {
        let kind: String = switch mention.kind {
        case .place: "place"
        case .person: "person"
        case .body: "body"
        case .force: "force"
        case .source: "source"
        case .personPronoun, .groupPronoun, .speakerCountry: "pronoun"
        case .modifier: "modifier"
        }
        let words = clauses.original(mention.tokens) ?? ""
        return "\(words) (" + ([kind] + [mention.country].compactMap { $0 }).joined(separator: ", ") + ")"
    }

    /// Outlets named in the sentence; "the publication" stands for the last one named.
    private mutating func citedOutlets(_ sentence: AnnotatedSentence) -> [String] {
        var cited: [String] = []
        for mention in sentence.outlets {
            guard let name = mention.name ?? outlets.last else { continue }
            if !cited.contains(name) { cited.append(name) }
            if mention.name != nil, knownOutlets.insert(name).inserted { outlets.append(name) }
        }
        return cited
    }

    private func position(_ holding: Holding, clauses: Clauses, reportedBy: [String], evidence: [Evidence]) -> Position {
        let name = holding.actor?.name ?? ""
        return Position(
            id: StableHash.id("pos-", of: holding.country, holding.stance.rawValue, name),
            country: holding.country,
            countryName: lexicon.countries.country(code: holding.country)?.name ?? holding.country,
            stance: holding.stance, actor: holding.actor,
            summary: clauses.original(holding.clause) ?? evidence.first?.sentence ?? "",
            conditions: holding.conditions, reportedBy: reportedBy, evidence: evidence)
    }

    /// `speaker` is asked only when the sentence gives a figure.
    private mutating func readEstimates(_ sentence: AnnotatedSentence, clauses: Clauses, speaker: () -> ActorMention?,
                                        holdings: [Holding], cited: [String], evidence: () -> [Evidence]) {
        let parser = QuantityParser(vocabulary: lexicon.quantities, text: annotation.text, tokens: sentence.tokens, actors: sentence.actors)
        let quantities = parser.quantities(trace: trace.map { trace in { tokens, reading in
            switch reading {
            case .size(let quantity):
                trace.candidate(.figure, clauses.original(quantity.tokens) ?? "")
                trace.step("size", .kept)
                trace.result("\(quantity.unit.rawValue) \(quantity.min.map(String.init) ?? "-")..\(quantity.max.map(String.init) ?? "-")")
            case .dropped(let step, let reason):
                trace.candidate(.figure, clauses.original(tokens) ?? "")
                trace.step(step, .dropped(reason))
            }
        } })
        guard !quantities.isEmpty else { return }
        let contexts = lexicon.quantities.contexts.scan(sentence.tokens)
        let source = sentence.actors.first { $0.kind == .source }
        let attributedTo = speaker()?.attribution ?? source?.attribution ?? cited.first
            ?? holdings.first.flatMap { $0.actor?.name ?? lexicon.countries.country(code: $0.country)?.name }
        for quantity in quantities {
            // "64,000 troops, which would need 192,000 with rotation": a context belongs to the
            // nearest figure it follows or precedes with no other figure between them.
            let context = contexts.filter { !sentence.tokens.hasNumber(between: quantity.tokens, and: $0.tokens) }
                .min { quantity.tokens.distance(to: $0.tokens) < quantity.tokens.distance(to: $1.tokens) }?.values.first
            let key = [quantity.unit.rawValue, quantity.min.map(String.init) ?? "-", quantity.max.map(String.init) ?? "-", String(quantity.approx)]
            let estimate = Estimate(
                id: StableHash.id("est-", of: key.joined(separator: " ")),
                unit: quantity.unit, min: quantity.min, max: quantity.max, approx: quantity.approx,
                text: clauses.original(quantity.tokens) ?? "", context: context, attributedTo: attributedTo,
                evidence: evidence())
            estimates.append((estimate, sentence.sentence.paragraph))
        }
    }

    private mutating func readPlans(_ sentence: AnnotatedSentence, clauses: Clauses, holdings: [Holding],
                                    speaker: () -> ActorMention?, evidence: () -> [Evidence]) {
        let reader = PlanReader(vocabulary: lexicon.proposals, topics: lexicon.topics, excluded: lexicon.quantities.excludedCountries,
                                sentence: sentence, clauses: clauses)
        // Those who weigh a plan as someone's idea ("open to the idea of European troops",
        // "considering the proposal") do not propose it; those who float it do.
        let backers = holdings.filter { holding in
            holding.stance != .opposes && holding.stance != .undecided
                && !(holding.stance == .considering && reader.weighsFrame(after: holding.cue))
        }
        let paragraph = sentence.sentence.paragraph
        guard let type = reader.planType() else {
            if !backers.isEmpty, reader.refersBack, let target = recentPlan(in: paragraph, before: sentence.sentence.index) {
                plans[target].proposers = unique(plans[target].proposers + backers.map(\.country))
                plans[target].evidence += evidence()
                trace?.candidate(.plan, "refers back to \(plans[target].label)")
                trace?.step("back reference", .changed("proposed by " + backers.map(\.country).joined(separator: ", ")))
            }
            return
        }
        trace?.candidate(.plan, type.label)
        // A question asks about a plan; it proposes none.
        guard sentence.tokens.last?.is(.questionMark) != true else {
            trace?.step("question", .dropped("the sentence asks"))
            return
        }
        let frames = reader.frames
        let owners = unique(reader.frameOwners(frames))
        let shapeless = lexicon.proposals.genericLabels.contains(type.label) || type.label == ProposalVocabulary.deploymentLabel
        if shapeless, !reader.isProposedShapeless(type, frames: frames, owners: owners, backers: backers) {
            trace?.step("shapeless", .dropped("a force without a shape needs a proposing verb or a frame naming its owner"))
            return
        }
        // Those who would join a plan ("ready to take part in a reassurance force") back
        // their own part in it, not the plan: unless a frame says they propose it ("proposed
        // sending troops to a buffer zone"), they are no proposers of it.
        let joined = frames.isEmpty && reader.isJoined(type)
        let proposing = joined ? [] : backers
        // "a British-French proposition that is desired by Ukraine": a frame's owners propose it,
        // whoever else backs it.
        var proposers = owners.isEmpty ? unique(proposing.map(\.country)) : owners
        var source = !owners.isEmpty ? "named on the frame" : joined ? "joined, not proposed" : "stance holders"
        let against = Set(holdings.filter { $0.stance == .opposes || $0.stance == .undecided }.map(\.country))
        if proposers.isEmpty {
            proposers = unique(reader.forceOwners(frames: frames)).filter { !against.contains($0) }
            source = "the forces it deploys"
        }
        // Those who only join it or weigh it leave it to a later sentence, not to the speaker.
        if proposers.isEmpty, !shapeless, holdings.isEmpty {
            (proposers, source) = proposersOfShape(reader: reader, speaker: speaker, against: against, paragraph: paragraph,
                                                   sentence: sentence.sentence.index)
        }
        let after = (proposing.map(\.cue.upperBound) + frames.map(\.tokens.upperBound)).min() ?? 0
        guard let summary = reader.summary(type: type, after: after) else {
            trace?.step("summary", .dropped("no words to summarise it"))
            return
        }
        // A shape stated as what the force would do stands without a proposer ("the force would
        // provide reassurance in the air, at sea and on land") unless someone in the sentence
        // weighs or joins it; a shapeless force waits, proposer-less, for a sentence that refers
        // back to it ("This initiative was proposed by ...").
        let standsAlone = !shapeless && holdings.isEmpty && reader.isStatedAsPlan(frames: frames)
        if proposers.isEmpty {
            trace?.step("proposers", standsAlone ? .kept : .dropped("no proposer yet; kept only if a later sentence claims it"))
        } else {
            trace?.step("proposers", .changed("\(source): " + proposers.joined(separator: ", ")))
        }
        trace?.result(summary)
        plans.append(PlanDraft(label: type.label, proposers: proposers, summary: summary, evidence: evidence(),
                               paragraphs: [paragraph], sentence: sentence.sentence.index, standsAlone: standsAlone))
    }

    /// Who gives the force a shape when no stance or frame names them: the speaker ("Healey said
    /// the deployment would secure safe skies"), those who issue a document with it ("Leaders
    /// from the EU and the UK have outlined a strategy which includes ..."), or, for a plan
    /// referred back to ("The plan would be activated ... with the purpose of monitoring"), the
    /// proposers of the plan just before, or those who backed the force in the sentence before.
    private func proposersOfShape(reader: PlanReader, speaker: () -> ActorMention?, against: Set<String>,
                                  paragraph: Int, sentence: Int) -> (proposers: [String], source: String) {
        if let country = speaker()?.country, !against.contains(country) { return ([country], "the speaker") }
        let issuers = unique(reader.issuers())
        if !issuers.isEmpty { return (issuers, "those who issue it") }
        guard reader.opensWithBackReference else { return ([], "") }
        if let target = recentPlan(in: paragraph, before: sentence), !plans[target].proposers.isEmpty {
            return (plans[target].proposers, "the plan it refers back to")
        }
        return (previousBackers.filter { !against.contains($0) }, "the backers of the sentence before")
    }

    /// The latest plan of the paragraph among the few sentences before `index`.
    private func recentPlan(in paragraph: Int, before index: Int) -> Int? {
        var candidate = plans.count - 1
        while candidate >= 0, index - plans[candidate].sentence <= lexicon.proposals.backReferenceSentences {
            if plans[candidate].paragraphs.contains(paragraph) { return candidate }
            candidate -= 1
        }
        return nil
    }

    private func unique(_ codes: [String]) -> [String] {
        var seen: Set<String> = []
        return codes.filter { seen.insert($0).inserted }
    }
}

extension Range<Int> {
    /// Tokens between two ranges that do not overlap.
    func distance(to other: Range<Int>) -> Int {
        Swift.max(lowerBound, other.lowerBound) - Swift.min(upperBound, other.upperBound)
    }
}

extension [Token] {
    /// Whether a number token lies between two token ranges that do not overlap.
    func hasNumber(between first: Range<Int>, and second: Range<Int>) -> Bool {
        let gap = Swift.min(first.upperBound, second.upperBound)..<Swift.max(first.lowerBound, second.lowerBound)
        return gap.contains { self[safe: $0]?.kind == .number }
    }
}
