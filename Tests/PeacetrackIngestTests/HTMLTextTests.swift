import Foundation
@testable import PeacetrackIngest
import Testing

@Suite struct HTMLTextTests {
    private func extract(_ file: String, charset: String? = nil) throws -> ArticleText {
        try HTMLText.extract(html: Fixtures.bytes(file), charset: charset)
    }

    private func extract(html: String, charset: String? = "utf-8") throws -> ArticleText {
        try HTMLText.extract(html: Array(html.utf8), charset: charset)
    }

    /// Padding that makes a test page long enough to count as an article.
    private let filler = "<p>" + String(repeating: "Enough words to count as an article. ", count: 4) + "</p>"

    /// The publication date: the article's meta tag, else its JSON-LD, else the first `<time datetime>`.
    @Test func publicationDateFromLinkedDataOrTime() throws {
        let linked = #"<script type="application/ld+json">{"@context": "https://schema.org", "@graph": [{"@type": "WebPage"}, "#
            + #"{"@type": "NewsArticle", "datePublished": "2025-03-04T08:00:00+01:00"}]}</script>"#
        let time = #"<time datetime="2025-03-05">5 March</time>"#
        let meta = #"<meta property="article:published_time" content="2025-03-06T10:00:00Z">"#
        func published(_ head: String, _ body: String = "") throws -> String? {
            try extract(html: "<html><head>\(head)</head><body><article>\(body)\(filler)</article></body></html>").published
        }
        #expect(try published(linked) == "2025-03-04T07:00:00Z")
        #expect(try published("", time) == "2025-03-05")
        #expect(try published(linked, time) == "2025-03-04T07:00:00Z")
        #expect(try published(meta + linked, time) == "2025-03-06T10:00:00Z")
        // Broken or dateless metadata is no date, and does not hide the next source.
        #expect(try published(#"<script type="application/ld+json">{"datePublished": </script>"#, time) == "2025-03-05")
        #expect(try published(#"<script type="application/ld+json">[{"datePublished": "soon"}]</script>"#) == nil)
        #expect(try published(#"<meta property="article:published_time" content="yesterday">"#, time) == "2025-03-05")
        let deep = String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000)
        #expect(try published(#"<script type="application/ld+json">"# + deep + "</script>") == nil)
    }

    @Test func laysOutTheArticleAndDropsTheRest() throws {
        let article = try extract("article.html")
        #expect(article.text == """
            Ceasefire talks resume
            By A. Writer
            Negotiators from both sides met in Geneva on Thursday, officials said, to discuss a ceasefire along the front line.
            The talks, mediated by Switzerland & Norway, are the first since “Operation Dawn” began — a sign of cautious hope.
            Line one
            line two

            after a blank line
            First point
            Second point
            Cell A Cell B
            """)
    }

    @Test func prefersTheOpenGraphTitleAndReadsThePublicationTime() throws {
        let article = try extract("article.html")
        #expect(article.title == "Ceasefire talks resume in Geneva")
        #expect(article.published == "2025-02-20T09:15:00Z")
    }

    @Test func fallsBackToTheTitleElementAndTheMainElement() throws {
        let article = try extract("main.html")
        #expect(article.title == "Only a title")
        #expect(article.published == nil)
        #expect(article.text == """
            Prisoner exchange completed
            Two hundred prisoners were exchanged on Saturday at the border crossing, the mediators said in a statement.
            """)
    }

    @Test func anEmptyOpenGraphTitleFallsBackToTheTitleElement() throws {
        let article = try extract(html: "<meta property=\"og:title\" content=\" \"><title> The  title </title><article>\(filler)</article>")
        #expect(article.title == "The title")
    }

    @Test func takesTheLongestArticle() throws {
        let article = try extract("teasers.html")
        #expect(article.text.hasPrefix("Main story\nThe parliament approved"))
        #expect(!article.text.contains("teaser"))
    }

    @Test func takesTheBodyWithoutArticleOrMain() throws {
        let article = try extract(html: "<title>T</title><body><nav>Menu</nav><div>Intro</div>\(filler)</body>")
        #expect(article.text.hasPrefix("Intro\nEnough words"))
        #expect(!article.text.contains("Menu"))
    }

    @Test func decodesEntities() throws {
        let article = try extract(html: "<article><p>Tom&nbsp;&amp;&nbsp;Jerry&#8217;s &lt;deal&gt; &eacute;t&eacute; &#x201C;ok&#x201D;</p>\(filler)</article>")
        #expect(article.text.hasPrefix("Tom & Jerry’s <deal> été “ok”\n"))
    }

    @Test(arguments: [("iso-8859-1", "Les négociations à Genève ont repris jeudi"), ("latin1", "heißt es aus Diplomatenkreisen in Zürich")])
    func decodesISO88591(charset: String, expected: String) throws {
        let article = try extract("latin1.html", charset: charset)
        #expect(article.title == "Société générale")
        #expect(article.text.contains(expected))
    }

    @Test func decodesWindows1252() throws {
        let article = try extract("cp1252.html", charset: "windows-1252")
        #expect(article.title == "Aid – “pledges”")
        #expect(article.text.contains("Donors pledged €2 billion – the largest sum so far – for “reconstruction” of the region’s towns."))
    }

    /// ISO-8859-1 is read as windows-1252, as browsers do, since pages so labelled use its quotes.
    @Test func readsTheMetaCharsetWithoutAContentTypeCharset() throws {
        let article = try extract("meta-charset.html")
        #expect(article.title == "Café diplomacy")
        #expect(article.text.contains("The envoy’s visit to the café in Genève was described as “productive” by both délégations."))
        let equiv = try extract("http-equiv.html")
        #expect(equiv.title == "Équipe")
        #expect(equiv.text.contains("The observers’ report — published on Monday — lists"))
    }

    @Test func theContentTypeCharsetWinsOverTheMetaCharset() throws {
        let article = try extract(html: "<meta charset=\"windows-1252\"><title>Zürich – talks</title><article>\(filler)</article>")
        #expect(article.title == "Zürich – talks")
    }

    @Test func unknownCharsetsAreReadAsUTF8() throws {
        let article = try extract(html: "<title>Zürich</title><article>\(filler)</article>", charset: "x-no-such-charset")
        #expect(article.title == "Zürich")
    }

    @Test(arguments: ["empty.html"])
    func refusesPagesWithoutArticleText(file: String) throws {
        #expect(throws: IngestError.noArticleText) { try extract(file) }
        #expect(throws: IngestError.noArticleText) { try HTMLText.extract(html: [], charset: nil) }
        #expect(throws: IngestError.noArticleText) { try extract(html: "<article><p>Too short.</p></article>") }
    }

    /// libxml2 stops parsing at a depth of 256 elements: deeper text is lost, but nothing breaks.
    @Test(arguments: [200, 20_000])
    func survivesDeepNesting(depth: Int) throws {
        let html = String(repeating: "<div>", count: depth) + filler + String(repeating: "</div>", count: depth)
        if depth < 250 {
            #expect(try extract(html: html).text.hasPrefix("Enough words"))
        } else {
            #expect(throws: IngestError.noArticleText) { try extract(html: html) }
        }
    }

    @Test func takesPlainTextAsItIs() throws {
        let bytes = try Fixtures.bytes("plain.txt")
        #expect(try HTMLText.plainText(bytes, charset: nil).text == String(decoding: bytes, as: UTF8.self))
        let latin1 = try HTMLText.plainText(Fixtures.bytes("plain-latin1.txt"), charset: "iso-8859-1")
        #expect(latin1.text.hasPrefix("Négociations à Genève\n"))
        #expect(throws: IngestError.noArticleText) { try HTMLText.plainText(Array("  short \n".utf8), charset: nil) }
    }

    @Test func dispatchesOnTheContentType() throws {
        func page(_ type: String?, _ body: [UInt8]) -> FetchedPage {
            FetchedPage(url: "https://example.com/", status: 200, contentType: type, charset: nil, body: body, redirectCount: 0)
        }
        let html = try Fixtures.bytes("article.html")
        #expect(try HTMLText.article(from: page("application/xhtml+xml", html)).title == "Ceasefire talks resume in Geneva")
        #expect(throws: IngestError.unsupportedContentType("application/pdf")) { try HTMLText.article(from: page("application/pdf", html)) }
        #expect(throws: IngestError.unsupportedContentType("(none)")) { try HTMLText.article(from: page(nil, html)) }
    }

    @Test(arguments: [
        ("2025-02-20T10:15:00+01:00", "2025-02-20T09:15:00Z"),
        ("2025-02-20T10:15:00.123Z", "2025-02-20T10:15:00Z"),
        ("2025-02-20", "2025-02-20"),
        ("2025-02-20T10:15:00", "2025-02-20"),
        (" 2025-02-20 ", "2025-02-20"),
    ])
    func normalisesPublicationDates(value: String, expected: String) {
        #expect(HTMLText.isoDate(value) == expected)
    }

    @Test(arguments: ["yesterday", "20 February 2025", "", "2025-13-45"])
    func dropsPublicationDatesThatAreNotISO(value: String) {
        #expect(HTMLText.isoDate(value) == nil)
    }

    @Test func normalisesCharsetLabels() {
        #expect(TextDecoding.normalizedCharset(" ISO-8859-1 ") == "windows-1252")
        #expect(TextDecoding.normalizedCharset("UTF8") == "utf-8")
        #expect(TextDecoding.normalizedCharset("Shift_JIS") == "shift_jis")
        #expect(TextDecoding.normalizedCharset("") == nil)
        #expect(TextDecoding.decode([0x61, 0xFF, 0x62], charset: "utf-8") == "a\u{FFFD}b")
        #expect(TextDecoding.decode([0xEF, 0xBB, 0xBF, 0x61], charset: nil) == "a")
        #expect(TextDecoding.decode([0x93, 0x61, 0x94], charset: "latin1") == "“a”")
        #expect(TextDecoding.decode([0x82, 0xA0], charset: "shift_jis") == "あ")
        #expect(TextDecoding.decode([0x61, 0x82], charset: "shift_jis") == "a\u{FFFD}")
    }
}

@Suite struct AddressPolicyTests {
    @Test(arguments: [
        "0.0.0.0", "0.1.2.3", "10.0.0.1", "10.255.255.255", "100.64.0.1", "100.127.255.254", "127.0.0.1",
        "127.255.0.1", "169.254.169.254", "172.16.0.1", "172.31.255.255", "192.0.0.8", "192.168.1.1",
        "198.18.0.1", "198.19.255.255", "224.0.0.1", "239.255.255.250", "240.0.0.1", "255.255.255.255",
        "::", "::1", "::10.0.0.1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::ffff:169.254.169.254",
        "64:ff9b::a00:1", "2002:a00:1::1", "2002:7f00:1::", "fc00::1", "fd12:3456::1", "fe80::1",
        "febf::1", "fec0::1", "ff02::1",
        // Outside 2000::/3, IANA special-purpose ranges, and IPv4 inside other IPv6 forms.
        "fbff::1", "fe7f::1", "4000::1", "::ffff:0:7f00:1", "::ffff:0:a00:1", "64:ff9b:1::808:808", "2001::1",
        "2001:0:4136:e378::1", "2001:1ff::1", "2001:db8::1", "3fff::1", "5f00::1",
    ])
    func refuses(address: String) throws {
        let endpoint = try #require(Endpoint(host: address, port: 80))
        #expect(!AddressPolicy.isPublic(endpoint.address))
        #expect(!ArticleFetcher.Configuration().admits(endpoint))
        #expect(ArticleFetcher.Configuration(allowPrivateNetworks: true).admits(endpoint))
    }

    @Test(arguments: [
        "1.1.1.1", "8.8.8.8", "9.255.255.255", "11.0.0.1", "100.63.255.255", "100.128.0.1", "126.255.255.255",
        "128.0.0.1", "169.253.1.1", "172.15.255.255", "172.32.0.1", "192.0.1.1", "192.0.78.9", "192.167.1.1",
        "198.17.1.1", "198.20.0.1", "223.255.255.255",
        "2606:4700::1111", "2a00:1450:4001::200e", "::ffff:8.8.8.8", "64:ff9b::808:808", "2002:808:808::1",
        "::ffff:0:808:808", "2001:200::1", "2620:4f:8000::1", "3ffe::1", "3fff:1000::1",
    ])
    func admits(address: String) throws {
        let endpoint = try #require(Endpoint(host: address, port: 443))
        #expect(AddressPolicy.isPublic(endpoint.address))
    }

    @Test func onlyTheListedEndpointOfAPrivateAddressIsAllowed() throws {
        var configuration = ArticleFetcher.Configuration()
        let allowed = try #require(Endpoint(host: "127.0.0.1", port: 8080))
        configuration.allowedEndpoints = [allowed]
        #expect(configuration.admits(allowed))
        #expect(!configuration.admits(try #require(Endpoint(host: "127.0.0.1", port: 8081))))
        #expect(!configuration.admits(try #require(Endpoint(host: "::1", port: 8080))))
    }

    @Test func describesEndpoints() throws {
        #expect(try #require(Endpoint(host: "10.0.0.1", port: 80)).description == "10.0.0.1:80")
        #expect(try #require(Endpoint(host: "fe80::1", port: 443)).description == "[fe80::1]:443")
        #expect(Endpoint(host: "localhost", port: 80) == nil)
    }
}
