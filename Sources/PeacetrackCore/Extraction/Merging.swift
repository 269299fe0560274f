/// One record per fact: mentions with the same id (same country, stance and actor; same
/// figure; same plan and proposers) become one record whose evidence lists every sentence.
enum Merging {
    static func positions(_ records: [Position]) -> [Position] {
        merge(records) { kept, group in
            kept.conditions = unique(group.flatMap { records[$0].conditions }, sharing: kept.conditions)
            kept.reportedBy = unique(group.flatMap { records[$0].reportedBy }, sharing: kept.reportedBy)
            kept.actor = group.lazy.compactMap { records[$0].actor }.first
        }
    }

    static func estimates(_ records: [Estimate]) -> [Estimate] {
        merge(records) { kept, group in
            kept.context = group.lazy.compactMap { records[$0].context }.first
            kept.attributedTo = group.lazy.compactMap { records[$0].attributedTo }.first
        }
    }

    static func proposals(_ records: [Proposal]) -> [Proposal] {
        merge(records) { kept, group in
            kept.proposers = unique(group.flatMap { records[$0].proposers }, sharing: kept.proposers)
            kept.estimates = unique(group.flatMap { records[$0].estimates }, sharing: kept.estimates)
        }
    }

    /// Records grouped by id in first-seen order; evidence deduplicated by place, so merging
    /// stays linear however many documents state the same fact.
    /// `combine` fills the first record's other fields from the whole group, given as offsets
    /// into `records`: the group's fields are read where they are, not from copies of records.
    private static func merge<Record: EvidenceCarrying>(_ records: [Record], combine: (inout Record, [Int]) -> Void) -> [Record] {
        // Groups hold offsets, not copies of records; `map` gives the merged list its exact
        // size. A corpus's records are many, and a snapshot keeps them.
        var groupOf: [String: Int] = [:]
        var groups: [(first: Int, others: [Int])] = []
        for offset in records.indices {
            let id = records[offset].id
            if let group = groupOf[id] {
                groups[group].others.append(offset)
            } else {
                groupOf[id] = groups.count
                groups.append((offset, []))
            }
        }
        return groups.map { group in
            var kept = records[group.first]
            guard !group.others.isEmpty else { return kept }
            let members = [group.first] + group.others
            kept.evidence = uniquePlaces(members.map { records[$0].evidence })
            combine(&kept, members)
            return kept
        }
    }

    /// The entries of `lists` in order, each place once, in an array sized up front: merged
    /// evidence lists stay in memory as long as the snapshot, growth slack with them.
    private static func uniquePlaces(_ lists: [[Evidence]]) -> [Evidence] {
        var seen = Seen<EvidencePlace>()
        var unique: [Evidence] = []
        unique.reserveCapacity(lists.reduce(0) { $0 + $1.count })
        for entry in lists.joined() where seen.insert(EvidencePlace(entry)) { unique.append(entry) }
        return unique
    }

    /// Equal places are compared by offset first, the cheaper test and the likelier to differ.
    private struct EvidencePlace: Hashable {
        let start: Int
        let document: String

        init(_ evidence: Evidence) {
            document = evidence.document
            start = evidence.start
        }
    }

    /// `items` without repeats, or `current` when it already is that list: the records of a
    /// fact mostly repeat one list, and a snapshot keeps its storage instead of a copy.
    private static func unique<Element: Hashable>(_ items: [Element], sharing current: [Element]) -> [Element] {
        var seen = Seen<Element>()
        let unique = items.filter { seen.insert($0) }
        return unique == current ? current : unique
    }
}

/// The elements met so far. Most merged lists are short, and a short list searched in place
/// costs less than hashing; past `limit` elements a set takes over, so that long lists (a
/// fact stated by thousands of documents) are still merged in linear time.
private struct Seen<Element: Hashable> {
    private static var limit: Int { 16 }
    private var few: [Element] = []
    private var many: Set<Element>?

    /// Whether `element` is new, which it is from now on.
    mutating func insert(_ element: Element) -> Bool {
        if let inserted = many?.insert(element).inserted { return inserted }
        if few.contains(element) { return false }
        few.append(element)
        if few.count > Self.limit {
            many = Set(few)
            few = []
        }
        return true
    }
}

extension Extraction {
    /// The facts of every document, merged across documents.
    public static func merge(_ facts: [DocumentFacts]) -> Extraction {
        Extraction(positions: Merging.positions(facts.flatMap(\.positions)),
                   estimates: Merging.estimates(facts.flatMap(\.estimates)),
                   proposals: Merging.proposals(facts.flatMap(\.proposals)))
    }
}
