import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing

/// Adding, fetching and deleting documents through the real binary, durably, with live events
/// and a second replica on the same data folder.
@Suite struct WriteAPITests {
    static let token = "test-token-\(UUID().uuidString)"
    static let auth = ["Authorization": "Bearer \(token)", "Content-Type": "application/json"]

    func writer(_ config: [String: Any] = [:], data: URL? = nil) throws -> ServerProcess {
        try ServerProcess(config: config, data: data, environment: ["PEACETRACK_TOKEN": Self.token])
    }

    static func json(_ object: [String: Any]) -> String {
        String(decoding: (try? JSONSerialization.data(withJSONObject: object)) ?? Data(), as: UTF8.self)
    }

    @Test func withoutATokenWritingIsSwitchedOff() throws {
        let server = try ServerProcess(environment: ["PEACETRACK_TOKEN": ""])
        defer { server.stop() }
        let answer = try server.request("POST", "/documents", body: Self.json(["text": "x"]), headers: ["Content-Type": "application/json"])
        #expect(answer.status == 403)
        #expect((answer.json["detail"] as? String)?.contains("PEACETRACK_TOKEN") == true)
    }

    @Test func aWrongOrMissingTokenIs401WithAChallenge() throws {
        let server = try writer()
        defer { server.stop() }
        for headers in [["Content-Type": "application/json"], ["Content-Type": "application/json", "Authorization": "Bearer nope"]] {
            let answer = try server.request("POST", "/documents", body: Self.json(["text": "France backs troops."]), headers: headers)
            #expect(answer.status == 401)
            #expect(answer.header("www-authenticate")?.hasPrefix("Bearer") == true)
        }
        #expect(try server.request("DELETE", "/documents/x", headers: ["Authorization": "Basic abc"]).status == 401)
    }

    @Test func addServeRefuseDuplicatesAndDelete() throws {
        let server = try writer()
        defer { server.stop() }
        let before = try server.get("/health")
        let text = "Norway is considering sending troops to a reassurance force in Ukraine, Oslo said."
        let added = try server.request("POST", "/documents", body: Self.json(["text": text, "title": "Norway weighs troops"]), headers: Self.auth)
        #expect(added.status == 201)
        #expect(added.header("location") == "/documents/norway-weighs-troops")
        #expect(added.json["source"] as? String == "added")
        #expect((added.json["counts"] as? [String: Int])?["positions"] == 1)
        let after = try server.get("/health")
        #expect(after.header("etag") != before.header("etag"))
        #expect(try server.get("/positions?country=NO").items.count == 1)
        let document = try server.get("/documents/norway-weighs-troops")
        #expect(document.json["text"] as? String == text)
        #expect(added.header("etag") == document.header("etag"), "a 201's tag is that of its Location")

        let sameID = try server.request("POST", "/documents", body: Self.json(["text": "Other text.", "id": "norway-weighs-troops"]), headers: Self.auth)
        #expect(sameID.status == 409)
        let sameText = try server.request("POST", "/documents", body: Self.json(["text": text, "id": "copy"]), headers: Self.auth)
        #expect(sameText.status == 409)
        #expect((sameText.json["detail"] as? String)?.contains("norway-weighs-troops") == true)
        let seedText = try String(contentsOf: ServerProcess.repository.appendingPathComponent("seeds/003_0ae9c9daf88ac650.txt"), encoding: .utf8)
        let seedCopy = try server.request("POST", "/documents", body: Self.json(["text": seedText]), headers: Self.auth)
        #expect(seedCopy.status == 409)
        #expect((seedCopy.json["detail"] as? String)?.contains("003_0ae9c9daf88ac650") == true)

        #expect(try server.request("DELETE", "/documents/003_0ae9c9daf88ac650", headers: Self.auth).status == 403)
        #expect(try server.request("DELETE", "/documents/nothing-here", headers: Self.auth).status == 404)
        #expect(try server.request("DELETE", "/documents/norway-weighs-troops", headers: Self.auth).status == 204)
        #expect(try server.get("/documents/norway-weighs-troops").status == 404)
        #expect(try server.get("/health").header("etag") == before.header("etag"))
    }

    @Test func plainTextBodiesAndInvalidSubmissions() throws {
        let server = try writer()
        defer { server.stop() }
        let plain = try server.request("POST", "/documents", body: "Finland would send troops only with a US backstop.",
                                       headers: ["Authorization": "Bearer \(Self.token)", "Content-Type": "text/plain; charset=utf-8"])
        #expect(plain.status == 201)
        #expect((plain.json["id"] as? String)?.hasPrefix("doc-") == true)
        // A NUL (U+0000) would end the text early in a C string or PostgreSQL: refused, in the text or the title.
        for body in [Self.json(["text": ""]), Self.json(["text": "x", "id": "Bad Id"]), Self.json(["text": "x", "colour": "red"]), "[1]",
                     Self.json(["text": "Britain backs\u{0} the force."]), Self.json(["text": "x", "title": "A\u{0}B"])] {
            #expect(try server.request("POST", "/documents", body: body, headers: Self.auth).status == 400, "\(body)")
        }
        let sentence = "Denmark would send troops to the mission once a ceasefire holds. "
        let large = String(repeating: sentence, count: (1 << 20) / sentence.utf8.count + 1)
        // Extracting a megabyte takes a while in a sanitizer build.
        let accepted = try server.request("POST", "/documents", body: Self.json(["text": large, "id": "large"]), headers: Self.auth, timeout: 120)
        #expect(accepted.status == 201, "a text above the 1 MiB body limit of other paths, below the 2 MiB of documents")
        let tooLarge = String(repeating: sentence, count: (2 << 20) / sentence.utf8.count + 1)
        #expect(try server.request("POST", "/documents", body: Self.json(["text": tooLarge]), headers: Self.auth).status == 413)
        #expect(try server.request("POST", "/documents/fetch", body: large, headers: Self.auth).status == 413)
        let html = try server.request("POST", "/documents", body: "<p>x</p>", headers: ["Authorization": "Bearer \(Self.token)", "Content-Type": "text/html"])
        #expect(html.status == 415)
    }

    @Test func writesSurviveARestartAndLeftoversAreNotLoaded() throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("peacetrack-data-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: data) }
        do {
            let first = try writer(data: data)
            let added = try first.request("POST", "/documents", body: Self.json(["text": "Spain could contribute troops to the mission.", "id": "spain"]), headers: Self.auth)
            #expect(added.status == 201)
            #expect(first.terminate() == 0)
        }
        let documents = data.appendingPathComponent("documents")
        try Data("half a document".utf8).write(to: documents.appendingPathComponent(".tmp-crashed"))
        try Data("text without metadata".utf8).write(to: documents.appendingPathComponent("orphan.txt"))
        let second = try writer(data: data)
        defer { second.stop() }
        #expect(try second.get("/documents/spain").status == 200)
        #expect(try second.get("/documents/orphan").status == 404)
        #expect(try second.get("/documents?source=added").json["total"] as? Int == 1)
    }

    /// 200 writes from four clients, SIGKILL halfway: after a restart every acknowledged document
    /// is there with its whole text, and nothing else but whole documents written just before the kill.
    @Test func acknowledgedWritesSurviveSIGKILL() throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("peacetrack-kill-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: data) }
        try KillDurability.check(writer: try writer(data: data)) { try writer(data: data) }
    }

    @Test func eventsAnnounceAddedAndRemovedDocuments() throws {
        let server = try writer()
        defer { server.stop() }
        let stream = try server.connect()
        try stream.send("GET /events HTTP/1.1\r\nHost: localhost\r\n\r\n")
        let greeting = try read(stream, until: "\n\n", after: "event: corpus")
        #expect(greeting.contains("\"documents\":5") && greeting.contains("\"etag\""))
        // The stream's tag is the corpus version, which begins every tag of a data answer.
        let version = try #require(try server.get("/health").header("etag")?.split(separator: "-").first)
        #expect(greeting.contains("\"etag\":\"\(version.replacingOccurrences(of: "\"", with: "\\\""))\\\"\""))
        _ = try server.request("POST", "/documents", body: Self.json(["text": "Latvia is ready to send troops to the mission.", "id": "latvia"]), headers: Self.auth)
        let added = try read(stream, until: "\n\n", after: "event: document.added")
        #expect(added.contains("\"id\":\"latvia\""))
        #expect(added.contains("\"etag\""))
        _ = try server.request("DELETE", "/documents/latvia", headers: Self.auth)
        #expect(try read(stream, until: "\n\n", after: "event: document.removed").contains("latvia"))
    }

    /// A later-dated article with another stance is a change on the country's timeline, and
    /// `/events` says so within a second of the POST.
    @Test func aLaterStatementOfAnotherStanceIsAChangeAndAnEvent() throws {
        let server = try writer()
        defer { server.stop() }
        let before = try server.get("/countries/GB/timeline").json
        let items = before["items"] as? [[String: Any]] ?? []
        let dates = items.compactMap { $0["date"] as? String }
        #expect(!dates.isEmpty && dates == dates.sorted(), "seed statements in date order")
        #expect((before["changes"] as? [Any])?.isEmpty == false, "the seeds show Britain changing its stance")
        let latest = try #require(items.last?["stance"] as? String)
        #expect(latest != "opposes")

        let stream = try server.connect()
        try stream.send("GET /events HTTP/1.1\r\nHost: localhost\r\n\r\n")
        _ = try read(stream, until: "\n\n", after: "event: corpus")
        let posted = Date()
        let added = try server.request("POST", "/documents", body: Self.json([
            "text": "Defence Secretary John Healey said on March 3 that Britain opposes sending troops to Ukraine.",
            "id": "healey-march", "published": "2025-03-05"]), headers: Self.auth)
        #expect(added.status == 201)
        let event = try read(stream, until: "\n\n", after: "event: stance.changed")
        #expect(Date().timeIntervalSince(posted) < 1)
        #expect(event.contains("\"country\":\"GB\"") && event.contains("\"from\":\"\(latest)\"") && event.contains("\"to\":\"opposes\""), "\(event)")
        #expect(event.contains("\"date\":\"2025-03-03\"") && event.contains("\"document\":\"healey-march\""))

        let after = try server.get("/countries/GB/timeline").json
        let change = try #require((after["changes"] as? [[String: Any]])?.last)
        #expect(change["document"] as? String == "healey-march" && change["to"] as? String == "opposes" && change["date"] as? String == "2025-03-03")
        let since = try server.get("/positions?country=GB&since=2025-03-01").json
        #expect(since["total"] as? Int == 1)
    }

    @Test func aSecondReplicaServesTheDocumentWithinTwoSeconds() throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("peacetrack-shared-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: data) }
        let first = try writer(data: data)
        let second = try writer(data: data)
        defer { first.stop(); second.stop() }
        let added = try first.request("POST", "/documents", body: Self.json(["text": "Belgium backs the reassurance force.", "id": "belgium"]), headers: Self.auth)
        #expect(added.status == 201)
        let deadline = Date().addingTimeInterval(2)
        var seen = false
        while !seen, Date() < deadline {
            seen = try second.get("/documents/belgium").status == 200
            if !seen { usleep(50_000) }
        }
        #expect(seen)
        // Both replicas writing the same id at once: one wins, the other is told, nothing breaks.
        let body = Self.json(["text": "Iceland is considering a role in the mission.", "id": "race"])
        let statuses = [first, second].map { server in (try? server.request("POST", "/documents", body: body, headers: Self.auth).status) ?? 0 }
        #expect(statuses.sorted() == [201, 409])
    }

    @Test func fetchesAnArticleFromALocalServer() throws {
        let site = try LocalSite(files: ["article.html": """
            <html><head><title>Ignored</title><meta property="og:title" content="Sweden weighs a role">
            <meta property="article:published_time" content="2025-03-01T10:00:00Z"></head>
            <body><nav>Menu</nav><article><p>Sweden is considering sending troops to a reassurance force.</p>
            <p>Officials in Stockholm said no decision would come before the talks in Brussels next month.</p></article></body></html>
            """])
        defer { site.stop() }
        let url = "http://127.0.0.1:\(site.port)/article.html"
        let closed = try writer()
        defer { closed.stop() }
        #expect(try closed.request("POST", "/documents/fetch", body: Self.json(["url": url]), headers: Self.auth).status == 403)
        let server = try writer(["fetch": ["allowPrivateNetworks": true]])
        defer { server.stop() }
        let fetched = try server.request("POST", "/documents/fetch", body: Self.json(["url": url]), headers: Self.auth)
        #expect(fetched.status == 201)
        #expect(fetched.json["title"] as? String == "Sweden weighs a role")
        #expect(fetched.json["source"] as? String == "fetched")
        #expect(fetched.json["published"] as? String == "2025-03-01T10:00:00Z")
        #expect(try server.get("/positions?country=SE").items.count == 1)
        let again = try server.request("POST", "/documents/fetch", body: Self.json(["url": url]), headers: Self.auth)
        #expect(again.status == 409)
        #expect(try server.request("POST", "/documents/fetch", body: Self.json(["url": "ftp://example.com/x"]), headers: Self.auth).status == 400)
        #expect(try server.request("POST", "/documents/fetch", body: Self.json(["url": "http://127.0.0.1:\(site.port)/missing.html"]), headers: Self.auth).status == 502)
    }

    @Test func fetchesConfiguredSourcesInTheBackgroundLoggingEach() throws {
        let site = try LocalSite(files: ["source.html": """
            <html><head><title>Estonia ready</title></head><body><article>
            <p>Estonia is ready to send troops to a reassurance force in Ukraine, its defence minister said.</p>
            <p>The government in Tallinn will ask parliament for a mandate before the summer.</p></article></body></html>
            """])
        defer { site.stop() }
        let sources = ["http://127.0.0.1:\(site.port)/source.html", "http://127.0.0.1:\(site.port)/gone.html"]
        let server = try writer(["sources": sources, "fetch": ["allowPrivateNetworks": true]])
        defer { server.stop() }
        let deadline = Date().addingTimeInterval(10)
        var fetched: [[String: Any]] = []
        while fetched.isEmpty, Date() < deadline {
            fetched = try server.get("/documents?source=fetched").items
            if fetched.isEmpty { usleep(50_000) }
        }
        #expect(fetched.count == 1)
        #expect(fetched.first?["url"] as? String == sources[0])
        // Info lines are buffered for up to a second (warnings are written at once).
        while !(server.logText.contains("2 of 2") && server.logText.contains("1 of 2")), Date() < deadline { usleep(50_000) }
        #expect(server.logText.contains("source=\"1 of 2\"") || server.logText.contains("source=1 of 2"))
        #expect(server.logText.contains("status=502"))
    }

    /// Reads from `connection` until `marker` (after `start`, when given) has arrived.
    private func read(_ connection: Connection, until marker: String, after start: String? = nil) throws -> String {
        var received = ""
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            var buffer = [UInt8](repeating: 0, count: 4096)
            let count = recv(connection.socket, &buffer, buffer.count, 0)
            guard count > 0 else { break }
            received += String(decoding: buffer[0..<count], as: UTF8.self)
            if let start {
                if let range = received.range(of: start), received[range.upperBound...].contains(marker) {
                    return String(received[range.lowerBound...])
                }
            } else if received.contains(marker) {
                return received
            }
        }
        return received
    }
}

/// Indices of acknowledged writes, shared by the writing clients.
final class Acknowledgements: @unchecked Sendable {
    private let lock = NSLock()
    private var set: Set<Int> = []

    func insert(_ index: Int) { lock.withLock { _ = set.insert(index) } }
    var count: Int { lock.withLock { set.count } }
    var indices: Set<Int> { lock.withLock { set } }
}

/// Python's http.server over a temporary folder, on a free port.
final class LocalSite {
    let process = Process()
    let folder: URL
    private(set) var port: UInt16 = 0

    init(files: [String: String]) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("peacetrack-site-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (name, text) in files { try Data(text.utf8).write(to: folder.appendingPathComponent(name)) }
        let probe = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(probe, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(probe, $0, &length) } }
        port = UInt16(bigEndian: address.sin_port)
        close(probe)
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-m", "http.server", "\(port)", "--bind", "127.0.0.1", "--directory", folder.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline, (try? Connection(port: port)) == nil { usleep(50_000) }
    }

    /// SIGKILL: a child of a test thread inherits its blocked signals, SIGTERM among them.
    func stop() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() }
        try? FileManager.default.removeItem(at: folder)
    }
}
