import Foundation
import Hummingbird

// Usage: BenchServer PORT FOLDER — serves FOLDER/<name>.json at each path listed in
// FOLDER/routes.tsv ("<path>\t<name>"), bodies read once at startup.
let arguments = CommandLine.arguments
guard arguments.count == 3, let port = Int(arguments[1]) else {
    FileHandle.standardError.write(Data("usage: BenchServer PORT FOLDER\n".utf8))
    exit(2)
}
let folder = URL(fileURLWithPath: arguments[2])
let table = try String(contentsOf: folder.appendingPathComponent("routes.tsv"), encoding: .utf8)
var bodies: [String: ByteBuffer] = [:]
for line in table.split(separator: "\n") {
    let parts = line.split(separator: "\t")
    guard parts.count == 2 else { continue }
    bodies[String(parts[0])] = ByteBuffer(data: try Data(contentsOf: folder.appendingPathComponent(String(parts[1]))))
}
let router = Router()
let routes = bodies
router.get("**") { request, _ -> Response in
    let key = request.uri.query.map { "\(request.uri.path)?\($0)" } ?? request.uri.path
    guard let body = routes[key] else { return Response(status: .notFound) }
    return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: body))
}
let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)))
try await app.runService()
