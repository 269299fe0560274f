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

/// The corpus as it grows: the read-only seeds plus the documents of the durable archive.
/// Writes are serialised on one queue: each is durable in the archive, then the snapshot is
/// rebuilt (re-reading only the changed document) and announced, and only then acknowledged.
/// Replicas sharing the data folder see each other's writes through `watch(every:)`.
public final class CorpusLibrary: Sendable {
    private let seeds: [Document]
    private let seedHashes: [String: String]
    private let archive: DocumentArchive
    private let extractor: Extractor
    private let logger: Logger
    private let queue = DispatchQueue(label: "peacetrack.library")
    private let state: Locked<State>
    private let observers = Locked<[@Sendable (CorpusChange) -> Void]>([])
    private let watcher = Locked<(any DispatchSourceTimer)?>(nil)

    private struct State {
        var snapshot: StoreSnapshot
        var fingerprint: ArchiveFingerprint
    }

    /// Loads the archive (cleaning up leftovers of interrupted writes) and builds the first snapshot.
    public init(seeds: [Document], archive: DocumentArchive, extractor: Extractor, logger: Logger) {
        self.seeds = seeds
        seedHashes = Dictionary(seeds.map { (DocumentArchive.contentHash(of: $0.text), $0.id) }, uniquingKeysWith: { first, _ in first })
        self.archive = archive
        self.extractor = extractor
        self.logger = logger
        let fingerprint = archive.fingerprint()
        let snapshot = StoreSnapshot(documents: seeds + archive.load(), extractor: extractor)
        state = Locked(State(snapshot: snapshot, fingerprint: fingerprint))
    }

    public var snapshot: StoreSnapshot { state.withLock { $0.snapshot } }

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
        let bytes = article.text.utf8.count
        guard bytes <= DocumentRules.maxTextBytes else { throw .textTooLong(bytes: bytes) }
        if let title = article.title, !DocumentRules.isValidTitle(title) { throw .unusableTitle }
        return article
    }

    /// Removes an added or fetched document and rebuilds.
    public func remove(id: String, completion: @escaping @Sendable (Result<StoreSnapshot, LibraryError>) -> Void) {
        queue.async {
            if self.seeds.contains(where: { $0.id == id }) { return completion(.failure(.seedIsReadOnly(id))) }
            do throws(ArchiveError) {
                try self.archive.delete(id: id)
            } catch {
                return completion(.failure(.archive(error)))
            }
            completion(.success(self.rebuild(announcing: [(.removed, id)])))
        }
    }

    /// The document fetched from `url`, if any.
    public func documentID(url: String) -> String? {
        snapshot.documents.first { $0.url == url }?.id
    }

    private func addNow(_ document: Document) -> Result<StoreSnapshot, LibraryError> {
        if seeds.contains(where: { $0.id == document.id }) { return .failure(.duplicateID(document.id)) }
        if let seed = seedHashes[DocumentArchive.contentHash(of: document.text)] { return .failure(.duplicateText(existingID: seed)) }
        do {
            try archive.write(document)
        } catch {
            switch error {
            case .duplicateID(let id): return .failure(.duplicateID(id))
            case .duplicateText(let existing): return .failure(.duplicateText(existingID: existing))
            default: return .failure(.archive(error))
            }
        }
        logger.info("document added", metadata: ["id": "\(document.id)", "source": "\(document.source.rawValue)"])
        return .success(rebuild(announcing: [(.added, document.id)]))
    }

    /// Builds the snapshot of seeds plus archive as it now is, swaps it in and announces the
    /// changes: those given, else every document that came or went since the last snapshot
    /// (another replica's writes). Runs on the library's queue only.
    private func rebuild(announcing given: [(CorpusChange.Kind, String)]? = nil) -> StoreSnapshot {
        let fingerprint = archive.fingerprint()
        let previous = snapshot
        let next = StoreSnapshot(documents: seeds + archive.load(), extractor: extractor, reusing: previous)
        state.withLock { $0 = State(snapshot: next, fingerprint: fingerprint) }
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

    /// Polls the archive every `interval` seconds; when another process has added or removed a
    /// document, rebuilds and announces what changed.
    public func watch(every interval: Double) {
        watcher.withLock { watcher in
            guard watcher == nil else { return }
            let timer = DispatchSource.makeTimerSource(queue: queue)
            timer.schedule(deadline: .now() + interval, repeating: interval)
            timer.setEventHandler { [weak self] in self?.pickUpOtherWriters() }
            watcher = timer
            timer.resume()
        }
    }

    private func pickUpOtherWriters() {
        guard archive.fingerprint() != state.withLock({ $0.fingerprint }) else { return }
        logger.info("picking up changes of another replica")
        _ = rebuild()
    }

    deinit { watcher.withLock { $0?.cancel() } }
}
