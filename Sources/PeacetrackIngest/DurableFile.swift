import Foundation
import Glibc

/// Files that appear whole or not at all: written to a fresh temporary file of the same folder
/// (`.tmp-` names, which loads skip and clear once stale), made durable, then linked or renamed
/// into place, and the folder synced.
enum DurableFile {
    /// Writes `bytes` to a fresh temporary file in `directory`, durably; returns its path.
    static func writeTemporary(_ bytes: [UInt8], in directory: String) throws(ArchiveError) -> String {
        let path = (directory as NSString).appendingPathComponent(".tmp-" + UUID().uuidString.lowercased())
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .io("cannot create \(path): \(systemError())") }
        var failure: String?
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count, let start = buffer.baseAddress {
                let written = Glibc.write(descriptor, start + offset, buffer.count - offset)
                if written < 0 {
                    guard errno == EINTR else {
                        failure = "cannot write \(path): \(systemError())"
                        return
                    }
                } else {
                    offset += written
                }
            }
        }
        if failure == nil, fsync(descriptor) != 0 { failure = "cannot sync \(path): \(systemError())" }
        if close(descriptor) != 0, failure == nil { failure = "cannot write \(path): \(systemError())" }
        if let failure {
            unlink(path)
            throw .io(failure)
        }
        return path
    }

    /// Puts `bytes` at `path` in place of what was there: readers see the old file or the new one.
    static func replace(_ path: String, with bytes: [UInt8]) throws(ArchiveError) {
        let directory = (path as NSString).deletingLastPathComponent
        let temporary = try writeTemporary(bytes, in: directory)
        guard rename(temporary, path) == 0 else {
            let failure = "cannot replace \(path): \(systemError())"
            unlink(temporary)
            throw .io(failure)
        }
        try syncDirectory(directory)
    }

    /// Makes the creations and removals of names in the folder durable.
    static func syncDirectory(_ path: String) throws(ArchiveError) {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .io("cannot open \(path): \(systemError())") }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw .io("cannot sync \(path): \(systemError())") }
    }

    static func systemError() -> String {
        String(cString: strerror(errno))
    }
}
