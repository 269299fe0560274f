import HTTPServer
import HTTPTypes
import PeacetrackCore

public struct APIConfiguration: Sendable {
    /// Reported by `/health` and the OpenAPI document.
    public var version: String
    /// gzip answers for clients that accept it (`Accept-Encoding`); off when a proxy in front compresses.
    public var gzip: Bool

    public init(version: String, gzip: Bool = true) {
        self.version = version
        self.gzip = gzip
    }
}

/// Builds the responder the HTTP server runs: routes wrapped in metrics, conditional-request
/// handling, gzip and CORS preflight.
public enum PeacetrackAPI {
    /// Without `writes` the corpus is read-only and the write endpoints do not exist.
    public static func responder(catalog: Catalog, metrics: Metrics, configuration: APIConfiguration,
                                 dashboard: StaticFiles? = nil, writes: WriteSetup? = nil) -> any HTTPResponder {
        var router = Router()
        ReadRoutes(catalog: catalog).register(on: &router)
        let library = writes?.library
        HealthRoutes(catalog: catalog, version: configuration.version) { library?.storeStatus ?? .available }.register(on: &router)
        if let writes {
            writes.library.observe(WriteRoutes.announcer(catalog: catalog, events: writes.events))
            WriteRoutes(catalog: catalog, setup: writes).register(on: &router)
        }
        if let dashboard { DashboardRoutes(files: dashboard).register(on: &router) }
        let countries = catalog.store.countries.all.flatMap { [$0.code, $0.name] }
        let openAPI = Array(OpenAPIDocument.json(version: configuration.version, countries: countries).utf8)
        let openAPITag = "\"openapi-\(configuration.version)-\(openAPI.count)\""
        router.on(.get, "/openapi.json") { request, _ in
            .now(request.query.isEmpty ? .json(openAPI, etag: openAPITag) : .unexpectedQuery(request))
        }
        router.on(.get, "/metrics") { request, _ in
            guard request.query.isEmpty else { return .now(.unexpectedQuery(request)) }
            let store = catalog.store
            let text = metrics.render(gauges: [
                ("peacetrack_store_documents", "Documents in the corpus.", store.documents.count),
                ("peacetrack_store_positions", "Positions extracted.", store.positions.count),
                ("peacetrack_store_estimates", "Estimates extracted.", store.estimates.count),
                ("peacetrack_store_proposals", "Proposals extracted.", store.proposals.count),
            ])
            let body = Array(text.utf8)
            var hash = StableHash()
            body.forEach { hash.combine(byte: $0) }
            return .now(ServerResponse(status: .ok, headers: [
                .contentType: "text/plain; version=0.0.4; charset=utf-8", .eTag: "\"\(hash.hex)\"", .cacheControl: "no-cache",
            ], body: body))
        }
        // Compression inside the conditional check: a 304 carries the tag and Vary of the form it stands for.
        let preflight = CORSPreflight(next: router)
        let chain = ConditionalGET(next: configuration.gzip ? ContentCompression(next: preflight) : preflight)
        return MetricsRecorder(metrics: metrics, router: router, next: chain)
    }

    /// For `ServerConfiguration.bodyAdmission`: a write without a valid token is answered from
    /// its head, its body never read, and only an authorised `POST /documents` may send a whole
    /// article (larger than the server's default body limit).
    public static func bodyAdmission(access: WriteAccess) -> @Sendable (ServerRequest) -> BodyAdmission? {
        { request in
            guard WriteRoutes.isWrite(request) else { return nil }
            if let refusal = access.refusal(for: request) { return .refuse(refusal) }
            return request.head.method == .post && request.path == "/documents" ? .read(upTo: DocumentSubmission.maxBodyBytes) : nil
        }
    }

    /// For `ServerConfiguration.commonAnswerFields`: CORS on every answer, those the server
    /// makes itself included (refused requests, 503 at the cap), so the dashboard can read them
    /// all; and `nosniff`, so that no answer is ever run as another type than it says.
    public static func serverAnswerFields(corsOrigin: String) -> HTTPFields {
        [.accessControlAllowOrigin: corsOrigin, .accessControlExposeHeaders: "ETag, Location, WWW-Authenticate, Retry-After",
         .xContentTypeOptions: "nosniff"]
    }
}

extension ServerResponse {
    static func unexpectedQuery(_ request: ServerRequest) -> ServerResponse {
        .problem(.badRequest, detail: "unknown query parameter '\(request.query.first?.name ?? "")' (this endpoint takes none)")
    }
}
