// STUB owned by the extraction work: replaced by the real pipeline.
public struct Extractor: Sendable {
    public let lexicon: Lexicon

    public init(lexicon: Lexicon) {
        self.lexicon = lexicon
    }

    public func analyze(_ document: Document) -> DocumentFacts {
        DocumentFacts(documentID: document.id, sentenceCount: 0, reportedBy: [], positions: [], estimates: [], proposals: [])
    }
}

extension Extraction {
    public static func merge(_ facts: [DocumentFacts]) -> Extraction {
        Extraction(positions: facts.flatMap(\.positions), estimates: facts.flatMap(\.estimates),
                   proposals: facts.flatMap(\.proposals))
    }
}
