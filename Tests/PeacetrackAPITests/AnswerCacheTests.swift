import HTTPServer
import HTTPTypes
@testable import PeacetrackAPI
import Testing

@Suite struct AnswerCacheTests {
    struct Refused: Error {}

    /// An answer carrying `bytes`, and the bytes an answer carries.
    static func response(_ bytes: [UInt8]) -> ServerResponse { ServerResponse(status: .ok, body: bytes) }
    static func bytes(_ response: ServerResponse) -> [UInt8]? {
        if case .bytes(let body) = response.body { body } else { nil }
    }

    @Test func computesOnceThenAnswersFromTheCache() {
        let cache = AnswerCache()
        var calls = 0
        for _ in 0..<3 {
            #expect(Self.bytes(cache.answer("a") { calls += 1; return Self.response([1, 2]) }) == [1, 2])
        }
        #expect(calls == 1)
    }

    @Test func errorsAreNotKept() {
        let cache = AnswerCache()
        #expect(throws: Refused.self) { try cache.answer("a") { () throws(Refused) -> ServerResponse in throw Refused() } }
        #expect(cache.count == 0)
        #expect(Self.bytes(cache.answer("a") { Self.response([7]) }) == [7])
    }

    @Test func boundedInEntriesAndBytes() {
        let few = AnswerCache(maxEntries: 2, maxBytes: 100)
        for key in ["a", "b", "c"] { _ = few.answer(key) { Self.response([0]) } }
        #expect(few.count == 2)
        var calls = 0
        _ = few.answer("c") { calls += 1; return Self.response([0]) }
        #expect(calls == 1, "an answer that did not fit is computed again, and still right")

        let small = AnswerCache(maxEntries: 10, maxBytes: 4)
        _ = small.answer("big") { Self.response([UInt8](repeating: 0, count: 5)) }
        _ = small.answer("fits") { Self.response([0, 0, 0, 0]) }
        #expect(small.count == 1)
    }

    @Test func keysTellQueriesApart() {
        func key(_ path: String, _ items: [(String, String)]) -> String {
            let request = ServerRequest(head: HTTPRequest(method: .get, scheme: nil, authority: nil, path: path), path: path,
                                        query: items.map { QueryItem(name: $0.0, value: $0.1) }, body: [])
            return request.cacheKey
        }
        let keys = [
            key("/positions", []), key("/positions", [("country", "UK")]), key("/positions", [("country", "GB")]),
            key("/positions", [("actor", "a=1:b")]), key("/positions", [("actor", "a"), ("b", "")]),
            key("/proposals", [("country", "UK")]), key("/positions", [("country", "UK"), ("limit", "5")]),
        ]
        #expect(Set(keys).count == keys.count)
    }
}
