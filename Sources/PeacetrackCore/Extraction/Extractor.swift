/// The extraction pipeline for one document: text → sentences → annotations → facts.
public struct Extractor: Sendable {
    public let lexicon: Lexicon

    public init(lexicon: Lexicon) {
        self.lexicon = lexicon
    }

    /// The document read sentence by sentence, with what each rule did to each cue, figure and
    /// plan: the trace behind `analyze`, for `peacetrack explain`.
    public func explain(_ document: Document) -> [TracedSentence] {
        let trace = Trace()
        var reader = DocumentReader(document: document, lexicon: lexicon, trace: trace)
        reader.read()
        return trace.sentences
    }

    public func analyze(_ document: Document) -> DocumentFacts {
        var reader = DocumentReader(document: document, lexicon: lexicon)
        reader.read()
        let estimates = Merging.estimates([reader.estimates.map(\.estimate)])
        let proposals = Self.absorbingDeployments(reader.plans.filter { !$0.proposers.isEmpty || $0.standsAlone }).map { plan in
            let linked = reader.estimates.filter { !plan.paragraphs.isDisjoint(with: [$0.paragraph]) }.map(\.estimate.id)
            return Proposal(id: StableHash.id("prop-", of: plan.label, plan.proposers.sorted().joined(separator: " ")),
                            summary: plan.summary, proposers: plan.proposers, estimates: Array(Set(linked)).sorted(),
                            evidence: plan.evidence)
        }
        return DocumentFacts(documentID: document.id, sentenceCount: reader.annotation.sentences.count,
                             reportedBy: reader.outlets, positions: Merging.positions([reader.positions]),
                             estimates: estimates, proposals: Merging.proposals([proposals]))
    }

    /// A bare troop deployment by the same countries as a more specific plan of the document
    /// is that plan: "sending British and French personnel to the frontline" and "deploying
    /// French and British troops along the frontline to monitor the ceasefire".
    private static func absorbingDeployments(_ plans: [PlanDraft]) -> [PlanDraft] {
        var result = plans.filter { $0.label != ProposalVocabulary.deploymentLabel }
        for plan in plans where plan.label == ProposalVocabulary.deploymentLabel {
            if let index = result.firstIndex(where: { Set($0.proposers) == Set(plan.proposers) }) {
                result[index].evidence += plan.evidence
                result[index].paragraphs.formUnion(plan.paragraphs)
            } else {
                result.append(plan)
            }
        }
        return result
    }
}
