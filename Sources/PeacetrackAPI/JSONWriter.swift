import HTTPServer

/// Appends JSON to a byte buffer. Records are written once per snapshot and reused, so the
/// writer favours plain byte appends over a general-purpose encoder; key order is the contract's.
struct JSONWriter {
    private(set) var bytes: [UInt8] = []
    private var needsComma = false
    /// Takes the bytes whenever `chunk` of them are written, between two values, so a large
    /// output (a record with thousands of evidence entries) never sits whole in memory.
    private let sink: (([UInt8]) -> Void)?
    private let chunk: Int

    init(capacity: Int = 256) {
        bytes.reserveCapacity(capacity)
        sink = nil
        chunk = .max
    }

    init(chunk: Int, sink: @escaping ([UInt8]) -> Void) {
        bytes.reserveCapacity(chunk)
        self.sink = sink
        self.chunk = chunk
    }

    mutating func object(_ body: (inout JSONWriter) -> Void) {
        open("{")
        body(&self)
        close("}")
    }

    mutating func array(_ body: (inout JSONWriter) -> Void) {
        open("[")
        body(&self)
        close("]")
    }

    mutating func key(_ name: String) {
        separate()
        JSONString.append(quoting: name, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    mutating func string(_ value: String?) {
        separate()
        if let value {
            JSONString.append(quoting: value, to: &bytes)
        } else {
            append("null")
        }
    }

    mutating func int(_ value: Int?) {
        separate()
        append(value.map(String.init) ?? "null")
    }

    mutating func bool(_ value: Bool) {
        separate()
        append(value ? "true" : "false")
    }

    mutating func null() {
        separate()
        append("null")
    }

    /// Hands what is written so far to the sink.
    mutating func flush() {
        sink?(bytes)
        bytes.removeAll(keepingCapacity: true)
    }

    /// Already-encoded JSON, such as a record cached by the snapshot.
    mutating func raw(_ json: [UInt8]) {
        separate()
        bytes.append(contentsOf: json)
    }

    mutating func strings(_ values: [String]) {
        array { writer in values.forEach { writer.string($0) } }
    }

    mutating func field(_ name: String, _ value: String?) { key(name); string(value) }
    mutating func field(_ name: String, _ value: Int?) { key(name); int(value) }
    mutating func field(_ name: String, _ value: Bool) { key(name); bool(value) }
    mutating func field(_ name: String, _ values: [String]) { key(name); strings(values) }

    private mutating func open(_ bracket: Unicode.Scalar) {
        separate()
        bytes.append(UInt8(ascii: bracket))
        needsComma = false
    }

    private mutating func close(_ bracket: Unicode.Scalar) {
        bytes.append(UInt8(ascii: bracket))
        needsComma = true
    }

    private mutating func separate() {
        if bytes.count >= chunk { flush() }
        if needsComma { bytes.append(UInt8(ascii: ",")) }
        needsComma = true
    }

    private mutating func append(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }
}
