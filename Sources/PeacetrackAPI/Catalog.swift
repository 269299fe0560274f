import PeacetrackCore
import Locking

/// How many evidence entries each record carries: lists show a few (the newest first), single
/// records and `?evidence=all` every one.
enum EvidenceDepth: String, CaseIterable, Sendable {
    case listed, all

    static let listedCount = 3
}

/// A store snapshot with every record already encoded as JSON, so list answers are byte
/// concatenations. Built once per snapshot, off the request path.
final class EncodedSnapshot: Sendable {
    let store: StoreSnapshot
    /// The entity tag of every answer derived from this snapshot, quoted.
    let etag: String
    let positions: EncodedRecords<Position>
    let estimates: EncodedRecords<Estimate>
    let proposals: EncodedRecords<Proposal>
    /// Document summaries (no text), in document order.
    let documents: [[UInt8]]
    let documentCounts: [String: DocumentCounts]
    /// Answers of list endpoints already given for this snapshot.
    let answers = AnswerCache()

    init(_ store: StoreSnapshot) {
        self.store = store
        etag = "\"\(store.tag)\""
        positions = EncodedRecords(store.positions, of: store) { $0.position($1, evidence: $2) }
        estimates = EncodedRecords(store.estimates, of: store) { $0.estimate($1, evidence: $2) }
        proposals = EncodedRecords(store.proposals, of: store) { writer, record, evidence in
            writer.proposal(record, evidence: evidence, names: { code in store.countries.country(code: code)?.name ?? code })
        }
        let counts = Self.documentCounts(store)
        documentCounts = counts
        documents = store.documents.map { document in
            Self.encode { $0.documentSummary(document, facts: store.facts[document.id], counts: counts[document.id] ?? .init()) }
        }
    }

    /// How many records of each kind cite each document.
    static func documentCounts(_ store: StoreSnapshot) -> [String: DocumentCounts] {
        var counts: [String: DocumentCounts] = [:]
        tally(store.positions, into: &counts, \.positions)
        tally(store.estimates, into: &counts, \.estimates)
        tally(store.proposals, into: &counts, \.proposals)
        return counts
    }

    private static func tally<Record: EvidenceCarrying>(
        _ records: [Record], into counts: inout [String: DocumentCounts], _ field: WritableKeyPath<DocumentCounts, Int>
    ) {
        for record in records {
            for id in Set(record.evidence.map(\.document)) { counts[id, default: DocumentCounts()][keyPath: field] += 1 }
        }
    }

    static func encode(_ body: (inout JSONWriter) -> Void) -> [UInt8] {
        var writer = JSONWriter()
        body(&writer)
        return writer.bytes
    }
}

/// One kind of record, each encoded once as lists show it; with every evidence entry only
/// when asked, as a record with thousands of entries is asked for rarely.
struct EncodedRecords<Record: EvidenceCarrying & Sendable>: Sendable {
    typealias Write = @Sendable (inout JSONWriter, Record, [Evidence]) -> Void

    private let records: [Record]
    private let listed: [[UInt8]]
    private let write: Write

    init(_ records: [Record], of store: StoreSnapshot, write: @escaping Write) {
        self.records = records
        self.write = write
        listed = records.map { record in
            EncodedSnapshot.encode { write(&$0, record, store.listedEvidence(record.evidence, count: EvidenceDepth.listedCount)) }
        }
    }

    /// The record at `offset` with the evidence `depth` asks for.
    func body(_ offset: Int, _ depth: EvidenceDepth) -> [UInt8] {
        switch depth {
        case .listed: listed[offset]
        case .all: EncodedSnapshot.encode { write(&$0, records[offset], records[offset].evidence) }
        }
    }
}

/// The snapshot being served. Requests copy the reference under a lock held only for that
/// copy and then read immutable data; `publish` swaps in a new snapshot atomically.
public final class Catalog: Sendable {
    private let current: Locked<EncodedSnapshot>

    public init(_ store: StoreSnapshot) {
        current = Locked(EncodedSnapshot(store))
    }

    public var store: StoreSnapshot { encoded.store }

    var encoded: EncodedSnapshot { current.withLock { $0 } }

    /// Encodes the new snapshot (on the caller's thread), then swaps it in.
    public func publish(_ store: StoreSnapshot) {
        let next = EncodedSnapshot(store)
        current.withLock { $0 = next }
    }
}
