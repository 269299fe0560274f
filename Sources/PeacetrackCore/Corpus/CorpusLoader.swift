import Foundation
import Logging

public struct CorpusError: Error, CustomStringConvertible {
    public var description: String
}

/// Reads every `*.txt` of a folder as a document, with what `<id>.json` beside it says of it
/// (`CorpusMetadata`). One bad file never stops the load: a bad text is skipped, a bad metadata
/// file ignored, each with a warning that names it. Only a missing or unreadable folder is an error.
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
        // The folder's listing says which texts have metadata: no look for a file that is not there.
        let listed = Set(names)
        var documents: [Document] = []
        for name in names.sorted() where name.hasSuffix(".txt") && !name.hasPrefix(".") {
            let path = (directory as NSString).appendingPathComponent(name)
            switch read(path) {
            case .success(let text):
                let id = String(name.dropLast(4))
                var document = Document(id: id, text: text, source: source)
                if listed.contains(id + ".json") {
                    let metadataPath = (directory as NSString).appendingPathComponent(id + ".json")
                    switch CorpusMetadata.read(metadataPath) {
                    case .success(let metadata): metadata.apply(to: &document)
                    case .failure(let problem):
                        logger.warning("ignoring a corpus metadata file", metadata: ["file": "\(metadataPath)", "reason": "\(problem.description)"])
                    }
                }
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

/// What a corpus folder may say of a document beside its text, in `<id>.json`:
/// `{"published": "2025-02-20", "publishedInferred": ["year"], "url": "https://...", "title": "..."}`,
/// every field optional. `publishedInferred` names the parts of the date that the text does not
/// state but were worked out (from a weekday and the events it reports, say).
struct CorpusMetadata: Decodable {
    var published: String?
    var publishedInferred: [String]?
    var url: String?
    var title: String?

    static let maxBytes = 64 << 10
    static let dateParts: Set<String> = ["year", "month", "day"]

    /// The file's metadata, or why it is not usable. Only `maxBytes` and one more are read, so a
    /// huge file is refused without being loaded.
    static func read(_ path: String) -> Result<CorpusMetadata, CorpusError> {
        guard let file = FileHandle(forReadingAtPath: path) else { return .failure(CorpusError(description: "cannot be read")) }
        defer { try? file.close() }
        let data: Data
        do {
            data = try file.read(upToCount: maxBytes + 1) ?? Data()
        } catch {
            return .failure(CorpusError(description: "cannot be read"))
        }
        guard data.count <= maxBytes else { return .failure(CorpusError(description: "is larger than \(maxBytes) bytes")) }
        let metadata: CorpusMetadata
        do {
            metadata = try JSONDecoder().decode(CorpusMetadata.self, from: data)
        } catch {
            return .failure(CorpusError(description: "is not a JSON object of published, publishedInferred, url and title strings"))
        }
        if let published = metadata.published, !RFC3339.isDateOrDateTime(published) {
            return .failure(CorpusError(description: "published '\(published)' is not a date (2025-02-20) or an RFC 3339 date-time"))
        }
        if let parts = metadata.publishedInferred, let unknown = parts.first(where: { !dateParts.contains($0) }) {
            return .failure(CorpusError(description: "publishedInferred names '\(unknown)': only year, month and day"))
        }
        return .success(metadata)
    }

    func apply(to document: inout Document) {
        if let published { document.published = published }
        document.publishedInferred = publishedInferred ?? []
        if let url { document.url = url }
        if let title, !title.isEmpty { document.title = title }
    }
}
