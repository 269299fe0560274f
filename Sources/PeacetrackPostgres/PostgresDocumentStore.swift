import CPostgres
import Dispatch
import Foundation
import Locking
import Logging
import PeacetrackCore
import PeacetrackIngest

/// Added and fetched documents in PostgreSQL, shared by every replica: a write is acknowledged
/// once its transaction has committed; duplicates are refused by the table's unique
/// constraints; each write notifies the other replicas, which catch up by `seq`.
///
/// Two connections, each used by one side only: the command connection runs writes and
/// catch-up reads (the library's queue calls them one at a time; a lock guards it all the
/// same), and the listener's connection waits for notifications.
public final class PostgresDocumentStore: DocumentStore {
    /// After a failed connection attempt, writes are refused at once for this long rather than
    /// each waiting for a connection that is likely to fail again.
    static let reconnectPause: Duration = .milliseconds(500)
    /// A connection idle this long is checked before use: the database may have restarted.
    static let idleCheck: Duration = .seconds(1)

    private let parameters: [(keyword: String, value: String)]
    private let logger: Logger
    private let link = Locked(CommandLink())
    private let seen = Locked(Seen())
    private let listener: ChangeListener
    private let onChange = Locked<(@Sendable () -> Void)?>(nil)

    private struct CommandLink {
        var connection: PostgresConnection?
        var lastUse = ContinuousClock.now
        var lastFailure: ContinuousClock.Instant?
    }

    private struct Seen {
        /// The newest change read; everything up to it is in the snapshot.
        var sequence: Int64 = 0
        var idsByHash: [String: String] = [:]
    }

    /// `url` is a libpq connection URI or `key=value` string; it is checked, not yet used.
    public init(url: String, logger: Logger) throws(StoreConfigurationError) {
        try Self.validate(url)
        // Defaults the URI may override: a bounded connect; keepalives, so that a database gone
        // silent behind a network failure is noticed (on TCP connections); and a server-side end
        // to a transaction left open by a replica that froze, which would hold the write lock.
        parameters = [
            ("connect_timeout", "5"), ("keepalives", "1"), ("keepalives_idle", "10"), ("keepalives_interval", "5"),
            ("keepalives_count", "3"), ("options", "-c idle_in_transaction_session_timeout=10s"),
            ("application_name", "peacetrack"), ("dbname", url),
        ]
        self.logger = logger
        listener = ChangeListener(parameters: parameters, logger: logger)
    }

    private static func validate(_ url: String) throws(StoreConfigurationError) {
        var error: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(url, &error) else {
            let message = error.map { String(cString: $0).trimmingCharacters(in: .whitespacesAndNewlines) } ?? "not a connection URI"
            PQfreemem(error)
            throw StoreConfigurationError(message: message)
        }
        PQconninfoFree(options)
    }

    // MARK: DocumentStore

    public func load() -> [Document] {
        do {
            let (written, _) = try catchUp()
            seen.withLock { $0.idsByHash = Dictionary(written.map { ($0.hash, $0.document.id) }, uniquingKeysWith: { first, _ in first }) }
            return written.map(\.document)
        } catch {
            logger.error("cannot load documents from the database; they are read once it can be reached", metadata: ["reason": "\(error)"])
            return []
        }
    }

    public func write(_ document: Document) throws(ArchiveError) {
        guard DocumentArchive.isValidID(document.id) else { throw .invalidID(document.id) }
        guard document.source != .seed else { throw .notArchivable(document.source) }
        let hash = DocumentArchive.contentHash(of: document.text)
        let values = [document.id, document.text, document.title, document.url, document.published, document.source.rawValue, hash]
        do {
            try transaction { connection throws(PostgresError) in try connection.execute(DocumentSchema.insert, values) }
        } catch {
            if case .statement(PostgresError.uniqueViolation, let constraint, _) = error,
               let duplicate = duplicate(of: document, hash: hash, by: constraint) {
                throw duplicate
            }
            throw refusal(error)
        }
    }

    public func delete(id: String) throws(ArchiveError) {
        guard DocumentArchive.isValidID(id) else { throw .invalidID(id) }
        let removed: Bool
        do {
            removed = try transaction { connection throws(PostgresError) in !(try connection.execute(DocumentSchema.delete, [id])).isEmpty }
        } catch {
            throw refusal(error)
        }
        guard removed else { throw .notFound(id) }
    }

    public var documentIDsByHash: [String: String] { seen.withLock { $0.idsByHash } }

    public func changes() -> StoreChanges? {
        do {
            let (written, deleted) = try catchUp()
            return written.isEmpty && deleted.isEmpty ? nil : .since(written: written.map(\.document), deleted: deleted)
        } catch {
            logger.warning("cannot read the changes of other replicas", metadata: ["reason": "\(error)"])
            // While the listener is down it catches up itself once back; otherwise look again soon.
            if listener.problem == nil, let changed = onChange.withLock({ $0 }) {
                DispatchQueue.global().asyncAfter(deadline: .now() + 1, execute: changed)
            }
            return nil
        }
    }

    public func watch(_ changed: @escaping @Sendable () -> Void) {
        onChange.withLock { $0 = changed }
        listener.start { [seen] newest in
            // Notifications of changes already read (this replica's own, often) need no look.
            if let newest, newest <= seen.withLock({ $0.sequence }) { return }
            changed()
        }
    }

    public var status: StoreStatus {
        listener.problem.map { .unavailable(reason: $0) } ?? .available
    }

    // MARK: Reading changes

    /// Every document written and id deleted since the last look, as they stand now (a
    /// document deleted and written again is written), in commit order.
    private func catchUp() throws(PostgresError) -> (written: [(document: Document, hash: String)], deleted: Set<String>) {
        let after = seen.withLock { $0.sequence }
        let rows = try withConnection { connection throws(PostgresError) in
            try connection.execute(DocumentSchema.changesAfter, [String(after)])
        }
        var written: [String: (sequence: Int64, document: Document, hash: String)] = [:]
        var deleted: Set<String> = []
        var newest = after
        for row in rows {
            guard row.count == 8, let sequence = row[0].flatMap({ Int64($0) }), let id = row[1] else { continue }
            newest = max(newest, sequence)
            guard let text = row[2] else {
                written[id] = nil
                deleted.insert(id)
                continue
            }
            guard DocumentArchive.isValidID(id), let source = row[6].flatMap(Document.Source.init(rawValue:)), source != .seed,
                  let hash = row[7] else {
                logger.warning("skipping a database row that is not a document", metadata: ["id": "\(id)", "seq": "\(sequence)"])
                continue
            }
            deleted.remove(id)
            written[id] = (sequence, Document(id: id, title: row[3], text: text, source: source, url: row[4], published: row[5]), hash)
        }
        seen.withLock { $0.sequence = newest }
        return (written.values.sorted { $0.sequence < $1.sequence }.map { ($0.document, $0.hash) }, deleted)
    }

    // MARK: Connection

    @discardableResult
    /// Runs `body` in a transaction that holds the write lock (see `DocumentSchema`).
    private func transaction<T: Sendable>(_ body: (PostgresConnection) throws(PostgresError) -> T) throws(PostgresError) -> T {
        try withConnection { connection throws(PostgresError) in
            try connection.execute("BEGIN")
            do throws(PostgresError) {
                try connection.execute("SELECT pg_advisory_xact_lock($1::bigint)", [DocumentSchema.writeLock])
                let result = try body(connection)
                try connection.execute("COMMIT")
                return result
            } catch {
                if case .statement = error { _ = try? connection.execute("ROLLBACK") }
                throw error
            }
        }
    }

    /// Runs `body` on the command connection, (re)connecting and migrating first when needed.
    /// A connection that failed is dropped, so the next call connects again.
    private func withConnection<T: Sendable>(_ body: (PostgresConnection) throws(PostgresError) -> T) throws(PostgresError) -> T {
        try link.withLock { link throws(PostgresError) -> T in
            if let open = link.connection, ContinuousClock.now - link.lastUse >= Self.idleCheck {
                do throws(PostgresError) {
                    try open.execute("SELECT 1")
                } catch {
                    link.connection = nil
                }
            }
            let connection: PostgresConnection
            if let open = link.connection {
                connection = open
            } else {
                connection = try connect(&link)
            }
            link.lastUse = .now
            do throws(PostgresError) {
                return try body(connection)
            } catch {
                if case .connection = error {
                    link.connection = nil
                    link.lastFailure = .now
                }
                throw error
            }
        }
    }

    private func connect(_ link: inout CommandLink) throws(PostgresError) -> PostgresConnection {
        if let failed = link.lastFailure, ContinuousClock.now - failed < Self.reconnectPause {
            throw .connection("the last attempt to connect failed moments ago")
        }
        do {
            let connection = try PostgresConnection(parameters: parameters)
            try DocumentSchema.migrate(connection)
            link.connection = connection
            link.lastFailure = nil
            return connection
        } catch {
            link.lastFailure = .now
            throw error
        }
    }

    // MARK: Errors

    /// The kind of duplicate a unique violation of `constraint` means.
    private func duplicate(of document: Document, hash: String, by constraint: String?) -> ArchiveError? {
        switch constraint {
        case DocumentSchema.idConstraint: .duplicateID(document.id)
        case DocumentSchema.textConstraint: .duplicateText(existingID: existingID(DocumentSchema.idByText, hash))
        case DocumentSchema.fetchedURLConstraint: .duplicateURL(existingID: existingID(DocumentSchema.idByFetchedURL, document.url ?? ""))
        default: nil
        }
    }

    /// What the library is told of a failed write; the database's own words go to the log only.
    private func refusal(_ error: PostgresError) -> ArchiveError {
        if case .connection = error {
            logger.warning("the database cannot be reached; write refused", metadata: ["reason": "\(error)"])
            return .unavailable("the database cannot be reached")
        }
        logger.error("the database refused a write", metadata: ["reason": "\(error)"])
        return .io("the database refused the write")
    }

    /// The document a duplicate collided with; it may have gone meanwhile.
    private func existingID(_ query: String, _ value: String) -> String {
        let found = try? withConnection { connection throws(PostgresError) in try connection.value(query, [value]) }
        return (found ?? nil) ?? "(since removed)"
    }
}

/// A store setting that cannot be used, such as a malformed connection URI.
public struct StoreConfigurationError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
