/// One record per fact: mentions with the same id (same country, stance and actor; same
/// figure; same plan and proposers) become one record whose evidence lists every sentence.
enum Merging {
    static func positions(_ records: [Position]) -> [Position] {
        merge(records) { kept, group in
            kept.conditions = unique(group.flatMap(\.conditions), sharing: kept.conditions)
            kept.reportedBy = unique(group.flatMap(\.reportedBy), sharing: kept.reportedBy)
            kept.actor = group.lazy.compactMap(\.actor).first
        }
    }

    static func estimates(_ records: [Estimate]) -> [Estimate] {
        merge(records) { kept, group in
            kept.context = group.lazy.compactMap(\.context).first
            kept.attributedTo = group.lazy.compactMap(\.attributedTo).first
        }
    }

    static func proposals(_ records: [Proposal]) -> [Proposal] {
        merge(records) { kept, group in
            kept.proposers = unique(group.flatMap(\.proposers), sharing: kept.proposers)
            kept.estimates = unique(group.flatMap(\.estimates), sharing: kept.estimates)
        }
    }

    /// Records grouped by id in first-seen order; evidence deduplicated by place, so merging
    /// stays linear however many documents state the same fact.
    /// `combine` fills the first record's other fields from the whole group.
    private static func merge<Record: EvidenceCarrying>(_ records: [Record], combine: (inout Record, [Record]) -> Void) -> [Record] {
        // Groups hold offsets, not copies of records; `map` gives the merged list its exact
        // size. A corpus's records are many, and a snapshot keeps them.
        var groupOf: [String: Int] = [:]
        var groups: [(first: Int, others: [Int])] = []
        for (offset, record) in records.enumerated() {
            if let group = groupOf[record.id] {
                groups[group].others.append(offset)
            } else {
                groupOf[record.id] = groups.count
                groups.append((offset, []))
            }
        }
        return groups.map { group in
            var kept = records[group.first]
            guard !group.others.isEmpty else { return kept }
            let members = [kept] + group.others.map { records[$0] }
            kept.evidence = uniquePlaces(members.map(\.evidence))
            combine(&kept, members)
            return kept
        }
    }

    /// The entries of `lists` in order, each place once, in an array sized up front: merged
    /// evidence lists stay in memory as long as the snapshot, growth slack with them.
    private static func uniquePlaces(_ lists: [[Evidence]]) -> [Evidence] {
        var seen: Set<EvidencePlace> = []
        var unique: [Evidence] = []
        unique.reserveCapacity(lists.reduce(0) { $0 + $1.count })
        for entry in lists.joined() where seen.insert(EvidencePlace(entry)).inserted { unique.append(entry) }
        return unique
    }

    private struct EvidencePlace: Hashable {
        let document: String
        let start: Int

        init(_ evidence: Evidence) {
            document = evidence.document
            start = evidence.start
        }
    }

    /// `items` without repeats, or `current` when it already is that list: the records of a
    /// fact mostly repeat one list, and a snapshot keeps its storage instead of a copy.
    private static func unique<Element: Hashable>(_ items: [Element], sharing current: [Element]) -> [Element] {
        var seen: Set<Element> = []
        let unique = items.filter { seen.insert($0).inserted }
        return unique == current ? current : unique
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
