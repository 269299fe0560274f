import HTTPServer
import HTTPTypes
@testable import PeacetrackAPI
@testable import PeacetrackCore
import Testing

/// ETags, conditional requests, CORS, methods and metrics through the responder chain.
@Suite struct ProtocolTests {
    @Test func etagAnswers304AndChangesWithTheStore() throws {
        let (responder, catalog) = Fixture.responder()
        let first = Exchange(responder, "/positions?country=UK")
        let tag = try #require(first.headers[.eTag])
        let again = Exchange(responder, "/positions?country=UK", headers: [.ifNoneMatch: tag])
        #expect(again.status == 304)
        #expect(again.body.isEmpty)
        #expect(again.headers[.eTag] == tag)
        #expect(Exchange(responder, "/positions?country=UK", headers: [.ifNoneMatch: "\"other\", W/\(tag)"]).status == 304)
        #expect(Exchange(responder, "/positions?country=UK", headers: [.ifNoneMatch: "\"other\""]).status == 200)

        let smaller = StoreSnapshot(documents: [Document(id: "a", text: "Other text")], facts: [], countries: Fixture.lexicon.countries)
        catalog.publish(smaller)
        let after = Exchange(responder, "/positions?country=UK", headers: [.ifNoneMatch: tag])
        #expect(after.status == 200)
        #expect(after.headers[.eTag] != tag)
        #expect(after.json["total"] as? Int == 0)
    }

    /// A tag stands for one representation: another path or query of the same corpus is never
    /// "not modified" under it.
    @Test func tagsDifferPerPathAndQuery() throws {
        let (responder, _) = Fixture.responder()
        let positions = try #require(Exchange(responder, "/positions").headers[.eTag])
        for target in ["/countries", "/health", "/positions?limit=1", "/positions/p1"] {
            let other = Exchange(responder, target, headers: [.ifNoneMatch: positions])
            #expect(other.status == 200, "\(target)")
            #expect(other.headers[.eTag] != positions, "\(target)")
        }
    }

    /// The server puts these on every answer (the end-to-end tests read them there).
    @Test func theServerIsGivenTheConfiguredOrigin() {
        let fields = PeacetrackAPI.serverAnswerFields(corsOrigin: "https://dash.example")
        #expect(fields[.accessControlAllowOrigin] == "https://dash.example")
        #expect(fields[.accessControlExposeHeaders]?.contains("ETag") == true)
    }

    @Test func preflightAnswers204WithMethodsAndHeaders() {
        let answer = Exchange(Fixture.responder().0, .options, "/positions")
        #expect(answer.status == 204)
        #expect(answer.headers[.accessControlAllowMethods]?.contains("GET") == true)
        #expect(answer.headers[.accessControlAllowHeaders]?.contains("If-None-Match") == true)
    }

    @Test func wrongMethodIs405WithAllowAndUnknownPathIs404() {
        let responder = Fixture.responder().0
        let post = Exchange(responder, .post, "/positions")
        #expect(post.status == 405)
        #expect(post.headers[.allow]?.contains("GET") == true)
        #expect(post.headers[.contentType] == "application/problem+json")
        let missing = Exchange(responder, "/nowhere")
        #expect(missing.status == 404)
        #expect(missing.headers[.contentType] == "application/problem+json")
    }

    @Test func headIsServedLikeGet() {
        let responder = Fixture.responder().0
        let head = Exchange(responder, .head, "/positions")
        #expect(head.status == 200)
        #expect(head.headers[.eTag] == Exchange(responder, "/positions").headers[.eTag])
    }

    @Test func metricsCountRequestsByRouteAndStatus() {
        let responder = Fixture.responder().0
        _ = Exchange(responder, "/positions/p1")
        _ = Exchange(responder, "/positions/nope")
        let text = String(decoding: Exchange(responder, "/metrics").body, as: UTF8.self)
        #expect(text.contains(#"peacetrack_http_requests_total{route="/positions/{id}",method="GET",status="200"} 1"#))
        #expect(text.contains(#"peacetrack_http_requests_total{route="/positions/{id}",method="GET",status="404"} 1"#))
        #expect(text.contains(#"peacetrack_http_request_duration_seconds_bucket{route="/positions/{id}",le="+Inf"} 2"#))
        #expect(text.contains("peacetrack_store_positions 3"))
    }

    @Test func openAPIDocumentIsJSONAndNamesEveryPath() throws {
        let body = Exchange(Fixture.responder().0, "/openapi.json").json
        #expect(body["openapi"] as? String == "3.1.0")
        let paths = try #require(body["paths"] as? [String: Any])
        for path in ["/positions", "/positions/{id}", "/estimates", "/estimates/{id}", "/proposals", "/proposals/{id}",
                     "/countries", "/countries/{code}", "/documents", "/documents/{id}", "/health", "/openapi.json", "/metrics"] {
            #expect(paths[path] != nil, "\(path)")
        }
    }
}
