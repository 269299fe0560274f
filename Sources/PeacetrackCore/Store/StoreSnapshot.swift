import Dispatch
import Locking

/// An immutable view of the corpus and everything extracted from it, with the indexes that
/// queries use. A change builds a new snapshot; readers keep the one they started with.
public final class StoreSnapshot: Sendable {
    /// In id order.
    public let documents: [Document]
    public let facts: [String: DocumentFacts]
    public let positions: [Position]
    public let estimates: [Estimate]
    public let proposals: [Proposal]
    /// Names of countries and organisations by code, for records that carry only a code.
    public let countries: CountryDirectory
    /// Changes whenever the corpus changes; equal for equal corpora (replicas agree).
    public let tag: String
    /// What changed since the snapshot this one was derived from, so that what is built on a
    /// snapshot (encoded records) is redone only for that; nil for a snapshot built whole.
    public let revision: Revision?

    /// A snapshot derived from another by adding and removing documents.
    public struct Revision: Sendable {
        /// The `tag` of the snapshot it was derived from.
        public let baseTag: String
        /// Ids of the records that are new, gone or changed.
        public let records: Set<String>
        /// Ids of the documents added or removed.
        public let documents: Set<String>
    }

    /// Each document's hash; the tag is made of their sum, which a document added or removed
    /// changes by its own hash, whatever the order of the changes.
    private let documentHashes: [String: UInt64]
    let documentIndex: [String: Int]
    let positionIndex: [String: Int]
    let estimateIndex: [String: Int]
    let proposalIndex: [String: Int]
    let positionsByCountry: [String: [Int]]
    let positionsByStance: [Stance: [Int]]
    let estimatesByUnit: [EstimateUnit: [Int]]
    let proposalsByCountry: [String: [Int]]
    /// Lowercased summary and evidence of each proposal, for `q` searches.
    let proposalSearchText: [String]

    /// Builds a snapshot, reading the documents whose facts `known` does not give.
    public convenience init(documents: [Document], extractor: Extractor, known: (Document) -> DocumentFacts? = { _ in nil }) {
        let sorted = documents.sorted { $0.id < $1.id }
        var facts: [DocumentFacts?] = sorted.map(known)
        let missing = facts.indices.filter { facts[$0] == nil }
        let read = Self.analyze(missing.map { sorted[$0] }, with: extractor)
        for (slot, index) in missing.enumerated() { facts[index] = read[slot] }
        self.init(documents: sorted, facts: facts.compactMap { $0 }, countries: extractor.lexicon.countries)
    }

    /// `documents` in id order, with the facts of each.
    convenience init(documents: [Document], facts: [DocumentFacts], countries: CountryDirectory) {
        var merged = Extraction.merge(facts)
        // Sorted in place: the merged lists are the only references to their records.
        merged.positions.sort(by: Self.evidenceOrder)
        merged.estimates.sort(by: Self.evidenceOrder)
        merged.proposals.sort(by: Self.evidenceOrder)
        let hashes = Dictionary(documents.map { ($0.id, Self.hash(of: $0)) }, uniquingKeysWith: { first, _ in first })
        self.init(documents: documents, facts: Dictionary(facts.map { ($0.documentID, $0) }, uniquingKeysWith: { first, _ in first }),
                  merged: merged, countries: countries, documentHashes: hashes, revision: nil)
    }

    /// Indexes `merged`, already in evidence order, in one pass over each list.
    private init(documents: [Document], facts: [String: DocumentFacts], merged: Extraction, countries: CountryDirectory,
                 documentHashes: [String: UInt64], revision: Revision?) {
        self.documents = documents
        self.facts = facts
        self.countries = countries
        self.documentHashes = documentHashes
        self.revision = revision
        let digits = String(documentHashes.values.reduce(0, &+), radix: 16)
        tag = String(repeating: "0", count: 16 - digits.count) + digits
        positions = merged.positions
        estimates = merged.estimates
        proposals = merged.proposals

        var documentIndex: [String: Int] = [:]
        documentIndex.reserveCapacity(documents.count)
        for (offset, document) in documents.enumerated() {
            documentIndex[document.id] = offset
        }
        self.documentIndex = documentIndex

        var positionIndex: [String: Int] = [:], byCountry: [String: [Int]] = [:], byStance: [Stance: [Int]] = [:]
        positionIndex.reserveCapacity(positions.count)
        for (offset, position) in positions.enumerated() {
            positionIndex[position.id] = offset
            byCountry[position.country, default: []].append(offset)
            byStance[position.stance, default: []].append(offset)
        }
        (self.positionIndex, positionsByCountry, positionsByStance) = (positionIndex, byCountry, byStance)

        var estimateIndex: [String: Int] = [:], byUnit: [EstimateUnit: [Int]] = [:]
        estimateIndex.reserveCapacity(estimates.count)
        for (offset, estimate) in estimates.enumerated() {
            estimateIndex[estimate.id] = offset
            byUnit[estimate.unit, default: []].append(offset)
        }
        (self.estimateIndex, estimatesByUnit) = (estimateIndex, byUnit)

        var proposalIndex: [String: Int] = [:], byProposer: [String: [Int]] = [:], searchText: [String] = []
        proposalIndex.reserveCapacity(proposals.count)
        searchText.reserveCapacity(proposals.count)
        for (offset, proposal) in proposals.enumerated() {
            proposalIndex[proposal.id] = offset
            for code in Set(proposal.proposers) { byProposer[code, default: []].append(offset) }
            searchText.append(([proposal.summary] + proposal.evidence.map(\.sentence)).joined(separator: " ").lowercased())
        }
        (self.proposalIndex, proposalsByCountry, proposalSearchText) = (proposalIndex, byProposer, searchText)
    }

    public func document(id: String) -> Document? { documentIndex[id].map { documents[$0] } }
    public func documentOffset(id: String) -> Int? { documentIndex[id] }
    public func positionOffset(id: String) -> Int? { positionIndex[id] }
    public func estimateOffset(id: String) -> Int? { estimateIndex[id] }
    public func proposalOffset(id: String) -> Int? { proposalIndex[id] }

    // MARK: - Changes

    /// This snapshot with `added` documents read and the documents `removed` names gone. Only
    /// the records those documents state are merged again, from the documents that state them,
    /// so the time grows with what changed, not with the corpus. An added id already present
    /// replaces that document.
    public func applying(added: [Document], removed: Set<String>, extractor: Extractor) -> StoreSnapshot {
        let replaced = removed.union(added.lazy.map(\.id)).filter { documentIndex[$0] != nil }
        let addedFacts = Self.analyze(added, with: extractor)
        var facts = self.facts
        var hashes = documentHashes
        for id in replaced {
            facts[id] = nil
            hashes[id] = nil
        }
        for (document, read) in zip(added, addedFacts) {
            facts[document.id] = read
            hashes[document.id] = Self.hash(of: document)
        }
        let documents = Self.merging(self.documents.filter { !replaced.contains($0.id) }, added.sorted { $0.id < $1.id }) { $0.id < $1.id }
        let before = replaced.compactMap { self.facts[$0] }
        let changed = Revision(baseTag: tag, records: Self.recordIDs(before + addedFacts),
                               documents: replaced.union(added.map(\.id)))
        let merged = Extraction(
            positions: revised(positions, \.positions, changed, facts, merge: Merging.positions),
            estimates: revised(estimates, \.estimates, changed, facts, merge: Merging.estimates),
            proposals: revised(proposals, \.proposals, changed, facts, merge: Merging.proposals))
        return StoreSnapshot(documents: documents, facts: facts, merged: merged, countries: countries, documentHashes: hashes,
                             revision: changed)
    }

    /// `records` with those `changed` names merged again from the documents of `facts` that
    /// state them: those their evidence named before the change, and the added ones.
    private func revised<Record: EvidenceCarrying & Sendable>(
        _ records: [Record], _ kind: KeyPath<DocumentFacts, [Record]>, _ changed: Revision, _ facts: [String: DocumentFacts],
        merge: ([[Record]]) -> [Record]
    ) -> [Record] {
        var stating = changed.documents
        for record in records where changed.records.contains(record.id) { stating.formUnion(record.evidence.lazy.map(\.document)) }
        let lists = stating.sorted().compactMap { facts[$0]?[keyPath: kind].filter { changed.records.contains($0.id) } }
        let fresh = merge(lists).sorted(by: Self.evidenceOrder)
        return Self.merging(records.filter { !changed.records.contains($0.id) }, fresh, by: Self.evidenceOrder)
    }

    /// Every record id the facts give.
    private static func recordIDs(_ facts: [DocumentFacts]) -> Set<String> {
        var ids = Set<String>()
        for document in facts {
            ids.formUnion(document.positions.lazy.map(\.id))
            ids.formUnion(document.estimates.lazy.map(\.id))
            ids.formUnion(document.proposals.lazy.map(\.id))
        }
        return ids
    }

    /// Two lists sorted by `order`, merged into one.
    private static func merging<Element>(_ left: [Element], _ right: [Element], by order: (Element, Element) -> Bool) -> [Element] {
        guard !right.isEmpty else { return left }
        var result: [Element] = []
        result.reserveCapacity(left.count + right.count)
        var (l, r) = (0, 0)
        while l < left.count, r < right.count {
            if order(right[r], left[l]) {
                result.append(right[r])
                r += 1
            } else {
                result.append(left[l])
                l += 1
            }
        }
        result += left[l...]
        result += right[r...]
        return result
    }

    // MARK: - Building

    /// The facts of each document, read on every core. Each document's strings are pooled as
    /// its facts are stored, so duplicates across the corpus are never all held at once, not
    /// even while it is read.
    private static func analyze(_ documents: [Document], with extractor: Extractor) -> [DocumentFacts] {
        let results = Locked((facts: [DocumentFacts?](repeating: nil, count: documents.count), pool: StringPool()))
        DispatchQueue.concurrentPerform(iterations: documents.count) { slot in
            var analysed = extractor.analyze(documents[slot])
            results.withLock { results in
                results.pool.share(&analysed)
                results.facts[slot] = analysed
            }
        }
        return results.withLock { $0.facts.compactMap { $0 } }
    }

    private static func hash(of document: Document) -> UInt64 {
        var hash = StableHash()
        hash.combine(document.id)
        hash.combine(document.source.rawValue)
        hash.combine(document.text)
        return hash.value
    }

    /// Lists read in the order of their first evidence: document id, then offset.
    private static func evidenceOrder<Record: EvidenceCarrying>(_ a: Record, _ b: Record) -> Bool {
        let left = a.evidence.first, right = b.evidence.first
        if left?.document != right?.document { return (left?.document ?? "") < (right?.document ?? "") }
        if left?.start != right?.start { return (left?.start ?? 0) < (right?.start ?? 0) }
        return a.id < b.id
    }
}
