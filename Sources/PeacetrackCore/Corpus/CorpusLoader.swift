import Foundation
import Logging

public struct CorpusError: Error, CustomStringConvertible {
    public var description: String
}

/// Reads every `*.txt` of a folder as a document. One bad file never stops the load: it is
/// skipped with a warning that names it. Only a missing or unreadable folder is an error.
public enum CorpusLoader {
    /// Without `textsInMemory`, each document reads its text from its file when asked for it.
    public static func load(directory: String, source: Document.Source = .seed, textsInMemory: Bool = true,
                            logger: Logger) throws -> [Document] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CorpusError(description: "corpus folder \(directory) does not exist or is not a folder")
        }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw CorpusError(description: "corpus folder \(directory) cannot be read: \(error.localizedDescription)")
        }
        var documents: [Document] = []
        for name in names.sorted() where name.hasSuffix(".txt") && !name.hasPrefix(".") {
            let path = (directory as NSString).appendingPathComponent(name)
            switch read(path) {
            case .success(let text):
                let document = Document(id: String(name.dropLast(4)), text: text, source: source)
                documents.append(textsInMemory ? document : document.readingText(from: path))
            case .failure(let problem):
                logger.warning("skipping corpus file", metadata: ["file": "\(path)", "reason": "\(problem.description)"])
            }
        }
        return documents
    }

    /// The file as UTF-8 text, or why it cannot be a document.
    static func read(_ path: String) -> Result<String, CorpusError> {
        guard let data = FileManager.default.contents(atPath: path) else {
            return .failure(CorpusError(description: "cannot be read"))
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            return .failure(CorpusError(description: "is not valid UTF-8"))
        }
        guard text.contains(where: { !$0.isWhitespace }) else {
            return .failure(CorpusError(description: "is empty"))
        }
        return .success(text)
    }
}
