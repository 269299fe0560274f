/// The tables of the PostgreSQL store and the statements on them. Every write takes one
/// transaction-scoped advisory lock before its sequence number is drawn, so writes commit in
/// `seq` order: a replica that has read up to some `seq` cannot later find a smaller one
/// committed, and catching up by `seq > last seen` misses nothing.
enum DocumentSchema {
    /// The channel writes notify, with the change's `seq` as payload.
    static let channel = "peacetrack_documents"
    /// The advisory lock key that orders writes (and schema changes) between replicas.
    static let writeLock = "7305845627019873"

    /// Constraint names, as the unique violations name them.
    static let idConstraint = "documents_pkey"
    static let textConstraint = "documents_text_unique"
    static let fetchedURLConstraint = "documents_fetched_url_unique"

    /// Migrations in order: the schema's version is how many of them have run.
    static let migrations: [[String]] = [
        [
            """
            CREATE TABLE documents (
                id text PRIMARY KEY,
                text text NOT NULL,
                title text,
                url text,
                published text,
                source text NOT NULL CHECK (source IN ('added', 'fetched')),
                sha256 text NOT NULL CONSTRAINT documents_text_unique UNIQUE,
                created timestamptz NOT NULL DEFAULT now(),
                seq bigserial NOT NULL UNIQUE
            )
            """,
            "CREATE UNIQUE INDEX documents_fetched_url_unique ON documents (url) WHERE source = 'fetched'",
            // A removal is a row here, with its own seq, so that replicas catching up learn of it.
            """
            CREATE TABLE document_deletions (
                seq bigint PRIMARY KEY DEFAULT nextval('documents_seq_seq'),
                id text NOT NULL,
                deleted timestamptz NOT NULL DEFAULT now()
            )
            """,
        ],
    ]

    /// Brings the database to the latest version, once even when replicas start together.
    static func migrate(_ connection: PostgresConnection) throws(PostgresError) {
        try connection.execute("BEGIN")
        do throws(PostgresError) {
            try connection.execute("SELECT pg_advisory_xact_lock($1::bigint)", [writeLock])
            try connection.execute("CREATE TABLE IF NOT EXISTS peacetrack_schema (version integer NOT NULL)")
            let current = try connection.value("SELECT coalesce(max(version), 0) FROM peacetrack_schema").flatMap { Int($0) } ?? 0
            guard current <= migrations.count else { throw PostgresError.newerSchema(current) }
            for (index, statements) in migrations.enumerated().dropFirst(current) {
                for statement in statements { try connection.execute(statement) }
                try connection.execute("INSERT INTO peacetrack_schema (version) VALUES ($1::integer)", [String(index + 1)])
            }
            try connection.execute("COMMIT")
        } catch {
            _ = try? connection.execute("ROLLBACK")
            throw error
        }
    }

    static let insert = """
        WITH inserted AS (
            INSERT INTO documents (id, text, title, url, published, source, sha256)
            VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING seq)
        SELECT pg_notify('\(channel)', seq::text) FROM inserted
        """

    static let delete = """
        WITH gone AS (DELETE FROM documents WHERE id = $1 RETURNING id),
             tombstone AS (INSERT INTO document_deletions (id) SELECT id FROM gone RETURNING seq)
        SELECT pg_notify('\(channel)', seq::text) FROM tombstone
        """

    /// Every document and removal after `$1`, in the order they committed (one snapshot).
    static let changesAfter = """
        SELECT seq, id, text, title, url, published, source, sha256 FROM documents WHERE seq > $1::bigint
        UNION ALL
        SELECT seq, id, NULL, NULL, NULL, NULL, NULL, NULL FROM document_deletions WHERE seq > $1::bigint
        ORDER BY 1
        """

    static let idByText = "SELECT id FROM documents WHERE sha256 = $1"
    static let idByFetchedURL = "SELECT id FROM documents WHERE url = $1 AND source = 'fetched'"
}
