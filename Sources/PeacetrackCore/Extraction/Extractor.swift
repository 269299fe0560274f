/// The extraction pipeline for one document: text → sentences → annotations → facts.
public struct Extractor: Sendable {
    public let lexicon: Lexicon

    public init(lexicon: Lexicon) {
        self.lexicon = lexicon
    }

    public func analyze(_ document: Document) -> DocumentFacts {
        var reader = DocumentReader(document: document, lexicon: lexicon)
        reader.read()
        let estimates = Merging.estimates(reader.estimates.map(\.estimate))
        let proposals = reader.plans.filter { !$0.proposers.isEmpty }.map { plan in
            let linked = reader.estimates.filter { !plan.paragraphs.isDisjoint(with: [$0.paragraph]) }.map(\.estimate.id)
            return Proposal(id: "prop-" + StableHash.hex(of: plan.label, plan.proposers.sorted().joined(separator: " ")).prefix(12),
                            summary: plan.summary, proposers: plan.proposers, estimates: Array(Set(linked)).sorted(),
                            evidence: plan.evidence)
        }
        return DocumentFacts(documentID: document.id, sentenceCount: reader.annotation.sentences.count,
                             reportedBy: reader.outlets, positions: Merging.positions(reader.positions),
                             estimates: estimates, proposals: Merging.proposals(proposals))
    }
}
