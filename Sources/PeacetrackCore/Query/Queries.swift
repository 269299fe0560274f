/// Filters of the list endpoints, already validated. Results are offsets into the snapshot's
/// ordered lists, so callers can reuse pre-encoded records.
public struct PositionFilter: Sendable, Hashable {
    public var country: String?
    public var stance: Stance?
    /// Case-insensitive substring of the actor's name.
    public var actor: String?
    public var document: String?
    public var dates: DateRange

    public init(country: String? = nil, stance: Stance? = nil, actor: String? = nil, document: String? = nil,
                dates: DateRange = DateRange()) {
        self.country = country
        self.stance = stance
        self.actor = actor
        self.document = document
        self.dates = dates
    }
}

public struct EstimateFilter: Sendable, Hashable {
    public var unit: EstimateUnit?
    public var document: String?
    /// The estimate's range must overlap `min...max` (open ends unbounded).
    public var min: Int?
    public var max: Int?
    public var dates: DateRange

    public init(unit: EstimateUnit? = nil, document: String? = nil, min: Int? = nil, max: Int? = nil, dates: DateRange = DateRange()) {
        self.unit = unit
        self.document = document
        self.min = min
        self.max = max
        self.dates = dates
    }
}

public struct ProposalFilter: Sendable, Hashable {
    /// A proposer.
    public var country: String?
    /// Words that must all occur in the summary or evidence, case-insensitively.
    public var words: [String]
    public var document: String?
    /// An estimate the proposal is stated with.
    public var estimate: String?
    public var dates: DateRange

    public init(country: String? = nil, words: [String] = [], document: String? = nil, estimate: String? = nil,
                dates: DateRange = DateRange()) {
        self.country = country
        self.words = words
        self.document = document
        self.estimate = estimate
        self.dates = dates
    }
}

extension StoreSnapshot {
    public func positions(matching filter: PositionFilter) -> [Int] {
        let inDocument = filter.document.map { records(in: $0, \.positions, positionIndex) }
        let candidates = narrowest(all: positions.count, [
            filter.country.map { positionsByCountry[$0] ?? [] },
            filter.stance.map { positionsByStance[$0] ?? [] },
            inDocument?.offsets,
        ])
        let needle = filter.actor?.lowercased()
        return candidates.filter { offset in
            let position = positions[offset]
            return (filter.country.map { position.country == $0 } ?? true)
                && (filter.stance.map { position.stance == $0 } ?? true)
                && (inDocument.map { $0.ids.contains(position.id) } ?? true)
                && (needle.map { position.actor?.name?.lowercased().contains($0) ?? false } ?? true)
                && filter.dates.admits(position.evidence)
        }
    }

    public func estimates(matching filter: EstimateFilter) -> [Int] {
        let inDocument = filter.document.map { records(in: $0, \.estimates, estimateIndex) }
        let candidates = narrowest(all: estimates.count, [
            filter.unit.map { estimatesByUnit[$0] ?? [] },
            inDocument?.offsets,
        ])
        return candidates.filter { offset in
            let estimate = estimates[offset]
            return (filter.unit.map { estimate.unit == $0 } ?? true)
                && (inDocument.map { $0.ids.contains(estimate.id) } ?? true)
                && (filter.max.map { bound in (estimate.min ?? Int.min) <= bound } ?? true)
                && (filter.min.map { bound in (estimate.max ?? Int.max) >= bound } ?? true)
                && filter.dates.admits(estimate.evidence)
        }
    }

    public func proposals(matching filter: ProposalFilter) -> [Int] {
        let inDocument = filter.document.map { records(in: $0, \.proposals, proposalIndex) }
        let candidates = narrowest(all: proposals.count, [
            filter.country.map { proposalsByCountry[$0] ?? [] },
            inDocument?.offsets,
        ])
        let words = filter.words.map { $0.lowercased() }
        return candidates.filter { offset in
            let proposal = proposals[offset]
            return (filter.country.map { proposal.proposers.contains($0) } ?? true)
                && (inDocument.map { $0.ids.contains(proposal.id) } ?? true)
                && (filter.estimate.map { proposal.estimates.contains($0) } ?? true)
                && words.allSatisfy { proposalSearchText[offset].contains($0) }
                && filter.dates.admits(proposal.evidence)
        }
    }

    /// The records of one kind with evidence in `document`: those its own facts state.
    private func records<Record: EvidenceCarrying>(in document: String, _ kind: KeyPath<DocumentFacts, [Record]>,
                                                   _ index: [String: Int]) -> (ids: Set<String>, offsets: [Int]) {
        let stated = facts[document]?[keyPath: kind] ?? []
        return (Set(stated.map(\.id)), stated.compactMap { index[$0.id] }.sorted())
    }

    /// The smallest index list that applies, or every offset when no filter has an index.
    private func narrowest(all count: Int, _ lists: [[Int]?]) -> [Int] {
        lists.compactMap { $0 }.min { $0.count < $1.count } ?? Array(0..<count)
    }
}

/// What `/countries` reports for one country or organisation.
public struct CountrySummary: Sendable, Hashable {
    public var code: String
    public var name: String
    public var stances: [Stance: Int]
    public var positions: [Int]
    public var proposals: [Int]
    /// Named actors speaking for the country, in order of first appearance.
    public var actors: [Actor]
}

extension StoreSnapshot {
    /// Every country with a position or a proposal, by code.
    public func countrySummaries() -> [CountrySummary] {
        let codes = Set(positionsByCountry.keys).union(proposalsByCountry.keys).sorted()
        return codes.compactMap(countrySummary(code:))
    }

    public func countrySummary(code: String) -> CountrySummary? {
        let positionOffsets = positionsByCountry[code] ?? []
        let proposalOffsets = proposalsByCountry[code] ?? []
        var stances: [Stance: Int] = [:]
        var actors: [Actor] = []
        for offset in positionOffsets {
            let position = positions[offset]
            stances[position.stance, default: 0] += 1
            if let actor = position.actor, actor.name != nil, !actors.contains(actor) { actors.append(actor) }
        }
        guard let name = positionOffsets.first.map({ positions[$0].countryName }) ?? countries.country(code: code)?.name else {
            return nil
        }
        return CountrySummary(code: code, name: name, stances: stances, positions: positionOffsets,
                              proposals: proposalOffsets, actors: actors)
    }
}

extension StoreSnapshot {
    /// The first `count` of a record's `evidence` as lists show it: dated statements first,
    /// newest first, then the undated in document order (the order merging keeps).
    public func listedEvidence(_ evidence: [Evidence], count: Int) -> [Evidence] {
        var dated: [(date: CalendarDate, place: Int)] = []
        var undated: [Evidence] = []
        for (place, entry) in evidence.enumerated() {
            if let date = entry.date?.date {
                dated.append((date, place))
            } else if undated.count < count {
                undated.append(entry)
            }
        }
        guard !dated.isEmpty else { return Array(evidence.prefix(count)) }
        // Equal dates keep document order.
        let newest = dated.sorted { ($0.date, $1.place) > ($1.date, $0.place) }.prefix(count).map { evidence[$0.place] }
        return Array((newest + undated).prefix(count))
    }
}
