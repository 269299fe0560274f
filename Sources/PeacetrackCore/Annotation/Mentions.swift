/// A phrase that may hold a stance or give a figure: a country or organisation, a named person,
/// a body ("the British government"), a country's forces ("Italian troops"), an unnamed source,
/// or a pronoun resolved later. Mentions found together ("London and Paris") share a `group`.
struct ActorMention: Sendable, Hashable {
    enum Kind: Sendable, Hashable {
        case place, person, body, force, source
        /// "he", "she": a person of the document.
        case personPronoun
        /// "it", "they": a country or group just named.
        case groupPronoun
        /// "his country": the speaker's country, or that of the last person named; "we" in a
        /// quote: only the speaker's (`quoted`).
        case speakerCountry(quoted: Bool)
        /// A country word on a noun that is no actor ("US backstop", "UK-France proposal");
        /// `head` is the token it modifies.
        case modifier(head: Int)
    }

    let kind: Kind
    let tokens: Range<Int>
    var country: String?
    var name: String?
    var role: String?
    /// For unnamed sources quoted through an outlet ("a Reuters source").
    var outlet: String?
    let group: Int
    /// How an unnamed source is described: "French officials", "senior NATO official".
    var description: String?

    var isActor: Bool {
        if case .modifier = kind { return false }
        return true
    }

    var actor: Actor? {
        switch kind {
        case .person: Actor(name: name, role: role)
        case .body, .source: Actor(name: nil, role: role)
        default: nil
        }
    }

    /// How a figure's source is written: "Volodymyr Zelensky", "Reuters source", "French source".
    var attribution: String? {
        switch kind {
        case .person: name
        case .source: description ?? outlet.map { "\($0) \(role ?? "source")" } ?? role.map { "unnamed \($0)" }
        case .body: role
        default: nil
        }
    }
}

/// An outlet the sentence cites: by name ("Reuters"), by description ("UK media") or by
/// reference back ("the publication", `name` nil).
struct OutletMention: Sendable, Hashable {
    let tokens: Range<Int>
    let name: String?
}
