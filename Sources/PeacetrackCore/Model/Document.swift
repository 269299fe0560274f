/// An article of the corpus, as loaded from a file or added through the API.
public struct Document: Sendable, Hashable {
    public enum Source: String, Sendable, Hashable, Codable, CaseIterable {
        case seed, added, fetched
    }

    /// The file name without `.txt`, or the id given when the document was added.
    public var id: String
    /// The first line that reads like a headline unless a title was given.
    public var title: String
    public var source: Source
    public var url: String?
    /// ISO 8601 date or date-time, when known.
    public var published: String?
    /// Which parts of `published` ("year", "month", "day") were inferred rather than read
    /// from the page or its metadata; empty when it was stated.
    public var publishedInferred: [String] = []

    /// The text in memory, or the file it was read from: a corpus's texts need not stay in
    /// memory once their facts are read, as only a document's own page shows its text.
    private var body: Body

    private enum Body: Sendable, Hashable {
        case inline(String)
        /// The file holds the text; `scalars` is its length.
        case file(path: String, scalars: Int)
    }

    public var text: String {
        get {
            switch body {
            case .inline(let text): text
            // A file gone since: no text to show, and nothing to trap on.
            case .file(let path, _): (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
            }
        }
        set { body = .inline(newValue) }
    }

    /// This document with its text left in `path`, the file it was read from.
    public func readingText(from path: String) -> Document {
        var document = self
        document.body = .file(path: path, scalars: scalarCount)
        return document
    }

    public init(id: String, title: String? = nil, text: String, source: Source = .seed,
                url: String? = nil, published: String? = nil) {
        self.id = id
        body = .inline(text)
        self.title = title ?? Document.firstLine(of: text)
        self.source = source
        self.url = url
        self.published = published
    }

    /// Length of `text` in Unicode scalars, the unit of every evidence offset: its UTF-8 bytes
    /// less those that continue a scalar (0b10xxxxxx), counted without decoding, eight at a time.
    public var scalarCount: Int {
        switch body {
        case .inline(let text): Self.scalarCount(of: text)
        case .file(_, let scalars): scalars
        }
    }

    private static func scalarCount(of text: String) -> Int {
        var text = text
        return text.withUTF8 { bytes in
            var continuations = 0
            var offset = 0
            while offset + 8 <= bytes.count {
                let word = UnsafeRawBufferPointer(bytes).loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                // A byte's top bit set and the bit below it clear: shifted left by one, each byte's
                // second bit lands on its top bit. The flags, moved down to ones, are summed into
                // the top byte by one multiplication (a portable build has no popcount instruction).
                let flags = (word & ~(word << 1) & 0x8080_8080_8080_8080) >> 7
                continuations += Int((flags &* 0x0101_0101_0101_0101) >> 56)
                offset += 8
            }
            for byte in bytes[offset...] where byte & 0xC0 == 0x80 { continuations += 1 }
            return bytes.count - continuations
        }
    }

    /// Bullet lines and short labels ("- Category", "Key points") precede many headlines, so
    /// the title is the first line of at least three words.
    private static func firstLine(of text: String) -> String {
        var rest = text[...]
        while !rest.isEmpty {
            // A line break always starts a character of its own, so it is sought among scalars,
            // far cheaper than among characters; spaces are trimmed as `.whitespaces` would.
            var line = rest.unicodeScalars.prefix { !$0.isLineBreak }
            let end = line.endIndex
            while line.first?.isSpace == true { line.removeFirst() }
            while line.last?.isSpace == true { line.removeLast() }
            let trimmed = String(line)
            rest = end < rest.endIndex ? rest[rest.index(after: end)...] : rest[rest.endIndex...]
            if trimmed.hasPrefix("- ") || !hasThreeWords(trimmed) { continue }
            return String(trimmed.prefix(200))
        }
        return String(text.prefix(80))
    }

    /// Whether `line` has at least three words between spaces. An ASCII line's characters are
    /// its bytes, so its words are counted there, without the grapheme breaking of `split`.
    private static func hasThreeWords(_ line: String) -> Bool {
        guard line.utf8.allSatisfy({ $0 < 0x80 }) else { return line.split(separator: " ").count >= 3 }
        var words = 0
        var inWord = false
        for byte in line.utf8 {
            if byte == UInt8(ascii: " ") {
                inWord = false
            } else if !inWord {
                inWord = true
                words += 1
                if words == 3 { return true }
            }
        }
        return false
    }
}
