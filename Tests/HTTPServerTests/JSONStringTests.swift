import Testing
@testable import HTTPServer

@Suite struct JSONStringTests {
    @Test(arguments: [
        ("plain", #""plain""#),
        ("", #""""#),
        ("say \"no\" \\ back", #""say \"no\" \\ back""#),
        ("tab\tline\ncr\r", #""tab\tline\ncr\r""#),
        ("\u{01}\u{1F}\u{7F}", #""\u0001\u001f"# + "\u{7F}\""),
        ("Élysée – “ok” \u{2028}x\u{2029}", #""Élysée – “ok” \u2028x\u2029""#),
        ("\u{2027}\u{202A}€", "\"\u{2027}\u{202A}€\""),
        ("crème, è\u{2029}", #""crème, è\u2029""#),  // 'è' ends in 0xA8 too
    ])
    func quotesAsJSONDoes(text: String, json: String) {
        #expect(JSONString.quoted(text) == json)
        var bytes = Array("[".utf8)
        JSONString.append(quoting: text, to: &bytes)
        #expect(bytes == Array(("[" + json).utf8))
    }
}
