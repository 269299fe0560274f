import HTTPTypes

extension ServerResponse {
    /// An RFC 9457 problem-details answer: `{"type","title","status","detail"}` as
    /// `application/problem+json`. Every error the server or a handler gives takes this shape.
    public static func problem(
        _ status: HTTPResponse.Status, detail: String, headers: HTTPFields = [:]
    ) -> ServerResponse {
        var fields = headers
        fields[.contentType] = "application/problem+json"
        let title = status.reasonPhrase.isEmpty ? "Error" : status.reasonPhrase
        let json = "{\"type\":\"about:blank\",\"title\":\(JSONString.quoted(title)),"
            + "\"status\":\(status.code),\"detail\":\(JSONString.quoted(detail))}"
        return ServerResponse(status: status, headers: fields, body: Array(json.utf8))
    }
}

/// Minimal JSON string quoting, so the server can write problems without a JSON encoder.
public enum JSONString {
    public static func quoted(_ text: String) -> String {
        var bytes: [UInt8] = []
        append(quoting: text, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `text` quoted: runs of bytes that need no escape are copied whole, so large
    /// outputs are written without a string per value. Escapes quotes, backslashes, control
    /// characters and U+2028/U+2029.
    public static func append(quoting text: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        // A native string's UTF-8 is read where it is (a small one from the stack), without a
        // copy of the string; only a bridged one is made native first.
        if text.utf8.withContiguousStorageIfAvailable({ append(escaping: $0, to: &bytes) }) == nil {
            var text = text
            text.withUTF8 { append(escaping: $0, to: &bytes) }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private static func append(escaping utf8: UnsafeBufferPointer<UInt8>, to bytes: inout [UInt8]) {
        var run = 0
        var index = 0
        while index < utf8.count {
            // Most bytes are plain: a few comparisons spare them the escape switch.
            guard !isPlain(utf8[index]), let (escaped, length) = escape(utf8, at: index) else {
                index += 1
                continue
            }
            bytes += UnsafeBufferPointer(rebasing: utf8[run..<index])
            bytes += escaped.utf8
            index += length
            run = index
        }
        bytes += UnsafeBufferPointer(rebasing: utf8[run...])
    }

    /// A byte that never starts an escape: printable ASCII other than quote and backslash, or a
    /// byte of a multi-byte character other than the lead byte 0xE2 of U+2028/U+2029.
    private static func isPlain(_ byte: UInt8) -> Bool {
        byte >= 0x20 && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\") && byte != 0xE2
    }

    /// The escape for the character at `index`, and how many bytes it replaces.
    private static func escape(_ utf8: UnsafeBufferPointer<UInt8>, at index: Int) -> (String, Int)? {
        switch utf8[index] {
        case UInt8(ascii: "\""): (#"\""#, 1)
        case UInt8(ascii: "\\"): (#"\\"#, 1)
        case UInt8(ascii: "\n"): (#"\n"#, 1)
        case UInt8(ascii: "\r"): (#"\r"#, 1)
        case UInt8(ascii: "\t"): (#"\t"#, 1)
        case let byte where byte < 0x20: ("\\u00\(byte < 0x10 ? "0" : "")\(String(byte, radix: 16))", 1)
        case 0xE2 where index + 2 < utf8.count && utf8[index + 1] == 0x80 && (0xA8...0xA9).contains(utf8[index + 2]):
            (utf8[index + 2] == 0xA8 ? #"\u2028"# : #"\u2029"#, 3)
        default: nil
        }
    }
}
