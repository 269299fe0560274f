import Foundation
@testable import PeacetrackCore
import Testing

@Suite struct LexiconTests {
    @Test func countriesResolveByCodeNameAndAlias() throws {
        let countries = Lexicons.shared.countries
        for alias in ["GB", "gbr", "UK", "u.k.", "Britain", "United Kingdom", "the United Kingdom"] {
            #expect(countries.resolve(alias)?.code == "GB", "\(alias)")
        }
        #expect(countries.resolve("USA")?.code == "US")
        #expect(countries.resolve("nato")?.code == "NATO")
        #expect(countries.resolve("Atlantis") == nil)
        #expect(countries.country(code: "fr")?.name == "France")
    }

    /// A copy of the lexicon with one file replaced.
    func loadWith(_ name: String, _ contents: String) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lexicon-\(UUID().uuidString)")
        try FileManager.default.copyItem(atPath: Lexicons.repository + "/Config/lexicon", toPath: folder.path)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent(name)
        try? FileManager.default.removeItem(at: file)
        try Data(contents.utf8).write(to: file)
        do {
            _ = try Lexicon.load(directory: folder.path)
            return "loaded"
        } catch {
            return error.description
        }
    }

    @Test func errorsNameTheFileAndTheField() throws {
        #expect(try loadWith("roles.json", "{not json").contains("roles.json"))
        let badCode = #"{"countries": [{"code": "gbr", "alpha3": "GBR", "name": "UK", "aliases": [], "adjectives": [], "metonyms": []}], "organisations": []}"#
        #expect(try loadWith("countries.json", badCode) == "countries.json: countries[0].code: must be an ISO 3166-1 alpha-2 code in capitals")
        let badStance = try String(contentsOfFile: Lexicons.repository + "/Config/lexicon/stances.json", encoding: .utf8)
            .replacingOccurrences(of: "\"undecided\": [", with: "\"maybe\": [], \"undecided\": [")
        #expect(try loadWith("stances.json", badStance).hasPrefix("stances.json: cues.maybe:"))
        let quantities = try String(contentsOfFile: Lexicons.repository + "/Config/lexicon/quantities.json", encoding: .utf8)
            .replacingOccurrences(of: #""vague": {"#, with: #""vague": {"oops": [9, 1], "#)
        #expect(try loadWith("quantities.json", quantities) == "quantities.json: vague.oops: min must not exceed max")
    }

    /// A window of 0 would make empty ranges and a huge one would overflow: both are refused.
    @Test(arguments: ["0", "1000000000000000000"])
    func windowsAreBounded(value: String) throws {
        let quantities = try String(contentsOfFile: Lexicons.repository + "/Config/lexicon/quantities.json", encoding: .utf8)
            .replacingOccurrences(of: #""garrisonWindow": 4"#, with: #""garrisonWindow": \#(value)"#)
        #expect(try loadWith("quantities.json", quantities) == "quantities.json: garrisonWindow: must be a window of 1 to 1000")
    }

    @Test func aMissingFileIsNamed() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lexicon-empty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(throws: LexiconError.self) { try Lexicon.load(directory: folder.path) }
    }
}
