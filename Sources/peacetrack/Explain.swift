import ArgumentParser
import Foundation
import PeacetrackCore

/// Shows how the extractor read a sentence or an article: for each stance cue, figure and plan,
/// which rule kept, dropped or changed it, and what it became.
struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show which rule kept, dropped or changed each cue, figure and plan of a text.",
        discussion: """
            Give the text as an argument, or --file PATH (- for standard input). Sentences with \
            nothing to explain are left out unless --all is given.
            """)

    @Argument(help: "The text to explain.")
    var text: String?

    @Option(help: "Read the text from this file (- for standard input).")
    var file: String?

    @Option(help: ArgumentHelp(InstalledData.lexiconHelp, valueName: "dir"))
    var lexicon: String?

    @Flag(help: "Also list sentences without cues, figures or plans.")
    var all = false

    func validate() throws {
        guard (text == nil) != (file == nil) else { throw ValidationError("give either a text or --file") }
    }

    func run() throws {
        do {
            let lexicon = try CorpusOptions.loadLexicon(InstalledData.lexicon.locate(explicit: lexicon))
            let document = Document(id: file.map { ($0 as NSString).lastPathComponent } ?? "text", text: try input())
            for sentence in Extractor(lexicon: lexicon).explain(document) where all || !sentence.candidates.isEmpty {
                print(Self.render(sentence))
            }
        } catch let failure as Failure {
            throw failure.exit()
        }
    }

    private func input() throws -> String {
        guard let file else { return text ?? "" }
        let data = file == "-" ? FileHandle.standardInput.readDataToEndOfFile() : FileManager.default.contents(atPath: file)
        guard let data, let text = String(data: data, encoding: .utf8) else {
            throw Failure(message: "\(file): cannot be read as UTF-8 text", code: 2)
        }
        return text
    }

    static func render(_ sentence: TracedSentence) -> String {
        var lines = ["[\(sentence.index)] \(sentence.onTopic ? "on topic" : "off topic"): \(sentence.text)"]
        if !sentence.actors.isEmpty { lines.append("  actors: " + sentence.actors.joined(separator: " · ")) }
        for candidate in sentence.candidates {
            lines.append("  \(candidate.kind.rawValue) \"\(candidate.text)\"" + (candidate.detail.map { " (\($0))" } ?? ""))
            // Steps that kept the candidate as it was are named on one line; the others each on theirs.
            var passed: [String] = []
            func flush() {
                if !passed.isEmpty { lines.append("    kept by " + passed.joined(separator: ", ")) }
                passed = []
            }
            for (step, outcome) in candidate.steps {
                switch outcome {
                case .kept:
                    passed.append(step)
                case .dropped(let reason):
                    flush()
                    lines.append("    \(step): dropped, \(reason)")
                case .changed(let change):
                    flush()
                    lines.append("    \(step): \(change)")
                }
            }
            flush()
            for result in candidate.result { lines.append("    → \(result)") }
        }
        return lines.joined(separator: "\n")
    }
}
