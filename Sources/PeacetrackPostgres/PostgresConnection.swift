import CPostgres
import Foundation

/// What went wrong talking to PostgreSQL. `.connection` means the database could not be
/// reached (or stopped answering): the same request may work later. `.statement` is the
/// server refusing one statement, with its SQLSTATE and the constraint it names, if any.
enum PostgresError: Error, Sendable, CustomStringConvertible {
    case connection(String)
    case statement(sqlState: String, constraint: String?, message: String)
    /// The database was migrated by a newer server, to a version this one does not know.
    case newerSchema(Int)

    /// SQLSTATE of a unique constraint violation.
    static let uniqueViolation = "23505"

    var description: String {
        switch self {
        case .connection(let message): message
        case .statement(let sqlState, _, let message): "\(message) (SQLSTATE \(sqlState))"
        case .newerSchema(let version): "the database's schema is version \(version), newer than this server knows"
        }
    }
}

/// One libpq connection, in blocking mode. libpq connections are not thread-safe: an owner
/// keeps it behind a lock or on one queue. Every value is sent as a parameter, never in the
/// SQL text.
final class PostgresConnection {
    private let handle: OpaquePointer

    /// Connects with `parameters` (libpq keywords, in order; a later one overrides an earlier,
    /// and a `dbname` holding a URI or `key=value` string is expanded where it stands).
    init(parameters: [(keyword: String, value: String)]) throws(PostgresError) {
        let keywords = parameters.map { strdup($0.keyword) }
        let values = parameters.map { strdup($0.value) }
        defer { (keywords + values).forEach { free($0) } }
        let connection = (keywords + [nil]).map { UnsafePointer($0) }.withUnsafeBufferPointer { keywordList in
            (values + [nil]).map { UnsafePointer($0) }.withUnsafeBufferPointer { valueList in
                PQconnectdbParams(keywordList.baseAddress, valueList.baseAddress, 1)
            }
        }
        guard let connection else { throw .connection("libpq could not allocate a connection") }
        // Checked before `handle` is set: once it is, a throw would run deinit, finishing it twice.
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = Self.lastError(of: connection)
            PQfinish(connection)
            throw .connection(message)
        }
        handle = connection
        peacetrack_drop_notices(handle)
    }

    deinit { PQfinish(handle) }

    /// The socket, for watching notifications; valid while this connection lives.
    var socket: Int32 { PQsocket(handle) }

    private var lastError: String { Self.lastError(of: handle) }

    private static func lastError(of connection: OpaquePointer) -> String {
        PQerrorMessage(connection).map { String(cString: $0).trimmingCharacters(in: .whitespacesAndNewlines) } ?? "unknown libpq error"
    }

    /// Runs one statement with `values` as its text parameters `$1`, `$2` ... (nil is NULL) and
    /// returns its rows, each column as text or nil for NULL.
    @discardableResult
    func execute(_ sql: String, _ values: [String?] = []) throws(PostgresError) -> [[String?]] {
        let copies = values.map { $0.map { strdup($0) } ?? nil }
        defer { copies.forEach { free($0) } }
        let result = copies.map { UnsafePointer($0) }.withUnsafeBufferPointer { pointers in
            PQexecParams(handle, sql, Int32(values.count), nil, pointers.baseAddress, nil, nil, 0)
        }
        guard let result else { throw .connection(lastError) }
        defer { PQclear(result) }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK:
            return Self.rows(of: result)
        default:
            let sqlState = peacetrack_result_sqlstate(result).map { String(cString: $0) } ?? ""
            // Class 08 and the shutdown states: the server went away, not the statement's fault.
            guard PQstatus(handle) == CONNECTION_OK, !sqlState.hasPrefix("08"), !sqlState.hasPrefix("57P") else {
                throw .connection(lastError)
            }
            let message = PQresultErrorMessage(result).map { String(cString: $0) } ?? lastError
            throw .statement(sqlState: sqlState, constraint: peacetrack_result_constraint(result).map { String(cString: $0) },
                             message: message.trimmingCharacters(in: .whitespacesAndNewlines))
        }
    }

    private var hasInput: Bool {
        var watched = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
        return poll(&watched, 1, 0) > 0
    }

    /// The first column of the first row, if there is one and it is not NULL.
    func value(_ sql: String, _ values: [String?] = []) throws(PostgresError) -> String? {
        try execute(sql, values).first?.first ?? nil
    }

    private static func rows(of result: OpaquePointer) -> [[String?]] {
        let columns = PQnfields(result)
        return (0..<PQntuples(result)).map { row in
            (0..<columns).map { column in
                PQgetisnull(result, row, column) == 1 ? nil : PQgetvalue(result, row, column).map { String(cString: $0) }
            }
        }
    }

    /// Reads what arrived on the socket and returns the payloads of the notifications in it.
    /// Reads until the socket has nothing more: a server that ends the session sends a message
    /// and then closes, and a watcher told once of both would otherwise not hear of the close.
    func notifications() throws(PostgresError) -> [String] {
        repeat {
            guard PQconsumeInput(handle) == 1, PQstatus(handle) == CONNECTION_OK else { throw .connection(lastError) }
        } while hasInput
        var payloads: [String] = []
        while let notification = PQnotifies(handle) {
            payloads.append(notification.pointee.extra.map { String(cString: $0) } ?? "")
            PQfreemem(notification)
        }
        return payloads
    }
}
