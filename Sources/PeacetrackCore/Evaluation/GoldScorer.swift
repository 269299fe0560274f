import Foundation

/// Precision, recall and F1 of extracted records against hand-made gold facts, with the
/// matching rules of the project's reference scorer (`eval/score.py`):
/// - positions match on (country, stance), the stance being the gold one or an `alt`;
/// - estimates on (unit, min, max), numbers within 1 %, null only matching null;
/// - proposals when every gold keyword starts a word of the record's summary/evidence text
///   and, when the gold names proposers, one of them is among the record's.
/// A record counts once per document its evidence names. A record matching only an optional
/// gold fact is neutral.
public struct GoldScorer {
    public enum Kind: String, CaseIterable, Sendable {
        case positions, estimates, proposals
    }

    public struct Score: Sendable {
        public var kind: Kind
        public var truePositives: Int
        public var falsePositives: Int
        public var found: Int
        public var required: Int
        public var misses: [Finding]
        public var extras: [Finding]

        public var precision: Double {
            truePositives + falsePositives > 0 ? Double(truePositives) / Double(truePositives + falsePositives) : (required == 0 ? 1 : 0)
        }
        public var recall: Double { required > 0 ? Double(found) / Double(required) : 1 }
        public var f1: Double { precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0 }

        /// The reference scorer's summary line.
        public var line: String {
            let name = kind.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)
            return name + String(format: " precision %.3f (%d/%d)  recall %.3f (%d/%d)  F1 %.3f",
                                 precision, truePositives, truePositives + falsePositives, recall, found, required, f1)
        }
    }

    /// A gold fact missed or a record the gold does not hold, with where to read it: the gold's
    /// line of the document, or the record's evidence sentence there.
    public struct Finding: Sendable, CustomStringConvertible {
        public var document: String
        public var summary: String
        /// 1-based line of the document text that states the missed fact.
        public var line: Int?
        /// The false positive's evidence sentence in this document.
        public var sentence: String?

        public var description: String { "\(document): \(summary)" }
    }

    public struct FormatError: Error, CustomStringConvertible {
        public var description: String
    }

    private typealias Object = [String: Any]
    private let goldDocuments: [Object]

    public init(gold: Data) throws {
        guard let root = try? JSONSerialization.jsonObject(with: gold) as? Object,
              let documents = root["documents"] as? [Object] else {
            throw FormatError(description: "gold file is not an object with a \"documents\" list")
        }
        goldDocuments = documents
    }

    public func score(extracted: Data) throws -> [Score] {
        guard let root = try? JSONSerialization.jsonObject(with: extracted) as? Object else {
            throw FormatError(description: "extracted output is not a JSON object")
        }
        return Kind.allCases.map { score($0, records: Self.items(root, $0.rawValue)) }
    }

    private func score(_ kind: Kind, records: [Object]) -> Score {
        var goldByDocument: [String: [Object]] = [:]
        for document in goldDocuments {
            if let id = document["id"] as? String { goldByDocument[id] = document[kind.rawValue] as? [Object] ?? [] }
        }
        let mentions = records.flatMap { record in
            Self.documents(of: record).filter { goldByDocument[$0] != nil }.map { (document: $0, record: record) }
        }
        var result = Score(kind: kind, truePositives: 0, falsePositives: 0, found: 0, required: 0, misses: [], extras: [])
        for (document, record) in mentions {
            let golds = goldByDocument[document] ?? []
            if golds.contains(where: { !Self.isOptional($0) && matches(kind, record, $0, document) }) {
                result.truePositives += 1
            } else if !golds.contains(where: { Self.isOptional($0) && matches(kind, record, $0, document) }) {
                result.falsePositives += 1
                result.extras.append(Finding(document: document, summary: Self.describe(kind, record),
                                             sentence: Self.sentences(of: record, in: document).first))
            }
        }
        for (document, golds) in goldByDocument.sorted(by: { $0.key < $1.key }) {
            for gold in golds where !Self.isOptional(gold) {
                result.required += 1
                if mentions.contains(where: { $0.document == document && matches(kind, $0.record, gold, document) }) {
                    result.found += 1
                } else {
                    result.misses.append(Finding(document: document, summary: Self.describeGold(kind, gold),
                                                 line: (gold["line"] as? NSNumber)?.intValue))
                }
            }
        }
        return result
    }

    private func matches(_ kind: Kind, _ record: Object, _ gold: Object, _ document: String) -> Bool {
        switch kind {
        case .positions:
            let stances = Set([gold["stance"] as? String].compactMap { $0 } + (gold["alt"] as? [String] ?? []))
            return Self.code(record["country"]) == (gold["country"] as? String ?? "").uppercased()
                && stances.contains(record["stance"] as? String ?? "")
        case .estimates:
            return (record["unit"] as? String) == (gold["unit"] as? String)
                && Self.close(record["min"], gold["min"]) && Self.close(record["max"], gold["max"])
        case .proposals:
            let text = Self.text(of: record, in: document)
            guard (gold["keywords"] as? [String] ?? []).allSatisfy({ Self.startsWord($0.lowercased(), in: text) }) else { return false }
            let wanted = Set((gold["proposers"] as? [String] ?? []).map { $0.uppercased() })
            guard !wanted.isEmpty else { return true }
            let have = Set((record["proposers"] as? [Any] ?? []).map(Self.code))
            return !wanted.isDisjoint(with: have)
        }
    }

    // MARK: - The reference scorer's helpers

    private static func items(_ root: Object, _ key: String) -> [Object] {
        if let list = root[key] as? [Object] { return list }
        return (root[key] as? Object)?["items"] as? [Object] ?? []
    }

    private static func documents(of record: Object) -> [String] {
        var ids: [String] = []
        for entry in record["evidence"] as? [Any] ?? [] {
            if let id = (entry as? Object)?["document"] as? String, !id.isEmpty, !ids.contains(id) { ids.append(id) }
        }
        return ids
    }

    private static func isOptional(_ gold: Object) -> Bool { gold["optional"] as? Bool ?? false }

    private static func code(_ value: Any?) -> String {
        let raw = (value as? Object)?["code"] ?? value
        return (raw as? String ?? "").uppercased()
    }

    private static func number(_ value: Any?) -> Double? {
        if value is NSNull { return nil }
        return (value as? NSNumber)?.doubleValue
    }

    private static func close(_ a: Any?, _ b: Any?) -> Bool {
        guard let x = number(a), let y = number(b) else { return number(a) == nil && number(b) == nil }
        return abs(x - y) <= 0.01 * max(abs(x), abs(y), 1)
    }

    private static func text(of record: Object, in document: String) -> String {
        let parts = ["summary", "title", "text", "statement"].map { record[$0] as? String ?? "" } + sentences(of: record, in: document)
        return parts.joined(separator: " ").lowercased()
    }

    private static func sentences(of record: Object, in document: String) -> [String] {
        (record["evidence"] as? [Object] ?? []).filter { $0["document"] as? String == document }.map {
            $0["sentence"] as? String ?? $0["text"] as? String ?? ""
        }
    }

    /// `re.search(r"\b" + keyword)`: the keyword occurs where a word starts.
    private static func startsWord(_ keyword: String, in text: String) -> Bool {
        guard !keyword.isEmpty else { return true }
        let isWord = { (c: Character) in c.isLetter || c.isNumber || c == "_" }
        let keywordStartsWord = keyword.first.map(isWord) ?? false
        var searchStart = text.startIndex
        while let found = text.range(of: keyword, range: searchStart..<text.endIndex) {
            let before = found.lowerBound > text.startIndex ? text[text.index(before: found.lowerBound)] : nil
            let beforeIsWord = before.map(isWord) ?? false
            if beforeIsWord != keywordStartsWord { return true }
            searchStart = text.index(after: found.lowerBound)
        }
        return false
    }

    private static func describe(_ kind: Kind, _ record: Object) -> String {
        switch kind {
        case .positions: return "\(code(record["country"])) \(record["stance"] as? String ?? "")"
        case .estimates: return "\(record["unit"] as? String ?? "") min=\(show(record["min"])) max=\(show(record["max"]))"
        case .proposals:
            let proposers = (record["proposers"] as? [Any] ?? []).map(code)
            return "\(proposers) \(String((record["summary"] as? String ?? "").prefix(80)))"
        }
    }

    private static func describeGold(_ kind: Kind, _ gold: Object) -> String {
        let line = gold["line"].map { "\($0)" } ?? "?"
        switch kind {
        case .positions: return "\(gold["country"] ?? "") \(gold["stance"] ?? "") (alt \(gold["alt"] as? [String] ?? [])) line \(line)"
        case .estimates: return "\(gold["unit"] ?? "") min=\(show(gold["min"])) max=\(show(gold["max"])) line \(line)"
        case .proposals: return "\(gold["proposers"] as? [String] ?? []) keywords=\(gold["keywords"] as? [String] ?? []) line \(line)"
        }
    }

    private static func show(_ value: Any?) -> String {
        number(value).map { $0 == $0.rounded() && abs($0) < 1e15 ? String(Int($0)) : String($0) } ?? "None"
    }
}
