import CLibXML2
import Foundation

/// The readable text of a web page.
public struct ArticleText: Sendable, Equatable {
    public var title: String?
    /// One block (paragraph, heading, list item...) per line, at most one blank line in a row.
    public var text: String
    /// ISO 8601: a date-time in UTC or a date.
    public var published: String?

    public init(title: String?, text: String, published: String?) {
        self.title = title
        self.text = text
        self.published = published
    }
}

/// Takes article text out of HTML with libxml2's forgiving HTML parser: boilerplate (navigation,
/// scripts, forms, headers and footers) is dropped, the `<article>` (else `<main>`) preferred.
public enum HTMLText {
    /// Fewer non-space characters than this is no article: an empty shell, a paywall, a consent page.
    public static let minimumCharacters = 100

    /// The article of a fetched page, by its content type: HTML parsed, plain text taken as it is.
    public static func article(from page: FetchedPage) throws(IngestError) -> ArticleText {
        switch page.contentType {
        case "text/html", "application/xhtml+xml":
            return try extract(html: page.body, charset: page.charset)
        case "text/plain":
            return try plainText(page.body, charset: page.charset)
        default:
            throw .unsupportedContentType(page.contentType ?? "(none)")
        }
    }

    public static func plainText(_ body: [UInt8], charset: String?) throws(IngestError) -> ArticleText {
        let text = TextDecoding.decode(body, charset: charset)
        guard hasEnoughText(text) else { throw .noArticleText }
        return ArticleText(title: nil, text: text, published: nil)
    }

    /// `charset` is the one the HTTP Content-Type names; without it the page's meta charset counts.
    public static func extract(html: [UInt8], charset: String?) throws(IngestError) -> ArticleText {
        guard Int32(exactly: html.count) != nil else { throw .tooLarge }
        let declared = TextDecoding.normalizedCharset(charset)
        guard var page = ParsedPage(html, encoding: declared) else { throw .noArticleText }
        // libxml2 honours a meta charset itself, but not the browsers' reading of ISO-8859-1 as
        // windows-1252, so a page declaring anything but UTF-8 is parsed again with the normalised name.
        if declared == nil, let meta = TextDecoding.normalizedCharset(page.metaCharset), meta != "utf-8",
           let again = ParsedPage(html, encoding: meta) {
            page = again
        }
        // The longest <article> (pages also carry teasers of other stories), else <main>, else the body.
        let articles = page.articles.map(render).sorted { $0.utf8.count > $1.utf8.count }
        let fallbacks = [page.main, page.body].lazy.compactMap { $0 }.map(render)
        guard let text = articles.first(where: hasEnoughText) ?? fallbacks.first(where: hasEnoughText) else {
            throw .noArticleText
        }
        let nonEmpty = { (title: String) in title.isEmpty ? nil : title }
        let title = page.ogTitle.map(collapsingWhitespace).flatMap(nonEmpty) ?? page.title.map(render).flatMap(nonEmpty)
        return ArticleText(title: title, text: text, published: page.published.flatMap(isoDate))
    }

    static func hasEnoughText(_ text: String) -> Bool {
        var count = 0
        for scalar in text.unicodeScalars where !scalar.properties.isWhitespace {
            count += 1
            if count >= minimumCharacters { return true }
        }
        return false
    }

    /// Elements whose content is never article text.
    fileprivate static let dropped: Set<String> = [
        "script", "style", "nav", "header", "footer", "aside", "noscript", "template", "form", "svg",
        "iframe", "head", "button", "select", "textarea", "object", "embed", "canvas", "video", "audio",
    ]

    /// Elements that start and end a line of their own.
    private static let blocks: Set<String> = [
        "address", "article", "blockquote", "body", "caption", "center", "dd", "details", "dialog", "div",
        "dl", "dt", "fieldset", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "legend",
        "li", "main", "menu", "ol", "p", "pre", "section", "summary", "table", "tbody", "tfoot", "thead",
        "tr", "ul",
    ]

    /// The text below `root`, laid out by the block structure.
    private static func render(_ root: xmlNodePtr) -> String {
        var builder = TextBuilder()
        walk(below: root) { node in
            switch node.pointee.type {
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = node.pointee.content { builder.append(String(cString: content)) }
                return false
            case XML_ELEMENT_NODE:
                guard let name = elementName(node), !dropped.contains(name), attribute("hidden", of: node) == nil else {
                    return false
                }
                switch name {
                case "br": builder.lineBreak()
                case "td", "th": builder.space()
                case _ where blocks.contains(name): builder.endBlock()
                default: break
                }
                return true
            default:
                return false
            }
        } leave: { node in
            if let name = elementName(node), blocks.contains(name) { builder.endBlock() }
        }
        return builder.text
    }

    private static func collapsingWhitespace(_ text: String) -> String {
        var builder = TextBuilder()
        builder.append(text)
        return builder.text
    }

    /// A date-time normalised to UTC, or a date; nil when the value is neither.
    static func isoDate(_ value: String) -> String? {
        let value = value.trimmingCharacters(in: .whitespacesAndNewlines)
        let formatter = ISO8601DateFormatter()
        for options: ISO8601DateFormatter.Options in [[.withInternetDateTime], [.withInternetDateTime, .withFractionalSeconds]] {
            formatter.formatOptions = options
            if let date = formatter.date(from: value) {
                formatter.formatOptions = [.withInternetDateTime]
                return formatter.string(from: date)
            }
        }
        // A date alone, or a date-time without a time zone: the date is what is sure.
        let day = String(value.prefix(10))
        formatter.formatOptions = [.withFullDate]
        return day.utf8.count == 10 && formatter.date(from: day) != nil ? day : nil
    }

    /// Visits the nodes below `root` in document order without recursion, so deeply nested markup
    /// cannot exhaust the stack. `enter` says whether to visit a node's children; `leave` follows them.
    fileprivate static func walk(below root: xmlNodePtr, enter: (xmlNodePtr) -> Bool, leave: (xmlNodePtr) -> Void) {
        var next = root.pointee.children
        while let node = next {
            if enter(node), let child = node.pointee.children {
                next = child
                continue
            }
            var current = node
            while true {
                leave(current)
                if let sibling = current.pointee.next {
                    next = sibling
                    break
                }
                guard let parent = current.pointee.parent, parent != root else {
                    next = nil
                    break
                }
                current = parent
            }
        }
    }

    fileprivate static func elementName(_ node: xmlNodePtr) -> String? {
        guard node.pointee.type == XML_ELEMENT_NODE, let name = node.pointee.name else { return nil }
        return String(cString: name)
    }

    /// The value of an attribute (libxml2 lowercases HTML attribute names), read in place.
    fileprivate static func attribute(_ name: String, of node: xmlNodePtr) -> String? {
        var attribute = node.pointee.properties
        while let current = attribute {
            if let attributeName = current.pointee.name, String(cString: attributeName) == name {
                return text(from: current.pointee.children)
            }
            attribute = current.pointee.next
        }
        return nil
    }

    /// The text directly inside an element (a script's source), read in place.
    fileprivate static func childText(of node: xmlNodePtr) -> String {
        text(from: node.pointee.children)
    }

    /// The contents of `first` and its following siblings, joined: an element's or an attribute's text.
    private static func text(from first: xmlNodePtr?) -> String {
        var text = ""
        var child = first
        while let current = child {
            if let content = current.pointee.content { text += String(cString: content) }
            child = current.pointee.next
        }
        return text
    }

    /// libxml2's global state, set up once before documents are parsed on several threads.
    fileprivate static let parserReady: Void = xmlInitParser()
}

/// A parsed HTML document and the parts of it the extraction looks at, found in one walk.
private final class ParsedPage {
    private let document: htmlDocPtr
    private(set) var title: xmlNodePtr?
    private(set) var ogTitle: String?
    private var metaPublished: String?
    private var linkedDataPublished: String?
    private var timePublished: String?
    private(set) var metaCharset: String?
    private(set) var articles: [xmlNodePtr] = []
    private(set) var main: xmlNodePtr?
    private(set) var body: xmlNodePtr?

    /// Nil when libxml2 makes no document of the bytes (when there are none, for instance).
    init?(_ html: [UInt8], encoding: String?) {
        _ = HTMLText.parserReady
        let options = Int32(bitPattern: HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
            | HTML_PARSE_NONET.rawValue | HTML_PARSE_RECOVER.rawValue)
        let parsed = html.withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { chars in
                htmlReadMemory(chars.baseAddress, Int32(clamping: chars.count), nil, encoding, options)
            }
        }
        guard let parsed else { return nil }
        document = parsed
        guard let root = xmlDocGetRootElement(parsed) else { return }
        body = root
        HTMLText.walk(below: root) { node in
            guard let name = HTMLText.elementName(node) else { return false }
            switch name {
            case "meta":
                readMeta(node)
            case "script" where linkedDataPublished == nil
                && HTMLText.attribute("type", of: node)?.lowercased().hasPrefix("application/ld+json") == true:
                linkedDataPublished = LinkedData.datePublished(in: HTMLText.childText(of: node))
            case "time" where timePublished == nil:
                timePublished = Self.date(of: node)
            case "title" where title == nil:
                title = node
            case "article":
                articles.append(node)
                if timePublished == nil { timePublished = Self.firstTime(below: node) }
                return false // a nested <article> is part of this one
            case "main" where main == nil:
                main = node
            case "body":
                body = node
            default:
                break
            }
            // <head> holds the metadata; other dropped parts hold no candidate text.
            return name == "head" || !HTMLText.dropped.contains(name)
        } leave: { _ in }
    }

    deinit {
        xmlFreeDoc(document)
    }

    private static func date(of time: xmlNodePtr) -> String? {
        HTMLText.attribute("datetime", of: time).flatMap(HTMLText.isoDate)
    }

    /// The date of the first `<time datetime>` inside `node`, its header included.
    private static func firstTime(below node: xmlNodePtr) -> String? {
        var found: String?
        HTMLText.walk(below: node) { child in
            if found == nil, HTMLText.elementName(child) == "time" { found = date(of: child) }
            return found == nil
        } leave: { _ in }
        return found
    }

    /// The page's own statement first: its article metadata, then its JSON-LD, then the first
    /// `<time datetime>` (which may also date a comment or a related story).
    var published: String? {
        [metaPublished, linkedDataPublished, timePublished].lazy.compactMap { $0 }.first
    }

    private func readMeta(_ node: xmlNodePtr) {
        let content = HTMLText.attribute("content", of: node)
        switch (HTMLText.attribute("property", of: node) ?? HTMLText.attribute("name", of: node))?.lowercased() {
        case "og:title" where ogTitle == nil: ogTitle = content
        case "article:published_time" where metaPublished == nil: metaPublished = content.flatMap(HTMLText.isoDate)
        default: break
        }
        if let charset = HTMLText.attribute("charset", of: node) {
            metaCharset = metaCharset ?? charset
        } else if HTMLText.attribute("http-equiv", of: node)?.lowercased() == "content-type", let content {
            metaCharset = metaCharset ?? ContentType(content).charset
        }
    }
}

/// Lays text out as lines: whitespace runs collapse to one space, block boundaries become line
/// breaks, and nothing is written before the first or after the last visible character.
private struct TextBuilder {
    private(set) var text = ""
    private var pendingSpace = false
    /// Line breaks owed before the next visible character: 1 ends a line, 2 leaves a blank one.
    private var pendingBreaks = 0

    mutating func append(_ content: String) {
        for scalar in content.unicodeScalars {
            if scalar.properties.isWhitespace {
                pendingSpace = true
                continue
            }
            if !text.isEmpty {
                if pendingBreaks > 0 {
                    text += pendingBreaks > 1 ? "\n\n" : "\n"
                } else if pendingSpace {
                    text += " "
                }
            }
            pendingBreaks = 0
            pendingSpace = false
            text.unicodeScalars.append(scalar)
        }
    }

    mutating func space() { pendingSpace = true }
    mutating func endBlock() { pendingBreaks = max(pendingBreaks, 1) }
    /// `<br>`: a second one in a row leaves a blank line, more add nothing.
    mutating func lineBreak() { pendingBreaks = min(pendingBreaks + 1, 2) }
}

/// schema.org metadata in a page's `<script type="application/ld+json">`: an object, an
/// array of them, or an `@graph`, with the article's `datePublished` somewhere inside.
enum LinkedData {
    static let maxBytes = 256 << 10
    static let maxDepth = 8

    static func datePublished(in source: String) -> String? {
        guard source.utf8.count <= maxBytes,
              let value = try? JSONSerialization.jsonObject(with: Data(source.utf8)) else { return nil }
        return find(in: value, depth: 0)
    }

    private static func find(in value: Any, depth: Int) -> String? {
        guard depth < maxDepth else { return nil }
        if let object = value as? [String: Any] {
            if let date = object["datePublished"] as? String, let iso = HTMLText.isoDate(date) { return iso }
            return object.keys.sorted().lazy.compactMap { object[$0].flatMap { find(in: $0, depth: depth + 1) } }.first
        }
        if let array = value as? [Any] {
            return array.lazy.compactMap { find(in: $0, depth: depth + 1) }.first
        }
        return nil
    }
}
