import Foundation
import HTTPServer
@testable import PeacetrackAPI
@testable import PeacetrackCore
import Testing

/// Lists carry a few evidence entries per record, single records every one.
@Suite struct EvidenceBoundTests {
    /// One position stated by five documents, two of them dated, and a proposal stated with five estimates.
    let responder: any HTTPResponder = {
        let published = ["d2": "2025-01-01", "d4": "2025-03-01T10:00:00Z"]
        let ids = ["d1", "d2", "d3", "d4", "d5"]
        let documents = ids.map { Document(id: $0, text: "Headline for \($0)\nSentence p9.", published: published[$0]) }
        let proposal = Proposal(id: "r9", summary: "a reassurance force", proposers: ["GB"], estimates: ["e1", "e2", "e3", "e4", "e5"],
                                evidence: Fixture.evidence("d1", "Sentence p9.", at: 15))
        let facts = ids.map { id in
            // As extraction dates them: a sentence naming no date takes its document's publication date.
            var position = Fixture.position("p9", "GB", .supports, document: id, at: 15)
            position.evidence[0].date = published[id].flatMap { CalendarDate(iso: $0) }
                .map { StatementDate(date: $0, precision: .day, source: .published) }
            return DocumentFacts(documentID: id, sentenceCount: 2, reportedBy: [], positions: [position], estimates: [],
                                 proposals: id == "d1" ? [proposal] : [])
        }
        return Fixture.responder(StoreSnapshot(documents: documents, facts: facts, countries: Fixture.lexicon.countries)).0
    }()

    private func documents(_ record: [String: Any]?) -> [String] {
        (record?["evidence"] as? [[String: Any]] ?? []).compactMap { $0["document"] as? String }
    }

    @Test func listsShowThreeEntriesNewestFirstThenInDocumentOrder() {
        let item = Exchange(responder, "/positions").items.first
        #expect(documents(item) == ["d4", "d2", "d1"])
        #expect(item?["evidenceCount"] as? Int == 5)
    }

    @Test func evidenceAllListsEveryEntryInDocumentOrder() {
        let item = Exchange(responder, "/positions?evidence=all").items.first
        #expect(documents(item) == ["d1", "d2", "d3", "d4", "d5"])
        #expect(item?["evidenceCount"] as? Int == 5)
        #expect(documents(Exchange(responder, "/positions?evidence=listed").items.first) == ["d4", "d2", "d1"])
    }

    @Test func singleRecordsAndCountriesKeepEveryEntry() {
        #expect(documents(Exchange(responder, "/positions/p9").json).count == 5)
        let country = Exchange(responder, "/countries/GB").json
        #expect(documents((country["positions"] as? [[String: Any]])?.first).count == 5)
    }

    /// A CSV row's evidence is the first the list shows, with its statement's date, and the count of all.
    @Test func aCSVRowTakesTheFirstListedEntryAndCountsThemAll() {
        let rows = String(decoding: Exchange(responder, "/positions?format=csv").body, as: UTF8.self).split(separator: "\r\n")
        #expect(rows.count == 2)
        #expect(rows.last?.hasSuffix(",Sentence p9.,d4,2025-03-01,5") == true, "\(rows)")
    }

    /// A proposal's estimate ids are bounded like its evidence; `estimate` finds it by any of them.
    @Test func listsShowAProposalsFirstThreeEstimatesAndTheirCount() {
        let listed = Exchange(responder, "/proposals").items.first
        #expect(listed?["estimates"] as? [String] == ["e1", "e2", "e3"])
        #expect(listed?["estimateCount"] as? Int == 5)
        let every = ["e1", "e2", "e3", "e4", "e5"]
        #expect(Exchange(responder, "/proposals?evidence=all").items.first?["estimates"] as? [String] == every)
        let single = Exchange(responder, "/proposals/r9").json
        #expect(single["estimates"] as? [String] == every)
        #expect(single["estimateCount"] as? Int == 5)
        #expect(Exchange(responder, "/proposals?estimate=e5").items.map { $0["id"] as? String } == ["r9"])
        #expect(Exchange(responder, "/proposals?estimate=e6").items.isEmpty)
    }

    @Test func anUnknownDepthIsAProblemNamingTheParameter() {
        let answer = Exchange(responder, "/positions?evidence=some")
        #expect(answer.status == 400)
        #expect((answer.json["detail"] as? String)?.contains("'evidence'") == true)
    }
}
