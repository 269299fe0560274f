import Dispatch
import Foundation
import Logging
import PeacetrackCore
import Locking

/// A document added to or removed from the corpus, with the snapshot that includes the change.
public struct CorpusChange: Sendable {
    public enum Kind: String, Sendable {
        case added = "document.added"
        case removed = "document.removed"
    }

    public let kind: Kind
    public let documentID: String
    public let snapshot: StoreSnapshot
}

/// Why a write was refused. `status` is the HTTP status the API answers with.
public enum LibraryError: Error, Sendable, CustomStringConvertible {
    case archive(ArchiveError)
    case fetch(IngestError)
    case seedIsReadOnly(String)
    case duplicateID(String)
    case duplicateText(existingID: String)
    case duplicateURL(existingID: String)

    public var status: Int {
        switch self {
        case .archive(let error): error.status
        case .fetch(let error): error.status
        case .seedIsReadOnly: 403
        case .duplicateID, .duplicateText, .duplicateURL: 409
        }
    }

    public var description: String {
        switch self {
        case .archive(let error): error.description
        case .fetch(let error): error.description
        case .seedIsReadOnly(let id): "'\(id)' is a seed document; seeds are read-only"
        case .duplicateID(let id): "a document with id '\(id)' already exists"
        case .duplicateText(let existing): "the same text is already document '\(existing)'"
        case .duplicateURL(let existing): "this URL was already fetched as document '\(existing)'"
        }
    }
}

/// The corpus as it grows: the read-only seeds plus the documents of the durable store.
/// Writes are serialised on one queue: each is durable in the store, then the snapshot is
/// updated (reading only the changed document, merging again only the records it states) and
/// announced, and only then acknowledged. Replicas sharing the store see each other's writes
/// once `watchStore()` has been called.
public final class CorpusLibrary: Sendable {
    private let seedIDs: Set<String>
    private let seedHashes: [String: String]
    private let store: any DocumentStore
    private let extractor: Extractor
    private let logger: Logger
    private let queue = DispatchQueue(label: "peacetrack.library")
    private let current: Locked<StoreSnapshot>
    private let observers = Locked<[@Sendable (CorpusChange) -> Void]>([])
    /// True while a look at the store's changes waits on the queue: one is enough.
    private let lookPending = Locked(false)

    /// Loads the store and builds the first snapshot, reading only the documents whose facts
    /// `cache` does not keep; then, off the caller's path, keeps the facts of what it read.
    public init(seeds: [Document], store: any DocumentStore, extractor: Extractor, cache: FactsCache? = nil, logger: Logger) {
        seedIDs = Set(seeds.map(\.id))
        seedHashes = Dictionary(seeds.map { (DocumentArchive.contentHash(of: $0.text), $0.id) }, uniquingKeysWith: { first, _ in first })
        self.store = store
        self.extractor = extractor
        self.logger = logger
        let documents = seeds + store.load()
        let idsByHash = seedHashes.merging(store.documentIDsByHash) { seed, _ in seed }
        let idsByKey = FactsCache.keys(idsByHash: idsByHash, documents: documents)
        let kept = cache?.load(wanted: idsByKey) ?? [:]
        let snapshot = StoreSnapshot(documents: documents, extractor: extractor) { kept[$0.id] }
        current = Locked(snapshot)
        if let cache, kept.count < documents.count {
            let keys = Dictionary(idsByKey.map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
            queue.async { cache.save(snapshot, keys: keys) }
        }
    }

    public var snapshot: StoreSnapshot { current.withLock { $0 } }

    /// Whether the durable store can be reached (for writes and other replicas' changes).
    public var storeStatus: StoreStatus { store.status }

    /// `observer` hears of every change, in order, before the write that made it is acknowledged.
    public func observe(_ observer: @escaping @Sendable (CorpusChange) -> Void) {
        observers.withLock { $0.append(observer) }
    }

    // MARK: - Writing

    /// Stores `document` durably and rebuilds; `completion` runs on the library's queue.
    public func add(_ document: Document, completion: @escaping @Sendable (Result<StoreSnapshot, LibraryError>) -> Void) {
        queue.async { completion(self.addNow(document)) }
    }

    /// Fetches `url` (off the write queue: a fetch may take seconds) in one of the fetcher's
    /// slots, refused when all are busy, then adds the article; it is kept under `url` without
    /// credentials. The time limit counts from this call, the request's arrival.
    public func fetch(_ url: String, with fetcher: ArticleFetcher,
                      completion: @escaping @Sendable (Result<StoreSnapshot, LibraryError>) -> Void) {
        let stored = DocumentRules.withoutCredentials(url)
        if let existing = documentID(url: stored) { return completion(.failure(.duplicateURL(existingID: existing))) }
        do throws(IngestError) {
            try fetcher.beginFetch()
        } catch {
            return completion(.failure(.fetch(error)))
        }
        let deadline = ContinuousClock.now + fetcher.configuration.totalTimeout
        DispatchQueue.global().async {
            let document: Document
            do throws(IngestError) {
                defer { fetcher.endFetch() }
                let article = try Self.checked(fetcher.fetchArticle(url, deadline: deadline).article)
                document = Document(id: DocumentArchive.deriveID(title: article.title, text: article.text), title: article.title,
                                    text: article.text, source: .fetched, url: stored, published: article.published)
            } catch {
                self.logger.notice("fetch failed", metadata: ["url": "\(stored)", "reason": "\(error.logDescription)"])
                return completion(.failure(.fetch(error)))
            }
            self.queue.async {
                if let existing = self.documentID(url: stored) { return completion(.failure(.duplicateURL(existingID: existing))) }
                completion(self.addNow(document))
            }
        }
    }

    /// A fetched article held to the rules of posted documents.
    private static func checked(_ article: ArticleText) throws(IngestError) -> ArticleText {
        var article = article
        // A page's stray NUL bytes are no text: dropped, as a POST holding one is refused.
        if DocumentRules.hasNUL(article.text) { article.text = String(article.text.unicodeScalars.filter { $0 != "\0" }) }
        let bytes = article.text.utf8.count
        guard bytes <= DocumentRules.maxTextBytes else { throw .textTooLong(bytes: bytes) }
        if let title = article.title, !DocumentRules.isValidTitle(title) { throw .unusableTitle }
        return article
    }

    /// Removes an added or fetched document and rebuilds.
    public func remove(id: String, completion: @escaping @Sendable (Result<StoreSnapshot, LibraryError>) -> Void) {
        queue.async {
            if self.seedIDs.contains(id) { return completion(.failure(.seedIsReadOnly(id))) }
            do throws(ArchiveError) {
                try self.store.delete(id: id)
            } catch {
                return completion(.failure(.archive(error)))
            }
            completion(.success(self.update(removing: [id], announcing: [(.removed, id)])))
        }
    }

    /// The document fetched from `url`, if any.
    public func documentID(url: String) -> String? {
        snapshot.documents.first { $0.url == url }?.id
    }

    private func addNow(_ document: Document) -> Result<StoreSnapshot, LibraryError> {
        if seedIDs.contains(document.id) { return .failure(.duplicateID(document.id)) }
        if let seed = seedHashes[DocumentArchive.contentHash(of: document.text)] { return .failure(.duplicateText(existingID: seed)) }
        do {
            try store.write(document)
        } catch {
            switch error {
            case .duplicateID(let id): return .failure(.duplicateID(id))
            case .duplicateText(let existing): return .failure(.duplicateText(existingID: existing))
            case .duplicateURL(let existing): return .failure(.duplicateURL(existingID: existing))
            default: return .failure(.archive(error))
            }
        }
        logger.info("document added", metadata: ["id": "\(document.id)", "source": "\(document.source.rawValue)"])
        return .success(update(adding: [document], announcing: [(.added, document.id)]))
    }

    /// Applies a change to the snapshot, swaps the result in and announces the changes: those
    /// given, else every document that came or went (another replica's writes). Runs on the
    /// library's queue only.
    private func update(adding added: [Document] = [], removing removed: Set<String> = [],
                        announcing given: [(CorpusChange.Kind, String)]? = nil) -> StoreSnapshot {
        let previous = snapshot
        let next = previous.applying(added: added, removed: removed, extractor: extractor)
        current.withLock { $0 = next }
        let changes = given ?? Self.changes(from: previous, to: next)
        let listeners = observers.withLock { $0 }
        for (kind, id) in changes {
            let change = CorpusChange(kind: kind, documentID: id, snapshot: next)
            listeners.forEach { $0(change) }
        }
        return next
    }

    private static func changes(from previous: StoreSnapshot, to next: StoreSnapshot) -> [(CorpusChange.Kind, String)] {
        let before = Set(previous.documents.map(\.id))
        let after = Set(next.documents.map(\.id))
        return after.subtracting(before).sorted().map { (.added, $0) } + before.subtracting(after).sorted().map { (.removed, $0) }
    }

    // MARK: - Replicas

    /// From now on, whenever the store says it may hold other processes' writes, rebuilds with
    /// them and announces what changed.
    public func watchStore() {
        store.watch { [weak self] in
            guard let self, !self.lookPending.withLock({ pending in defer { pending = true }; return pending }) else { return }
            self.queue.async {
                self.lookPending.withLock { $0 = false }
                self.pickUpOtherWriters()
            }
        }
    }

    /// Brings the snapshot up to the store: documents new to it, or with another text, are
    /// read; those gone from it are removed.
    private func pickUpOtherWriters() {
        guard let changes = store.changes() else { return }
        let (added, removed) = changes.difference(from: snapshot)
        guard !added.isEmpty || !removed.isEmpty else { return }
        logger.info("picking up changes of another replica", metadata: ["added": "\(added.count)", "removed": "\(removed.count)"])
        _ = update(adding: added, removing: removed)
    }
}
