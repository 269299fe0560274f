import Dispatch
import Foundation
import Logging
import PeacetrackCore
@testable import PeacetrackIngest
import Synchronization
import Testing

/// Collects what the archive logs.
final class LogRecorder: Sendable {
    private let lines = Mutex<[String]>([])

    var logger: Logger {
        Logger(label: "test") { _ in RecordingHandler(recorder: self) }
    }

    var recorded: [String] { lines.withLock { $0 } }

    fileprivate func record(_ line: String) { lines.withLock { $0.append(line) } }
}

private struct RecordingHandler: LogHandler {
    let recorder: LogRecorder
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let file = event.metadata?["file"].map { " file=\($0)" } ?? ""
        recorder.record("\(event.level) \(event.message)\(file)")
    }
}

/// A fresh data folder per test, removed afterwards.
private final class TemporaryFolder {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "peacetrack-archive-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    var documents: String { path + "/documents" }

    func write(_ name: String, _ contents: String, age: TimeInterval = 0) throws {
        let file = documents + "/" + name
        try contents.write(toFile: file, atomically: false, encoding: .utf8)
        if age > 0 {
            try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -age)], ofItemAtPath: file)
        }
    }

    func exists(_ name: String) -> Bool {
        FileManager.default.fileExists(atPath: documents + "/" + name)
    }
}

@Suite struct DocumentArchiveTests {
    private let text = "Negotiators met in Geneva on Thursday.\nThe talks will resume next week."

    @Test func writesLoadsAndDeletes() throws {
        let folder = try TemporaryFolder()
        let archive = try DocumentArchive(dataDirectory: folder.path, logger: LogRecorder().logger)
        let added = Document(id: "geneva-talks", title: "Geneva talks", text: text, source: .added)
        let fetched = Document(id: "aid", text: "Donors pledged €2 billion – “a record”.", source: .fetched,
                               url: "https://example.com/aid", published: "2025-02-20")
        let metadata = try archive.write(added, addedAt: Date(timeIntervalSince1970: 1_740_000_000))
        #expect(metadata.sha256 == DocumentArchive.contentHash(of: text))
        #expect(metadata.addedAt == "2025-02-19T21:20:00.000Z")
        try archive.write(fetched)
        #expect(folder.exists("geneva-talks.txt") && folder.exists("geneva-talks.json"))
        #expect(try String(contentsOfFile: folder.documents + "/aid.txt", encoding: .utf8) == fetched.text)

        let reloaded = try DocumentArchive(dataDirectory: folder.path, logger: LogRecorder().logger).load()
        #expect(reloaded == [fetched, added])

        try archive.delete(id: "geneva-talks")
        #expect(!folder.exists("geneva-talks.json") && !folder.exists("geneva-talks.txt"))
        #expect(archive.load() == [fetched])
        #expect(throws: ArchiveError.notFound("geneva-talks")) { try archive.delete(id: "geneva-talks") }
    }

    @Test func refusesDuplicates() throws {
        let folder = try TemporaryFolder()
        let archive = try DocumentArchive(dataDirectory: folder.path, logger: LogRecorder().logger)
        try archive.write(Document(id: "first", text: text, source: .added))
        #expect(throws: ArchiveError.duplicateID("first")) {
            try archive.write(Document(id: "first", text: "Another text entirely.", source: .added))
        }
        #expect(throws: ArchiveError.duplicateText(existingID: "first")) {
            try archive.write(Document(id: "second", text: text, source: .fetched))
        }
        // Another process (a fresh archive on the folder) knows the hash once it has loaded.
        let replica = try DocumentArchive(dataDirectory: folder.path, logger: LogRecorder().logger)
        #expect(replica.documentID(withHash: DocumentArchive.contentHash(of: text)) == nil)
        _ = replica.load()
        #expect(replica.documentID(withHash: DocumentArchive.contentHash(of: text)) == "first")
        try archive.delete(id: "first")
        #expect(archive.documentID(withHash: DocumentArchive.contentHash(of: text)) == nil)
        try archive.write(Document(id: "second", text: text, source: .fetched))
    }

    @Test func refusesInvalidDocuments() throws {
        let folder = try TemporaryFolder()
        let archive = try DocumentArchive(dataDirectory: folder.path, logger: LogRecorder().logger)
        for id in ["", "Upper", "a.b", "../escape", ".tmp-x", "with space", String(repeating: "a", count: 65)] {
            #expect(throws: ArchiveError.invalidID(id)) { try archive.write(Document(id: id, text: text, source: .added)) }
        }
        #expect(throws: ArchiveError.notArchivable(.seed)) { try archive.write(Document(id: "seed", text: text)) }
        #expect(throws: ArchiveError.invalidID("../x")) { try archive.delete(id: "../x") }
    }

    /// Threads stand for replicas: each has its own archive on the shared folder.
    @Test func exactlyOneOfConcurrentWritersOfAnIDWins() throws {
        let folder = try TemporaryFolder()
        let logger = LogRecorder().logger
        let archives = try (0..<8).map { _ in try DocumentArchive(dataDirectory: folder.path, logger: logger) }
        for round in 0..<5 {
            let outcomes = Mutex<[Result<Int, ArchiveError>]>([])
            DispatchQueue.concurrentPerform(iterations: archives.count) { writer in
                let document = Document(id: "same-\(round)", text: "Writer \(writer) wrote this in round \(round).", source: .added)
                let outcome = Result { () throws(ArchiveError) in
                    try archives[writer].write(document)
                    return writer
                }
                outcomes.withLock { $0.append(outcome) }
            }
            let results = outcomes.withLock { $0 }
            let winners = results.compactMap { try? $0.get() }
            #expect(winners.count == 1)
            #expect(results.filter { $0 == .failure(.duplicateID("same-\(round)")) }.count == archives.count - 1)
            let stored = archives[0].load().first { $0.id == "same-\(round)" }
            #expect(stored?.text == "Writer \(winners.first ?? -1) wrote this in round \(round).")
        }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.documents).filter { $0.hasPrefix(".tmp-") }
        #expect(leftovers.isEmpty)
    }

    @Test func ignoresAndClearsLeftoversOfInterruptedWrites() throws {
        let folder = try TemporaryFolder()
        let archive = try DocumentArchive(dataDirectory: folder.path, logger: LogRecorder().logger)
        try folder.write(".tmp-old", "{}", age: 120)
        try folder.write(".tmp-fresh", "{}")
        try folder.write("orphan.txt", text, age: 120)
        try folder.write("young.txt", text)
        #expect(archive.load().isEmpty)
        #expect(!folder.exists(".tmp-old") && !folder.exists("orphan.txt"))
        #expect(folder.exists(".tmp-fresh") && folder.exists("young.txt"))
        // A stale text without metadata does not block its id; a fresh one may be another
        // process's write in progress, so it does.
        try archive.write(Document(id: "orphan", text: text, source: .added))
        try folder.write("stale.txt", "old text", age: 120)
        try archive.write(Document(id: "stale", text: "A new text for the stale id.", source: .added))
        #expect(archive.load().map(\.id) == ["orphan", "stale"])
        #expect(throws: ArchiveError.duplicateID("young")) {
            try archive.write(Document(id: "young", text: "Some other text.", source: .added))
        }
    }

    @Test func skipsBadFilesNamingThem() throws {
        let folder = try TemporaryFolder()
        let recorder = LogRecorder()
        let archive = try DocumentArchive(dataDirectory: folder.path, logger: recorder.logger)
        try archive.write(Document(id: "good", text: text, source: .added))
        try folder.write("corrupt.json", "{\"id\": \"corrupt\", ")
        try folder.write("corrupt.txt", text)
        let good = try String(contentsOfFile: folder.documents + "/good.json", encoding: .utf8)
        try folder.write("tampered.json", good.replacingOccurrences(of: "\"good\"", with: "\"tampered\""))
        try folder.write("tampered.txt", "Not the text that was hashed.")
        try folder.write("lonely.json", good.replacingOccurrences(of: "\"good\"", with: "\"lonely\""))
        try folder.write("renamed.json", good)
        try folder.write("renamed.txt", text)
        try folder.write("Bad Name.json", good)
        #expect(archive.load().map(\.id) == ["good"])
        let warnings = recorder.recorded.filter { $0.hasPrefix("warning") }
        for name in ["corrupt.json", "tampered.json", "lonely.json", "renamed.json", "Bad Name.json"] {
            #expect(warnings.contains { $0.hasSuffix("file=\(folder.documents)/\(name)") }, "no warning names \(name)")
        }
        #expect(warnings.count == 5)
    }

    @Test func fingerprintChangesWithCommitsOnly() throws {
        let folder = try TemporaryFolder()
        let archive = try DocumentArchive(dataDirectory: folder.path, logger: LogRecorder().logger)
        let replica = try DocumentArchive(dataDirectory: folder.path, logger: LogRecorder().logger)
        let empty = replica.fingerprint()
        try folder.write(".tmp-in-progress", "partial")
        try folder.write("uncommitted.txt", text)
        #expect(replica.fingerprint() == empty)
        try archive.write(Document(id: "one", text: text, source: .added))
        let one = replica.fingerprint()
        #expect(one != empty)
        #expect(replica.fingerprint() == one)
        try archive.delete(id: "one")
        #expect(replica.fingerprint() == empty)
        // The same id again, even when the file system reuses the inode.
        try archive.write(Document(id: "one", text: "A different text this time.", source: .added))
        #expect(replica.fingerprint() != one)
    }

    @Test(arguments: [
        ("Ceasefire Talks Resume in Genève!", "ceasefire-talks-resume-in-geneve"),
        ("  --UN: 5,000 troops?  ", "un-5-000-troops"),
        ("Ｆｕｌｌｗｉｄｔｈ", "fullwidth"),
    ])
    func derivesIDsFromTitles(title: String, expected: String) {
        #expect(DocumentArchive.deriveID(title: title, text: text) == expected)
    }

    @Test func derivesIDsFromTheTextWithoutAUsableTitle() {
        let hashID = "doc-" + DocumentArchive.contentHash(of: text).prefix(16)
        #expect(DocumentArchive.deriveID(title: nil, text: text) == hashID)
        #expect(DocumentArchive.deriveID(title: "Перемирие", text: text) == hashID)
        let long = DocumentArchive.deriveID(title: String(repeating: "word ", count: 40), text: text)
        #expect(long.utf8.count <= 64 && !long.hasSuffix("-") && DocumentArchive.isValidID(long))
        #expect(DocumentArchive.isValidID(hashID))
    }

    @Test func hashesWithSHA256() {
        #expect(DocumentArchive.contentHash(of: "") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(DocumentArchive.contentHash(of: "abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(DocumentArchive.contentHash(of: "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
            == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(DocumentArchive.contentHash(of: String(repeating: "a", count: 1_000_000))
            == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        // Lengths around the padding boundaries of the 64-byte blocks.
        #expect(DocumentArchive.contentHash(of: String(repeating: "x", count: 55)) == "d5e285683cd4efc02d021a5c62014694958901005d6f71e89e0989fac77e4072")
        #expect(DocumentArchive.contentHash(of: String(repeating: "x", count: 64)) == "7ce100971f64e7001e8fe5a51973ecdfe1ced42befe7ee8d5fd6219506b5393c")
        #expect(DocumentArchive.contentHash(of: String(repeating: "x", count: 119)) == "000b48d4edf0fa7bee3c6236ecd2785baa5db4eeb8bb54341b029e0d9fa5fb0c")
        #expect(DocumentArchive.contentHash(of: "Genève – “ok”") == "9dac5b2b497ebb8a60390e8e3bfa202cfb970925daccb34bbf58da68a2f8984c")
    }
}

@Suite struct DocumentRulesTests {
    @Test(arguments: [
        ("https://user:pw@example.com/a?b=c@d", "https://example.com/a?b=c@d"),
        ("http://user@example.com", "http://example.com"),
        ("http://a:b@c@example.com:8080/x", "http://example.com:8080/x"),
        ("https://example.com/path@x", "https://example.com/path@x"),
        ("not a url", "not a url"),
    ])
    func credentialsAreStripped(url: String, stripped: String) {
        #expect(DocumentRules.withoutCredentials(url) == stripped)
    }

    @Test func routeWordsAreNeitherValidNorDerivedIDs() {
        #expect(!DocumentArchive.isValidID("fetch"))
        #expect(DocumentArchive.deriveID(title: "Fetch!", text: "x").hasPrefix("doc-"))
        #expect(DocumentArchive.deriveID(title: "Fetch more", text: "x") == "fetch-more")
    }
}
