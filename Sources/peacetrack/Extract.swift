import ArgumentParser
import Foundation
import PeacetrackAPI
import PeacetrackCore

struct Extract: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print every document and extracted record as JSON, then exit.")

    @OptionGroup var options: CorpusOptions

    func run() throws {
        let logger = Logs.bootstrap(level: "warning")
        do {
            let snapshot = try options.snapshot(logger: logger)
            CorpusExport.write(snapshot) { FileHandle.standardOutput.write(Data($0)) }
            FileHandle.standardOutput.write(Data("\n".utf8))
        } catch let failure as Failure {
            throw failure.exit()
        }
    }
}

struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Score extracted facts against a gold file: precision, recall and F1 per kind.",
        discussion: """
            Counts are per document (a fact stated in two articles counts twice), so they differ \
            from the merged records that /health and the lists count.
            """)

    @OptionGroup var options: CorpusOptions

    @Option(help: "Gold facts (eval/seeds-gold.json).")
    var gold: String

    @Option(help: "Score this saved `extract` output instead of extracting the corpus.")
    var extracted: String?

    @Flag(help: "List every miss with its line and every false positive with its sentence.")
    var verbose = false

    @Option(name: .customLong("min-f1"), help: "Exit with status 1 when any kind scores below this F1.")
    var minF1: Double?

    @Option(name: .customLong("floor"), help: ArgumentHelp("Exit with status 1 when this kind scores below this F1.",
                                                          valueName: "kind=F1"))
    var floors: [Floor] = []

    func run() throws {
        let logger = Logs.bootstrap(level: "warning")
        do {
            guard let goldData = FileManager.default.contents(atPath: gold) else {
                throw Failure(message: "\(gold): cannot be read", code: 2)
            }
            let output: Data
            if let extracted {
                guard let data = FileManager.default.contents(atPath: extracted) else {
                    throw Failure(message: "\(extracted): cannot be read", code: 2)
                }
                output = data
            } else {
                output = Data(CorpusExport.json(try options.snapshot(logger: logger)))
            }
            let scores: [GoldScorer.Score]
            do {
                scores = try GoldScorer(gold: goldData).score(extracted: output)
            } catch {
                throw Failure(message: "\(error)", code: 2)
            }
            // The reference scorer's lines stay as they are; what they count is said above them.
            print("counted per document (a fact stated in two articles counts twice; /health counts merged records):")
            for score in scores {
                print(score.line)
                if verbose { printFindings(score) }
            }
            let low = scores.filter { score in
                score.f1 < max(minF1 ?? 0, floors.filter { $0.kind == score.kind }.map(\.f1).max() ?? 0)
            }
            if !low.isEmpty {
                print("below the floor: " + low.map { String(format: "%@ %.3f", $0.kind.rawValue, $0.f1) }.joined(separator: ", "))
                throw ExitCode(1)
            }
        } catch let failure as Failure {
            throw failure.exit()
        }
    }

    /// Each miss with the gold's line of the article, each false positive with its sentence.
    private func printFindings(_ score: GoldScorer.Score) {
        var lines: [String: [Substring]] = [:]
        func line(_ number: Int, of document: String) -> Substring? {
            if lines[document] == nil {
                let path = options.corpus + "/" + document + ".txt"
                lines[document] = (try? String(contentsOfFile: path, encoding: .utf8))?.split(separator: "\n", omittingEmptySubsequences: false) ?? []
            }
            return lines[document].flatMap { number >= 1 && number <= $0.count ? $0[number - 1] : nil }
        }
        for miss in score.misses {
            print("  missed  \(miss)")
            if let number = miss.line, let text = line(number, of: miss.document) { print("          > \(text.prefix(400))") }
        }
        for extra in score.extras {
            print("  extra   \(extra)")
            if let sentence = extra.sentence { print("          > \(sentence.prefix(400))") }
        }
    }
}

/// `positions=0.75`: the least F1 one kind may score.
struct Floor: ExpressibleByArgument {
    var kind: GoldScorer.Kind
    var f1: Double

    init?(argument: String) {
        let parts = argument.split(separator: "=", maxSplits: 1)
        guard parts.count == 2, let kind = GoldScorer.Kind(rawValue: String(parts[0])), let f1 = Double(parts[1]),
              (0...1).contains(f1) else { return nil }
        self.kind = kind
        self.f1 = f1
    }
}
