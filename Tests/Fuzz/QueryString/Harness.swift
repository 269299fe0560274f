// libFuzzer target for query strings, compiled into the PeacetrackAPI module with its sources
// (Tests/Fuzz/build.sh): the bytes after `?` are percent-decoded by the server's parser, then
// answered by the real read routes over the seed corpus. Any answer but 200, 304, 400 or 404,
// a 400 that is not a problem naming a parameter, or a 200 that is not JSON, is a failure.
// Run from the repository root (it reads seeds/ and Config/lexicon).
import Foundation
@testable import HTTPServer
import HTTPTypes
import Logging
import PeacetrackCore

private let paths = [
    "/positions", "/estimates", "/proposals", "/documents", "/countries", "/health", "/openapi.json", "/metrics",
    "/positions/x", "/countries/GB", "/documents/x",
]

private let responder: any HTTPResponder = {
    let logger = Logger(label: "fuzz") { _ in SwiftLogNoOpLogHandler() }
    do {
        let lexicon = try Lexicon.load(directory: "Config/lexicon")
        let documents = try CorpusLoader.load(directory: "seeds", logger: logger)
        let catalog = Catalog(StoreSnapshot(documents: documents, extractor: Extractor(lexicon: lexicon)))
        return PeacetrackAPI.responder(catalog: catalog, metrics: Metrics(), configuration: APIConfiguration(version: "fuzz"))
    } catch {
        fatalError("run the query fuzzer from the repository root: \(error)")
    }
}()

private func fail(_ message: String) -> Never {
    fatalError("fuzz invariant broken: \(message)")
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzQueryString(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data, size > 0 else { return 0 }
    let path = paths[Int(data[0]) % paths.count]
    let query = UnsafeBufferPointer(start: data + 1, count: size - 1)
    // The request line admits visible ASCII only; other bytes never reach the query parser.
    guard query.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { return -1 }
    let items: [QueryItem]
    do {
        items = try PercentDecoding.query(query, 0..<query.count)
    } catch {
        guard error.status == .badRequest else { fail("decoding refused with \(error.status)") }
        return 0
    }
    let target = path + "?" + String(decoding: query, as: UTF8.self)
    let request = ServerRequest(head: HTTPRequest(method: .get, scheme: nil, authority: "fuzz", path: target),
                                path: path, query: items, body: [])
    guard case .now(let response) = responder.respond(to: request) else { fail("a read route answered later") }
    guard case .bytes(let body) = response.body, !body.isEmpty else { fail("empty or streamed body for \(target)") }
    let json = try? JSONSerialization.jsonObject(with: Data(body))
    switch response.head.status.code {
    case 200:
        guard path == "/metrics" || json != nil else { fail("200 that is not JSON for \(target)") }
    case 400:
        guard response.head.headerFields[.contentType] == "application/problem+json",
              let detail = (json as? [String: Any])?["detail"] as? String, detail.contains("'") else {
            fail("400 without a problem naming the parameter for \(target)")
        }
    case 404:
        break
    case let code:
        fail("\(code) for \(target)")
    }
    return 0
}
