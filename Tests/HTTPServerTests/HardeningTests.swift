import Foundation
import HTTPTypes
import Testing
@testable import HTTPServer

/// Regressions found by the bad-request battery (Tests/Hardening/battery.py) and the fuzzers
/// (Tests/Fuzz): each pins a class of bug, not only the input that showed it.
@Suite struct HardeningTests {
    /// Answers of 1 KiB, so a deep pipeline fills the output backlog many times over.
    static let kilobyte = TestResponder { _ in .now(ServerResponse(status: .ok, body: Array(repeating: UInt8(ascii: "k"), count: 1024))) }

    /// A pipeline held back for its backlog must resume however fast the peer drains it: a
    /// drain that emptied the backlog within the same turn used to leave reading paused for
    /// good, until the idle timeout reset the connection.
    @Test func heldBackPipelineResumesWhenTheBacklogDrainsAtOnce() throws {
        try withServer(responder: Self.kilobyte) { _, port in
            let client = try RawClient(port: port, timeout: 10)
            let count = 2000
            try client.send(String(repeating: "GET /k HTTP/1.1\r\nHost: x\r\n\r\n", count: count))
            for index in 0..<count {
                let response = try client.readResponse()
                try #require(response.status == 200 && response.body.count == 1024, "answer \(index)")
            }
        }
    }
}
