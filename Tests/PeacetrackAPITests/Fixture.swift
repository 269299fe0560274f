import Foundation
import HTTPServer
import HTTPTypes
@testable import PeacetrackAPI
@testable import PeacetrackCore

/// A small corpus with facts written by hand, so API tests do not depend on extraction quality.
enum Fixture {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    static let lexicon: Lexicon = {
        do { return try Lexicon.load(directory: repository + "/Config/lexicon") } catch { fatalError("lexicon: \(error)") }
    }()

    static func evidence(_ document: String, _ sentence: String, at start: Int = 0) -> [Evidence] {
        [Evidence(document: document, sentence: sentence, start: start, end: start + sentence.unicodeScalars.count)]
    }

    static func position(_ id: String, _ country: String, _ stance: Stance, actor: String? = nil, document: String, at start: Int) -> Position {
        Position(id: id, country: country, countryName: lexicon.countries.country(code: country)?.name ?? country,
                 stance: stance, actor: actor.map { Actor(name: $0, role: "Minister") }, summary: "\(country) \(stance)",
                 conditions: [], reportedBy: ["Reuters"], evidence: evidence(document, "Sentence \(id).", at: start))
    }

    static func snapshot() -> StoreSnapshot {
        let documents = [
            Document(id: "a", text: "Headline for A\nSentence p1. Sentence p2."),
            Document(id: "b", text: "Headline for B\nSentence p3."),
        ]
        let facts = [
            DocumentFacts(documentID: "a", sentenceCount: 3, reportedBy: ["Reuters"],
                          positions: [position("p1", "GB", .supports, actor: "Keir Starmer", document: "a", at: 11),
                                      position("p2", "FR", .considering, actor: "Emmanuel Macron", document: "a", at: 24)],
                          estimates: [Estimate(id: "e1", unit: .troops, min: nil, max: 30000, approx: false, text: "fewer than 30,000 troops",
                                               context: nil, attributedTo: nil, evidence: evidence("a", "Sentence p1.", at: 11))],
                          proposals: [Proposal(id: "r1", summary: "a reassurance force focused on air and sea", proposers: ["GB", "FR"],
                                               estimates: ["e1"], evidence: evidence("a", "Sentence p1.", at: 11))]),
            DocumentFacts(documentID: "b", sentenceCount: 2, reportedBy: [],
                          positions: [position("p3", "GB", .opposes, document: "b", at: 11)],
                          estimates: [Estimate(id: "e2", unit: .countries, min: 5, max: 8, approx: false, text: "five to eight countries",
                                               context: nil, attributedTo: "Reuters source", evidence: evidence("b", "Sentence p3.", at: 11))],
                          proposals: []),
        ]
        return StoreSnapshot(documents: documents, facts: facts, countries: lexicon.countries)
    }

    static func responder(_ snapshot: StoreSnapshot = snapshot()) -> (any HTTPResponder, Catalog) {
        let catalog = Catalog(snapshot)
        let responder = PeacetrackAPI.responder(catalog: catalog, metrics: Metrics(),
                                                configuration: APIConfiguration(version: "test"))
        return (responder, catalog)
    }
}

/// A request as the server would hand it over, and its synchronous answer.
struct Exchange {
    let status: Int
    let headers: HTTPFields
    let body: [UInt8]

    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] ?? [:]
    }

    var items: [[String: Any]] { json["items"] as? [[String: Any]] ?? [] }

    init(_ responder: any HTTPResponder, _ target: String, headers: HTTPFields = [:]) {
        self.init(responder, .get, target, headers: headers)
    }

    init(_ responder: any HTTPResponder, _ method: HTTPRequest.Method, _ target: String, headers: HTTPFields = [:]) {
        let parts = target.split(separator: "?", maxSplits: 1)
        let query = parts.count > 1 ? parts[1].split(separator: "&").map { pair -> QueryItem in
            let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let decode = { (s: Substring) in s.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "" }
            return QueryItem(name: decode(kv[0]), value: kv.count > 1 ? decode(kv[1]) : "")
        } : []
        let head = HTTPRequest(method: method, scheme: nil, authority: "test", path: target, headerFields: headers)
        let request = ServerRequest(head: head, path: String(parts[0]), query: query, body: [])
        guard case .now(let response) = responder.respond(to: request), case .bytes(let bytes) = response.body else {
            fatalError("expected an immediate answer with bytes")
        }
        status = response.head.status.code
        self.headers = response.head.headerFields
        body = bytes
    }
}
