import ArgumentParser
import Foundation
import Logging
import PeacetrackCore

@main
struct Peacetrack: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "peacetrack",
        abstract: "Citable facts about the debate over a European peacekeeping force for Ukraine.",
        version: version,
        subcommands: [Serve.self, Extract.self, Eval.self, Explain.self]
    )
}

/// Options shared by the commands that read a corpus.
struct CorpusOptions: ParsableArguments {
    @Option(help: "Folder of *.txt articles.")
    var corpus = "seeds"

    @Option(help: ArgumentHelp(InstalledData.lexiconHelp, valueName: "dir"))
    var lexicon: String?

    /// Reads the lexicon and the corpus and extracts every fact, or exits with a message.
    func snapshot(logger: Logger) throws -> StoreSnapshot {
        let lexicon = try Self.loadLexicon(InstalledData.lexicon.locate(explicit: lexicon))
        let documents = try Self.loadCorpus(corpus, logger: logger)
        return StoreSnapshot(documents: documents, extractor: Extractor(lexicon: lexicon))
    }

    static func loadLexicon(_ directory: String) throws -> Lexicon {
        do {
            return try Lexicon.load(directory: directory)
        } catch {
            throw Failure(message: "lexicon: \(error)", code: 2)
        }
    }

    static func loadCorpus(_ directory: String, textsInMemory: Bool = true, logger: Logger) throws -> [Document] {
        do {
            return try CorpusLoader.load(directory: directory, textsInMemory: textsInMemory, logger: logger)
        } catch {
            throw Failure(message: "\(error)", code: 1)
        }
    }
}

/// An error reported as one line on standard error, with an exit status.
struct Failure: Error {
    var message: String
    var code: Int32

    func exit() -> ExitCode {
        FileHandle.standardError.write(Data("error: \(message)\n".utf8))
        return ExitCode(code)
    }
}

enum Logs {
    /// Where every log line gathers before it is written; written out at any exit too.
    static let buffer = LogBuffer()

    /// Log lines go to standard error, so `extract` can print JSON on standard output.
    static func bootstrap(level: String) -> Logger {
        let logLevel = Logger.Level(rawValue: level) ?? .info
        atexit { Logs.buffer.flush() }
        LoggingSystem.bootstrap { label in
            BufferedLogHandler(label: label, buffer: buffer, logLevel: logLevel)
        }
        return Logger(label: "peacetrack")
    }
}
