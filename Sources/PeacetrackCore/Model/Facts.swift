/// Where a fact was read: one sentence of one document. `start` and `end` count Unicode
/// scalars into the document's text, so `text.unicodeScalars[start..<end]` is `sentence`.
public struct Evidence: Sendable, Hashable {
    public var document: String
    public var sentence: String
    /// The offsets in 32 bits, so that the date fits beside them in the 48 bytes an entry took
    /// without it: a large corpus holds hundreds of thousands of entries.
    private var storedStart: Int32
    private var storedEnd: Int32
    /// When the statement was made: the date the sentence names, else its document's
    /// publication date, else nil.
    public var date: StatementDate?

    public var start: Int {
        get { Int(storedStart) }
        set { storedStart = Int32(clamping: newValue) }
    }

    public var end: Int {
        get { Int(storedEnd) }
        set { storedEnd = Int32(clamping: newValue) }
    }

    public init(document: String, sentence: String, start: Int, end: Int, date: StatementDate? = nil) {
        self.document = document
        self.sentence = sentence
        storedStart = Int32(clamping: start)
        storedEnd = Int32(clamping: end)
        self.date = date
    }
}

/// Who said it: a named person with a role, or an unnamed source with only a role.
public struct Actor: Sendable, Hashable, Codable {
    public var name: String?
    public var role: String?

    public init(name: String?, role: String?) {
        self.name = name
        self.role = role
    }
}

public enum Stance: String, Sendable, Hashable, Codable, CaseIterable {
    case supports, opposes, considering, conditional, undecided
}

/// A country's (or organisation's) stated stance on the force.
public struct Position: Sendable, Hashable, Identifiable {
    public var id: String
    /// ISO 3166-1 alpha-2 code, or `NATO` / `EU` / `UN` ...
    public var country: String
    public var countryName: String
    public var stance: Stance
    public var actor: Actor?
    public var summary: String
    public var conditions: [String]
    public var reportedBy: [String]
    public var evidence: [Evidence]

    public init(id: String, country: String, countryName: String, stance: Stance, actor: Actor?,
                summary: String, conditions: [String], reportedBy: [String], evidence: [Evidence]) {
        self.id = id
        self.country = country
        self.countryName = countryName
        self.stance = stance
        self.actor = actor
        self.summary = summary
        self.conditions = conditions
        self.reportedBy = reportedBy
        self.evidence = evidence
    }
}

public enum EstimateUnit: String, Sendable, Hashable, Codable, CaseIterable {
    case troops, countries
}

/// A force-size figure, normalised: "fewer than 30,000" is `min nil, max 30000`.
public struct Estimate: Sendable, Hashable, Identifiable {
    public var id: String
    public var unit: EstimateUnit
    public var min: Int?
    public var max: Int?
    public var approx: Bool
    /// The figure as written ("around 40,000 military personnel").
    public var text: String
    /// What the figure is the size of ("with rotation"), when the sentence says.
    public var context: String?
    public var attributedTo: String?
    public var evidence: [Evidence]

    public init(id: String, unit: EstimateUnit, min: Int?, max: Int?, approx: Bool, text: String,
                context: String?, attributedTo: String?, evidence: [Evidence]) {
        self.id = id
        self.unit = unit
        self.min = min
        self.max = max
        self.approx = approx
        self.text = text
        self.context = context
        self.attributedTo = attributedTo
        self.evidence = evidence
    }
}

/// A concrete plan or idea for the force.
public struct Proposal: Sendable, Hashable, Identifiable {
    public var id: String
    public var summary: String
    /// Country or organisation codes.
    public var proposers: [String]
    /// Ids of estimates stated with the plan.
    public var estimates: [String]
    public var evidence: [Evidence]

    public init(id: String, summary: String, proposers: [String], estimates: [String], evidence: [Evidence]) {
        self.id = id
        self.summary = summary
        self.proposers = proposers
        self.estimates = estimates
        self.evidence = evidence
    }
}

/// Records that point back to sentences.
public protocol EvidenceCarrying {
    var id: String { get set }
    var evidence: [Evidence] { get set }
}

extension Position: EvidenceCarrying {}
extension Estimate: EvidenceCarrying {}
extension Proposal: EvidenceCarrying {}
