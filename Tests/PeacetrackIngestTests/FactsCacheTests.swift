import Foundation
import Logging
import PeacetrackCore
@testable import PeacetrackIngest
import Testing

/// Facts kept between runs come back as they were stored, for the documents that ask for
/// them by text hash, and a file that is not exactly such a file is never trusted.
@Suite struct FactsCacheTests {
    static let facts = DocumentFacts(
        documentID: "first", sentenceCount: 4, reportedBy: ["Reuters"],
        positions: [Position(id: "pos-1", country: "GB", countryName: "United Kingdom", stance: .conditional,
                             actor: Actor(name: "David Lammy", role: nil), summary: "only with a US backstop",
                             conditions: ["a US backstop"], reportedBy: ["Reuters"],
                             evidence: [Evidence(document: "first", sentence: "A sentence.", start: 3, end: 14),
                                        Evidence(document: "first", sentence: "A sentence.", start: 20, end: 31)])],
        estimates: [Estimate(id: "est-1", unit: .troops, min: -5, max: nil, approx: true, text: "tens of thousands",
                             context: nil, attributedTo: "officials", evidence: [Evidence(document: "first", sentence: "Another.", start: 0, end: 8)])],
        proposals: [Proposal(id: "prop-1", summary: "a buffer zone", proposers: ["GB", "FR"], estimates: ["est-1"],
                             evidence: [Evidence(document: "first", sentence: "Another.", start: 0, end: 8)])])

    static let bytes = FactsCodec.encode([(hash: "h1", facts: facts)], version: "v1")

    @Test func roundTripsUnderTheIDOfTheDocumentThatAsks() throws {
        let decoded = try #require(FactsCodec.decode(Self.bytes, version: "v1", wanted: ["h1": "renamed"]))
        let facts = try #require(decoded["renamed"])
        #expect(facts.sentenceCount == 4)
        #expect(facts.reportedBy == ["Reuters"])
        #expect(facts.positions.map(\.evidence) == Self.facts.positions.map { $0.evidence.map { Evidence(document: "renamed", sentence: $0.sentence, start: $0.start, end: $0.end) } })
        #expect(facts.positions.map(\.id) == ["pos-1"])
        #expect(facts.positions.first?.actor == Actor(name: "David Lammy", role: nil))
        #expect(facts.estimates.first?.min == -5)
        #expect(facts.estimates.first?.max == nil)
        #expect(facts.estimates.first?.attributedTo == "officials")
        #expect(facts.proposals.first?.proposers == ["GB", "FR"])
    }

    @Test func givesOnlyWhatIsAskedFor() {
        #expect(FactsCodec.decode(Self.bytes, version: "v1", wanted: ["other": "x"])?.isEmpty == true)
    }

    @Test func anotherVersionIsNotReused() {
        #expect(FactsCodec.decode(Self.bytes, version: "v2", wanted: ["h1": "first"]) == nil)
    }

    @Test func everyTruncationOrFlippedByteIsRefusedOrReadWithoutTrapping() {
        for length in 0..<Self.bytes.count {
            #expect(FactsCodec.decode(Array(Self.bytes.prefix(length)), version: "v1", wanted: ["h1": "first"]) == nil)
        }
        for offset in Self.bytes.indices {
            for flip: UInt8 in [0x01, 0x80, 0xff] {
                var bytes = Self.bytes
                bytes[offset] ^= flip
                _ = FactsCodec.decode(bytes, version: "v1", wanted: ["h1": "first"])
            }
        }
    }

    @Test func keepsTheFactsOfASnapshotInTheDataFolder() throws {
        let folder = NSTemporaryDirectory() + "peacetrack-facts-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let lexicon = try Lexicon.load(directory: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().path + "/Config/lexicon")
        let cache = try #require(FactsCache(dataDirectory: folder, lexicon: lexicon, logger: Logger(label: "test")))
        let document = Document(id: "first", text: "Norway is considering sending troops to a reassurance force in Ukraine.")
        let snapshot = StoreSnapshot(documents: [document], extractor: Extractor(lexicon: lexicon))
        cache.save(snapshot, keys: ["first": "h1"])
        let kept = cache.load(wanted: ["h1": "first"])
        #expect(kept["first"]?.positions == snapshot.facts["first"]?.positions)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder + "/facts") == ["facts.bin"])
    }
}
