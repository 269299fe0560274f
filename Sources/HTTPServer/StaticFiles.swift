import Foundation
import HTTPTypes

/// A folder's files read into memory once, each with its content type and entity tag.
/// Requests only look names up in that table, so no request path ever reaches the file
/// system (no traversal, no partial reads while files change).
public struct StaticFiles: Sendable {
    private struct File: Sendable {
        var bytes: [UInt8]
        var contentType: String
        var etag: String
    }

    static let contentTypes = [
        "html": "text/html; charset=utf-8", "js": "text/javascript; charset=utf-8", "mjs": "text/javascript; charset=utf-8",
        "css": "text/css; charset=utf-8", "svg": "image/svg+xml", "json": "application/json; charset=utf-8",
        "png": "image/png", "ico": "image/x-icon", "txt": "text/plain; charset=utf-8", "woff2": "font/woff2",
    ]

    private let files: [String: File]

    /// Reads every regular file below `directory` (names relative to it, `/`-separated);
    /// hidden files and types without a known content type are left out.
    public init(directory: String) throws {
        let root = URL(fileURLWithPath: directory, isDirectory: true).standardizedFileURL
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey],
                                                          options: [.skipsHiddenFiles]) else {
            throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: directory])
        }
        var files: [String: File] = [:]
        for case let url as URL in walker {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true,
                  let type = Self.contentTypes[url.pathExtension.lowercased()] else { continue }
            let bytes = [UInt8](try Data(contentsOf: url))
            let name = String(url.standardizedFileURL.path.dropFirst(root.path.count).drop { $0 == "/" })
            files[name] = File(bytes: bytes, contentType: type, etag: "\"\(Self.digest(bytes))\"")
        }
        self.files = files
    }

    public var names: [String] { files.keys.sorted() }

    /// The file as a 200 answer, revalidated by clients on every use (`no-cache` + ETag).
    public func response(for name: String) -> ServerResponse? {
        guard let file = files[name] else { return nil }
        return ServerResponse(status: .ok, headers: [
            .contentType: file.contentType, .eTag: file.etag, .cacheControl: "no-cache",
            .xContentTypeOptions: "nosniff",
        ], body: file.bytes)
    }

    /// FNV-1a over the bytes: a stable tag that changes with the content.
    private static func digest(_ bytes: [UInt8]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return String(hash, radix: 16)
    }
}
