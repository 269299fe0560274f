import Foundation

/// The files next to the tests.
enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func bytes(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: directory.appendingPathComponent(name)))
    }
}

struct FixtureServerError: Error, CustomStringConvertible {
    var description: String
}

/// Fixtures/fixture_server.py running on 127.0.0.1, started per test and stopped by `stop()`
/// (it also exits by itself when its standard input closes, should the test process die).
final class FixtureServer {
    let port: UInt16
    private let process = Process()
    private let input = Pipe()

    init() throws {
        let output = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Fixtures.directory.appendingPathComponent("fixture_server.py").path]
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        var printed = Data()
        while !printed.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            guard !chunk.isEmpty else { throw FixtureServerError(description: "the fixture server exited before printing its port") }
            printed.append(chunk)
        }
        let line = String(decoding: printed, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard line.hasPrefix("PORT "), let port = UInt16(line.dropFirst(5)) else {
            process.terminate()
            throw FixtureServerError(description: "the fixture server printed '\(line)' instead of its port")
        }
        self.port = port
    }

    func url(_ path: String) -> String {
        "http://127.0.0.1:\(port)\(path)"
    }

    func stop() {
        try? input.fileHandleForWriting.close()
        process.terminate()
        process.waitUntilExit()
    }
}
