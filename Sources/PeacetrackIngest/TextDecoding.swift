import Foundation

/// Character sets as web pages name them, and decoding to UTF-8.
enum TextDecoding {
    /// The charset to decode with: lowercased, with the labels browsers read as windows-1252
    /// (pages labelled ISO-8859-1 or ASCII routinely contain its curly quotes and dashes)
    /// mapped to it, as the WHATWG Encoding standard does. Nil for an empty label.
    static func normalizedCharset(_ label: String?) -> String? {
        guard let label = label?.trimmingCharacters(in: .whitespaces).lowercased(), !label.isEmpty else { return nil }
        switch label {
        case "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "l1", "ascii", "us-ascii", "cp1252", "x-cp1252":
            return "windows-1252"
        case "utf8", "unicode-1-1-utf-8":
            return "utf-8"
        default:
            return label
        }
    }

    /// `bytes` decoded from `charset` (UTF-8 when nil or unknown to iconv). Undecodable bytes
    /// become U+FFFD rather than failing the whole text; a leading byte-order mark is dropped.
    static func decode(_ bytes: [UInt8], charset: String?) -> String {
        let charset = normalizedCharset(charset) ?? "utf-8"
        var utf8 = charset == "utf-8" ? bytes : convert(bytes, from: charset) ?? bytes
        if utf8.starts(with: [0xEF, 0xBB, 0xBF]) { utf8.removeFirst(3) }
        return String(decoding: utf8, as: UTF8.self)
    }

    /// iconv's conversion to UTF-8, or nil when iconv does not know the charset.
    private static func convert(_ bytes: [UInt8], from charset: String) -> [UInt8]? {
        let converter = iconv_open("UTF-8", charset)
        guard let converter, Int(bitPattern: converter) != -1 else { return nil }
        defer { iconv_close(converter) }
        let replacement: [UInt8] = [0xEF, 0xBF, 0xBD]
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + bytes.count / 2)
        var chunk = [CChar](repeating: 0, count: 64 << 10)
        var input = bytes.map { CChar(bitPattern: $0) }
        input.withUnsafeMutableBufferPointer { source in
            chunk.withUnsafeMutableBufferPointer { target in
                var inPointer = source.baseAddress
                var inLeft = source.count
                while inLeft > 0 {
                    var outPointer = target.baseAddress
                    var outLeft = target.count
                    let result = iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft)
                    let failure = result == -1 ? errno : 0
                    output.append(contentsOf: UnsafeRawBufferPointer(start: target.baseAddress, count: target.count - outLeft))
                    switch failure {
                    case 0, E2BIG:
                        continue
                    case EILSEQ:
                        // Skip one undecodable byte and go on.
                        output.append(contentsOf: replacement)
                        inPointer = inPointer.map { $0 + 1 }
                        inLeft -= 1
                    default:
                        // EINVAL: a sequence cut off at the end of the input.
                        output.append(contentsOf: replacement)
                        inLeft = 0
                    }
                }
            }
        }
        return output
    }
}
