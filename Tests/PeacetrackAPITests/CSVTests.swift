import HTTPServer
import HTTPTypes
@testable import PeacetrackAPI
@testable import PeacetrackCore
import Testing

/// Lists as CSV: the encoding (RFC 4180) and how a request chooses it.
@Suite struct CSVTests {
    let responder = Fixture.responder().0

    func text(_ exchange: Exchange) -> String { String(decoding: exchange.body, as: UTF8.self) }

    @Test func fieldsWithQuotesCommasOrLineBreaksAreQuotedAndRowsEndInCRLF() {
        let cells = ["plain", "a, b", #"say "no""#, "two\nlines", "ünï"]
        let table = CSVTable(columns: ["one", "two"]) { [cells[$0], ""] }
        #expect(String(decoding: table.encode(0..<5), as: UTF8.self)
            == "one,two\r\nplain,\r\n\"a, b\",\r\n\"say \"\"no\"\"\",\r\n\"two\nlines\",\r\nünï,\r\n")
    }

    @Test func aRecordRowEndsWithItsFirstEvidenceAndTheEvidenceCount() {
        let answer = Exchange(responder, "/positions?format=csv&country=GB&limit=1")
        #expect(answer.status == 200)
        #expect(answer.headers[.contentType] == "text/csv; charset=utf-8; header=present")
        #expect(text(answer) == """
            id,country,countryName,stance,actorName,actorRole,summary,conditions,reportedBy,sentence,document,date,evidenceCount\r
            p1,GB,United Kingdom,supports,Keir Starmer,Minister,GB supports,,Reuters,Sentence p1.,a,,1\r

            """)
        let estimates = text(Exchange(responder, "/estimates?format=csv")).split(separator: "\r\n")
        #expect(estimates.count == 3)
        #expect(estimates[2] == "e2,countries,5,8,false,five to eight countries,,Reuters source,Sentence p3.,b,,1")
        let proposals = text(Exchange(responder, "/proposals?format=csv")).split(separator: "\r\n")
        #expect(proposals.last == "r1,a reassurance force focused on air and sea,GB; FR,United Kingdom; France,e1,Sentence p1.,a,,1")
    }

    @Test func documentsAndCountriesHaveTablesToo() {
        let documents = text(Exchange(responder, "/documents?format=csv")).split(separator: "\r\n")
        #expect(documents.first == "id,title,chars,sentences,reportedBy,positions,estimates,proposals,source,url,published")
        #expect(documents.count == 3)
        let countries = text(Exchange(responder, "/countries", headers: [.accept: "text/csv"])).split(separator: "\r\n")
        #expect(countries == ["code,name,supports,opposes,considering,conditional,undecided,positions,proposals",
                              "FR,France,0,0,1,0,0,1,1", "GB,United Kingdom,1,1,0,0,0,2,1"])
    }

    @Test(arguments: [
        ("text/csv", "text/csv"), ("application/json", "application/json"), ("*/*", "application/json"),
        ("text/csv;q=0.5, application/json", "application/json"), ("application/json;q=0.5, text/csv", "text/csv"),
        ("text/csv;q=0", "application/json"),
    ])
    func acceptChoosesTheFormat(accept: String, type: String) {
        let answer = Exchange(responder, "/positions", headers: [.accept: accept])
        #expect(answer.headers[.contentType]?.hasPrefix(type) == true)
        #expect(answer.headers[.vary] == "Accept")
    }

    /// Each form has its tag: a JSON tag never makes the CSV "not modified", nor the reverse.
    @Test func theQueryParameterWinsAndEachFormHasItsTag() throws {
        let json = Exchange(responder, "/positions?format=json", headers: [.accept: "text/csv"])
        #expect(json.headers[.contentType] == "application/json; charset=utf-8")
        let csv = Exchange(responder, "/positions", headers: [.accept: "text/csv"])
        let plain = Exchange(responder, "/positions")
        let csvTag = try #require(csv.headers[.eTag])
        #expect(csvTag != plain.headers[.eTag])
        #expect(Exchange(responder, "/positions", headers: [.accept: "text/csv", .ifNoneMatch: csvTag]).status == 304)
        #expect(Exchange(responder, "/positions", headers: [.ifNoneMatch: csvTag]).status == 200)
    }

    @Test func errorsStayProblems() {
        let unknown = Exchange(responder, "/positions?format=xml")
        #expect(unknown.status == 400)
        #expect(unknown.json["detail"] as? String == "query parameter 'format' must be one of json, csv, not 'xml'")
        let badFilter = Exchange(responder, "/positions?country=Atlantis", headers: [.accept: "text/csv"])
        #expect(badFilter.status == 400)
        #expect(badFilter.headers[.contentType] == "application/problem+json")
        #expect(Exchange(responder, "/positions/p1?format=csv").status == 400, "single records are JSON only")
    }
}
