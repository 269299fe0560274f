#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import HTTPServer

/// The output queue over a real socket pair with a small send buffer, so sends come back short.
@Suite struct OutputQueueTests {
    @Test func deliversPiecesInOrderAcrossShortSends() throws {
        var ends: [Int32] = [0, 0]
        #expect(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &ends) == 0)
        defer { ends.forEach { _ = close($0) } }
        var small: Int32 = 4096
        setsockopt(ends[0], SOL_SOCKET, SO_SNDBUF, &small, socklen_t(MemoryLayout<Int32>.size))
        _ = fcntl(ends[0], F_SETFL, fcntl(ends[0], F_GETFL) | O_NONBLOCK)

        let large = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        var queue = OutputQueue()
        queue.appendToTail { $0.append(contentsOf: Array("head one\r\n".utf8)) }
        queue.append(large)
        queue.append(Array("small body".utf8))
        queue.appendToTail { $0.append(contentsOf: Array("head two\r\n".utf8)) }
        queue.append(large.reversed())
        let expected = Array("head one\r\n".utf8) + large + Array("small body".utf8) + Array("head two\r\n".utf8) + large.reversed()
        #expect(queue.count == expected.count)

        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        var shortSends = 0
        while !queue.isEmpty {
            let before = queue.count
            switch queue.send(to: ends[0]) {
            case .bytes(let sent):
                #expect(queue.count == before - sent)
                if queue.count > 0 { shortSends += 1 }
            case .wouldBlock:
                let got = read(ends[1], &buffer, buffer.count)
                #expect(got > 0)
                received += buffer.prefix(max(got, 0))
            case .endOfFile, .failed:
                Issue.record("the send failed")
                return
            }
        }
        while received.count < expected.count {
            let got = read(ends[1], &buffer, buffer.count)
            guard got > 0 else { break }
            received += buffer.prefix(got)
        }
        #expect(shortSends > 0, "the test must exercise sends that stop inside a piece")
        #expect(received == expected)
    }

    @Test func removeAllForgetsTheBacklog() {
        var queue = OutputQueue()
        queue.append([UInt8](repeating: 1, count: 100_000))
        queue.appendToTail { $0.append(2) }
        #expect(queue.count == 100_001)
        queue.removeAll()
        #expect(queue.isEmpty)
    }
}
