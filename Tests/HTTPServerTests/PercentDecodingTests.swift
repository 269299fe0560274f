import Testing
@testable import HTTPServer

@Suite struct PercentDecodingTests {
    private func target(_ target: String) -> Feeder {
        parse("GET \(target) HTTP/1.1\r\nHost: x\r\n\r\n")
    }

    @Test(arguments: [
        ("/plain", "/plain"),
        ("/a%20b", "/a b"),
        ("/a+b", "/a+b"),
        ("/caf%C3%A9", "/café"),
        ("/%e2%82%ac", "/€"),
        ("/%F0%9F%98%80", "/😀"),
        ("/a%2Fb", "/a/b"),
        ("/%25", "/%"),
        ("/?only=query", "/"),
    ])
    func decodesThePath(raw: String, decoded: String) {
        #expect(target(raw).requests.first?.request.path == decoded)
    }

    @Test func decodesTheQueryInOrder() throws {
        let request = try #require(target("/s?b=2&a=1&b=3&sp=x+y%20z&amp=%26&eq=a=b&novalue&&=anon&empty=&%C3%A9=%C3%A9").requests.first).request
        #expect(request.query == [
            QueryItem(name: "b", value: "2"), QueryItem(name: "a", value: "1"), QueryItem(name: "b", value: "3"),
            QueryItem(name: "sp", value: "x y z"), QueryItem(name: "amp", value: "&"), QueryItem(name: "eq", value: "a=b"),
            QueryItem(name: "novalue", value: ""), QueryItem(name: "", value: "anon"), QueryItem(name: "empty", value: ""),
            QueryItem(name: "é", value: "é"),
        ])
        #expect(target("/s?").requests.first?.request.query == [])
        #expect(target("/s?+=+").requests.first?.request.query == [QueryItem(name: " ", value: " ")])
    }

    @Test(arguments: [
        "/%zz", "/%e", "/%", "/a%2", "/%g0", "/%00", "/%C0%AF", "/%C0%80", "/%E0%80%AF", "/%FF", "/%C3",
        "/%ED%A0%80", "/%F4%90%80%80", "/?q=%zz", "/?q=%00", "/?%C3=1", "/?q=%F0%9F%98",
    ])
    func refusesBadEncodings(raw: String) {
        let feeder = target(raw)
        #expect(feeder.error?.status.code == 400, "\(raw)")
        #expect(feeder.requests.isEmpty)
    }
}
