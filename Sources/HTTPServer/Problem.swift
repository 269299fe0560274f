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
        var out = "\""
        out.reserveCapacity(text.utf8.count + 2)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029:
                out += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
                    + String(scalar.value, radix: 16)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
