import CZlib

/// One-shot gzip (RFC 1952) through zlib, for `Content-Encoding: gzip` answers.
enum Gzip {
    /// `bytes` compressed, or nil when zlib fails or the input is beyond its 32-bit lengths.
    /// Level 6 is zlib's default: most of level 9's gain at a fraction of its time.
    static func compress(_ bytes: [UInt8], level: Int32 = 6) -> [UInt8]? {
        guard let length = uInt(exactly: bytes.count) else { return nil }
        var stream = z_stream()
        guard peacetrack_deflate_init_gzip(&stream, level) == Z_OK else { return nil }
        defer { deflateEnd(&stream) }
        // deflateBound is what one Z_FINISH call can need at most, gzip header and trailer included.
        let bound = Int(deflateBound(&stream, uLong(length)))
        var finished = false
        let output = bytes.withUnsafeBufferPointer { input in
            [UInt8](unsafeUninitializedCapacity: bound) { buffer, count in
                stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
                stream.avail_in = length
                stream.next_out = buffer.baseAddress
                stream.avail_out = uInt(clamping: buffer.count)
                finished = deflate(&stream, Z_FINISH) == Z_STREAM_END
                count = finished ? buffer.count - Int(stream.avail_out) : 0
            }
        }
        return finished ? output : nil
    }
}
