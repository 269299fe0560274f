import Foundation
import Testing

/// `peacetrack explain` and `peacetrack eval` as a user runs them.
@Suite struct CommandLineTests {
    func run(_ arguments: [String], input: String? = nil, in folder: URL = ServerProcess.repository) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = ServerProcess.binary
        process.arguments = arguments
        process.currentDirectoryURL = folder
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        let stdin = Pipe()
        process.standardInput = stdin
        try process.run()
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        try stdin.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test func explainNamesTheStepBehindEachCandidate() throws {
        let (status, output) = try run(["explain", "Hungary immediately rejected the plan. Is Italy ready to send troops?"])
        #expect(status == 0)
        #expect(output.contains("cue \"rejected\" (opposes)"))
        #expect(output.contains("subject: held by Hungary (HU)"))
        #expect(output.contains("→ HU opposes"))
        #expect(output.contains("question: dropped, the sentence asks"))
    }

    @Test func explainReadsStandardInputAndRefusesTwoInputs() throws {
        let (status, output) = try run(["explain", "--file", "-"], input: "Some 2,500 Italian soldiers are deployed in Lebanon to guard the mission.")
        #expect(status == 0)
        #expect(output.contains("garrison: dropped"))
        let (refused, message) = try run(["explain", "text", "--file", "x.txt"])
        #expect(refused != 0)
        #expect(message.contains("either a text or --file"))
    }

    /// Outside the repository the lexicon is found beside the executable (the build folder's
    /// checkout here); a folder given with --lexicon is the only one looked in.
    @Test func extractAndExplainRunOutsideTheRepository() throws {
        let elsewhere = FileManager.default.temporaryDirectory
        let seeds = ServerProcess.repository.appendingPathComponent("seeds").path
        let extracted = try run(["extract", "--corpus", seeds], in: elsewhere)
        #expect(extracted.status == 0)
        #expect(extracted.output.contains(#""positions":[{"id":"pos-"#))
        let explained = try run(["explain", "Hungary immediately rejected the plan."], in: elsewhere)
        #expect(explained.output.contains("→ HU opposes"))
        let missing = try run(["extract", "--corpus", seeds, "--lexicon", "/nonexistent/lexicon"], in: elsewhere)
        #expect(missing.status == 2)
        #expect(missing.output.contains("error: no lexicon found: looked in /nonexistent/lexicon; set it with --lexicon DIR"))
    }

    @Test func evalFailsBelowAFloorAndNamesTheKind() throws {
        let passing = try run(["eval", "--gold", "eval/seeds-gold.json", "--floor", "positions=0.5"])
        #expect(passing.status == 0)
        #expect(passing.output.hasPrefix("counted per document (a fact stated in two articles counts twice; /health counts merged records):\npositions  precision"))
        let failing = try run(["eval", "--gold", "eval/seeds-gold.json", "--floor", "proposals=1.0", "--floor", "positions=0.5"])
        #expect(failing.status == 1)
        #expect(failing.output.contains("below the floor: proposals"))
        // Nothing extracted: every gold fact is a miss, printed with its line of the article.
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("peacetrack-empty-\(UUID().uuidString).json")
        try Data(#"{"positions": [], "estimates": [], "proposals": []}"#.utf8).write(to: empty)
        defer { try? FileManager.default.removeItem(at: empty) }
        let verbose = try run(["eval", "--gold", "eval/seeds-gold.json", "--extracted", empty.path, "--verbose"])
        #expect(verbose.status == 0)
        #expect(verbose.output.contains("  missed  000_628675ff3d59da2e: GB"))
        #expect(verbose.output.contains("          > UK Prime Minister Keir Starmer"))
    }
}
