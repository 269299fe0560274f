import Foundation
import HTTPServer
import HTTPTypes
import PeacetrackCore

/// The read endpoints of the contract: lists with filters, single records, countries and
/// documents.
struct ReadRoutes {
    let catalog: Catalog

    func register(on router: inout Router) {
        router.on(.get, "/positions") { request, _ in listAnswer(request, filters: Set(["country", "stance", "actor", "document"] + Self.recordListParameters)) { query, encoded in
            let filter = PositionFilter(
                country: try query.country("country", in: encoded.store.countries)?.code,
                stance: try query.choice("stance", of: Stance.self),
                actor: try query.string("actor"),
                document: try query.string("document"),
                dates: try query.dateRange())
            return try Matches(encoded.positions, encoded.store.positions(matching: filter), in: encoded.store, query, .positions(encoded.store))
        } }
        router.on(.get, "/estimates") { request, _ in listAnswer(request, filters: Set(["unit", "document", "min", "max"] + Self.recordListParameters)) { query, encoded in
            let filter = EstimateFilter(
                unit: try query.choice("unit", of: EstimateUnit.self),
                document: try query.string("document"),
                min: try query.int("min", in: 0...Int(Int32.max)),
                max: try query.int("max", in: 0...Int(Int32.max)),
                dates: try query.dateRange())
            // min above max is an empty range, which no estimate overlaps: a question with no answers.
            let empty = (filter.min ?? 0) > (filter.max ?? Int.max)
            return try Matches(encoded.estimates, empty ? [] : encoded.store.estimates(matching: filter), in: encoded.store, query, .estimates(encoded.store))
        } }
        router.on(.get, "/proposals") { request, _ in listAnswer(request, filters: Set(["country", "q", "document", "estimate"] + Self.recordListParameters)) { query, encoded in
            let filter = ProposalFilter(
                country: try query.country("country", in: encoded.store.countries)?.code,
                words: try query.string("q")?.split(whereSeparator: \.isWhitespace).map(String.init) ?? [],
                document: try query.string("document"),
                estimate: try query.string("estimate"),
                dates: try query.dateRange())
            return try Matches(encoded.proposals, encoded.store.proposals(matching: filter), in: encoded.store, query, .proposals(encoded.store))
        } }
        router.on(.get, "/documents") { request, _ in listAnswer(request, filters: ["source", "since", "until"]) { query, encoded in
            let source = try query.choice("source", of: Document.Source.self)
            // Documents are dated by publication; an undated one is in no range.
            let dates = try query.dateRange()
            let offsets = encoded.store.documents.indices.filter { offset in
                let document = encoded.store.documents[offset]
                return (source == nil || document.source == source)
                    && (dates.isUnbounded || document.published.flatMap { CalendarDate(iso: $0) }.map(dates.contains) == true)
            }
            return Matches(offsets, .documents(encoded.store)) { encoded.documents[$0] }
        } }
        router.on(.get, "/countries") { request, _ in listAnswer(request, filters: []) { _, encoded in
            let summaries = encoded.store.countrySummaries()
            return Matches(Array(summaries.indices), .countries(summaries)) { offset in
                EncodedSnapshot.encode { $0.countrySummary(summaries[offset]) }
            }
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
            single(request, kind: "country", id: parameters["code"], unknown: { encoded, code in CountryGuidance.unknown(code, in: encoded.store.countries) }) { encoded, code in
                encoded.store.countries.resolve(code).flatMap { encoded.store.countrySummary(code: $0.code) }
                    .map { summary in countryDetail(encoded, summary) }
            }
        }
        router.on(.get, "/countries/{code}/timeline") { request, parameters in
            single(request, kind: "country", id: parameters["code"], unknown: { encoded, code in CountryGuidance.unknown(code, in: encoded.store.countries) }) { encoded, code in
                encoded.store.countries.resolve(code).flatMap { encoded.store.timeline(code: $0.code) }
                    .map { timeline in EncodedSnapshot.encode { $0.timeline(timeline, in: encoded.store) } }
            }
        }
    }

    /// What every list of records takes besides its filters.
    private static let recordListParameters = ["evidence", "since", "until", "order"]

    // MARK: - Shapes of answers

    /// Runs an endpoint body with validated parameters against the current snapshot and tags
    /// its answer for `key`; a parameter error becomes a 400 problem naming it.
    /// `allowed` is only worked out for a question not answered before.
    private func answer(_ request: ServerRequest, key: String, allowed: @autoclosure () -> Set<String>,
                        _ body: (QueryParameters, EncodedSnapshot) throws -> ServerResponse) -> Reply {
        let encoded = catalog.encoded
        do {
            return .now(try encoded.answers.answer(key) { () throws -> ServerResponse in
                var response = try body(try QueryParameters(request.query, allowed: allowed()), encoded)
                response.head.headerFields[.eTag] = encoded.etag(for: key)
                return response
            })
        } catch let error as ParameterError {
            return .now(.problem(.badRequest, detail: error.detail))
        } catch {
            return .now(.problem(.internalServerError, detail: "the request could not be answered"))
        }
    }

    /// A list endpoint: its `filters`, paging and `format`, answered as JSON or, asked with
    /// `?format=csv` or an `Accept` that prefers `text/csv`, as CSV. The two are separate
    /// representations of one URL, each with its own cache entry and tag.
    private func listAnswer(_ request: ServerRequest, filters: @autoclosure () -> Set<String>,
                            _ match: (QueryParameters, EncodedSnapshot) throws -> Matches) -> Reply {
        let accept = ListFormat(accept: request.head.headerFields[.accept])
        let key = accept == .csv ? request.cacheKey + ListFormat.csvAcceptKey : request.cacheKey
        return answer(request, key: key, allowed: filters().union(Page.names).union([ListFormat.parameter])) { query, encoded in
            let matches = try match(query, encoded)
            let page = try Page(query)
            let shown = matches.offsets[page.range(of: matches.offsets.count)]
            var response: ServerResponse
            switch try query.choice(ListFormat.parameter, of: ListFormat.self) ?? accept {
            case .json:
                response = .json(matches.json(shown, page))
            case .csv:
                response = ServerResponse(status: .ok, headers: [.contentType: ListFormat.csvType], body: matches.table.encode(shown))
            }
            response.head.headerFields[.vary] = "Accept"
            return response
        }
    }

    /// A record's answer, kept in the snapshot's answers like a list's: a large document is
    /// encoded once, not at every request. Missing ids are not kept, so ids a scanner tries
    /// cannot crowd out the records.
    /// `unknown` words the 404's detail for an id no record has, where a plain "no such id" helps little.
    private func single(_ request: ServerRequest, kind: String, id: String?,
                        unknown: ((EncodedSnapshot, String) -> String)? = nil,
                        _ find: (EncodedSnapshot, String) -> [UInt8]?) -> Reply {
        let encoded = catalog.encoded
        guard request.query.isEmpty else {
            return .now(.unexpectedQuery(request))
        }
        do throws(RecordMissing) {
            return .now(try encoded.answers.answer(request.cacheKey) { () throws(RecordMissing) -> ServerResponse in
                guard let id, let body = find(encoded, id) else { throw RecordMissing() }
                return .json(body, etag: encoded.etag(for: request.cacheKey))
            })
        } catch {
            return .now(.problem(.notFound, detail: unknown?(encoded, id ?? "") ?? "no \(kind) with id '\(id ?? "")'"))
        }
    }

    private struct RecordMissing: Error {}

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

/// What a list endpoint found: the offsets of the items matching the query, each item's JSON
/// as the list shows it, and the same items as a CSV table.
private struct Matches {
    let offsets: [Int]
    let table: CSVTable
    let item: (Int) -> [UInt8]

    init(_ offsets: [Int], _ table: CSVTable, item: @escaping (Int) -> [UInt8]) {
        self.offsets = offsets
        self.table = table
        self.item = item
    }

    /// Records in the `?order=` asked for, each in the JSON with the evidence `?evidence=` asks for.
    init<Record>(_ records: EncodedRecords<Record>, _ offsets: [Int], in store: StoreSnapshot, _ query: QueryParameters,
                 _ table: CSVTable) throws(ParameterError) {
        let depth = try query.choice("evidence", of: EvidenceDepth.self) ?? .listed
        let order = try query.choice("order", of: ListOrder.self) ?? .document
        self.init(store.ordered(offsets, of: records.records, by: order), table) { records.body($0, depth) }
    }

    /// `{"items", "total", "limit", "offset"}` of the page showing `shown`.
    func json(_ shown: ArraySlice<Int>, _ page: Page) -> [UInt8] {
        let items = shown.map(item)
        var writer = JSONWriter(capacity: items.reduce(64) { $0 + $1.count + 1 })
        writer.object { writer in
            writer.key("items")
            writer.array { writer in items.forEach { writer.raw($0) } }
            writer.field("total", offsets.count)
            writer.field("limit", page.limit)
            writer.field("offset", page.offset)
        }
        return writer.bytes
    }
}

/// The two forms of a list; `?format=` chooses, else `Accept`.
enum ListFormat: String, CaseIterable {
    case json, csv

    static let parameter = "format"
    static let csvType = "text/csv; charset=utf-8; header=present"
    /// Appended to a request's cache key when its `Accept` chose CSV; no query item spells it.
    static let csvAcceptKey = "&accept=csv"

    /// CSV when `Accept` names `text/csv` with a weight above that of `application/json` (or
    /// without JSON); JSON otherwise, browsers' `*/*` included.
    init(accept: String?) {
        let weights = WeightedList(accept)
        let csv = weights.weight(of: "text/csv") ?? 0
        self = csv > 0 && csv > (weights.weight(of: "application/json") ?? 0) ? .csv : .json
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
