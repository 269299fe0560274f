import PeacetrackCore

/// Everything extracted from a snapshot as one JSON object, `peacetrack extract`'s output:
/// `{"documents", "positions", "estimates", "proposals"}` with the records the API serves.
public enum CorpusExport {
    public static func json(_ store: StoreSnapshot) -> [UInt8] {
        let encoded = EncodedSnapshot(store)
        var writer = JSONWriter(capacity: 1 << 16)
        writer.object { writer in
            for (name, records) in [("documents", encoded.documents), ("positions", encoded.positions),
                                    ("estimates", encoded.estimates), ("proposals", encoded.proposals)] {
                writer.key(name)
                writer.array { writer in records.forEach { writer.raw($0) } }
            }
        }
        return writer.bytes
    }
}
