import Dispatch
import Locking

/// An immutable view of the corpus and everything extracted from it, with the indexes that
/// queries use. A change builds a new snapshot; readers keep the one they started with.
public final class StoreSnapshot: Sendable {
    public let documents: [Document]
    public let facts: [String: DocumentFacts]
    public let positions: [Position]
    public let estimates: [Estimate]
    public let proposals: [Proposal]
    /// Names of countries and organisations by code, for records that carry only a code.
    public let countries: CountryDirectory
    /// Changes whenever the corpus changes; equal for equal corpora (replicas agree).
    public let tag: String

    let documentIndex: [String: Int]
    let positionIndex: [String: Int]
    let estimateIndex: [String: Int]
    let proposalIndex: [String: Int]
    let positionsByCountry: [String: [Int]]
    let positionsByStance: [Stance: [Int]]
    let positionsByDocument: [String: [Int]]
    let estimatesByUnit: [EstimateUnit: [Int]]
    let estimatesByDocument: [String: [Int]]
    let proposalsByCountry: [String: [Int]]
    let proposalsByDocument: [String: [Int]]
    /// Lowercased summary and evidence of each proposal, for `q` searches.
    let proposalSearchText: [String]
    /// Publication dates of the documents that have one, by id, to list evidence newest first.
    let publishedDates: [String: String]

    /// Builds a snapshot, re-reading only documents whose facts `previous` does not hold.
    public convenience init(documents: [Document], extractor: Extractor, reusing previous: StoreSnapshot? = nil) {
        let sorted = documents.sorted { $0.id < $1.id }
        var facts: [DocumentFacts?] = sorted.map { previous?.reusableFacts(for: $0) }
        let missing = facts.indices.filter { facts[$0] == nil }
        // Each document's strings are pooled as its facts are stored, so duplicates across the
        // corpus are never all held at once, not even while it is read.
        let results = Locked((facts: [DocumentFacts?](repeating: nil, count: missing.count), pool: StringPool()))
        DispatchQueue.concurrentPerform(iterations: missing.count) { slot in
            var analysed = extractor.analyze(sorted[missing[slot]])
            results.withLock { results in
                results.pool.share(&analysed)
                results.facts[slot] = analysed
            }
        }
        results.withLock { results in
            for (slot, index) in missing.enumerated() { facts[index] = results.facts[slot] }
        }
        self.init(documents: sorted, facts: facts.compactMap { $0 }, countries: extractor.lexicon.countries)
    }

    init(documents: [Document], facts: [DocumentFacts], countries: CountryDirectory) {
        self.documents = documents
        self.countries = countries
        self.facts = Dictionary(facts.map { ($0.documentID, $0) }, uniquingKeysWith: { first, _ in first })
        // Sorted in place: the merged lists are the only references to their records.
        var merged = Extraction.merge(facts)
        merged.positions.sort(by: Self.evidenceOrder)
        merged.estimates.sort(by: Self.evidenceOrder)
        merged.proposals.sort(by: Self.evidenceOrder)
        positions = merged.positions
        estimates = merged.estimates
        proposals = merged.proposals

        var hash = StableHash()
        for document in documents {
            hash.combine(document.id)
            hash.combine(document.source.rawValue)
            hash.combine(document.text)
        }
        tag = hash.hex

        documentIndex = Self.index(documents.map(\.id))
        publishedDates = Dictionary(documents.compactMap { document in document.published.map { (document.id, $0) } },
                                    uniquingKeysWith: { first, _ in first })
        positionIndex = Self.index(positions.map(\.id))
        estimateIndex = Self.index(estimates.map(\.id))
        proposalIndex = Self.index(proposals.map(\.id))
        positionsByCountry = Self.group(positions) { [$0.country] }
        positionsByStance = Self.group(positions) { [$0.stance] }
        positionsByDocument = Self.group(positions, by: Self.documentIDs)
        estimatesByUnit = Self.group(estimates) { [$0.unit] }
        estimatesByDocument = Self.group(estimates, by: Self.documentIDs)
        proposalsByCountry = Self.group(proposals) { $0.proposers }
        proposalsByDocument = Self.group(proposals, by: Self.documentIDs)
        proposalSearchText = proposals.map { proposal in
            ([proposal.summary] + proposal.evidence.map(\.sentence)).joined(separator: " ").lowercased()
        }
    }

    public func document(id: String) -> Document? { documentIndex[id].map { documents[$0] } }
    public func positionOffset(id: String) -> Int? { positionIndex[id] }
    public func estimateOffset(id: String) -> Int? { estimateIndex[id] }
    public func proposalOffset(id: String) -> Int? { proposalIndex[id] }

    private func reusableFacts(for document: Document) -> DocumentFacts? {
        guard let old = self.document(id: document.id), old.text == document.text else { return nil }
        return facts[document.id]
    }

    /// Lists read in the order of their first evidence: document id, then offset.
    private static func evidenceOrder<Record: EvidenceCarrying>(_ a: Record, _ b: Record) -> Bool {
        let left = a.evidence.first, right = b.evidence.first
        if left?.document != right?.document { return (left?.document ?? "") < (right?.document ?? "") }
        if left?.start != right?.start { return (left?.start ?? 0) < (right?.start ?? 0) }
        return a.id < b.id
    }

    private static func documentIDs<Record: EvidenceCarrying>(_ record: Record) -> [String] {
        record.evidence.map(\.document)
    }

    private static func index(_ ids: [String]) -> [String: Int] {
        Dictionary(ids.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
    }

    private static func group<Record, Key: Hashable>(_ records: [Record], by keys: (Record) -> [Key]) -> [Key: [Int]] {
        var groups: [Key: [Int]] = [:]
        for offset in records.indices {
            for key in keys(records[offset]) { groups[key, default: []].appendOnce(offset) }
        }
        return groups
    }
}

extension [Int] {
    /// Appends `offset` unless it is already last: offsets are grouped in ascending order, so a
    /// key that a record gives twice already ends with that record's offset.
    fileprivate mutating func appendOnce(_ offset: Int) {
        if last != offset { append(offset) }
    }
}
