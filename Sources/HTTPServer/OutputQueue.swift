#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A connection's unsent bytes, in order. Heads and small bodies are copied into one buffer;
/// a large body is queued as it is, sharing the handler's storage (a cached answer of several
/// megabytes is neither copied per request nor held twice), and everything goes out in one
/// gathering `sendmsg`.
struct OutputQueue {
    /// Bodies at least this large are queued by reference rather than copied.
    static let sharedBodyBytes = 16 << 10
    /// At most this many pieces per `sendmsg`; the rest go with the next call.
    private static let piecesPerWrite = 64

    private var pieces: [[UInt8]] = []
    /// A sent buffer kept for the next heads, so small answers do not allocate one each.
    private var spare: [UInt8] = []
    /// Bytes of `pieces[0]` already sent.
    private var sentOfFirst = 0
    /// Unsent bytes.
    private(set) var count = 0

    var isEmpty: Bool { count == 0 }

    /// Lets `write` append to the buffer at the end of the queue (an encoder writing a head).
    mutating func appendToTail(_ write: (inout [UInt8]) -> Void) {
        if pieces.isEmpty || pieces[pieces.count - 1].count >= Self.sharedBodyBytes {
            pieces.append(spare)
            spare = []
        }
        let before = pieces[pieces.count - 1].count
        write(&pieces[pieces.count - 1])
        count += pieces[pieces.count - 1].count - before
    }

    mutating func append(_ bytes: [UInt8]) {
        guard bytes.count < Self.sharedBodyBytes else {
            pieces.append(bytes)
            count += bytes.count
            return
        }
        appendToTail { $0.append(contentsOf: bytes) }
    }

    /// Sends what the socket takes in one call and drops it from the queue.
    mutating func send(to fd: Int32) -> IOResult {
        let shown = min(pieces.count, Self.piecesPerWrite)
        let result = withIOVectors(shown) { vectors in Socket.transmit(fd, vectors) }
        if case .bytes(let sent) = result { consume(sent) }
        return result
    }

    /// Forgets everything unsent.
    mutating func removeAll() {
        pieces = []
        spare = []
        sentOfFirst = 0
        count = 0
    }

    private mutating func consume(_ sent: Int) {
        var left = sent
        count -= sent
        while left > 0, !pieces.isEmpty {
            let rest = pieces[0].count - sentOfFirst
            if left < rest {
                sentOfFirst += left
                return
            }
            left -= rest
            sentOfFirst = 0
            var sentPiece = pieces.removeFirst()
            // Only a buffer of heads and small bodies: a large body is shared with its handler,
            // and emptying it would copy it.
            if spare.capacity == 0, sentPiece.count < Self.sharedBodyBytes {
                sentPiece.removeAll(keepingCapacity: true)
                spare = sentPiece
            }
        }
        if pieces.isEmpty { sentOfFirst = 0 }
    }

    /// Calls `body` with iovecs over the unsent bytes of the first `shown` pieces, each
    /// pinned for the duration of the call.
    private func withIOVectors<Result>(_ shown: Int, _ body: ([iovec]) -> Result) -> Result {
        var vectors: [iovec] = []
        vectors.reserveCapacity(shown)
        func pin(_ index: Int) -> Result {
            guard index < shown else { return body(vectors) }
            return pieces[index].withUnsafeBytes { bytes in
                let skip = index == 0 ? sentOfFirst : 0
                let base = bytes.baseAddress.map { UnsafeMutableRawPointer(mutating: $0 + skip) }
                vectors.append(iovec(iov_base: base, iov_len: bytes.count - skip))
                return pin(index + 1)
            }
        }
        return pin(0)
    }
}
