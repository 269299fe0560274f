@testable import PeacetrackCore
import Testing

@Suite struct WordTests {
    @Test func namedWordsKeepTheirNumbersAndNewWordsGetFreshOnes() {
        var table = WordTable()
        for named in NamedWord.allCases {
            #expect(table.word(named.spelling) == Word(named), "\(named)")
        }
        #expect(Set(NamedWord.allCases.map(\.spelling)).count == NamedWord.allCases.count)
        #expect(table.word("troops") == .unknown)
        let troops = table.number("troops")
        #expect(troops != .unknown)
        #expect(!NamedWord.allCases.map(Word.init).contains(troops))
        #expect(table.number("troops") == troops)
        #expect(table.number("soldiers") != troops)
        #expect(table.word("troops") == troops)
        #expect(table.number("the") == Word(.the))
    }

    @Test func wordSetsHoldTheirMembersOnly() {
        var table = WordTable()
        let (will, would, may) = (table.number("will"), table.number("would"), table.number("may"))
        let modals = WordSet([will, would, .unknown])
        #expect(modals.contains(will) && modals.contains(would))
        #expect(!modals.contains(may))
        #expect(!modals.contains(.unknown))
        #expect(!modals.contains(Word(number: 1_000_000)))
    }

    @Test func tokensCarryTheLexiconsNumbersAndTheirCapitals() {
        let lexicon = Lexicons.shared
        let text = FoldedText("The US and Élysée officials said zorblax A")
        let tokens = Tokenizer.tokens(of: text, in: 0..<text.count, words: lexicon.words)
        #expect(tokens.map { text.lowercased($0.range) } == ["the", "us", "and", "élysée", "officials", "said", "zorblax", "a"])
        #expect(tokens[0].is(.the) && tokens[2].is(.and))
        #expect(tokens[1].word == lexicon.words.word("us") && tokens[1].word != .unknown)
        #expect(tokens[6].word == .unknown)
        #expect(tokens.map(\.startsUppercase) == [true, true, false, true, false, false, false, true])
        #expect(tokens.map(\.isAllUppercase) == [false, true, false, false, false, false, false, false])
        #expect(tokens[7].isOneCharacter && !tokens[1].isOneCharacter)
    }
}
