import Foundation
import HTTPServer
import HTTPTypes
import PeacetrackCore
import PeacetrackIngest

/// What the write endpoints need: the growing corpus, the fetcher, who may write, and where
/// live updates go.
public struct WriteSetup: Sendable {
    public var library: CorpusLibrary
    public var fetcher: ArticleFetcher
    public var access: WriteAccess
    public var events: EventHub

    public init(library: CorpusLibrary, fetcher: ArticleFetcher, access: WriteAccess, events: EventHub) {
        self.library = library
        self.fetcher = fetcher
        self.access = access
        self.events = events
    }
}

/// `POST /documents`, `POST /documents/fetch`, `DELETE /documents/{id}` and `GET /events`.
/// Writes answer once the document is durable and the new snapshot is served.
struct WriteRoutes {
    let catalog: Catalog
    let setup: WriteSetup

    func register(on router: inout Router) {
        router.on(.post, "/documents") { request, _ in
            guarded(request) {
                switch DocumentSubmission.parse(request) {
                case .failure(let problem):
                    return .now(problem.response)
                case .success(let submission):
                    let document = Document(id: submission.id ?? DocumentArchive.deriveID(title: submission.title, text: submission.text),
                                            title: submission.title, text: submission.text, source: .added,
                                            url: submission.url, published: submission.published)
                    return .later { complete in
                        setup.library.add(document) { complete(created(document.id, $0)) }
                    }
                }
            }
        }
        router.on(.post, "/documents/fetch") { request, _ in
            guarded(request) {
                guard let object = (try? JSONSerialization.jsonObject(with: Data(request.body))) as? [String: Any],
                      object.keys.allSatisfy({ $0 == "url" }), let url = object["url"] as? String, !url.isEmpty else {
                    return .now(.problem(.badRequest, detail: "send {\"url\": \"https://...\"} as application/json"))
                }
                let stored = DocumentRules.withoutCredentials(url)
                return .later { complete in
                    setup.library.fetch(url, with: setup.fetcher) { result in
                        complete(created(result.map { snapshot in snapshot.documents.first { $0.url == stored }?.id ?? "" }, result))
                    }
                }
            }
        }
        router.on(.delete, "/documents/{id}") { request, parameters in
            guarded(request) {
                let id = parameters["id"] ?? ""
                return .later { complete in
                    setup.library.remove(id: id) { result in
                        switch result {
                        case .success: complete(ServerResponse(status: .noContent, headers: [:], body: []))
                        case .failure(let error): complete(Self.problem(error))
                        }
                    }
                }
            }
        }
        router.on(.get, "/events") { request, _ in
            .now(request.query.isEmpty ? setup.events.stream(for: request, greeting: ("corpus", Self.state(of: catalog.store)))
                                       : .unexpectedQuery(request))
        }
    }

    private func guarded(_ request: ServerRequest, _ body: () -> Reply) -> Reply {
        setup.access.refusal(for: request) ?? body()
    }

    /// Requests of the write routes: `POST` and `DELETE` on `/documents` and below.
    static func isWrite(_ request: ServerRequest) -> Bool {
        let method = request.head.method
        return (method == .post || method == .delete) && (request.path == "/documents" || request.path.hasPrefix("/documents/"))
    }

    private func created(_ id: String, _ result: Result<StoreSnapshot, LibraryError>) -> ServerResponse {
        created(result.map { _ in id }, result)
    }

    /// 201 with `Location` and the document as `/documents` lists it, counts included.
    private func created(_ id: Result<String, LibraryError>, _ result: Result<StoreSnapshot, LibraryError>) -> ServerResponse {
        switch id {
        case .failure(let error):
            return Self.problem(error)
        case .success(let id):
            let encoded = catalog.encoded
            guard let index = encoded.store.documents.firstIndex(where: { $0.id == id }) else {
                return .problem(.internalServerError, detail: "document '\(id)' was stored but is not served yet")
            }
            // A 201's tag is that of the created resource, the one a GET of its Location answers with.
            let location = "/documents/\(id)"
            var response = ServerResponse.json(encoded.documents[index], status: .created, etag: encoded.etag(for: location))
            response.head.headerFields[.location] = location
            return response
        }
    }

    /// A busy server says when to try again.
    static func problem(_ error: LibraryError) -> ServerResponse {
        let retry: HTTPFields = error.status == 503 ? [.retryAfter: "5"] : [:]
        return .problem(status(error.status), detail: error.description, headers: retry)
    }

    /// The standard status of a code, with its reason phrase (the problem's title).
    private static func status(_ code: Int) -> HTTPResponse.Status {
        let known: [HTTPResponse.Status] = [.badRequest, .forbidden, .notFound, .conflict, .contentTooLarge,
                                            .unsupportedMediaType, .unprocessableContent, .badGateway, .serviceUnavailable,
                                            .gatewayTimeout]
        return known.first { $0.code == code } ?? .internalServerError
    }

    /// Publishes each change to the served catalog, then tells `/events` clients about it, and
    /// about each country whose latest dated stance it changed.
    static func announcer(catalog: Catalog, events: EventHub) -> @Sendable (CorpusChange) -> Void {
        { change in
            let previous = catalog.encoded.store
            catalog.publish(change.snapshot)
            events.publish(event: change.kind.rawValue, json: state(of: change.snapshot, changed: change.documentID))
            let next = change.snapshot
            let changed = next.revision.flatMap { $0.baseTag == previous.tag ? $0.records : nil }
            for stanceChange in previous.stanceChanges(to: next, records: changed) {
                let code = next.positions[stanceChange.entry.position].country
                events.publish(event: "stance.changed", json: EncodedSnapshot.encode { $0.stanceChange(stanceChange, code: code, in: next) })
            }
        }
    }

    /// The data of an event: the document that changed (if any), the counts and the ETag.
    static func state(of store: StoreSnapshot, changed documentID: String? = nil) -> [UInt8] {
        EncodedSnapshot.encode { writer in
            writer.object { writer in
                if let documentID { writer.field("id", documentID) }
                writer.key("counts")
                writer.object { writer in
                    writer.field("documents", store.documents.count)
                    writer.field("positions", store.positions.count)
                    writer.field("estimates", store.estimates.count)
                    writer.field("proposals", store.proposals.count)
                }
                writer.field("etag", "\"\(store.tag)\"")
            }
        }
    }
}
