import Foundation
import Logging
@testable import PeacetrackCore
import Testing

/// The seed corpus against its hand-made gold facts, with the rules of eval/score.py.
@Suite struct SeedEvaluationTests {
    @Test func everyKindReachesTheIssueTarget() throws {
        let documents = try CorpusLoader.load(directory: Lexicons.repository + "/seeds", logger: Logger(label: "test"))
        let extractor = Extractor(lexicon: Lexicons.shared)
        let merged = Extraction.merge(documents.map(extractor.analyze))
        let gold = try Data(contentsOf: URL(fileURLWithPath: Lexicons.repository + "/eval/seeds-gold.json"))
        let scores = try GoldScorer(gold: gold).score(extracted: Self.json(merged))
        #expect(scores.count == 3)
        for score in scores {
            #expect(score.f1 >= 0.9, "\(score.kind): \(score.f1)")
        }
    }

    /// The fields the scorer reads, as `peacetrack extract` writes them.
    static func json(_ extraction: Extraction) throws -> Data {
        func evidence(_ items: [Evidence]) -> [[String: Any]] {
            items.map { ["document": $0.document, "sentence": $0.sentence] }
        }
        let object: [String: Any] = [
            "positions": extraction.positions.map { ["country": $0.country, "stance": $0.stance.rawValue, "evidence": evidence($0.evidence)] },
            "estimates": extraction.estimates.map { ["unit": $0.unit.rawValue, "min": $0.min as Any? ?? NSNull(), "max": $0.max as Any? ?? NSNull(), "evidence": evidence($0.evidence)] },
            "proposals": extraction.proposals.map { ["summary": $0.summary, "proposers": $0.proposers, "evidence": evidence($0.evidence)] },
        ]
        return try JSONSerialization.data(withJSONObject: object)
    }

    @Test func evidenceOffsetsSliceTheSentenceOutOfTheText() throws {
        let documents = try CorpusLoader.load(directory: Lexicons.repository + "/seeds", logger: Logger(label: "test"))
        let extractor = Extractor(lexicon: Lexicons.shared)
        for document in documents {
            let found = extractor.analyze(document)
            let scalars = Array(document.text.unicodeScalars)
            let evidence = found.positions.flatMap(\.evidence) + found.estimates.flatMap(\.evidence) + found.proposals.flatMap(\.evidence)
            #expect(!evidence.isEmpty)
            for item in evidence {
                var view = String.UnicodeScalarView()
                view.append(contentsOf: scalars[item.start..<item.end])
                #expect(String(view) == item.sentence)
            }
        }
    }
}
