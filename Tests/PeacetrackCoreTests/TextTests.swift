@testable import PeacetrackCore
import Testing

@Suite struct TextTests {
    let splitter = Lexicons.shared.splitter

    func sentences(_ text: String) -> [String] {
        let folded = FoldedText(text)
        return splitter.split(folded).map { folded.text($0.range) }
    }

    @Test func abbreviationsInitialsAndDecimalsDoNotEndSentences() {
        #expect(sentences("Gen. Mark Milley met Mr. J. Smith on Jan. 5 in the U.S. capital. It cost 1.5 billion.")
            == ["Gen. Mark Milley met Mr. J. Smith on Jan. 5 in the U.S. capital.", "It cost 1.5 billion."])
    }

    @Test func questionMarksQuotesAndExclamations() {
        #expect(sentences("\"Who would lead it?\" she asked. Nobody knew! Then talks resumed.")
            == ["\"Who would lead it?\" she asked.", "Nobody knew!", "Then talks resumed."])
    }

    @Test func headlinesBulletsAndGluedSentences() {
        let text = "Key points\n- Spain weighs a naval role\nMadrid is studying options.Officials declined to comment"
        #expect(sentences(text) == ["Key points", "Spain weighs a naval role", "Madrid is studying options.", "Officials declined to comment"])
    }

    @Test func offsetsPointIntoTheOriginalText() {
        let text = "Intro line\n“Quoted” — Kyiv’s view. Next one."
        let folded = FoldedText(text)
        let split = splitter.split(folded)
        #expect(split.count == 3)
        let scalars = Array(text.unicodeScalars)
        let second = split[1].range
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[second])
        #expect(String(view) == "“Quoted” — Kyiv’s view.")
        #expect(split.map(\.paragraph) == [0, 1, 1])
    }

    @Test func emptyAndPunctuationOnlyTextHasNoSentences() {
        #expect(sentences("").isEmpty)
        #expect(sentences("\n\n ... \n-\n").isEmpty)
    }

    @Test func tokensKeepAcronymsNumbersAndPossessives() {
        let text = FoldedText("The U.S. sent 30,000 troops, Poland’s 5k and won't stop.")
        let tokens = Tokenizer.tokens(of: text, in: 0..<text.count, words: Lexicons.shared.words).map { text.surface($0.range) }
        #expect(tokens == ["The", "U.S.", "sent", "30,000", "troops", ",", "Poland", "'s", "5k", "and", "won't", "stop", "."])
    }
}
