/// What one document yields, before facts are merged across the corpus. Kept per document so
/// that adding or removing one article re-reads only that article.
public struct DocumentFacts: Sendable {
    public var documentID: String
    public var sentenceCount: Int
    /// Outlets the document cites ("Reuters", "The Telegraph"), in order of first mention.
    public var reportedBy: [String]
    public var positions: [Position]
    public var estimates: [Estimate]
    public var proposals: [Proposal]

    public init(documentID: String, sentenceCount: Int, reportedBy: [String],
                positions: [Position], estimates: [Estimate], proposals: [Proposal]) {
        self.documentID = documentID
        self.sentenceCount = sentenceCount
        self.reportedBy = reportedBy
        self.positions = positions
        self.estimates = estimates
        self.proposals = proposals
    }
}

/// The facts of a whole corpus: the same fact stated in several documents is one record with
/// several evidence entries. Ids depend only on content, never on load order.
public struct Extraction: Sendable {
    public var positions: [Position]
    public var estimates: [Estimate]
    public var proposals: [Proposal]

    public init(positions: [Position] = [], estimates: [Estimate] = [], proposals: [Proposal] = []) {
        self.positions = positions
        self.estimates = estimates
        self.proposals = proposals
    }
}
