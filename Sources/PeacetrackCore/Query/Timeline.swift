/// The days an evidence date must fall in, both ends included; an open end is unbounded.
/// A month-only date counts as the first of its month.
public struct DateRange: Sendable, Hashable {
    public var since: CalendarDate?
    public var until: CalendarDate?

    public init(since: CalendarDate? = nil, until: CalendarDate? = nil) {
        self.since = since
        self.until = until
    }

    public var isUnbounded: Bool { since == nil && until == nil }

    public func contains(_ date: CalendarDate) -> Bool {
        (since.map { $0 <= date } ?? true) && (until.map { date <= $0 } ?? true)
    }

    /// True when one of `evidence`'s dates is in the range; undated evidence never is.
    public func admits(_ evidence: [Evidence]) -> Bool {
        isUnbounded || evidence.contains { $0.date.map { contains($0.date) } ?? false }
    }
}

/// The orders a list can be asked for.
public enum ListOrder: String, Sendable, Hashable, CaseIterable {
    /// By the document and place of each record's first evidence: stable as the corpus grows.
    case document
    /// Newest statement first (each record's latest evidence date); undated records last, in
    /// document order, as are records of the same date.
    case date
}

/// One dated statement of a country's stance.
public struct TimelineEntry: Sendable, Hashable {
    public var date: StatementDate
    public var stance: Stance
    /// The position's offset in the snapshot.
    public var position: Int
    public var evidence: Evidence

    /// Timeline order: by date, then by document, place and position, so that equal dates
    /// keep the order of the texts.
    static func isEarlier(_ a: TimelineEntry, _ b: TimelineEntry) -> Bool {
        (a.date.date, a.evidence.document, a.evidence.start, a.position) < (b.date.date, b.evidence.document, b.evidence.start, b.position)
    }
}

/// A dated statement whose stance differs from the country's latest earlier one.
public struct StanceChange: Sendable, Hashable {
    public var from: Stance
    public var entry: TimelineEntry
}

/// A country's dated statements, oldest first, and the changes of stance between them.
public struct Timeline: Sendable, Hashable {
    public var code: String
    public var name: String
    public var entries: [TimelineEntry]
    public var changes: [StanceChange]
    /// Statements with no date, left out of `entries`.
    public var undated: Int
}

extension StoreSnapshot {
    /// `offsets` of `records` in `order`.
    public func ordered<Record: EvidenceCarrying>(_ offsets: [Int], of records: [Record], by order: ListOrder) -> [Int] {
        guard order == .date else { return offsets }
        let latest = offsets.map { offset in records[offset].evidence.lazy.compactMap(\.date?.date).max() }
        // Offsets are in document order already: among equals, the earlier offset goes first.
        return offsets.indices.sorted { a, b in
            switch (latest[a], latest[b]) {
            case let (left?, right?) where left != right: left > right
            case (nil, _?): false
            case (_?, nil): true
            default: offsets[a] < offsets[b]
            }
        }.map { offsets[$0] }
    }

    /// The timeline of a country or organisation this snapshot knows; nil for an unknown code.
    public func timeline(code: String) -> Timeline? {
        let offsets = positionsByCountry[code] ?? []
        guard let name = offsets.first.map({ positions[$0].countryName }) ?? countries.country(code: code)?.name else { return nil }
        var entries: [TimelineEntry] = []
        let undated = forEachDatedStatement(of: code) { entries.append($0) }
        entries.sort(by: TimelineEntry.isEarlier)
        var changes: [StanceChange] = []
        for (previous, entry) in zip(entries, entries.dropFirst()) where entry.stance != previous.stance {
            changes.append(StanceChange(from: previous.stance, entry: entry))
        }
        return Timeline(code: code, name: name, entries: entries, changes: changes, undated: undated)
    }

    /// The last entry of the country's timeline, found without building it.
    func latestDatedStatement(of code: String) -> TimelineEntry? {
        var latest: TimelineEntry?
        forEachDatedStatement(of: code) { entry in
            if latest.map({ TimelineEntry.isEarlier($0, entry) }) ?? true { latest = entry }
        }
        return latest
    }

    /// Calls `body` with each dated evidence entry of the country's positions; returns how many were undated.
    @discardableResult
    private func forEachDatedStatement(of code: String, _ body: (TimelineEntry) -> Void) -> Int {
        var undated = 0
        for offset in positionsByCountry[code] ?? [] {
            let position = positions[offset]
            for entry in position.evidence {
                guard let date = entry.date else {
                    undated += 1
                    continue
                }
                body(TimelineEntry(date: date, stance: position.stance, position: offset, evidence: entry))
            }
        }
        return undated
    }

    /// The countries whose latest dated statement has another stance in `next` than here,
    /// looking only at the countries of `changed` records (`Revision.records`), or at every
    /// country when that is not known.
    public func stanceChanges(to next: StoreSnapshot, records changed: Set<String>?) -> [StanceChange] {
        var codes: Set<String> = []
        if let changed {
            for id in changed {
                if let offset = positionIndex[id] { codes.insert(positions[offset].country) }
                if let offset = next.positionIndex[id] { codes.insert(next.positions[offset].country) }
            }
        } else {
            codes = Set(positionsByCountry.keys).union(next.positionsByCountry.keys)
        }
        return codes.sorted().compactMap { code in
            guard let after = next.latestDatedStatement(of: code),
                  let before = latestDatedStatement(of: code), before.stance != after.stance else { return nil }
            return StanceChange(from: before.stance, entry: after)
        }
    }
}
