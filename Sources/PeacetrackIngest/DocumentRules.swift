/// What every document must satisfy to enter the corpus, whether posted or fetched.
public enum DocumentRules {
    public static let maxTextBytes = 2 << 20
    public static let maxTitleCharacters = 300
    /// Words of the API's routes under `/documents/` (`/documents/fetch`): a document with one
    /// as its id could be neither read nor deleted.
    public static let reservedIDs: Set<String> = ["fetch"]

    /// One line of 1 to `maxTitleCharacters` characters.
    public static func isValidTitle(_ title: String) -> Bool {
        !title.isEmpty && !title.contains(where: \.isNewline) && !title.unicodeScalars.contains("\0") && title.count <= maxTitleCharacters
    }

    /// No document holds U+0000: it ends a C string, and PostgreSQL's text refuses it, so a
    /// stored copy could differ from the one acknowledged.
    public static func hasNUL(_ text: String) -> Bool {
        text.utf8.contains(0)
    }

    /// `url` without the `user:password@` of its authority, so no credential is logged, stored
    /// or served.
    public static func withoutCredentials(_ url: String) -> String {
        guard let schemeEnd = url.range(of: "://") else { return url }
        let authority = url[schemeEnd.upperBound...].prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        guard let at = authority.lastIndex(of: "@") else { return url }
        return String(url[..<schemeEnd.upperBound] + url[url.index(after: at)...])
    }
}
