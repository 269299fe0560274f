@testable import PeacetrackCore
import Testing

@Suite struct WordTests {
    @Test func namedWordsKeepTheirNumbersAndNewWordsGetFreshOnes() {
        let numbering = WordNumbering()
        for named in NamedWord.allCases {
            #expect(numbering.table.word(named.spelling) == Word(named), "\(named)")
        }
        #expect(Set(NamedWord.allCases.map(\.spelling)).count == NamedWord.allCases.count)
        #expect(numbering.table.word("troops") == .unknown)
        let troops = numbering.number("troops")
        #expect(troops != .unknown)
        #expect(!NamedWord.allCases.map(Word.init).contains(troops))
        #expect(numbering.number("troops") == troops)
        #expect(numbering.number("soldiers") != troops)
        #expect(numbering.table.word("troops") == troops)
        #expect(numbering.number("the") == Word(.the))
    }

    @Test func scalarsFindTheWordOfTheirLowercaseForm() {
        let numbering = WordNumbering()
        let words = ["troops", "élysée", "u.s.", "x", "troop", "troopsx"].map(numbering.number)
        let table = numbering.table
        for (text, expected) in [("Troops", words[0]), ("ÉLYSÉE", words[1]), ("U.S.", words[2]), ("X", words[3]),
                                 ("TROOP", words[4]), ("troopsX", words[5]), ("troopz", .unknown), ("Ünknown", .unknown),
                                 (",", Word(.comma)), ("'S", Word(.possessive))] {
            let folded = FoldedText(text)
            #expect(table.word(lowercasing: folded.folded[0..<folded.count]) == expected, "\(text)")
        }
    }

    @Test func wordSetsHoldTheirMembersOnly() {
        let table = WordNumbering()
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
