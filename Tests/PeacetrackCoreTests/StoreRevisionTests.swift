import Foundation
@testable import PeacetrackCore
import Testing

/// A snapshot changed document by document equals the snapshot built whole from the result.
@Suite struct StoreRevisionTests {
    static let extractor = Extractor(lexicon: Lexicons.shared)

    /// The seeds, and short articles that repeat facts the seeds state, so that records of
    /// several documents are merged again.
    static let documents: [Document] = {
        let seeds = URL(fileURLWithPath: Lexicons.repository + "/seeds")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: seeds.path).filter { $0.hasSuffix(".txt") }.sorted()) ?? []
        let read = names.compactMap { name in
            (try? String(contentsOf: seeds.appendingPathComponent(name), encoding: .utf8)).map { Document(id: String(name.dropLast(4)), text: $0) }
        }
        return read + [
            Document(id: "zz-norway", text: "Norway weighs a role\nNorway is considering sending troops to a reassurance force in Ukraine.",
                     source: .added, published: "2025-03-01"),
            Document(id: "aa-lammy", text: "London holds\nLondon has no plans to send troops to Ukraine, Defence Secretary David Lammy said.",
                     source: .added),
        ]
    }()

    func expectSame(_ changed: StoreSnapshot, _ whole: StoreSnapshot) {
        #expect(changed.documents == whole.documents)
        #expect(changed.positions == whole.positions)
        #expect(changed.estimates == whole.estimates)
        #expect(changed.proposals == whole.proposals)
        #expect(changed.tag == whole.tag)
        #expect(changed.positionsByCountry == whole.positionsByCountry)
        #expect(changed.proposalsByCountry == whole.proposalsByCountry)
        #expect(changed.proposalSearchText == whole.proposalSearchText)
        for document in whole.documents {
            #expect(changed.positions(matching: PositionFilter(document: document.id)) == whole.positions(matching: PositionFilter(document: document.id)))
        }
    }

    @Test func addingDocumentsEqualsBuildingWhole() {
        let (some, added) = (Array(Self.documents.prefix(3)), Array(Self.documents.dropFirst(3)))
        let base = StoreSnapshot(documents: some, extractor: Self.extractor)
        let changed = base.applying(added: added, removed: [], extractor: Self.extractor)
        expectSame(changed, StoreSnapshot(documents: Self.documents, extractor: Self.extractor))
        #expect(changed.revision?.baseTag == base.tag)
        #expect(changed.revision?.documents == Set(added.map(\.id)))
    }

    @Test func removingDocumentsEqualsBuildingWhole() {
        let all = StoreSnapshot(documents: Self.documents, extractor: Self.extractor)
        let gone: Set<String> = ["aa-lammy", "001_995fbe93e33a74b9", "zz-norway"]
        let changed = all.applying(added: [], removed: gone, extractor: Self.extractor)
        expectSame(changed, StoreSnapshot(documents: Self.documents.filter { !gone.contains($0.id) }, extractor: Self.extractor))
    }

    @Test func replacingADocumentReadsItsNewText() {
        let all = StoreSnapshot(documents: Self.documents, extractor: Self.extractor)
        let replacement = Document(id: "zz-norway", text: "Norway decides\nNorway has ruled out sending troops to Ukraine.", source: .added)
        let changed = all.applying(added: [replacement], removed: [], extractor: Self.extractor)
        let expected = Self.documents.filter { $0.id != "zz-norway" } + [replacement]
        expectSame(changed, StoreSnapshot(documents: expected, extractor: Self.extractor))
    }

    @Test func knownFactsAreNotReadAgain() {
        let read = StoreSnapshot(documents: Self.documents, extractor: Self.extractor)
        // Facts given for a document are taken as they are, even when its text says otherwise.
        let kept = StoreSnapshot(documents: Self.documents, extractor: Self.extractor) { document in
            document.id == "zz-norway" ? DocumentFacts(documentID: "zz-norway", sentenceCount: 9, reportedBy: [], positions: [],
                                                       estimates: [], proposals: []) : read.facts[document.id]
        }
        #expect(kept.facts["zz-norway"]?.sentenceCount == 9)
        #expect(kept.positions.count < read.positions.count)
    }
}
