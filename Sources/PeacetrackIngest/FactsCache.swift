import Foundation
import Glibc
import Logging
import PeacetrackCore

/// The facts of every document, kept in `<data>/facts/facts.bin` between runs, so that a
/// restart reads again only the documents it has not read before. Entries are keyed by the
/// SHA-256 of the text, and the file by the extractor's version: the lexicon's fingerprint and
/// the identity of the executable, since rules live in code and another build may read a text
/// differently. A file of another version, or one that cannot be read, is read again whole.
public final class FactsCache: Sendable {
    private let path: String
    private let version: String
    private let logger: Logger

    /// Creates `<dataDirectory>/facts` when missing; nil, with a warning, when it cannot.
    public init?(dataDirectory: String, lexicon: Lexicon, logger: Logger) {
        let directory = (dataDirectory as NSString).appendingPathComponent("facts")
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            logger.warning("facts are not kept between runs: their folder cannot be created",
                           metadata: ["folder": "\(directory)", "reason": "\(error.localizedDescription)"])
            return nil
        }
        path = (directory as NSString).appendingPathComponent("facts.bin")
        version = "\(lexicon.fingerprint) \(Self.executableIdentity())"
        self.logger = logger
    }

    /// What a document's facts are kept under: its text hash and its publication date, which
    /// the dates of its statements are resolved against.
    public static func keys(idsByHash: [String: String], documents: [Document]) -> [String: String] {
        let published = Dictionary(documents.map { ($0.id, $0.published ?? "") }, uniquingKeysWith: { first, _ in first })
        return Dictionary(idsByHash.map { hash, id in ("\(hash) \(published[id] ?? "")", id) }, uniquingKeysWith: { first, _ in first })
    }

    /// The kept facts of the documents `wanted` names (`keys` → document id), by document id.
    public func load(wanted: [String: String]) -> [String: DocumentFacts] {
        guard let data = FileManager.default.contents(atPath: path) else { return [:] }
        guard let facts = FactsCodec.decode(Array(data), version: version, wanted: wanted) else {
            logger.notice("kept facts are of another extractor version or unreadable: the corpus is read again", metadata: ["file": "\(path)"])
            return [:]
        }
        return facts
    }

    /// Replaces the file with the facts of `snapshot`'s documents, each under its key.
    public func save(_ snapshot: StoreSnapshot, keys: [String: String]) {
        let entries = snapshot.documents.compactMap { document in
            keys[document.id].flatMap { key in snapshot.facts[document.id].map { (hash: key, facts: $0) } }
        }
        do throws(ArchiveError) {
            try DurableFile.replace(path, with: FactsCodec.encode(entries, version: version))
        } catch {
            logger.warning("facts could not be kept for the next start", metadata: ["file": "\(path)", "reason": "\(error)"])
        }
    }

    /// Size and modification time of the running executable: a new build is a new extractor.
    /// When unknown, a value never seen again, so that nothing is reused.
    private static func executableIdentity() -> String {
        var status = stat()
        guard stat("/proc/self/exe", &status) == 0 else { return UUID().uuidString }
        return "\(status.st_size) \(status.st_mtim.tv_sec).\(status.st_mtim.tv_nsec)"
    }
}
