import Foundation

public struct LexiconError: Error, CustomStringConvertible {
    public var file: String
    public var field: String
    public var problem: String
    public var description: String { "\(file): \(field): \(problem)" }
}

/// One JSON file of the lexicon folder, read field by field so that every mistake names the
/// file and the field ("countries.json: countries[3].code: must be ..."). The files of one
/// lexicon share the numbering of their words.
struct LexiconFile {
    let name: String
    let root: [String: Any]
    let numbering: WordNumbering
    /// Of the file's bytes, so that facts read with another lexicon are known as such.
    let contentHash: UInt64

    init(directory: String, name: String, numbering: WordNumbering) throws(LexiconError) {
        self.name = name
        self.numbering = numbering
        let path = (directory as NSString).appendingPathComponent(name)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LexiconError(file: path, field: "-", problem: "missing or unreadable")
        }
        var hash = StableHash()
        data.forEach { hash.combine(byte: $0) }
        contentHash = hash.value
        let parsed: Any
        do {
            parsed = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw LexiconError(file: path, field: "-", problem: "not valid JSON")
        }
        guard let object = parsed as? [String: Any] else {
            throw LexiconError(file: path, field: "-", problem: "must be a JSON object")
        }
        root = object
    }

    func fail(_ field: String, _ problem: String) -> LexiconError {
        LexiconError(file: name, field: field, problem: problem)
    }

    func value(_ object: [String: Any], _ key: String, at path: String) throws(LexiconError) -> Any {
        guard let value = object[key] else { throw fail(path.isEmpty ? key : "\(path).\(key)", "missing") }
        return value
    }

    func string(_ object: [String: Any], _ key: String, at path: String = "") throws(LexiconError) -> String {
        guard let text = try value(object, key, at: path) as? String, !text.isEmpty else {
            throw fail(path.isEmpty ? key : "\(path).\(key)", "must be a non-empty string")
        }
        return text
    }

    func strings(_ object: [String: Any], _ key: String, at path: String = "", optional: Bool = false) throws(LexiconError) -> [String] {
        if optional, object[key] == nil { return [] }
        let field = path.isEmpty ? key : "\(path).\(key)"
        guard let list = try value(object, key, at: path) as? [Any] else { throw fail(field, "must be a list of strings") }
        var result: [String] = []
        for (index, item) in list.enumerated() {
            guard let text = item as? String, !text.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw fail("\(field)[\(index)]", "must be a non-empty string")
            }
            result.append(text)
        }
        return result
    }

    func objects(_ object: [String: Any], _ key: String, at path: String = "") throws(LexiconError) -> [(path: String, object: [String: Any])] {
        let field = path.isEmpty ? key : "\(path).\(key)"
        guard let list = try value(object, key, at: path) as? [Any] else { throw fail(field, "must be a list of objects") }
        var result: [(String, [String: Any])] = []
        for (index, item) in list.enumerated() {
            guard let entry = item as? [String: Any] else { throw fail("\(field)[\(index)]", "must be an object") }
            result.append(("\(field)[\(index)]", entry))
        }
        return result
    }

    func object(_ object: [String: Any], _ key: String, at path: String = "") throws(LexiconError) -> [String: Any] {
        guard let entry = try value(object, key, at: path) as? [String: Any] else {
            throw fail(path.isEmpty ? key : "\(path).\(key)", "must be an object")
        }
        return entry
    }

    /// A window of tokens, words or sentences: 1 to 1,000, so that no rule's arithmetic on it
    /// can overflow or make an empty range.
    func window(_ object: [String: Any], _ key: String, at path: String = "") throws(LexiconError) -> Int {
        let field = path.isEmpty ? key : "\(path).\(key)"
        let value = try integer(try self.value(object, key, at: path), at: field)
        guard (1...1000).contains(value) else { throw fail(field, "must be a window of 1 to 1000") }
        return value
    }

    /// A whole number; JSON booleans, which Foundation also reads as numbers, are refused.
    func integer(_ value: Any, at field: String) throws(LexiconError) -> Int {
        guard let number = value as? NSNumber, String(cString: number.objCType) != "c",
              let whole = Int(exactly: number.doubleValue), whole >= 0 else {
            throw fail(field, "must be a whole number of at least 0")
        }
        return whole
    }
}
