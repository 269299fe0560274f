/// One record per fact: mentions with the same id (same country, stance and actor; same
/// figure; same plan and proposers) become one record whose evidence lists every sentence.
enum Merging {
    /// `lists` are read as one list, in order: the records of every document, or of one.
    static func positions(_ lists: [[Position]]) -> [Position] {
        merge(lists) { kept, group in
            kept.conditions = unique(group.flatMap { lists[record: $0].conditions }, sharing: kept.conditions)
            kept.reportedBy = unique(group.flatMap { lists[record: $0].reportedBy }, sharing: kept.reportedBy)
            kept.actor = group.lazy.compactMap { lists[record: $0].actor }.first
        }
    }

    static func estimates(_ lists: [[Estimate]]) -> [Estimate] {
        merge(lists) { kept, group in
            kept.context = group.lazy.compactMap { lists[record: $0].context }.first
            kept.attributedTo = group.lazy.compactMap { lists[record: $0].attributedTo }.first
        }
    }

    static func proposals(_ lists: [[Proposal]]) -> [Proposal] {
        merge(lists) { kept, group in
            kept.proposers = unique(group.flatMap { lists[record: $0].proposers }, sharing: kept.proposers)
            kept.estimates = unique(group.flatMap { lists[record: $0].estimates }, sharing: kept.estimates)
        }
    }

    /// Records grouped by id in first-seen order; evidence deduplicated by place, so merging
    /// stays linear however many documents state the same fact.
    /// `combine` fills the first record's other fields from the whole group, given as places
    /// in `lists`: the group's fields are read where they are, not from copies of records.
    private static func merge<Record: EvidenceCarrying>(_ lists: [[Record]], combine: (inout Record, [RecordPlace]) -> Void) -> [Record] {
        // Groups hold places, not copies of records, and the lists are not joined into one
        // array: a corpus's records are many. `map` gives the merged list its exact size, as
        // a snapshot keeps it.
        var groupOf: [String: Int] = [:]
        var groups: [(first: RecordPlace, others: [RecordPlace])] = []
        for list in lists.indices {
            for offset in lists[list].indices {
                let place = RecordPlace(list: list, offset: offset)
                let id = lists[record: place].id
                if let group = groupOf[id] {
                    groups[group].others.append(place)
                } else {
                    groupOf[id] = groups.count
                    groups.append((place, []))
                }
            }
        }
        return groups.map { group in
            var kept = lists[record: group.first]
            guard !group.others.isEmpty else { return kept }
            let members = [group.first] + group.others
            kept.evidence = uniquePlaces(members.map { lists[record: $0].evidence })
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

/// Where a record is in a list of lists.
private struct RecordPlace {
    let list: Int
    let offset: Int
}

extension Array {
    fileprivate subscript<Record>(record place: RecordPlace) -> Record where Element == [Record] {
        self[place.list][place.offset]
    }
}

extension Extraction {
    /// The facts of every document, merged across documents.
    public static func merge(_ facts: [DocumentFacts]) -> Extraction {
        Extraction(positions: Merging.positions(facts.map(\.positions)),
                   estimates: Merging.estimates(facts.map(\.estimates)),
                   proposals: Merging.proposals(facts.map(\.proposals)))
    }
}
