import Dispatch
import Locking
import PeacetrackCore

/// Where added and fetched documents are kept durably, shared by every replica: a folder
/// (`FolderStore`) or a database. `CorpusLibrary` calls it from its queue only, one call at a
/// time, so an implementation need not order concurrent writes itself.
public protocol DocumentStore: Sendable {
    /// Every stored document; changes are counted from here.
    func load() -> [Document]
    /// Stores a document durably before returning.
    func write(_ document: Document) throws(ArchiveError)
    func delete(id: String) throws(ArchiveError)
    /// Ids of the stored documents this process has seen, by text hash (the facts cache's keys).
    var documentIDsByHash: [String: String] { get }
    /// What changed since `load()` or the last call, this process's own writes possibly among
    /// it; nil when nothing did or the store cannot tell now (it then calls `watch`'s handler again).
    func changes() -> StoreChanges?
    /// Calls `changed`, on any thread, whenever the store may hold changes of other processes.
    func watch(_ changed: @escaping @Sendable () -> Void)
    /// Whether the store can be reached, for readiness: reads go on from memory either way.
    var status: StoreStatus { get }
}

public enum StoreStatus: Sendable, Equatable {
    case available
    case unavailable(reason: String)
}

/// Changes a store reports, to be compared with what the snapshot holds.
public enum StoreChanges: Sendable {
    /// Every stored document: any other added or fetched document is gone.
    case complete([Document])
    /// Documents written and ids deleted since the last look; a written document is present.
    case since(written: [Document], deleted: Set<String>)

    /// What the snapshot lacks (or holds with another text) and what it holds that is gone.
    func difference(from snapshot: StoreSnapshot) -> (added: [Document], removed: Set<String>) {
        switch self {
        case .complete(let stored):
            let storedIDs = Set(stored.map(\.id))
            let removed = snapshot.documents.lazy.filter { $0.source != .seed && !storedIDs.contains($0.id) }.map(\.id)
            return (Self.new(stored, in: snapshot), Set(removed))
        case .since(let written, let deleted):
            let removed = deleted.filter { id in snapshot.document(id: id).map { $0.source != .seed } ?? false }
            return (Self.new(written, in: snapshot), removed)
        }
    }

    private static func new(_ documents: [Document], in snapshot: StoreSnapshot) -> [Document] {
        documents.filter { snapshot.document(id: $0.id)?.text != $0.text }
    }
}

/// The embedded store: a `DocumentArchive` in the data folder, polled every `interval` seconds
/// for the writes of other processes sharing the folder.
public final class FolderStore: DocumentStore {
    private let archive: DocumentArchive
    private let interval: Double
    private let seen = Locked<ArchiveFingerprint?>(nil)
    private let poller = Locked<(any DispatchSourceTimer)?>(nil)

    public init(archive: DocumentArchive, pollEvery interval: Double) {
        self.archive = archive
        self.interval = interval
    }

    public func load() -> [Document] {
        // Taken before listing: a write in between is seen again at the next poll, never missed.
        let fingerprint = archive.fingerprint()
        defer { seen.withLock { $0 = fingerprint } }
        return archive.load()
    }

    public func write(_ document: Document) throws(ArchiveError) { try archive.write(document) }

    public func delete(id: String) throws(ArchiveError) { try archive.delete(id: id) }

    public var documentIDsByHash: [String: String] { archive.documentIDsByHash }

    public func changes() -> StoreChanges? {
        let fingerprint = archive.fingerprint()
        guard fingerprint != seen.withLock({ $0 }) else { return nil }
        seen.withLock { $0 = fingerprint }
        return .complete(archive.load())
    }

    public func watch(_ changed: @escaping @Sendable () -> Void) {
        poller.withLock { poller in
            guard poller == nil else { return }
            let timer = DispatchSource.makeTimerSource()
            timer.schedule(deadline: .now() + interval, repeating: interval)
            timer.setEventHandler(handler: changed)
            poller = timer
            timer.resume()
        }
    }

    public var status: StoreStatus { .available }

    deinit { poller.withLock { $0?.cancel() } }
}
