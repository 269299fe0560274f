import Foundation
import Glibc
import Logging
import PeacetrackCore
import Locking

/// What the archive records about a document besides its text: `<id>.json`, the commit marker.
public struct ArchivedMetadata: Codable, Sendable, Equatable {
    public var id: String
    public var title: String?
    public var url: String?
    public var published: String?
    /// `added` or `fetched`.
    public var source: Document.Source
    /// ISO 8601 date-time.
    public var addedAt: String
    /// `DocumentArchive.contentHash(of:)` of the text.
    public var sha256: String
}

public enum ArchiveError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalidID(String)
    case duplicateID(String)
    case duplicateText(existingID: String)
    /// A database store keeps one document per fetched URL.
    case duplicateURL(existingID: String)
    case notFound(String)
    /// Seed documents come from the corpus folder, not the archive.
    case notArchivable(Document.Source)
    case io(String)
    /// The store cannot be reached now; the write may be tried again later.
    case unavailable(String)

    /// The HTTP status the API answers with.
    public var status: Int {
        switch self {
        case .invalidID, .notArchivable: 400
        case .notFound: 404
        case .duplicateID, .duplicateText, .duplicateURL: 409
        case .io: 500
        case .unavailable: 503
        }
    }

    public var description: String {
        switch self {
        case .invalidID(let id): "'\(id)' is not a document id: 1 to 64 characters of a-z, 0-9, '_' and '-'"
        case .duplicateID(let id): "a document with id '\(id)' already exists"
        case .duplicateText(let existing): "the same text is already document '\(existing)'"
        case .notFound(let id): "there is no added or fetched document '\(id)'"
        case .notArchivable(let source): "\(source.rawValue) documents are not archived"
        case .duplicateURL(let existing): "this URL was already fetched as document '\(existing)'"
        case .io(let message): message
        case .unavailable(let reason): "the document store is unavailable (\(reason)); try again later"
        }
    }
}

/// Compared between polls to notice that another process sharing the folder committed or
/// deleted a document.
public struct ArchiveFingerprint: Hashable, Sendable {
    fileprivate var entries: [String]
}

/// The documents added or fetched through the API, kept durably in `<data>/documents`:
/// `<id>.txt` holds the text, `<id>.json` the metadata. The metadata is written last and removed
/// first, so a document exists exactly when its metadata does. Several processes may share the
/// folder: creating a document is exclusive between them, and `fingerprint()` shows their changes.
public final class DocumentArchive: Sendable {
    /// Leftovers of interrupted writes are removed once they are this old; younger ones may
    /// belong to a write in progress in another process.
    static let staleAge: TimeInterval = 60

    public let directory: String
    private let logger: Logger
    private let index = Locked(HashIndex())

    /// Creates `<dataDirectory>/documents` when missing; does not load (see `load()`).
    public init(dataDirectory: String, logger: Logger) throws(ArchiveError) {
        directory = (dataDirectory as NSString).appendingPathComponent("documents")
        self.logger = logger
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw .io("cannot create the document archive \(directory): \(error.localizedDescription)")
            }
            try DurableFile.syncDirectory(dataDirectory)
        } else if !isDirectory.boolValue {
            throw .io("\(directory) is not a folder")
        }
    }

    // MARK: Validation helpers

    public static func isValidID(_ id: String) -> Bool {
        (1...64).contains(id.utf8.count)
            && id.utf8.allSatisfy { (0x61...0x7a).contains($0) || (0x30...0x39).contains($0) || $0 == 0x5f || $0 == 0x2d }
            && !DocumentRules.reservedIDs.contains(id)
    }

    /// A readable id from the title: lowercase letters (accents folded) and digits, every run of
    /// other characters one '-', at most 64 characters. Without a usable title (or with one that
    /// makes a reserved id), `doc-` and the start of the text's hash. Ids derived from equal titles are equal: a second one is a duplicate.
    public static func deriveID(title: String?, text: String) -> String {
        let folded = title?.folding(options: [.diacriticInsensitive, .caseInsensitive, .widthInsensitive], locale: nil)
        var slug = ""
        var separated = false
        for byte in (folded ?? "").lowercased().utf8 {
            guard (0x61...0x7a).contains(byte) || (0x30...0x39).contains(byte) else {
                separated = true
                continue
            }
            if separated && !slug.isEmpty { slug += "-" }
            separated = false
            slug.unicodeScalars.append(Unicode.Scalar(byte))
            if slug.utf8.count >= 64 { break }
        }
        return slug.isEmpty || DocumentRules.reservedIDs.contains(slug) ? "doc-" + contentHash(of: text).prefix(16) : slug
    }

    /// SHA-256 of the UTF-8 text, in hex.
    public static func contentHash(of text: String) -> String {
        SHA256.hex(text.utf8)
    }

    /// The id of the document with this text hash, among those written or loaded by this process.
    public func documentID(withHash hash: String) -> String? {
        index.withLock { $0.idsByHash[hash] }
    }

    /// The ids of the documents written or loaded by this process, by text hash.
    public var documentIDsByHash: [String: String] {
        index.withLock { $0.idsByHash }
    }

    // MARK: Writing

    /// Stores an added or fetched document, durably before returning. Fails with `duplicateID`
    /// when the id is taken, also by another process writing the same id at the same moment.
    @discardableResult
    public func write(_ document: Document, addedAt: Date = Date()) throws(ArchiveError) -> ArchivedMetadata {
        let id = document.id
        guard Self.isValidID(id) else { throw .invalidID(id) }
        guard document.source != .seed else { throw .notArchivable(document.source) }
        let hash = Self.contentHash(of: document.text)
        if let existing = documentID(withHash: hash) { throw .duplicateText(existingID: existing) }
        let metadata = ArchivedMetadata(id: id, title: document.title, url: document.url, published: document.published,
                                        source: document.source, addedAt: Self.timestamp(addedAt), sha256: hash)
        let encoded: [UInt8]
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            encoded = Array(try encoder.encode(metadata))
        } catch {
            throw .io("cannot encode the metadata of \(id): \(error)")
        }
        let textPath = path(id, "txt"), metadataPath = path(id, "json")
        guard !FileManager.default.fileExists(atPath: metadataPath) else { throw .duplicateID(id) }

        // A text already in place without metadata is another process's write in progress, or
        // the leftover of a crash, which may be cleared once stale.
        let text = Array(document.text.utf8)
        if try !place(text, at: textPath) {
            guard !FileManager.default.fileExists(atPath: metadataPath), removeIfStale(textPath),
                  try place(text, at: textPath) else { throw .duplicateID(id) }
        }
        do throws(ArchiveError) {
            guard try place(encoded, at: metadataPath) else { throw .duplicateID(id) }
        } catch {
            // The text file is ours (link(2) created it), so no other writer's text goes.
            unlink(textPath)
            try? DurableFile.syncDirectory(directory)
            throw error
        }
        index.withLock { $0.insert(id: id, hash: hash) }
        return metadata
    }

    /// Deletes an added or fetched document: the metadata first, so that an interruption leaves
    /// at most a text without metadata, which is not loaded and is cleared later.
    public func delete(id: String) throws(ArchiveError) {
        guard Self.isValidID(id) else { throw .invalidID(id) }
        let metadataPath = path(id, "json")
        guard unlink(metadataPath) == 0 else {
            throw errno == ENOENT ? .notFound(id) : .io("cannot remove \(metadataPath): \(DurableFile.systemError())")
        }
        try DurableFile.syncDirectory(directory)
        index.withLock { $0.remove(id: id) }
        let textPath = path(id, "txt")
        do throws(ArchiveError) {
            if unlink(textPath) != 0 && errno != ENOENT {
                throw .io("cannot remove \(textPath): \(DurableFile.systemError())")
            }
            try DurableFile.syncDirectory(directory)
        } catch {
            logger.warning("deleted document leaves its text behind until a later load", metadata: [
                "file": "\(textPath)", "reason": "\(error)",
            ])
        }
    }

    // MARK: Reading

    /// Every committed document, by id. Files that cannot be a document are skipped with a
    /// warning naming them; stale leftovers of interrupted writes are removed.
    public func load() -> [Document] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            logger.error("cannot list the document archive", metadata: ["folder": "\(directory)", "reason": "\(error)"])
            return []
        }
        let present = Set(names)
        var documents: [Document] = []
        var loaded = HashIndex()
        for name in names.sorted() {
            let path = (directory as NSString).appendingPathComponent(name)
            if name.hasPrefix(".tmp-") {
                removeIfStale(path)
            } else if name.hasSuffix(".txt"), !present.contains(name.dropLast(4) + ".json") {
                removeIfStale(path)
            } else if name.hasSuffix(".json") {
                switch read(id: String(name.dropLast(5))) {
                case .success(let (document, hash)):
                    documents.append(document)
                    loaded.insert(id: document.id, hash: hash)
                case .failure(let problem):
                    logger.warning("skipping archived document", metadata: ["file": "\(path)", "reason": "\(problem)"])
                }
            }
        }
        index.withLock { $0 = loaded }
        return documents
    }

    /// Changes whenever a document is committed or deleted, by any process: the metadata files
    /// are created and removed but never rewritten, so their names, inodes and times suffice.
    public func fingerprint() -> ArchiveFingerprint {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        let entries = names.filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.sorted().map { name in
            var status = stat()
            guard stat(path(String(name.dropLast(5)), "json"), &status) == 0 else { return "\(name) -" }
            return "\(name) \(status.st_ino) \(status.st_mtim.tv_sec).\(status.st_mtim.tv_nsec) \(status.st_size)"
        }
        return ArchiveFingerprint(entries: entries)
    }

    private func read(id: String) -> Result<(Document, String), ArchiveError> {
        guard Self.isValidID(id) else { return .failure(.invalidID(id)) }
        let metadata: ArchivedMetadata
        do {
            metadata = try JSONDecoder().decode(ArchivedMetadata.self, from: Data(contentsOf: URL(fileURLWithPath: path(id, "json"))))
        } catch {
            return .failure(.io("the metadata is not valid: \(error)"))
        }
        guard metadata.id == id else { return .failure(.io("the metadata names another id, '\(metadata.id)'")) }
        guard metadata.source != .seed else { return .failure(.notArchivable(metadata.source)) }
        guard let data = FileManager.default.contents(atPath: path(id, "txt")) else {
            return .failure(.io("its text \(id).txt is missing or unreadable"))
        }
        guard let text = String(validating: data, as: UTF8.self) else { return .failure(.io("its text is not UTF-8")) }
        let hash = Self.contentHash(of: text)
        guard hash == metadata.sha256 else { return .failure(.io("its text does not match the recorded hash")) }
        let document = Document(id: id, title: metadata.title, text: text, source: metadata.source,
                                url: metadata.url, published: metadata.published)
        return .success((document, hash))
    }

    // MARK: Files

    private func path(_ id: String, _ suffix: String) -> String {
        (directory as NSString).appendingPathComponent("\(id).\(suffix)")
    }

    /// Writes `bytes` to a fresh temporary file, makes it durable and links it to `path`; false,
    /// with nothing changed, when `path` exists. Unlike rename(2), link(2) never replaces a file,
    /// which makes the creation exclusive even between processes.
    private func place(_ bytes: [UInt8], at path: String) throws(ArchiveError) -> Bool {
        let temporary = try DurableFile.writeTemporary(bytes, in: directory)
        defer { unlink(temporary) }
        guard link(temporary, path) == 0 else {
            if errno == EEXIST { return false }
            throw .io("cannot create \(path): \(DurableFile.systemError())")
        }
        try DurableFile.syncDirectory(directory)
        return true
    }

    /// Removes `path` when it was last written `staleAge` ago or earlier; true when it is gone.
    /// The file is first moved to a private name and judged there: should another process have
    /// replaced it with a fresh one in between, that one is put back.
    @discardableResult
    private func removeIfStale(_ path: String) -> Bool {
        guard let age = Self.age(path), age >= Self.staleAge else { return false }
        let name = (path as NSString).lastPathComponent
        let claimed = name.hasPrefix(".tmp-") ? path
            : (directory as NSString).appendingPathComponent(".tmp-stale-" + UUID().uuidString.lowercased())
        if claimed != path {
            guard rename(path, claimed) == 0 else { return errno == ENOENT }
            if let age = Self.age(claimed), age < Self.staleAge {
                link(claimed, path)
                unlink(claimed)
                return false
            }
        }
        guard unlink(claimed) == 0 || errno == ENOENT else { return false }
        logger.info("removed a leftover of an interrupted write", metadata: ["file": "\(path)"])
        return true
    }

    private static func age(_ path: String) -> TimeInterval? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        let modified = TimeInterval(status.st_mtim.tv_sec) + TimeInterval(status.st_mtim.tv_nsec) / 1e9
        return Date().timeIntervalSince1970 - modified
    }

    private static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }
}

/// Which committed document has which text hash, both ways.
private struct HashIndex {
    var idsByHash: [String: String] = [:]
    var hashesByID: [String: String] = [:]

    mutating func insert(id: String, hash: String) {
        idsByHash[hash] = id
        hashesByID[id] = hash
    }

    mutating func remove(id: String) {
        if let hash = hashesByID.removeValue(forKey: id), idsByHash[hash] == id {
            idsByHash.removeValue(forKey: hash)
        }
    }
}
