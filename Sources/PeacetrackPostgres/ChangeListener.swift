import Dispatch
import Locking
import Logging

/// Keeps a `LISTEN` connection open, its socket watched by a dispatch source, and calls
/// `heard` with the `seq` of each notification, or with nil once (re)connected, when whatever
/// was written while it was not listening must be caught up. A lost connection is retried with
/// exponential backoff.
final class ChangeListener: Sendable {
    static let firstRetry = 0.1
    static let maxRetry = 5.0

    private let parameters: [(keyword: String, value: String)]
    private let logger: Logger
    private let queue = DispatchQueue(label: "peacetrack.postgres.listener")
    /// Touched on `queue` only; locked all the same, as libpq connections must be.
    private let link = Locked(Link())
    /// Why it is not listening; nil while it is. Apart from `link`, so that asking never
    /// waits for a connection attempt.
    private let trouble = Locked<String?>("not connected to the database yet")

    private struct Link {
        var connection: PostgresConnection?
        var source: (any DispatchSourceRead)?
        /// A lost connection, kept open until its source has stopped watching the socket.
        var closing: PostgresConnection?
        var retry = ChangeListener.firstRetry
    }

    init(parameters: [(keyword: String, value: String)], logger: Logger) {
        self.parameters = parameters
        self.logger = logger
    }

    /// Why it is not listening now, if it is not.
    var problem: String? { trouble.withLock { $0 } }

    func start(_ heard: @escaping @Sendable (Int64?) -> Void) {
        queue.async { self.connect(heard) }
    }

    /// Connects, listens and watches the socket, then has what passed meanwhile caught up; or
    /// tries again after the backoff.
    private func connect(_ heard: @escaping @Sendable (Int64?) -> Void) {
        let failure = link.withLock { link -> (error: PostgresError, retry: Double)? in
            do throws(PostgresError) {
                let connection = try PostgresConnection(parameters: parameters)
                try connection.execute("LISTEN \(DocumentSchema.channel)")
                let source = DispatchSource.makeReadSource(fileDescriptor: connection.socket, queue: queue)
                source.setEventHandler { self.readable(heard) }
                source.setCancelHandler { self.link.withLock { $0.closing = nil } }
                link.connection = connection
                link.source = source
                link.retry = Self.firstRetry
                // Its handler runs on this queue, so not before `connect` has returned.
                source.resume()
                return nil
            } catch {
                defer { link.retry = min(link.retry * 2, Self.maxRetry) }
                return (error, link.retry)
            }
        }
        guard let failure else {
            trouble.withLock { $0 = nil }
            logger.notice("listening for document changes")
            return heard(nil)
        }
        let firstFailure = trouble.withLock { problem in
            defer { problem = "cannot connect to the database" }
            return problem == nil
        }
        // Said once per outage, not at every retry.
        logger.log(level: firstFailure ? .warning : .debug, "cannot listen for document changes; retrying",
                   metadata: ["reason": "\(failure.error)", "retry": "\(failure.retry)s"])
        queue.asyncAfter(deadline: .now() + failure.retry) { self.connect(heard) }
    }

    private func readable(_ heard: @escaping @Sendable (Int64?) -> Void) {
        let result = link.withLock { link in Result { () throws(PostgresError) in try link.connection?.notifications() ?? [] } }
        switch result {
        case .success(let payloads):
            if let newest = payloads.compactMap({ Int64($0) }).max() { heard(newest) }
        case .failure(let error):
            link.withLock { link in
                link.source?.cancel()
                link.source = nil
                link.closing = link.connection
                link.connection = nil
            }
            trouble.withLock { $0 = "lost the connection to the database" }
            logger.warning("lost the connection for document changes; reconnecting", metadata: ["reason": "\(error)"])
            queue.asyncAfter(deadline: .now() + Self.firstRetry) { self.connect(heard) }
        }
    }
}
