/// One record per fact: mentions with the same id (same country, stance and actor; same
/// figure; same plan and proposers) become one record whose evidence lists every sentence.
enum Merging {
    static func positions(_ records: [Position]) -> [Position] {
        merge(records) { kept, group in
            kept.conditions = unique(group.flatMap(\.conditions))
            kept.reportedBy = unique(group.flatMap(\.reportedBy))
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
            kept.proposers = unique(group.flatMap(\.proposers))
            kept.estimates = unique(group.flatMap(\.estimates))
        }
    }

    /// Records grouped by id in first-seen order; evidence deduplicated by place, so merging
    /// stays linear however many documents state the same fact.
    /// `combine` fills the first record's other fields from the whole group.
    private static func merge<Record: EvidenceCarrying>(_ records: [Record], combine: (inout Record, [Record]) -> Void) -> [Record] {
        var order: [String] = []
        var groups: [String: [Record]] = [:]
        for record in records {
            if groups[record.id] == nil { order.append(record.id) }
            groups[record.id, default: []].append(record)
        }
        return order.compactMap { id in
            guard let group = groups[id], var kept = group.first else { return nil }
            guard group.count > 1 else { return kept }
            var seen: Set<EvidencePlace> = []
            kept.evidence = group.flatMap(\.evidence).filter { seen.insert(EvidencePlace($0)).inserted }
            combine(&kept, group)
            return kept
        }
    }

    private struct EvidencePlace: Hashable {
        let document: String
        let start: Int

        init(_ evidence: Evidence) {
            document = evidence.document
            start = evidence.start
        }
    }

    private static func unique<Element: Hashable>(_ items: [Element]) -> [Element] {
        var seen: Set<Element> = []
        return items.filter { seen.insert($0).inserted }
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
