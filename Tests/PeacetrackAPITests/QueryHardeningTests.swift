import HTTPServer
@testable import PeacetrackAPI
import Testing

/// Regressions from the bad-request battery (Tests/Hardening/battery.py) for query values.
@Suite struct QueryHardeningTests {
    private func number(_ value: String, in range: ClosedRange<Int> = 0...500) throws -> Int? {
        try QueryParameters([QueryItem(name: "n", value: value)], allowed: ["n"]).int("n", in: range)
    }

    /// `Int(_:)` takes a sign, so "+5" and "-0" used to pass as 5 and 0.
    @Test(arguments: ["+5", "-0", "-1", "0x10", "1e3", "1.5", "5abc", "\u{FF11}", "\u{0663}", "1,000", "", "-", "+"])
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
}
