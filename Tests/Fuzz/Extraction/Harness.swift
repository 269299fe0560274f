// libFuzzer target for the extraction pipeline, compiled into the PeacetrackCore module with
// all its sources (Tests/Fuzz/build.sh globs them, so new files are included). Calls only the
// public API: Extractor(lexicon:).analyze(Document(...)). Besides "no trap", every evidence
// entry must point into the text: offsets in Unicode scalars, the sentence exactly that slice;
// and its date, resolved against a publication date just after a year's end, must be there and
// not after publication.
// Run from the repository root (it reads Config/lexicon).
import Foundation

private let extractor: Extractor = {
    do {
        return Extractor(lexicon: try Lexicon.load(directory: "Config/lexicon"))
    } catch {
        fatalError("run the extraction fuzzer from the repository root: \(error)")
    }
}()

private func fail(_ message: String) -> Never {
    fatalError("fuzz invariant broken: \(message)")
}

private let published = CalendarDate(year: 2025, month: 1, day: 3)

private func checkEvidence(_ evidence: [Evidence], in scalars: [Unicode.Scalar], _ what: String) {
    for entry in evidence {
        guard let date = entry.date?.date, let published, date <= published else {
            fail("\(what) evidence dated \(entry.date.map { "\($0.date)" } ?? "nil") in a document published \(published.map { "\($0)" } ?? "?")")
        }
        guard entry.document == "fuzz", entry.start >= 0, entry.start <= entry.end, entry.end <= scalars.count else {
            fail("\(what) evidence \(entry.start)..<\(entry.end) outside a text of \(scalars.count) scalars")
        }
        var slice = String.UnicodeScalarView()
        slice.append(contentsOf: scalars[entry.start..<entry.end])
        guard String(slice) == entry.sentence else {
            fail("\(what) evidence sentence is not the text at \(entry.start)..<\(entry.end)")
        }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzExtraction(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data else { return 0 }
    // Documents are UTF-8 text: the corpus loader and the submission endpoint refuse the rest.
    guard let text = String(validating: UnsafeBufferPointer(start: data, count: size), as: UTF8.self) else { return -1 }
    let facts = extractor.analyze(Document(id: "fuzz", text: text, published: published?.description))
    let scalars = Array(text.unicodeScalars)
    guard facts.documentID == "fuzz", facts.sentenceCount >= 0 else { fail("document facts of \(facts.documentID)") }
    for position in facts.positions { checkEvidence(position.evidence, in: scalars, "position") }
    for proposal in facts.proposals { checkEvidence(proposal.evidence, in: scalars, "proposal") }
    for estimate in facts.estimates {
        checkEvidence(estimate.evidence, in: scalars, "estimate")
        if let low = estimate.min, let high = estimate.max, low > high { fail("estimate \(low)...\(high)") }
    }
    return 0
}
