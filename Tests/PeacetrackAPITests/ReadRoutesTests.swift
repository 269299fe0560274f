import HTTPServer
import HTTPTypes
@testable import PeacetrackAPI
@testable import PeacetrackCore
import Foundation
import Testing

@Suite struct ReadRoutesTests {
    let responder = Fixture.responder().0

    @Test func listsHaveTheEnvelopeAndStableOrder() {
        let answer = Exchange(responder, "/positions")
        #expect(answer.status == 200)
        #expect(answer.headers[.contentType] == "application/json; charset=utf-8")
        #expect(answer.items.map { $0["id"] as? String } == ["p1", "p2", "p3"])
        #expect(answer.json["total"] as? Int == 3)
        #expect(answer.json["limit"] as? Int == 50)
        #expect(answer.json["offset"] as? Int == 0)
    }

    @Test func countryFilterAcceptsAliasesAndAdjectivesCaseInsensitively() {
        for alias in ["GB", "gb", "UK", "gbr", "British", "british"] {
            let answer = Exchange(responder, "/positions?country=\(alias)")
            #expect(answer.status == 200, "\(alias)")
            #expect(answer.items.map { $0["id"] as? String } == ["p1", "p3"], "\(alias)")
        }
    }

    @Test func unknownCountryIsAProblemNamingTheValue() {
        let answer = Exchange(responder, "/positions?country=Atlantis")
        #expect(answer.status == 400)
        #expect(answer.headers[.contentType] == "application/problem+json")
        #expect((answer.json["detail"] as? String)?.contains("Atlantis") == true)
        #expect(answer.json["title"] as? String == "Bad Request")
        #expect(answer.json["type"] as? String == "about:blank")
    }

    /// A capital is known to the extractor, so the error names the country it stands for.
    @Test func aCapitalIsRefusedNamingItsCountry() {
        let answer = Exchange(responder, "/positions?country=Paris")
        #expect(answer.status == 400)
        #expect(answer.json["detail"] as? String == "'Paris' in query parameter 'country' is a capital or seat of government, not a country: ask for France (FR)")
        let path = Exchange(responder, "/countries/Kremlin")
        #expect(path.status == 404)
        #expect(path.json["detail"] as? String == "'Kremlin' is a capital or seat of government, not a country: ask for Russia (RU)")
    }

    /// `/countries` lists countries with data; any known one has its page, unknown ones a 404
    /// with the guidance the query parameter's 400 gives.
    @Test func aKnownCountryWithoutDataIsEmptyAndAnUnknownOneExplainsSpellings() {
        #expect(!Exchange(responder, "/countries").items.contains { $0["code"] as? String == "PL" })
        let poland = Exchange(responder, "/countries/Polish")
        #expect(poland.status == 200)
        #expect(poland.json["code"] as? String == "PL")
        #expect((poland.json["positions"] as? [Any])?.isEmpty == true)
        #expect((poland.json["proposals"] as? [Any])?.isEmpty == true)
        let unknown = Exchange(responder, "/countries/XX")
        #expect(unknown.status == 404)
        #expect(unknown.headers[.contentType] == "application/problem+json")
        #expect(unknown.json["detail"] as? String
            == "unknown country 'XX': use an ISO 3166-1 code, an English name, a common alias such as UK or an adjective such as French")
    }

    @Test func filtersCombine() {
        #expect(Exchange(responder, "/positions?country=GB&stance=opposes").items.map { $0["id"] as? String } == ["p3"])
        #expect(Exchange(responder, "/positions?actor=macron").items.map { $0["id"] as? String } == ["p2"])
        #expect(Exchange(responder, "/positions?document=b").items.map { $0["id"] as? String } == ["p3"])
        #expect(Exchange(responder, "/positions?document=nothing").json["total"] as? Int == 0)
        #expect(Exchange(responder, "/estimates?unit=countries").items.map { $0["id"] as? String } == ["e2"])
        #expect(Exchange(responder, "/estimates?min=20000").items.map { $0["id"] as? String } == ["e1"])
        #expect(Exchange(responder, "/estimates?max=10").items.map { $0["id"] as? String } == ["e1", "e2"])
        #expect(Exchange(responder, "/estimates?min=9&max=100").items.map { $0["id"] as? String } == ["e1"])
        #expect(Exchange(responder, "/proposals?q=AIR+sea").items.count == 1)
        #expect(Exchange(responder, "/proposals?q=submarine").items.isEmpty)
        #expect(Exchange(responder, "/proposals?country=France").items.count == 1)
    }

    @Test func pagination() {
        let page = Exchange(responder, "/positions?limit=1&offset=1")
        #expect(page.items.map { $0["id"] as? String } == ["p2"])
        #expect(page.json["total"] as? Int == 3)
        #expect(page.json["limit"] as? Int == 1)
        #expect(Exchange(responder, "/positions?offset=10").items.isEmpty)
        #expect(Exchange(responder, "/positions?limit=0").json["total"] as? Int == 3)
    }

    @Test(arguments: [
        "/positions?limit=abc", "/positions?limit=-1", "/positions?limit=501", "/positions?limit=99999999999999999999999",
        "/positions?offset=-3", "/positions?limit=1&limit=2", "/positions?colour=red", "/positions?stance=maybe",
        "/positions?country=", "/estimates?unit=tanks", "/estimates?min=1.5",
        "/health?x=1", "/positions/p1?x=1", "/countries?limit=x",
    ])
    func malformedParametersAreProblemsNamingTheParameter(target: String) {
        let answer = Exchange(responder, target)
        #expect(answer.status == 400)
        #expect(answer.headers[.contentType] == "application/problem+json")
        let name = target.split(separator: "?")[1].split(separator: "=")[0]
        #expect((answer.json["detail"] as? String)?.contains("'\(name)'") == true, "\(answer.json)")
    }

    @Test func singleRecordsAndMisses() {
        #expect(Exchange(responder, "/positions/p2").json["country"] as? String == "FR")
        #expect(Exchange(responder, "/estimates/e2").json["min"] as? Int == 5)
        #expect(Exchange(responder, "/proposals/r1").json["proposers"] as? [String] == ["GB", "FR"])
        // A trailing slash names no list (issue 20): one form per resource, no redirect.
        for target in ["/positions/zzz", "/estimates/zzz", "/proposals/zzz", "/documents/zzz", "/countries/Atlantis", "/positions/", "/countries/GB/"] {
            let answer = Exchange(responder, target)
            #expect(answer.status == 404, "\(target)")
            #expect(answer.headers[.contentType] == "application/problem+json")
        }
    }

    @Test func recordsCarryEveryContractField() {
        let position = Exchange(responder, "/positions/p1").json
        #expect(Set(position.keys) == ["id", "country", "countryName", "stance", "actor", "summary", "conditions", "reportedBy", "evidence", "evidenceCount"])
        let unnamed = Exchange(responder, "/positions/p3").json
        #expect(unnamed["actor"] is NSNull)
        let estimate = Exchange(responder, "/estimates/e1").json
        #expect(Set(estimate.keys) == ["id", "unit", "min", "max", "approx", "text", "context", "attributedTo", "evidence", "evidenceCount"])
        #expect(estimate["min"] is NSNull)
        #expect(estimate["evidenceCount"] as? Int == 1)
        let evidence = (estimate["evidence"] as? [[String: Any]])?.first
        #expect(evidence?["document"] as? String == "a")
        #expect(evidence?["start"] as? Int == 11)
        #expect(evidence?["end"] as? Int == 23)
    }

    @Test func countriesSummariseStancesAndProposals() {
        let countries = Exchange(responder, "/countries").items
        #expect(countries.map { $0["code"] as? String } == ["FR", "GB"])
        let gb = countries.last
        #expect((gb?["stances"] as? [String: Int])?["supports"] == 1)
        #expect((gb?["stances"] as? [String: Int])?["opposes"] == 1)
        #expect(gb?["proposals"] as? Int == 1)
        let detail = Exchange(responder, "/countries/uk")
        #expect(detail.json["code"] as? String == "GB")
        #expect((detail.json["positions"] as? [Any])?.count == 2)
        #expect((detail.json["actors"] as? [[String: Any]])?.first?["name"] as? String == "Keir Starmer")
        // Each key once: the lists replace the counts of the summary.
        let text = String(decoding: detail.body, as: UTF8.self)
        #expect(text.components(separatedBy: "\"positions\":").count == 2)
        #expect(text.components(separatedBy: "\"proposals\":").count == 2)
    }

    @Test func documentsListAndDetail() {
        let list = Exchange(responder, "/documents")
        #expect(list.items.map { $0["id"] as? String } == ["a", "b"])
        #expect((list.items.first?["counts"] as? [String: Int]) == ["positions": 2, "estimates": 1, "proposals": 1])
        let detail = Exchange(responder, "/documents/a").json
        #expect(detail["text"] as? String == "Headline for A\nSentence p1. Sentence p2.")
        #expect(detail["title"] as? String == "Headline for A")
        #expect((detail["positions"] as? [Any])?.count == 2)
        #expect(detail["source"] as? String == "seed")
        #expect(detail["url"] is NSNull)
    }

    @Test func healthCountsTheStore() {
        let health = Exchange(responder, "/health").json
        #expect(health["status"] as? String == "ok")
        #expect(health["documents"] as? Int == 2)
        #expect(health["positions"] as? Int == 3)
        #expect(health["version"] as? String == "test")
    }
}
