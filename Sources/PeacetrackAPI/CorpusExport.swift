import PeacetrackCore

/// Everything extracted from a snapshot as one JSON object, `peacetrack extract`'s output:
/// `{"documents", "positions", "estimates", "proposals"}` with the records the API serves.
public enum CorpusExport {
    /// Writes the object to `sink` in chunks of about 64 KiB, so a large corpus never needs its
    /// whole output in memory.
    public static func write(_ store: StoreSnapshot, to sink: @escaping ([UInt8]) -> Void) {
        let names = { (code: String) in store.countries.country(code: code)?.name ?? code }
        func list<Record>(_ name: String, _ records: [Record], into writer: inout JSONWriter, _ encode: (inout JSONWriter, Record) -> Void) {
            writer.key(name)
            writer.array { writer in
                for record in records { encode(&writer, record) }
            }
        }
        var writer = JSONWriter(chunk: 1 << 16, sink: sink)
        writer.object { writer in
            list("documents", store.documents, into: &writer) { $0.documentSummary($1, facts: store.facts[$1.id]) }
            list("positions", store.positions, into: &writer) { $0.position($1, evidence: $1.evidence) }
            list("estimates", store.estimates, into: &writer) { $0.estimate($1, evidence: $1.evidence) }
            list("proposals", store.proposals, into: &writer) { $0.proposal($1, evidence: $1.evidence, estimates: $1.estimates[...], names: names) }
        }
        writer.flush()
    }

    public static func json(_ store: StoreSnapshot) -> [UInt8] {
        var output: [UInt8] = []
        write(store) { output += $0 }
        return output
    }
}
