import Foundation
import Testing

/// The served OpenAPI document passes openapi-spec-validator (installed by `make test`).
@Suite struct OpenAPITests {
    @Test func servedDocumentIsValidOpenAPI31() throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let response = try server.get("/openapi.json")
        #expect(response.status == 200)
        let file = server.folder.appendingPathComponent("openapi.json")
        try response.body.write(to: file)

        let validator = Process()
        validator.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        validator.arguments = ["python3", "-c", """
            import json, sys
            from openapi_spec_validator import validate
            validate(json.load(open(sys.argv[1])))
            print("valid")
            """, file.path]
        let output = Pipe()
        validator.standardOutput = output
        validator.standardError = output
        try validator.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        validator.waitUntilExit()
        #expect(validator.terminationStatus == 0, "\(text)")
        #expect(text.contains("valid"))
    }
}
