import Foundation
import HTTPServer
import HTTPTypes
import PeacetrackCore

/// The read endpoints of the contract: lists with filters, single records, countries,
/// documents and health.
struct ReadRoutes {
    let catalog: Catalog
    let version: String

    func register(on router: inout Router) {
        router.on(.get, "/positions") { request, _ in answer(request, allowed: ["country", "stance", "actor", "document", "evidence"]) { query, encoded in
            let filter = PositionFilter(
                country: try query.country("country", in: encoded.store.countries)?.code,
                stance: try query.choice("stance", of: Stance.self),
                actor: try query.string("actor"),
                document: try query.string("document"))
            return try records(encoded.positions, encoded.store.positions(matching: filter), query)
        } }
        router.on(.get, "/estimates") { request, _ in answer(request, allowed: ["unit", "document", "min", "max", "evidence"]) { query, encoded in
            let filter = EstimateFilter(
                unit: try query.choice("unit", of: EstimateUnit.self),
                document: try query.string("document"),
                min: try query.int("min", in: 0...Int(Int32.max)),
                max: try query.int("max", in: 0...Int(Int32.max)))
            // min above max is an empty range, which no estimate overlaps: a question with no answers.
            let empty = (filter.min ?? 0) > (filter.max ?? Int.max)
            return try records(encoded.estimates, empty ? [] : encoded.store.estimates(matching: filter), query)
        } }
        router.on(.get, "/proposals") { request, _ in answer(request, allowed: ["country", "q", "document", "estimate", "evidence"]) { query, encoded in
            let filter = ProposalFilter(
                country: try query.country("country", in: encoded.store.countries)?.code,
                words: try query.string("q")?.split(whereSeparator: \.isWhitespace).map(String.init) ?? [],
                document: try query.string("document"),
                estimate: try query.string("estimate"))
            return try records(encoded.proposals, encoded.store.proposals(matching: filter), query)
        } }
        router.on(.get, "/documents") { request, _ in answer(request, allowed: ["source"]) { query, encoded in
            let source = try query.choice("source", of: Document.Source.self)
            let offsets = encoded.store.documents.indices.filter { source == nil || encoded.store.documents[$0].source == source }
            return try list(offsets, query) { encoded.documents[$0] }
        } }
        router.on(.get, "/countries") { request, _ in answer(request, allowed: []) { query, encoded in
            let summaries = encoded.store.countrySummaries().map { summary in
                EncodedSnapshot.encode { $0.countrySummary(summary) }
            }
            return try list(Array(summaries.indices), query) { summaries[$0] }
        } }

        router.on(.get, "/positions/{id}") { request, parameters in
            single(request, kind: "position", id: parameters["id"]) { encoded, id in
                encoded.store.positionOffset(id: id).map { encoded.positions.body($0, .all) } }
        }
        router.on(.get, "/estimates/{id}") { request, parameters in
            single(request, kind: "estimate", id: parameters["id"]) { encoded, id in
                encoded.store.estimateOffset(id: id).map { encoded.estimates.body($0, .all) } }
        }
        router.on(.get, "/proposals/{id}") { request, parameters in
            single(request, kind: "proposal", id: parameters["id"]) { encoded, id in
                encoded.store.proposalOffset(id: id).map { encoded.proposals.body($0, .all) } }
        }
        router.on(.get, "/documents/{id}") { request, parameters in
            single(request, kind: "document", id: parameters["id"]) { encoded, id in documentDetail(encoded, id: id) }
        }
        router.on(.get, "/countries/{code}") { request, parameters in
            single(request, kind: "country", id: parameters["code"]) { encoded, code in
                encoded.store.countries.resolve(code).flatMap { encoded.store.countrySummary(code: $0.code) }
                    .map { summary in countryDetail(encoded, summary) }
            }
        }
        router.on(.get, "/health") { request, _ in answer(request, allowed: [], paged: false) { _, encoded in
            EncodedSnapshot.encode { writer in
                writer.object { writer in
                    writer.field("status", "ok")
                    writer.field("documents", encoded.store.documents.count)
                    writer.field("positions", encoded.store.positions.count)
                    writer.field("estimates", encoded.store.estimates.count)
                    writer.field("proposals", encoded.store.proposals.count)
                    writer.field("version", version)
                }
            }
        } }
    }

    // MARK: - Shapes of answers

    /// Runs an endpoint body with validated parameters against the current snapshot; a
    /// parameter error becomes a 400 problem naming it.
    /// `allowed` is only worked out for a question not answered before.
    private func answer(_ request: ServerRequest, allowed: @autoclosure () -> Set<String>, paged: Bool = true,
                        _ body: (QueryParameters, EncodedSnapshot) throws -> [UInt8]) -> Reply {
        let encoded = catalog.encoded
        do {
            return .now(try encoded.answers.answer(request.cacheKey) { () throws -> ServerResponse in
                let query = try QueryParameters(request.query, allowed: paged ? allowed().union(Page.names) : allowed())
                return .json(try body(query, encoded), etag: encoded.etag)
            })
        } catch let error as ParameterError {
            return .now(.problem(.badRequest, detail: error.detail))
        } catch {
            return .now(.problem(.internalServerError, detail: "the request could not be answered"))
        }
    }

    /// A record's answer, kept in the snapshot's answers like a list's: a large document is
    /// encoded once, not at every request. Missing ids are not kept, so ids a scanner tries
    /// cannot crowd out the records.
    private func single(_ request: ServerRequest, kind: String, id: String?,
                        _ find: (EncodedSnapshot, String) -> [UInt8]?) -> Reply {
        let encoded = catalog.encoded
        guard request.query.isEmpty else {
            return .now(.unexpectedQuery(request))
        }
        do throws(RecordMissing) {
            return .now(try encoded.answers.answer(request.cacheKey) { () throws(RecordMissing) -> ServerResponse in
                guard let id, let body = find(encoded, id) else { throw RecordMissing() }
                return .json(body, etag: encoded.etag)
            })
        } catch {
            return .now(.problem(.notFound, detail: "no \(kind) with id '\(id ?? "")'"))
        }
    }

    private struct RecordMissing: Error {}

    /// A page of records, each with the evidence `?evidence=` asks for.
    private func records<Record>(_ records: EncodedRecords<Record>, _ offsets: [Int], _ query: QueryParameters) throws(ParameterError) -> [UInt8] {
        let depth = try query.choice("evidence", of: EvidenceDepth.self) ?? .listed
        return try list(offsets, query) { records.body($0, depth) }
    }

    private func list(_ offsets: [Int], _ query: QueryParameters, _ body: (Int) -> [UInt8]) throws(ParameterError) -> [UInt8] {
        let page = try Page(query)
        let shown = offsets[page.range(of: offsets.count)].map(body)
        var writer = JSONWriter(capacity: shown.reduce(64) { $0 + $1.count + 1 })
        writer.object { writer in
            writer.key("items")
            writer.array { writer in shown.forEach { writer.raw($0) } }
            writer.field("total", offsets.count)
            writer.field("limit", page.limit)
            writer.field("offset", page.offset)
        }
        return writer.bytes
    }

    private func documentDetail(_ encoded: EncodedSnapshot, id: String) -> [UInt8]? {
        guard let document = encoded.store.document(id: id) else { return nil }
        let store = encoded.store
        return EncodedSnapshot.encode { writer in
            writer.documentSummary(document, facts: store.facts[id]) { writer in
                writer.field("text", document.text)
                writer.key("positions")
                writer.array { writer in store.positions(matching: PositionFilter(document: id)).forEach { writer.raw(encoded.positions.body($0, .all)) } }
                writer.key("estimates")
                writer.array { writer in store.estimates(matching: EstimateFilter(document: id)).forEach { writer.raw(encoded.estimates.body($0, .all)) } }
                writer.key("proposals")
                writer.array { writer in store.proposals(matching: ProposalFilter(document: id)).forEach { writer.raw(encoded.proposals.body($0, .all)) } }
            }
        }
    }

    private func countryDetail(_ encoded: EncodedSnapshot, _ summary: CountrySummary) -> [UInt8] {
        EncodedSnapshot.encode { writer in
            writer.countrySummary(summary) { writer in
                writer.key("actors")
                writer.array { writer in summary.actors.forEach { writer.actor($0) } }
                writer.key("positions")
                writer.array { writer in summary.positions.forEach { writer.raw(encoded.positions.body($0, .all)) } }
                writer.key("proposals")
                writer.array { writer in summary.proposals.forEach { writer.raw(encoded.proposals.body($0, .all)) } }
            }
        }
    }
}

extension JSONWriter {
    /// A country with its counts, or, given `lists`, with its records in place of the counts
    /// (a key appears once in an object).
    mutating func countrySummary(_ summary: CountrySummary, lists: ((inout JSONWriter) -> Void)? = nil) {
        object { writer in
            writer.field("code", summary.code)
            writer.field("name", summary.name)
            writer.key("stances")
            writer.stanceCounts(summary.stances)
            if let lists {
                lists(&writer)
            } else {
                writer.field("positions", summary.positions.count)
                writer.field("proposals", summary.proposals.count)
            }
        }
    }
}

extension ServerResponse {
    static func json(_ body: [UInt8], status: HTTPResponse.Status = .ok, etag: String? = nil) -> ServerResponse {
        var headers: HTTPFields = [.contentType: "application/json; charset=utf-8"]
        if let etag { headers[.eTag] = etag }
        return ServerResponse(status: status, headers: headers, body: body)
    }
}
