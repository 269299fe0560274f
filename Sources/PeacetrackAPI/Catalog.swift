import PeacetrackCore
import Locking

/// How many evidence entries (and a proposal's estimate ids) each record carries: lists show a
/// few (the newest evidence first, the first estimates), single records and `?evidence=all` every one.
enum EvidenceDepth: String, CaseIterable, Sendable {
    case listed, all

    static let listedCount = 3
}

/// A store snapshot with every record already encoded as JSON, so list answers are byte
/// concatenations. Built once per snapshot, off the request path.
final class EncodedSnapshot: Sendable {
    let store: StoreSnapshot
    let positions: EncodedRecords<Position>
    let estimates: EncodedRecords<Estimate>
    let proposals: EncodedRecords<Proposal>
    /// Document summaries (no text), in document order.
    let documents: [[UInt8]]
    /// Answers of list endpoints already given for this snapshot.
    let answers = AnswerCache()

    /// Encodes `store`, taking from `previous` what did not change when `store` was derived
    /// from its snapshot: a write re-encodes what it changed, not the corpus.
    init(_ store: StoreSnapshot, reusing previous: EncodedSnapshot? = nil) {
        self.store = store
        let base = previous.flatMap { previous in
            store.revision.flatMap { $0.baseTag == previous.store.tag ? (revision: $0, encoded: previous) : nil }
        }
        let changed = base?.revision.records
        positions = EncodedRecords(store.positions, of: store, reusing: base.map { ($0.encoded.positions, $0.encoded.store.positionOffset) },
                                   unless: changed) { writer, record, evidence, _ in writer.position(record, evidence: evidence) }
        estimates = EncodedRecords(store.estimates, of: store, reusing: base.map { ($0.encoded.estimates, $0.encoded.store.estimateOffset) },
                                   unless: changed) { writer, record, evidence, _ in writer.estimate(record, evidence: evidence) }
        proposals = EncodedRecords(store.proposals, of: store, reusing: base.map { ($0.encoded.proposals, $0.encoded.store.proposalOffset) },
                                   unless: changed) { writer, record, evidence, depth in
            let estimates = depth == .all ? record.estimates[...] : record.estimates.prefix(EvidenceDepth.listedCount)
            writer.proposal(record, evidence: evidence, estimates: estimates, names: { code in store.countries.country(code: code)?.name ?? code })
        }
        documents = store.documents.map { document in
            if let base, !base.revision.documents.contains(document.id), let offset = base.encoded.store.documentOffset(id: document.id) {
                return base.encoded.documents[offset]
            }
            return Self.encode { $0.documentSummary(document, facts: store.facts[document.id]) }
        }
    }

    /// The quoted entity tag of the answer to `key` (`ServerRequest.cacheKey`): the corpus
    /// version and a hash of the key, so a tag is current for one path and query only, as
    /// clients and caches assume (RFC 9110 §8.8.3), and changes with the corpus.
    func etag(for key: String) -> String {
        "\"\(store.tag)-\(StableHash.hex(of: key))\""
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
    typealias Write = @Sendable (inout JSONWriter, Record, [Evidence], EvidenceDepth) -> Void

    let records: [Record]
    private let listed: [[UInt8]]
    private let write: Write

    /// `previous` gives the encodings of the records whose ids are not in `changed`, found by id.
    init(_ records: [Record], of store: StoreSnapshot, reusing previous: (records: Self, offset: (String) -> Int?)?,
         unless changed: Set<String>?, write: @escaping Write) {
        self.records = records
        self.write = write
        listed = records.map { record in
            if let previous, changed?.contains(record.id) == false, let offset = previous.offset(record.id) {
                return previous.records.listed[offset]
            }
            return EncodedSnapshot.encode { write(&$0, record, store.listedEvidence(record.evidence, count: EvidenceDepth.listedCount), .listed) }
        }
    }

    /// The record at `offset` with the evidence `depth` asks for.
    func body(_ offset: Int, _ depth: EvidenceDepth) -> [UInt8] {
        switch depth {
        case .listed: listed[offset]
        case .all: EncodedSnapshot.encode { write(&$0, records[offset], records[offset].evidence, .all) }
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
        let next = EncodedSnapshot(store, reusing: encoded)
        current.withLock { $0 = next }
    }
}
