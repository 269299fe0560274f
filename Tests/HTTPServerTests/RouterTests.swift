import HTTPTypes
import Testing
import HTTPServer

@Suite struct RouterTests {
    private static func request(_ method: HTTPRequest.Method, _ path: String) -> ServerRequest {
        ServerRequest(head: HTTPRequest(method: method, scheme: nil, authority: "x", path: path), path: path, query: [], body: [])
    }

    private static func answer(_ router: Router, _ method: HTTPRequest.Method, _ path: String) -> ServerResponse? {
        guard case .now(let response) = router.respond(to: request(method, path)) else { return nil }
        return response
    }

    private static func text(_ response: ServerResponse?) -> String? {
        guard case .bytes(let bytes)? = response?.body else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static let router: Router = {
        var router = Router()
        router.on(.get, "/positions") { _, _ in .now(ServerResponse(status: .ok, body: Array("list".utf8))) }
        router.on(.post, "/positions") { _, _ in .now(ServerResponse(status: .created)) }
        router.on(.get, "/positions/{id}") { _, parameters in
            .now(ServerResponse(status: .ok, body: Array("id=\(parameters["id"] ?? "?")".utf8)))
        }
        router.on(.get, "/positions/latest") { _, _ in .now(ServerResponse(status: .ok, body: Array("latest".utf8))) }
        router.on(.get, "/a/{x}/b/{y}") { _, parameters in
            .now(ServerResponse(status: .ok, body: Array("\(parameters["x"] ?? "")-\(parameters["y"] ?? "")".utf8)))
        }
        router.on(.delete, "/only-delete") { _, _ in .now(ServerResponse(status: .noContent)) }
        return router
    }()

    /// One form of each path: no empty segment, no trailing slash.
    @Test(arguments: ["//positions", "/positions/", "/positions//x", "//positions/x", "/positions/x/", "/a/1//b/2"])
    func nonCanonicalPathsAre404(path: String) {
        #expect(Self.answer(Self.router, .get, path)?.head.status == .notFound)
        #expect(Self.router.pattern(for: path) == nil)
    }

    @Test func unknownPathIs404Problem() {
        let response = Self.answer(Self.router, .get, "/nowhere")
        #expect(response?.head.status == .notFound)
        #expect(response?.head.headerFields[.contentType] == "application/problem+json")
        #expect(Self.text(response)?.contains("/nowhere") == true)
    }

    @Test func otherMethodIs405WithAllow() {
        let response = Self.answer(Self.router, .put, "/positions")
        #expect(response?.head.status == .methodNotAllowed)
        #expect(response?.head.headerFields[.allow] == "GET, HEAD, OPTIONS, POST")
        #expect(Self.answer(Self.router, .get, "/only-delete")?.head.headerFields[.allow] == "DELETE, OPTIONS")
    }

    @Test func headIsServedByGet() {
        #expect(Self.text(Self.answer(Self.router, .head, "/positions")) == "list")
        #expect(Self.answer(Self.router, .head, "/only-delete")?.head.status == .methodNotAllowed)
    }

    @Test func optionsAnswers204WithAllow() {
        let response = Self.answer(Self.router, .options, "/positions/7")
        #expect(response?.head.status == .noContent)
        #expect(response?.head.headerFields[.allow] == "GET, HEAD, OPTIONS")
    }

    @Test func capturesAndLiteralPrecedence() {
        #expect(Self.text(Self.answer(Self.router, .get, "/positions/42")) == "id=42")
        #expect(Self.text(Self.answer(Self.router, .get, "/positions/latest")) == "latest")
        #expect(Self.text(Self.answer(Self.router, .get, "/a/1/b/2")) == "1-2")
        #expect(Self.router.pattern(for: "/positions/9") == "/positions/{id}")
        #expect(Self.answer(Self.router, .get, "/positions/1/extra")?.head.status == .notFound)
    }
}
