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
        abstract: "Score extracted facts against a gold file: precision, recall and F1 per kind.")

    @OptionGroup var options: CorpusOptions

    @Option(help: "Gold facts (eval/seeds-gold.json).")
    var gold: String

    @Option(help: "Score this saved `extract` output instead of extracting the corpus.")
    var extracted: String?

    @Flag(help: "List every miss and every false positive.")
    var verbose = false

    @Option(name: .customLong("min-f1"), help: "Exit with status 1 when any kind scores below this F1.")
    var minF1: Double?

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
            for score in scores {
                print(score.line)
                if verbose {
                    score.misses.forEach { print("  missed  \($0)") }
                    score.extras.forEach { print("  extra   \($0)") }
                }
            }
            if let minF1, scores.contains(where: { $0.f1 < minF1 }) {
                let low = scores.filter { $0.f1 < minF1 }.map { String(format: "%@ %.3f", $0.kind.rawValue, $0.f1) }
                print("below --min-f1 \(minF1): " + low.joined(separator: ", "))
                throw ExitCode(1)
            }
        } catch let failure as Failure {
            throw failure.exit()
        }
    }
}
