@testable import PeacetrackCore
import Testing

@Suite struct StringPoolTests {
    /// A string of its own storage, equal to `text` (long enough not to be stored inline).
    func fresh(_ text: String) -> String {
        String(decoding: Array(text.utf8), as: UTF8.self)
    }

    func storage(_ text: String) -> UnsafeRawPointer? {
        text.utf8.withContiguousStorageIfAvailable { UnsafeRawPointer($0.baseAddress) } ?? nil
    }

    func facts(_ document: String) -> DocumentFacts {
        let evidence = Evidence(document: document, sentence: fresh("Norway is ready to send troops to a reassurance force."),
                                start: 0, end: 54)
        let position = Position(id: fresh("pos-0123456789ab"), country: "NO", countryName: "Norway", stance: .supports,
                                actor: nil, summary: fresh("Norway is ready to send troops"), conditions: [],
                                reportedBy: [], evidence: [evidence])
        return DocumentFacts(documentID: document, sentenceCount: 1, reportedBy: [], positions: [position],
                             estimates: [], proposals: [])
    }

    @Test func equalStringsOfDifferentDocumentsShareOneStorage() {
        var pool = StringPool()
        var first = facts("a")
        var second = facts("b")
        let before = second.positions[0]
        #expect(storage(first.positions[0].id) != storage(before.id))
        pool.share(&first)
        pool.share(&second)
        let (one, two) = (first.positions[0], second.positions[0])
        #expect(two == before)
        #expect(storage(one.id) == storage(two.id))
        #expect(storage(one.summary) == storage(two.summary))
        #expect(storage(one.evidence[0].sentence) == storage(two.evidence[0].sentence))
        #expect(two.evidence[0].document == "b")
    }
}
