import PeacetrackCore

/// A list as CSV (RFC 4180) for spreadsheets and pandas: UTF-8, a header row, CRLF after every
/// row, and a field quoted when it holds a quote, comma, CR or LF, its quotes doubled. Built from
/// the store's records, not from their JSON, so the list's JSON shape can change without it.
/// A list of values in one field (proposers, conditions) is joined with "; ".
struct CSVTable {
    let columns: [String]
    /// The cells of the item at an offset of the list, one per column.
    let row: (Int) -> [String]

    func encode(_ offsets: some Collection<Int>) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(64 * (offsets.count + 1))
        Self.append(columns, to: &bytes)
        for offset in offsets { Self.append(row(offset), to: &bytes) }
        return bytes
    }

    private static func append(_ cells: [String], to bytes: inout [UInt8]) {
        for (index, cell) in cells.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            guard cell.utf8.contains(where: needsQuotes) else {
                bytes.append(contentsOf: cell.utf8)
                continue
            }
            bytes.append(UInt8(ascii: "\""))
            for byte in cell.utf8 {
                if byte == UInt8(ascii: "\"") { bytes.append(byte) }
                bytes.append(byte)
            }
            bytes.append(UInt8(ascii: "\""))
        }
        bytes.append(contentsOf: [UInt8(ascii: "\r"), UInt8(ascii: "\n")])
    }

    private static func needsQuotes(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "\"") || byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\r") || byte == UInt8(ascii: "\n")
    }
}

extension CSVTable {
    /// Every record's row ends with its first evidence entry in the order lists show them (the
    /// newest dated statement first): sentence, document and the statement's date, empty when
    /// unknown; then how many entries the record has in all.
    private static let evidenceColumns = ["sentence", "document", "date", "evidenceCount"]

    private static func evidenceCells(_ evidence: [Evidence], in store: StoreSnapshot) -> [String] {
        guard let first = store.listedEvidence(evidence, count: 1).first else { return ["", "", "", "0"] }
        return [first.sentence, first.document, first.date?.date.description ?? "", String(evidence.count)]
    }

    private static func list(_ values: [String]) -> String { values.joined(separator: "; ") }

    static func positions(_ store: StoreSnapshot) -> CSVTable {
        CSVTable(columns: ["id", "country", "countryName", "stance", "actorName", "actorRole", "summary", "conditions",
                           "reportedBy"] + evidenceColumns) { offset in
            let position = store.positions[offset]
            return [position.id, position.country, position.countryName, position.stance.rawValue, position.actor?.name ?? "",
                    position.actor?.role ?? "", position.summary, list(position.conditions), list(position.reportedBy)]
                + evidenceCells(position.evidence, in: store)
        }
    }

    static func estimates(_ store: StoreSnapshot) -> CSVTable {
        CSVTable(columns: ["id", "unit", "min", "max", "approx", "text", "context", "attributedTo"] + evidenceColumns) { offset in
            let estimate = store.estimates[offset]
            return [estimate.id, estimate.unit.rawValue, estimate.min.map(String.init) ?? "", estimate.max.map(String.init) ?? "",
                    String(estimate.approx), estimate.text, estimate.context ?? "", estimate.attributedTo ?? ""]
                + evidenceCells(estimate.evidence, in: store)
        }
    }

    static func proposals(_ store: StoreSnapshot) -> CSVTable {
        CSVTable(columns: ["id", "summary", "proposers", "proposerNames", "estimates"] + evidenceColumns) { offset in
            let proposal = store.proposals[offset]
            let names = proposal.proposers.map { store.countries.country(code: $0)?.name ?? $0 }
            return [proposal.id, proposal.summary, list(proposal.proposers), list(names), list(proposal.estimates)]
                + evidenceCells(proposal.evidence, in: store)
        }
    }

    static func documents(_ store: StoreSnapshot) -> CSVTable {
        CSVTable(columns: ["id", "title", "chars", "sentences", "reportedBy", "positions", "estimates", "proposals", "source",
                           "url", "published"]) { offset in
            let document = store.documents[offset]
            let facts = store.facts[document.id]
            return [document.id, document.title, String(document.scalarCount), String(facts?.sentenceCount ?? 0),
                    list(facts?.reportedBy ?? []), String(facts?.positions.count ?? 0), String(facts?.estimates.count ?? 0),
                    String(facts?.proposals.count ?? 0), document.source.rawValue, document.url ?? "", document.published ?? ""]
        }
    }

    static func countries(_ summaries: [CountrySummary]) -> CSVTable {
        CSVTable(columns: ["code", "name"] + Stance.allCases.map(\.rawValue) + ["positions", "proposals"]) { offset in
            let summary = summaries[offset]
            return [summary.code, summary.name] + Stance.allCases.map { String(summary.stances[$0] ?? 0) }
                + [String(summary.positions.count), String(summary.proposals.count)]
        }
    }
}
