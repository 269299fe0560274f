import PeacetrackCore

/// The binary form of persisted facts: a magic, the extractor version, a table of every
/// distinct string once, then per document its text hash and its facts with strings as
/// numbers into the table. Reading builds each string once however many records share it,
/// and never trusts the file: any count, number or reference out of bounds makes it unreadable.
/// Evidence leaves out its document, which is the document the facts are stored for.
enum FactsCodec {
    private static let magic = Array("peacetrack-facts-1\n".utf8)

    static func encode(_ entries: [(hash: String, facts: DocumentFacts)], version: String) -> [UInt8] {
        var body = FactsWriter()
        body.count(entries.count)
        for (hash, facts) in entries {
            body.string(hash)
            body.count(facts.sentenceCount)
            body.strings(facts.reportedBy)
            body.list(facts.positions) { writer, position in
                writer.string(position.id)
                writer.string(position.country)
                writer.string(position.countryName)
                writer.string(position.stance.rawValue)
                writer.optional(position.actor) { writer, actor in
                    writer.optional(actor.name) { $0.string($1) }
                    writer.optional(actor.role) { $0.string($1) }
                }
                writer.string(position.summary)
                writer.strings(position.conditions)
                writer.strings(position.reportedBy)
                writer.evidence(position.evidence)
            }
            body.list(facts.estimates) { writer, estimate in
                writer.string(estimate.id)
                writer.string(estimate.unit.rawValue)
                writer.optional(estimate.min) { $0.figure($1) }
                writer.optional(estimate.max) { $0.figure($1) }
                writer.flag(estimate.approx)
                writer.string(estimate.text)
                writer.optional(estimate.context) { $0.string($1) }
                writer.optional(estimate.attributedTo) { $0.string($1) }
                writer.evidence(estimate.evidence)
            }
            body.list(facts.proposals) { writer, proposal in
                writer.string(proposal.id)
                writer.string(proposal.summary)
                writer.strings(proposal.proposers)
                writer.strings(proposal.estimates)
                writer.evidence(proposal.evidence)
            }
        }
        var file = FactsWriter()
        file.bytes = magic
        file.text(version)
        file.count(body.table.count)
        for string in body.table { file.text(string) }
        return file.bytes + body.bytes
    }

    /// The facts of the documents `wanted` names (text hash → document id) that the file holds,
    /// by document id; nil when the file is of another version or cannot be read.
    static func decode(_ bytes: [UInt8], version: String, wanted: [String: String]) -> [String: DocumentFacts]? {
        var reader = FactsReader(bytes)
        do throws(UnreadableFacts) {
            guard bytes.starts(with: magic) else { return nil }
            reader.offset = magic.count
            guard try reader.text() == version else { return nil }
            let strings = try reader.count()
            reader.table.reserveCapacity(strings)
            for _ in 0..<strings { reader.table.append(try reader.text()) }
            var found: [String: DocumentFacts] = [:]
            for _ in 0..<(try reader.count()) {
                let hash = try reader.string()
                // Read in full even when not wanted: entries have no length to skip by.
                let facts = try reader.documentFacts(id: wanted[hash] ?? "")
                if wanted[hash] != nil { found[facts.documentID] = facts }
            }
            return reader.offset == bytes.count ? found : nil
        } catch {
            return nil
        }
    }
}

private struct FactsWriter {
    var bytes: [UInt8] = []
    /// Strings in the order first written; `numbers` finds a string's place.
    var table: [String] = []
    private var numbers: [String: Int] = [:]

    mutating func count(_ value: Int) {
        raw(UInt64(value))
    }

    /// Zigzag, so that a small negative figure takes few bytes too.
    mutating func figure(_ value: Int) {
        raw(UInt64(bitPattern: Int64(value << 1) ^ Int64(value >> 63)))
    }

    /// LEB128: seven bits a byte, low bits first.
    private mutating func raw(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    /// A string in place, for the header and the table.
    mutating func text(_ value: String) {
        count(value.utf8.count)
        bytes += value.utf8
    }

    /// A string as its number in the table.
    mutating func string(_ value: String) {
        if let number = numbers[value] { return count(number) }
        numbers[value] = table.count
        count(table.count)
        table.append(value)
    }

    mutating func strings(_ values: [String]) {
        list(values) { $0.string($1) }
    }

    mutating func list<Element>(_ values: [Element], _ write: (inout FactsWriter, Element) -> Void) {
        count(values.count)
        for value in values { write(&self, value) }
    }

    mutating func flag(_ value: Bool) {
        count(value ? 1 : 0)
    }

    mutating func optional<Value>(_ value: Value?, _ write: (inout FactsWriter, Value) -> Void) {
        flag(value != nil)
        if let value { write(&self, value) }
    }

    mutating func evidence(_ entries: [Evidence]) {
        list(entries) { writer, entry in
            writer.string(entry.sentence)
            writer.count(entry.start)
            writer.count(entry.end)
            writer.optional(entry.date) { writer, date in
                writer.string(date.date.description)
                writer.string(date.precision.rawValue)
                writer.string(date.source.rawValue)
            }
        }
    }
}

private struct UnreadableFacts: Error {}

private struct FactsReader {
    let bytes: [UInt8]
    var offset = 0
    var table: [String] = []
    private var lists: [[Int]: [String]] = [:]

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    mutating func count() throws(UnreadableFacts) -> Int {
        let value = try raw()
        guard value <= UInt64(Int.max) else { throw UnreadableFacts() }
        return Int(value)
    }

    mutating func figure() throws(UnreadableFacts) -> Int {
        let value = try raw()
        return Int(Int64(bitPattern: value >> 1) ^ -Int64(bitPattern: value & 1))
    }

    mutating func flag() throws(UnreadableFacts) -> Bool {
        switch try count() {
        case 0: return false
        case 1: return true
        default: throw UnreadableFacts()
        }
    }

    private mutating func raw() throws(UnreadableFacts) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while offset < bytes.count, shift < 64 {
            let byte = bytes[offset]
            offset += 1
            value |= UInt64(byte & 0x7f) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
        throw UnreadableFacts()
    }

    mutating func text() throws(UnreadableFacts) -> String {
        let length = try count()
        guard length <= bytes.count - offset,
              let text = String(validating: bytes[offset..<offset + length], as: UTF8.self) else { throw UnreadableFacts() }
        offset += length
        return text
    }

    mutating func string() throws(UnreadableFacts) -> String {
        let number = try count()
        guard number < table.count else { throw UnreadableFacts() }
        return table[number]
    }

    /// Equal lists (a record's outlets, its conditions) are one array, as the extraction's
    /// string pool makes them, whatever number of records share them.
    mutating func strings() throws(UnreadableFacts) -> [String] {
        let numbers = try list { reader throws(UnreadableFacts) in try reader.count() }
        if numbers.isEmpty { return [] }
        if let known = lists[numbers] { return known }
        var strings: [String] = []
        strings.reserveCapacity(numbers.count)
        for number in numbers {
            guard number < table.count else { throw UnreadableFacts() }
            strings.append(table[number])
        }
        lists[numbers] = strings
        return strings
    }

    /// Each element takes a byte at least, so a count beyond the bytes left is a broken file,
    /// not a reason to reserve memory.
    mutating func list<Element>(_ read: (inout FactsReader) throws(UnreadableFacts) -> Element) throws(UnreadableFacts) -> [Element] {
        let length = try count()
        guard length <= bytes.count - offset else { throw UnreadableFacts() }
        var elements: [Element] = []
        elements.reserveCapacity(length)
        for _ in 0..<length { elements.append(try read(&self)) }
        return elements
    }

    mutating func optional<Value>(_ read: (inout FactsReader) throws(UnreadableFacts) -> Value) throws(UnreadableFacts) -> Value? {
        try flag() ? try read(&self) : nil
    }

    mutating func choice<Value: RawRepresentable>(_ type: Value.Type) throws(UnreadableFacts) -> Value where Value.RawValue == String {
        guard let value = Value(rawValue: try string()) else { throw UnreadableFacts() }
        return value
    }

    mutating func evidence(in document: String) throws(UnreadableFacts) -> [Evidence] {
        try list { reader throws(UnreadableFacts) in
            let sentence = try reader.string()
            let start = try reader.count(), end = try reader.count()
            guard start <= end else { throw UnreadableFacts() }
            let date = try reader.optional { reader throws(UnreadableFacts) -> StatementDate in
                guard let day = CalendarDate(iso: try reader.string()) else { throw UnreadableFacts() }
                return StatementDate(date: day, precision: try reader.choice(StatementDate.Precision.self),
                                     source: try reader.choice(StatementDate.Source.self))
            }
            return Evidence(document: document, sentence: sentence, start: start, end: end, date: date)
        }
    }

    mutating func documentFacts(id: String) throws(UnreadableFacts) -> DocumentFacts {
        let sentenceCount = try count()
        let reportedBy = try strings()
        let positions = try list { reader throws(UnreadableFacts) in
            Position(id: try reader.string(), country: try reader.string(), countryName: try reader.string(),
                     stance: try reader.choice(Stance.self),
                     actor: try reader.optional { reader throws(UnreadableFacts) in
                         Actor(name: try reader.optional { reader throws(UnreadableFacts) in try reader.string() },
                               role: try reader.optional { reader throws(UnreadableFacts) in try reader.string() })
                     },
                     summary: try reader.string(), conditions: try reader.strings(), reportedBy: try reader.strings(),
                     evidence: try reader.evidence(in: id))
        }
        let estimates = try list { reader throws(UnreadableFacts) in
            Estimate(id: try reader.string(), unit: try reader.choice(EstimateUnit.self),
                     min: try reader.optional { reader throws(UnreadableFacts) in try reader.figure() },
                     max: try reader.optional { reader throws(UnreadableFacts) in try reader.figure() },
                     approx: try reader.flag(), text: try reader.string(),
                     context: try reader.optional { reader throws(UnreadableFacts) in try reader.string() },
                     attributedTo: try reader.optional { reader throws(UnreadableFacts) in try reader.string() },
                     evidence: try reader.evidence(in: id))
        }
        let proposals = try list { reader throws(UnreadableFacts) in
            Proposal(id: try reader.string(), summary: try reader.string(), proposers: try reader.strings(),
                     estimates: try reader.strings(), evidence: try reader.evidence(in: id))
        }
        return DocumentFacts(documentID: id, sentenceCount: sentenceCount, reportedBy: reportedBy,
                             positions: positions, estimates: estimates, proposals: proposals)
    }
}
