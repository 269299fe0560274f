import Foundation
import Testing

/// What `peacetrack serve` does with bad configuration and bad corpus files.
@Suite struct StartupTests {
    /// Runs the binary to completion and returns its status and standard error.
    func run(_ arguments: [String]) throws -> (status: Int32, errors: String) {
        let process = Process()
        process.executableURL = ServerProcess.binary
        process.arguments = arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let data = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    func configFile(_ json: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("peacetrack-config-\(UUID().uuidString).json").path
        try Data(json.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func missingConfigFileIsExitTwoNamingTheFile() throws {
        let result = try run(["serve", "--config", "/nonexistent/server.json"])
        #expect(result.status == 2)
        #expect(result.errors.contains("/nonexistent/server.json"))
    }

    /// Run outside the repository with the default relative paths, serve finds the lexicon and
    /// the dashboard beside the executable (here, in the checkout above the build folder).
    @Test func theLexiconAndDashboardAreFoundBesideTheExecutable() throws {
        let server = try ServerProcess(config: ["lexicon": "Config/lexicon", "dashboard": "dashboard"])
        #expect(try server.get("/health").status == 200)
        let page = try server.get("/")
        #expect(page.status == 200)
        #expect(String(decoding: page.body, as: UTF8.self).contains("<html"))
        #expect(!server.logText.contains("no dashboard"))
    }

    @Test(arguments: [
        (#"{"port": "eighty"}"#, "port"),
        (#"{"port": 70000}"#, "port"),
        (#"{"limits": {"maxConnections": 0}}"#, "limits.maxConnections"),
        (#"{"hots": "127.0.0.1"}"#, "hots"),
        (#"{"logLevel": "loud"}"#, "logLevel"),
        (#"{"gzip": "yes"}"#, "gzip"),
    ])
    func invalidConfigIsExitTwoNamingTheField(json: String, field: String) throws {
        let path = try configFile(json)
        let result = try run(["serve", "--config", path])
        #expect(result.status == 2)
        #expect(result.errors.contains(path))
        #expect(result.errors.contains("'\(field)'"))
    }

    @Test(arguments: ["HOME", "LD_PRELOAD", "1X"])
    func theTokenMustComeFromAVariableOfItsOwn(variable: String) throws {
        let error = #expect(throws: ServerProcess.StartError.self) { try ServerProcess(config: ["tokenEnv": variable]) }
        #expect(error?.log.contains("'tokenEnv'") == true)
    }

    @Test(arguments: ["   ", "short-secret"])
    func aBlankOrShortTokenStopsTheServer(token: String) throws {
        let error = #expect(throws: ServerProcess.StartError.self) {
            try ServerProcess(environment: ["PEACETRACK_TOKEN": token])
        }
        #expect(error?.log.contains("PEACETRACK_TOKEN") == true)
    }

    @Test func badCorpusFilesAreSkippedWithAWarningNamingThem() throws {
        let server = try ServerProcess(corpus: [
            "good.txt": Array("Headline\nFrance supports sending peacekeeping troops to Ukraine.".utf8),
            "empty.txt": Array("  \n".utf8),
            "latin1.txt": [0x63, 0x61, 0x66, 0xe9],
            "notes.md": Array("not a corpus file".utf8),
        ])
        defer { server.stop() }
        #expect(try server.get("/health").json["documents"] as? Int == 1)
        #expect(server.logText.contains("empty.txt"))
        #expect(server.logText.contains("latin1.txt"))
    }

    @Test func restartsReuseKeptFactsAndReadTheCorpusAgainWhenTheyAreUnreadable() throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("peacetrack-kept-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: data) }
        let kept = data.appendingPathComponent("facts/facts.bin")
        let first = try ServerProcess(data: data)
        let answer = try first.get("/positions?evidence=all&limit=500").body
        // Written in the background once the first start has read the corpus.
        let deadline = Date().addingTimeInterval(10)
        while !FileManager.default.fileExists(atPath: kept.path), Date() < deadline { usleep(20_000) }
        #expect(first.terminate() == 0)
        #expect(FileManager.default.fileExists(atPath: kept.path))

        let second = try ServerProcess(data: data)
        #expect(try second.get("/positions?evidence=all&limit=500").body == answer)
        #expect(!second.logText.contains("read again"))
        second.terminate()

        try Data("peacetrack-facts-1\nnot facts".utf8).write(to: kept)
        let third = try ServerProcess(data: data)
        defer { third.stop() }
        #expect(try third.get("/positions?evidence=all&limit=500").body == answer)
        #expect(third.logText.contains("read again"))
    }

    @Test func missingCorpusFolderIsAnError() throws {
        let path = try configFile(#"{"corpus": "/nonexistent/corpus"}"#)
        let result = try run(["serve", "--config", path, "--port", "0"])
        #expect(result.status == 1)
        #expect(result.errors.contains("/nonexistent/corpus"))
    }
}
