import Foundation
import HTTPServer
import HTTPTypes
@testable import PeacetrackAPI
@testable import PeacetrackCore
import Testing

/// Dates, time filters, date order and timelines on documents read by the real extractor.
@Suite struct TimelineRoutesTests {
    static let documents = [
        Document(id: "dec", text: "Weekly briefing\nBritish Defence Secretary John Healey said on Monday that the UK is considering sending troops to Ukraine.",
                 published: "2024-12-04"),
        Document(id: "feb", text: "Morning report\nPrime Minister Keir Starmer said on February 16 that Britain is ready to deploy troops to Ukraine.",
                 published: "2025-02-20"),
        Document(id: "undated", text: "Evening report\nPolish Prime Minister Donald Tusk said Poland does not plan to send troops to Ukraine."),
    ]
    static let snapshot = StoreSnapshot(documents: documents, extractor: Extractor(lexicon: Fixture.lexicon))
    let responder = Fixture.responder(Self.snapshot).0

    private func evidenceDates(_ answer: Exchange) -> [String?] {
        answer.items.flatMap { ($0["evidence"] as? [[String: Any]] ?? []).map { $0["date"] as? String } }
    }

    @Test func everyEvidenceEntryHasItsDate() throws {
        let answer = Exchange(responder, "/positions?country=GB&evidence=all")
        let entries = answer.items.flatMap { $0["evidence"] as? [[String: Any]] ?? [] }
        let dated = Dictionary(uniqueKeysWithValues: entries.map { ($0["document"] as? String ?? "", $0) })
        #expect(dated["dec"]?["date"] as? String == "2024-12-02")
        #expect(dated["dec"]?["dateSource"] as? String == "sentence")
        #expect(dated["feb"]?["date"] as? String == "2025-02-16")
        #expect(dated["feb"]?["datePrecision"] as? String == "day")
        let polish = Exchange(responder, "/positions?country=PL").items.first?["evidence"] as? [[String: Any]]
        #expect(polish?.first.map { $0["date"] is NSNull } == true, "undated: null, not absent")
    }

    @Test func sinceAndUntilKeepRecordsWithEvidenceInTheRange() {
        #expect(Exchange(responder, "/positions").json["total"] as? Int == 3)
        let winter = Exchange(responder, "/positions?since=2024-12-01&until=2024-12-31")
        #expect(winter.items.map { $0["country"] as? String } == ["GB"])
        #expect(evidenceDates(winter) == ["2024-12-02"])
        #expect(Exchange(responder, "/positions?since=2025-02-16").items.count == 1)
        #expect(Exchange(responder, "/positions?until=2025-02-15").items.count == 1)
        // Both ends are included; undated evidence is in no range.
        #expect(Exchange(responder, "/positions?since=2024-12-02&until=2025-02-16").items.count == 2)
        #expect(Exchange(responder, "/positions?since=2000-01-01").items.count == 2)
        #expect(Exchange(responder, "/estimates?since=2030-01-01").json["total"] as? Int == 0)
        #expect(Exchange(responder, "/proposals?until=2000-01-01").json["total"] as? Int == 0)
    }

    @Test(arguments: ["since=2025-02-30", "since=25-02-01", "until=2025-02-01T00:00:00Z", "since=", "until=yesterday",
                      "since=2025-2-1", "since=%EF%BC%92%EF%BC%90%EF%BC%92%EF%BC%95-01-01"])
    func badDatesAreProblemsNamingTheParameter(query: String) {
        for list in ["/positions", "/estimates", "/proposals"] {
            let answer = Exchange(responder, "\(list)?\(query)")
            #expect(answer.status == 400, "\(list)?\(query)")
            let name = String(query.prefix { $0 != "=" })
            #expect((answer.json["detail"] as? String)?.contains("'\(name)'") == true, "\(answer.json)")
        }
    }

    /// The corpus list takes the same range, by publication date.
    @Test func documentsAreFilteredByPublicationDate() {
        let ids = { (query: String) in Exchange(responder, "/documents\(query)").items.compactMap { $0["id"] as? String } }
        #expect(ids("") == ["dec", "feb", "undated"])
        #expect(ids("?since=2025-01-01") == ["feb"])
        #expect(ids("?until=2024-12-04") == ["dec"])
        #expect(ids("?since=2000-01-01&until=2100-01-01") == ["dec", "feb"])
        #expect(Exchange(responder, "/documents?since=2025-02-30").status == 400)
        #expect(Exchange(responder, "/documents?since=2025-03-01&until=2025-01-01").status == 400)
    }

    @Test func sinceAfterUntilIsAProblem() {
        let answer = Exchange(responder, "/positions?since=2025-03-01&until=2025-02-01")
        #expect(answer.status == 400)
        #expect((answer.json["detail"] as? String)?.contains("after 'until'") == true)
    }

    @Test func dateOrderPutsTheNewestStatementFirstAndUndatedLast() {
        let byDate = Exchange(responder, "/positions?order=date")
        let dates = byDate.items.map { ($0["evidence"] as? [[String: Any]])?.first?["date"] as? String }
        #expect(dates == ["2025-02-16", "2024-12-02", nil])
        #expect(Exchange(responder, "/positions?order=document").items.map { $0["id"] as? String }
                == Exchange(responder, "/positions").items.map { $0["id"] as? String })
        #expect(Exchange(responder, "/positions?order=newest").status == 400)
    }

    @Test func aTimelineListsDatedStatementsInOrderWithTheirChanges() throws {
        let answer = Exchange(responder, "/countries/UK/timeline")
        #expect(answer.status == 200)
        #expect(answer.json["country"] as? String == "GB")
        #expect(answer.json["countryName"] as? String == "United Kingdom")
        let items = try #require(answer.json["items"] as? [[String: Any]])
        #expect(items.map { $0["date"] as? String } == ["2024-12-02", "2025-02-16"])
        #expect(items.map { $0["stance"] as? String } == ["considering", "supports"])
        let first = try #require(items.first)
        let sentence = try #require(first["sentence"] as? String)
        let text = try #require(Self.documents.first { $0.id == "dec" }?.text)
        let scalars = Array(text.unicodeScalars)
        let start = try #require(first["start"] as? Int), end = try #require(first["end"] as? Int)
        #expect(String(String.UnicodeScalarView(scalars[start..<end])) == sentence, "offsets point at the sentence")
        #expect((first["actor"] as? [String: Any])?["name"] as? String == "John Healey")
        #expect(first["position"] as? String != nil)
        let changes = try #require(answer.json["changes"] as? [[String: Any]])
        #expect(changes.count == 1)
        #expect(changes.first?["from"] as? String == "considering" && changes.first?["to"] as? String == "supports")
        #expect(changes.first?["date"] as? String == "2025-02-16" && changes.first?["document"] as? String == "feb")
        #expect(answer.json["undated"] as? Int == 0)
        #expect(Exchange(responder, "/countries/PL/timeline").json["undated"] as? Int == 1)
    }

    @Test func timelinesAnswerLikeEveryRecord() {
        #expect(Exchange(responder, "/countries/Atlantis/timeline").status == 404)
        #expect(Exchange(responder, "/countries/GB/timeline?since=2025-01-01").status == 400)
        let first = Exchange(responder, "/countries/GB/timeline")
        let etag = first.headers[.eTag]
        #expect(etag != nil)
        #expect(Exchange(responder, "/countries/GB/timeline", headers: [.ifNoneMatch: etag ?? ""]).status == 304)
        #expect(Exchange(responder, .post, "/countries/GB/timeline").status == 405)
    }

    /// A write that brings a newer statement of another stance is a change of the country's latest stance.
    @Test func aNewerStanceIsAChangeBetweenSnapshots() throws {
        let later = Document(id: "mar", text: "Late report\nDefence Secretary John Healey said on March 3 that Britain opposes sending troops to Ukraine.",
                             published: "2025-03-05")
        let next = Self.snapshot.applying(added: [later], removed: [], extractor: Extractor(lexicon: Fixture.lexicon))
        let changes = Self.snapshot.stanceChanges(to: next, records: next.revision?.records)
        #expect(changes.count == 1)
        let change = try #require(changes.first)
        #expect(change.from == .supports && change.entry.stance == .opposes)
        #expect(change.entry.date.date.description == "2025-03-03")
        #expect(next.positions[change.entry.position].country == "GB")
        // The same statement undated changes nothing: only dated statements make a timeline.
        let undated = Document(id: "mar", text: later.text)
        let quiet = Self.snapshot.applying(added: [undated], removed: [], extractor: Extractor(lexicon: Fixture.lexicon))
        #expect(Self.snapshot.stanceChanges(to: quiet, records: nil).isEmpty)
    }
}
