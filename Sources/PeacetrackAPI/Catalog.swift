import PeacetrackCore
import Locking

/// A store snapshot with every record already encoded as JSON, so list answers are byte
/// concatenations. Built once per snapshot, off the request path.
final class EncodedSnapshot: Sendable {
    let store: StoreSnapshot
    let positions: [[UInt8]]
    let estimates: [[UInt8]]
    let proposals: [[UInt8]]
    /// Document summaries (no text), in document order.
    let documents: [[UInt8]]
    let documentCounts: [String: DocumentCounts]
    /// Answers of list endpoints already given for this snapshot.
    let answers = AnswerCache()

    init(_ store: StoreSnapshot) {
        self.store = store
        positions = store.positions.map { record in Self.encode { $0.position(record) } }
        estimates = store.estimates.map { record in Self.encode { $0.estimate(record) } }
        proposals = store.proposals.map { record in
            Self.encode { $0.proposal(record, names: { code in store.countries.country(code: code)?.name ?? code }) }
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
