/// One record per fact: mentions with the same id (same country, stance and actor; same
/// figure; same plan and proposers) become one record whose evidence lists every sentence.
enum Merging {
    static func positions(_ records: [Position]) -> [Position] {
        merge(records) { kept, other in
            kept.conditions = union(kept.conditions, other.conditions)
            kept.reportedBy = union(kept.reportedBy, other.reportedBy)
            kept.actor = kept.actor ?? other.actor
        }
    }

    static func estimates(_ records: [Estimate]) -> [Estimate] {
        merge(records) { kept, other in
            kept.context = kept.context ?? other.context
            kept.attributedTo = kept.attributedTo ?? other.attributedTo
        }
    }

    static func proposals(_ records: [Proposal]) -> [Proposal] {
        merge(records) { kept, other in
            kept.proposers = union(kept.proposers, other.proposers)
            kept.estimates = union(kept.estimates, other.estimates)
        }
    }

    private static func merge<Record: EvidenceCarrying>(_ records: [Record], combine: (inout Record, Record) -> Void) -> [Record] {
        var order: [String] = []
        var byID: [String: Record] = [:]
        for record in records {
            if var kept = byID[record.id] {
                combine(&kept, record)
                kept.evidence = union(kept.evidence, record.evidence)
                byID[record.id] = kept
            } else {
                byID[record.id] = record
                order.append(record.id)
            }
        }
        return order.compactMap { byID[$0] }
    }

    private static func union<Element: Hashable>(_ first: [Element], _ second: [Element]) -> [Element] {
        var seen = Set(first)
        return first + second.filter { seen.insert($0).inserted }
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
