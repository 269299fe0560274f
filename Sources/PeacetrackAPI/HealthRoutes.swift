import HTTPServer
import HTTPTypes
import PeacetrackIngest

/// `/health`, liveness: 200 while the process serves, `degraded` with the reason while the
/// document store cannot be reached (reads go on from memory). `/health/ready`, readiness: 503
/// then, so a load balancer sends traffic elsewhere until the store is back.
struct HealthRoutes {
    let catalog: Catalog
    let version: String
    /// The store's state; always available for a read-only server, which has none.
    let storeStatus: @Sendable () -> StoreStatus

    /// How long a client should wait before asking a replica without its store again.
    static let retrySeconds = "5"

    func register(on router: inout Router) {
        router.on(.get, "/health") { request, _ in
            guard request.query.isEmpty else { return .now(.unexpectedQuery(request)) }
            let encoded = catalog.encoded
            let reason = Self.reason(storeStatus())
            let body = EncodedSnapshot.encode { writer in
                writer.object { writer in
                    writer.field("status", reason == nil ? "ok" : "degraded")
                    if let reason { writer.field("reason", reason) }
                    writer.field("documents", encoded.store.documents.count)
                    writer.field("positions", encoded.store.positions.count)
                    writer.field("estimates", encoded.store.estimates.count)
                    writer.field("proposals", encoded.store.proposals.count)
                    writer.field("version", version)
                }
            }
            // Degraded is another representation of the same corpus: another tag.
            let key = reason.map { request.cacheKey + "\n" + $0 } ?? request.cacheKey
            return .now(.json(body, etag: encoded.etag(for: key)))
        }
        router.on(.get, "/health/ready") { request, _ in
            guard request.query.isEmpty else { return .now(.unexpectedQuery(request)) }
            var response: ServerResponse
            if let reason = Self.reason(storeStatus()) {
                response = .problem(.serviceUnavailable, detail: "not ready: the document store is unavailable (\(reason))",
                                    headers: [.retryAfter: Self.retrySeconds])
            } else {
                response = .json(EncodedSnapshot.encode { writer in writer.object { $0.field("status", "ready") } })
            }
            response.head.headerFields[.cacheControl] = "no-store"
            return .now(response)
        }
    }

    private static func reason(_ status: StoreStatus) -> String? {
        guard case .unavailable(let reason) = status else { return nil }
        return reason
    }
}
