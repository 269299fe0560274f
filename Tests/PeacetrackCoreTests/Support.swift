import Foundation
@testable import PeacetrackCore

enum Lexicons {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    static let shared: Lexicon = {
        do { return try Lexicon.load(directory: repository + "/Config/lexicon") } catch { fatalError("lexicon: \(error)") }
    }()
}

/// Facts of one made-up article.
func facts(_ text: String) -> DocumentFacts {
    Extractor(lexicon: Lexicons.shared).analyze(Document(id: "doc", text: text))
}

/// "GB supports", "FR opposes" ... for compact expectations.
func stances(_ text: String) -> Set<String> {
    Set(facts(text).positions.map { "\($0.country) \($0.stance.rawValue)" })
}
