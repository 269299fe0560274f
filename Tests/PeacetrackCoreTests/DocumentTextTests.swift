import Foundation
@testable import PeacetrackCore
import Testing

/// A document may leave its text in the file it was read from.
@Suite struct DocumentTextTests {
    @Test func aTextLeftInItsFileIsReadFromThereWithItsLengthKept() throws {
        let path = NSTemporaryDirectory() + "peacetrack-document-\(UUID().uuidString).txt"
        let text = "Headline 🇺🇦\nNorway is considering sending troops."
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let inline = Document(id: "a", text: text)
        let kept = inline.readingText(from: path)
        #expect(kept.text == text)
        #expect(kept.title == inline.title)
        #expect(kept.scalarCount == inline.scalarCount)
        try FileManager.default.removeItem(atPath: path)
        #expect(kept.text == "")
        #expect(kept.scalarCount == text.unicodeScalars.count)
    }
}
