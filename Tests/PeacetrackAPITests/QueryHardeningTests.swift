import Foundation
import HTTPServer
@testable import PeacetrackAPI
import Testing

/// Regressions from the bad-request battery (Tests/Hardening/battery.py) and from contract
/// testing (Tests/Hardening/contract.py) for query values.
@Suite struct QueryHardeningTests {
    private func number(_ value: String, in range: ClosedRange<Int> = 0...500) throws -> Int? {
        try QueryParameters([QueryItem(name: "n", value: value)], allowed: ["n"]).int("n", in: range)
    }

    /// `Int(_:)` takes a sign, so "+5" and "-0" used to pass as 5 and 0.
    @Test(arguments: ["+5", "-0", "-1", "0x10", "1e3", "1.5", "5abc", "\u{FF11}", "\u{0663}", "1,000", "", "-", "+", " 5", "5\t"])
    func numbersAreASCIIDigitsOnly(value: String) {
        #expect(throws: ParameterError.self, "\(value)") { try number(value) }
    }

    @Test func numbersAtTheEdges() throws {
        #expect(try number("0") == 0)
        #expect(try number("500") == 500)
        #expect(try number("007") == 7)
        #expect(throws: ParameterError.self) { try number("501") }
        #expect(throws: ParameterError.self) { try number("99999999999999999999") }
        #expect(try number("-3", in: -5...5) == -3)
        #expect(throws: ParameterError.self) { try number("--3", in: -5...5) }
    }

    /// Strings as the schema describes them: maxLength counts what was sent, `[^ \t]` (one
    /// character that is not a space or tab) tells blank from not.
    @Test func stringsAsTheSchemaDescribesThem() throws {
        func text(_ value: String) throws -> String? {
            try QueryParameters([QueryItem(name: "s", value: value)], allowed: ["s"]).string("s", maxLength: 5)
        }
        #expect(try text(" ab ") == "ab")
        #expect(try text("\u{3000}") == "\u{3000}")
        #expect(throws: ParameterError.self) { try text(" \t ") }
        #expect(throws: ParameterError.self) { try text("abcd  ") }
        #expect(try text("abcde") == "abcde")
    }

    /// Schema-valid values must be accepted. min above max is an empty range: no estimate
    /// overlaps it, so the list is empty (it used to be a 400 the schema could not express).
    @Test func minAboveMaxIsAnEmptyRange() {
        let responder = Fixture.responder().0
        let answer = Exchange(responder, "/estimates?min=10&max=5")
        #expect(answer.status == 200 && answer.items.isEmpty && answer.json["total"] as? Int == 0)
    }

    /// Every country the schema's enum offers is one the server accepts.
    @Test func theCountryEnumOfTheOpenAPIDocumentIsAccepted() throws {
        let responder = Fixture.responder().0
        let document = Exchange(responder, "/openapi.json").json
        let parameters = try #require((document["components"] as? [String: Any])?["parameters"] as? [String: Any])
        let schema = try #require((parameters["country"] as? [String: Any])?["schema"] as? [String: Any])
        let countries = try #require(schema["enum"] as? [String])
        #expect(countries.contains("GB") && countries.contains("United Kingdom"))
        for country in countries {
            let encoded = country.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? country
            #expect(Exchange(responder, "/positions?country=\(encoded)").status == 200, "\(country)")
        }
    }
}
