import Dispatch
import Foundation
@testable import PeacetrackIngest
import Synchronization
import Testing

@Suite struct ArticleFetcherTests {
    /// May reach the fixture server and nothing else that is not public.
    private func fetcher(_ server: FixtureServer, _ adjust: (inout ArticleFetcher.Configuration) -> Void = { _ in }) -> ArticleFetcher {
        var configuration = ArticleFetcher.Configuration()
        configuration.allowedEndpoints = Set([Endpoint(host: "127.0.0.1", port: server.port)].compactMap { $0 })
        adjust(&configuration)
        return ArticleFetcher(configuration: configuration)
    }

    private func expectError(_ expected: IngestError, _ body: () throws(IngestError) -> Void) {
        do {
            try body()
            Issue.record("expected \(expected), got a result")
        } catch {
            #expect(error == expected)
        }
    }

    @Test func fetchesAnArticleWithItsMetadata() throws {
        let server = try FixtureServer()
        defer { server.stop() }
        let fetched = try fetcher(server).fetchArticle(server.url("/file/article.html"))
        #expect(fetched.page.status == 200)
        #expect(fetched.page.contentType == "text/html")
        #expect(fetched.page.redirectCount == 0)
        #expect(fetched.page.url == server.url("/file/article.html"))
        #expect(fetched.article.title == "Ceasefire talks resume in Geneva")
        #expect(fetched.article.text.hasPrefix("Ceasefire talks resume\nBy A. Writer\nNegotiators"))
    }

    @Test func sendsItsUserAgent() throws {
        let server = try FixtureServer()
        defer { server.stop() }
        let page = try fetcher(server).fetch(server.url("/user-agent"))
        #expect(String(decoding: page.body, as: UTF8.self) == ArticleFetcher.defaultUserAgent)
    }

    @Test(arguments: [
        ("latin1.html", "iso-8859-1", "Les négociations à Genève ont repris jeudi"),
        ("latin1.html", "ISO-8859-1", "heißt es aus Diplomatenkreisen in Zürich"),
        ("cp1252.html", "windows-1252", "Donors pledged €2 billion – the largest sum so far – for “reconstruction” of the region’s towns."),
    ])
    func decodesTheCharsetOfTheContentType(file: String, charset: String, expected: String) throws {
        let server = try FixtureServer()
        defer { server.stop() }
        let fetched = try fetcher(server).fetchArticle(server.url("/file/\(file)?charset=\(charset)"))
        #expect(fetched.page.charset == charset.lowercased())
        #expect(fetched.article.text.contains(expected))
    }

    @Test func decodesTheMetaCharsetWhenTheContentTypeHasNone() throws {
        let server = try FixtureServer()
        defer { server.stop() }
        let fetched = try fetcher(server).fetchArticle(server.url("/file/meta-charset.html"))
        #expect(fetched.page.charset == nil)
        #expect(fetched.article.text.contains("The envoy’s visit to the café in Genève was described as “productive”"))
    }

    @Test func followsFiveRedirects() throws {
        let server = try FixtureServer()
        defer { server.stop() }
        let page = try fetcher(server).fetch(server.url("/redirect/5"))
        #expect(page.redirectCount == 5)
        #expect(page.url == server.url("/file/article.html"))
    }

    @Test func refusesASixthRedirect() throws {
        let server = try FixtureServer()
        defer { server.stop() }
        expectError(.transport("more than 5 redirects")) { () throws(IngestError) in
            _ = try fetcher(server).fetch(server.url("/redirect/6"))
        }
    }

    @Test(arguments: ["file:///etc/passwd", "ftp://127.0.0.1/file", "gopher://127.0.0.1:70/"])
    func refusesRedirectsToOtherSchemes(target: String) throws {
        let server = try FixtureServer()
        defer { server.stop() }
        do {
            _ = try fetcher(server).fetch(server.url("/redirect-to?url=\(target)"))
            Issue.record("redirect to \(target) was followed")
        } catch {
            guard case .badURL = error else { Issue.record("expected badURL, got \(error)"); return }
        }
    }

    /// Only the fixture server's own address and port are allowed, so any other loopback port
    /// is refused as a redirect target, as are the metadata service and private networks. None of
    /// them is connected to: the opensocket check refuses before a socket exists.
    @Test(arguments: ["http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/", "http://127.0.0.1:{other}/",
                      "http://[::1]:{port}/", "http://localhost:{other}/", "http://[::ffff:7f00:1]:{other}/",
                      "http://[::ffff:0:7f00:1]:{port}/", "http://[64:ff9b:1::7f00:1]:{port}/", "http://[2001::7f00:1]:{port}/"])
    func refusesRedirectsToAddressesThatAreNotPublic(target: String) throws {
        let server = try FixtureServer()
        defer { server.stop() }
        let other = server.port == UInt16.max ? server.port - 1 : server.port + 1
        let location = target.replacingOccurrences(of: "{other}", with: "\(other)")
            .replacingOccurrences(of: "{port}", with: "\(server.port)")
        do {
            _ = try fetcher(server).fetch(server.url("/redirect-to?url=\(location)"))
            Issue.record("redirect to \(location) was followed")
        } catch {
            guard case .refusedAddress = error else { Issue.record("expected refusedAddress, got \(error)"); return }
            #expect(error.status == 403)
        }
    }

    @Test(arguments: ["http://127.0.0.1:{port}/file/article.html", "http://localhost:{port}/file/article.html",
                      "http://[::1]:{port}/", "http://10.0.0.1/", "http://169.254.169.254/latest/meta-data/",
                      "http://0.0.0.0:{port}/", "http://2130706433:{port}/"])
    func refusesAddressesThatAreNotPublicWithoutConnecting(target: String) throws {
        let server = try FixtureServer()
        defer { server.stop() }
        let strict = ArticleFetcher(configuration: .init(allowPrivateNetworks: false))
        do {
            _ = try strict.fetch(target.replacingOccurrences(of: "{port}", with: "\(server.port)"))
            Issue.record("\(target) was fetched")
        } catch {
            guard case .refusedAddress = error else { Issue.record("expected refusedAddress, got \(error)"); return }
        }
        let hits = try fetcher(server).fetch(server.url("/hits"))
        #expect(String(decoding: hits.body, as: UTF8.self) == "0", "the fixture server received a request")
    }

    /// The client learns which host was refused as it wrote it; where it resolved to, and
    /// libcurl's account of a failure with its timings, go to the log only.
    @Test func errorsNameTheHostAsGivenNotWhereItResolved() throws {
        let server = try FixtureServer()
        defer { server.stop() }
        do {
            _ = try ArticleFetcher().fetch("http://localhost:\(server.port)/")
            Issue.record("localhost was fetched")
        } catch {
            #expect(error.description == "refusing to fetch from localhost: not a public address")
            #expect(error.logDescription.contains("127.0.0.1") || error.logDescription.contains("::1"))
        }
        let closed = server.port == UInt16.max ? server.port - 1 : server.port + 1
        do {
            _ = try ArticleFetcher(configuration: .init(allowPrivateNetworks: true)).fetch("http://127.0.0.1:\(closed)/")
            Issue.record("a closed port answered")
        } catch {
            #expect(error.status == 502)
            #expect(error.description == "fetch failed: the site could not be reached or did not answer properly")
            #expect(error.logDescription.count > error.description.count)
        }
    }

    @Test func allowPrivateNetworksReachesLoopback() throws {
        let server = try FixtureServer()
        defer { server.stop() }
        let open = ArticleFetcher(configuration: .init(allowPrivateNetworks: true))
        #expect(try open.fetch("http://localhost:\(server.port)/file/plain.txt").status == 200)
    }

    @Test(arguments: ["", "not a url", "example.com/news", "http://", "ftp://example.com/a", "file:///etc/passwd",
                      "javascript:alert(1)", String(repeating: "a", count: 9000)])
    func refusesBadURLs(url: String) {
        do {
            _ = try ArticleFetcher().fetch(url)
            Issue.record("\(url) was fetched")
        } catch {
            guard case .badURL = error else { Issue.record("expected badURL, got \(error)"); return }
            #expect(error.status == 400)
        }
    }

    @Test func normalisesURLsAsLibcurlReadsThem() throws {
        #expect(try ArticleFetcher.validatedURL("HTTP://Example.COM").url == "http://Example.COM/")
        #expect(try ArticleFetcher.validatedURL("https://example.com/a/../b?q=1#part").url == "https://example.com/b?q=1#part")
        #expect(try ArticleFetcher.validatedURL("http://user:pw@localhost:22/").host == "localhost")
    }

    @Test func timesOut() throws {
        let server = try FixtureServer()
        defer { server.stop() }
        let started = ContinuousClock.now
        expectError(.timeout) { () throws(IngestError) in
            _ = try fetcher(server) { $0.totalTimeout = .seconds(1) }.fetch(server.url("/slow?seconds=5"))
        }
        #expect(ContinuousClock.now - started < .seconds(3))
    }

    @Test(arguments: ["", "&unannounced=1"])
    func refusesBodiesOverTheLimit(announced: String) throws {
        let server = try FixtureServer()
        defer { server.stop() }
        let small = fetcher(server) { $0.maxBodyBytes = 1000 }
        #expect(try small.fetch(server.url("/bytes?size=1000\(announced)")).body.count == 1000)
        expectError(.tooLarge) { () throws(IngestError) in
            _ = try small.fetch(server.url("/bytes?size=5000\(announced)"))
        }
    }

    @Test func answersOtherStatusesAsUpstreamErrors() throws {
        let server = try FixtureServer()
        defer { server.stop() }
        expectError(.upstreamStatus(404)) { () throws(IngestError) in _ = try fetcher(server).fetch(server.url("/status/404")) }
        expectError(.upstreamStatus(500)) { () throws(IngestError) in _ = try fetcher(server).fetch(server.url("/status/500")) }
        // A redirect status without a Location is no redirect.
        expectError(.upstreamStatus(304)) { () throws(IngestError) in _ = try fetcher(server).fetch(server.url("/status/304")) }
        #expect(IngestError.upstreamStatus(404).status == 502)
    }

    @Test func refusesContentThatIsNotText() throws {
        let server = try FixtureServer()
        defer { server.stop() }
        expectError(.unsupportedContentType("image/png")) { () throws(IngestError) in
            _ = try fetcher(server).fetchArticle(server.url("/file/pixel.png"))
        }
        #expect(IngestError.unsupportedContentType("image/png").status == 415)
    }

    @Test func takesPlainTextAsItIs() throws {
        let server = try FixtureServer()
        defer { server.stop() }
        let plain = try fetcher(server).fetchArticle(server.url("/file/plain.txt"))
        #expect(plain.article.text == String(decoding: try Fixtures.bytes("plain.txt"), as: UTF8.self))
        #expect(plain.article.title == nil)
        let latin1 = try fetcher(server).fetchArticle(server.url("/file/plain-latin1.txt?charset=iso-8859-1"))
        #expect(latin1.article.text.hasPrefix("Négociations à Genève\nLes délégations"))
    }

    @Test func fetchesFromSeveralThreadsAtOnce() throws {
        let server = try FixtureServer()
        defer { server.stop() }
        let fetcher = fetcher(server)
        let url = server.url("/redirect/2")
        let titles = Mutex<[String?]>([])
        DispatchQueue.concurrentPerform(iterations: 12) { _ in
            let title = try? fetcher.fetchArticle(url).article.title
            titles.withLock { $0.append(title) }
        }
        #expect(titles.withLock { $0 } == Array(repeating: "Ceasefire talks resume in Geneva", count: 12))
    }
}
