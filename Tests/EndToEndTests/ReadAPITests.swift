import Foundation
import Testing

/// The built binary on the seed corpus, over real TCP.
@Suite struct ReadAPITests {
    @Test func everyEndpointAnswersOverTCP() throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let health = try server.get("/health")
        #expect(health.status == 200)
        #expect(health.json["documents"] as? Int == 5)
        for target in ["/positions", "/estimates", "/proposals", "/countries", "/documents", "/openapi.json"] {
            let response = try server.get(target)
            #expect(response.status == 200, "\(target)")
            #expect(response.header("content-type")?.hasPrefix("application/json") == true, "\(target)")
            #expect(response.header("etag") != nil, "\(target)")
            #expect(response.header("access-control-allow-origin") == "*", "\(target)")
        }
        let metrics = try server.get("/metrics")
        #expect(metrics.status == 200)
        #expect(String(decoding: metrics.body, as: UTF8.self).contains("peacetrack_http_requests_total"))
    }

    @Test func recordsLeadBackToTheirSentence() throws {
        let server = try ServerProcess()
        defer { server.stop() }
        for kind in ["positions", "estimates", "proposals"] {
            for record in try server.get("/\(kind)?limit=500").items {
                for evidence in record["evidence"] as? [[String: Any]] ?? [] {
                    let id = try #require(evidence["document"] as? String)
                    let text = try #require(try server.get("/documents/\(id)").json["text"] as? String)
                    let scalars = Array(text.unicodeScalars)
                    let start = try #require(evidence["start"] as? Int), end = try #require(evidence["end"] as? Int)
                    try #require(0 <= start && start < end && end <= scalars.count)
                    var slice = String.UnicodeScalarView()
                    slice.append(contentsOf: scalars[start..<end])
                    #expect(String(slice) == evidence["sentence"] as? String)
                }
            }
        }
    }

    @Test func filtersAndPaginationOverTCP() throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let all = try server.get("/positions?limit=500")
        let total = try #require(all.json["total"] as? Int)
        #expect(total == all.items.count)
        var paged: [String] = []
        var offset = 0
        while offset < total {
            let page = try server.get("/positions?limit=2&offset=\(offset)")
            #expect(page.json["total"] as? Int == total)
            paged += page.items.compactMap { $0["id"] as? String }
            offset += 2
        }
        #expect(paged == all.items.compactMap { $0["id"] as? String })

        let uk = try server.get("/positions?country=United%20Kingdom")
        #expect(uk.status == 200)
        #expect(uk.items.allSatisfy { $0["country"] as? String == "GB" && $0["countryName"] != nil })
        #expect(try server.get("/positions?country=uk").body == uk.body)
        for stance in ["supports", "opposes", "considering", "conditional", "undecided"] {
            #expect(try server.get("/positions?stance=\(stance)").items.allSatisfy { $0["stance"] as? String == stance })
        }
        #expect(try server.get("/estimates?unit=troops").items.allSatisfy { $0["unit"] as? String == "troops" })
        let document = try #require(try server.get("/documents").items.first?["id"] as? String)
        // Every entry: a list shows a record's newest three, which need not include this document's.
        let inDocument = try server.get("/proposals?document=\(document)&evidence=all")
        #expect(inDocument.items.allSatisfy { (($0["evidence"] as? [[String: Any]]) ?? []).contains { $0["document"] as? String == document } })
        #expect(try server.get("/positions?country=Narnia").status == 400)
        #expect(try server.get("/positions?country=Japan").json["total"] as? Int == 0)
    }

    @Test func conditionalRequestsHeadAndOptions() throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let first = try server.get("/proposals")
        let tag = try #require(first.header("etag"))
        let cached = try server.get("/proposals", headers: ["If-None-Match": tag])
        #expect(cached.status == 304)
        #expect(cached.body.isEmpty)

        let head = try server.get("/proposals", method: "HEAD")
        #expect(head.status == 200)
        #expect(head.header("content-length") == String(first.body.count))

        let options = try server.get("/positions", headers: ["Origin": "https://dash.example", "Access-Control-Request-Method": "GET"], method: "OPTIONS")
        #expect(options.status == 204)
        #expect(options.header("access-control-allow-methods")?.contains("GET") == true)
    }

    /// A browser's `Accept-Encoding` gets gzip that the system's gzip decodes to the plain
    /// answer; HEAD and a revalidation agree with it.
    @Test func gzipForClientsThatAskForIt() throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let browser = ["Accept-Encoding": "gzip, deflate, br, zstd"]
        for target in ["/positions?country=UK", "/proposals", "/openapi.json", "/"] {
            let plain = try server.get(target)
            let compressed = try server.get(target, headers: browser)
            #expect(compressed.header("content-encoding") == "gzip", "\(target)")
            #expect(compressed.header("vary") == "Accept-Encoding", "\(target)")
            #expect(plain.header("vary") == "Accept-Encoding", "\(target)")
            #expect(compressed.body.count < plain.body.count, "\(target)")
            #expect(try Self.gunzip(compressed.body) == plain.body, "\(target)")
            #expect(compressed.header("etag") == plain.header("etag").map { "W/" + $0 }, "\(target)")

            let head = try server.get(target, headers: browser, method: "HEAD")
            #expect(head.header("content-length") == String(compressed.body.count), "\(target)")
            let revalidated = try server.get(target, headers: browser.merging(["If-None-Match": compressed.header("etag") ?? ""]) { $1 })
            #expect(revalidated.status == 304, "\(target)")
        }
        let small = try server.get("/health", headers: browser)
        #expect(small.header("content-encoding") == nil)
    }

    @Test func gzipCanBeSwitchedOff() throws {
        let server = try ServerProcess(config: ["gzip": false])
        defer { server.stop() }
        let answer = try server.get("/proposals", headers: ["Accept-Encoding": "gzip"])
        #expect(answer.status == 200)
        #expect(answer.header("content-encoding") == nil)
        #expect(answer.header("vary") == "Accept", "a list varies with Accept (JSON or CSV), no longer with Accept-Encoding")
    }

    static func gunzip(_ data: Data) throws -> Data {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("peacetrack-\(UUID().uuidString).gz")
        try data.write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-dc", file.path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let decoded = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return decoded
    }

    @Test func errorStatusesAreProblems() throws {
        let server = try ServerProcess(config: ["limits": ["maxBodyBytes": 1024]])
        defer { server.stop() }
        func raw(_ request: String) throws -> Response {
            let connection = try server.connect()
            try connection.send(request)
            return try connection.readResponse()
        }
        let cases: [(String, Int)] = [
            ("GET /positions?limit=abc HTTP/1.1\r\nHost: x\r\n\r\n", 400),
            ("GET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n", 404),
            ("DELETE /positions HTTP/1.1\r\nHost: x\r\n\r\n", 405),
            ("POST /positions HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n", 413),
            ("GET /\(String(repeating: "a", count: 9000)) HTTP/1.1\r\nHost: x\r\n\r\n", 414),
            ("GET / HTTP/1.1\r\nHost: x\r\n" + String(repeating: "X-Filler: \(String(repeating: "b", count: 100))\r\n", count: 200) + "\r\n", 431),
            ("BREW /positions HTTP/1.1\r\nHost: x\r\n\r\n", 501),
            ("GET /positions HTTP/2.0\r\nHost: x\r\n\r\n", 505),
            ("GET /positions HTTP/1.1\r\n\r\n", 400),
        ]
        for (request, status) in cases {
            let response = try raw(request)
            #expect(response.status == status, "\(request.prefix(40))")
            #expect(response.header("content-type") == "application/problem+json", "\(request.prefix(40))")
            #expect((response.json["status"] as? Int) == status)
            #expect(!(response.json["detail"] as? String ?? "").isEmpty)
        }
        let wrongMethod = try raw("DELETE /positions HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(wrongMethod.header("allow")?.contains("GET") == true)
        #expect(try server.get("/health").status == 200)
    }
}
