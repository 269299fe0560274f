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

    /// Appends `text` quoted, byte by byte: large outputs are written without building a
    /// string per value. Escapes quotes, backslashes, control characters and U+2028/U+2029.
    public static func append(quoting text: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        var previous: (UInt8, UInt8) = (0, 0)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes += #"\""#.utf8
            case UInt8(ascii: "\\"): bytes += #"\\"#.utf8
            case UInt8(ascii: "\n"): bytes += #"\n"#.utf8
            case UInt8(ascii: "\r"): bytes += #"\r"#.utf8
            case UInt8(ascii: "\t"): bytes += #"\t"#.utf8
            case ..<0x20: bytes += "\\u00\(byte < 0x10 ? "0" : "")\(String(byte, radix: 16))".utf8
            case 0xA8...0xA9 where previous == (0xE2, 0x80):
                // The last byte of U+2028 or U+2029, whose first two are already written.
                bytes.removeLast(2)
                bytes += "\\u202\(byte == 0xA8 ? "8" : "9")".utf8
            default: bytes.append(byte)
            }
            previous = (previous.1, byte)
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
