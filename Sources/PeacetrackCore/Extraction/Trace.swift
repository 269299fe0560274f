/// What one rule did to one candidate (a stance cue, a figure, a plan), and why.
public enum StepOutcome: Sendable, Equatable {
    case kept
    case dropped(String)
    case changed(String)
}

/// One candidate of a sentence and the steps it went through, in order.
public struct TracedCandidate: Sendable {
    public enum Kind: String, Sendable {
        case cue, figure, plan, denial, condition
    }

    public let kind: Kind
    /// The candidate's words in the text: "ruled out", "30,000 troops", "buffer zone".
    public let text: String
    /// What the lexicon made of the words: "opposes" for a cue.
    public let detail: String?
    public internal(set) var steps: [(step: String, outcome: StepOutcome)] = []
    /// What it became, when it became anything: "PL opposes (Donald Tusk)".
    public internal(set) var result: [String] = []
}

/// A sentence as the extractor read it: its actors and its candidates.
public struct TracedSentence: Sendable {
    public let index: Int
    public let text: String
    public let onTopic: Bool
    /// "Donald Tusk (person, PL)".
    public let actors: [String]
    public internal(set) var candidates: [TracedCandidate] = []
}

/// Collects what each rule did while a document is read, for `peacetrack explain`; extraction
/// without a trace records nothing and pays nothing for it.
final class Trace {
    private(set) var sentences: [TracedSentence] = []

    func begin(_ sentence: TracedSentence) {
        sentences.append(sentence)
    }

    /// Starts a candidate of the current sentence; steps and results go to the last one begun.
    func candidate(_ kind: TracedCandidate.Kind, _ text: String, detail: String? = nil) {
        guard !sentences.isEmpty else { return }
        sentences[sentences.count - 1].candidates.append(TracedCandidate(kind: kind, text: text, detail: detail))
    }

    func step(_ name: String, _ outcome: StepOutcome) {
        mutateLast { $0.steps.append((name, outcome)) }
    }

    func result(_ text: String) {
        mutateLast { $0.result.append(text) }
    }

    private func mutateLast(_ change: (inout TracedCandidate) -> Void) {
        guard let sentence = sentences.indices.last, let candidate = sentences[sentence].candidates.indices.last else { return }
        change(&sentences[sentence].candidates[candidate])
    }
}
