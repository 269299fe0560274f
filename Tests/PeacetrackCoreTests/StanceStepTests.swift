@testable import PeacetrackCore
import Testing

/// Each named step of the stance reader, seen at work through the trace `peacetrack explain`
/// prints: the step that acts on a sentence's cue is the one named, with the outcome expected.
@Suite struct StanceStepTests {
    enum Expected: CustomStringConvertible {
        case dropped, changed

        var description: String { self == .dropped ? "dropped" : "changed" }
    }

    /// The outcome the named step gave the first cue of `text` that it dropped or changed.
    func outcome(of step: String, in text: String) -> StepOutcome? {
        let sentences = Extractor(lexicon: Lexicons.shared).explain(Document(id: "doc", text: text))
        let steps = sentences.flatMap(\.candidates).filter { $0.kind == .cue }.flatMap(\.steps)
        return steps.first { $0.step == step && $0.outcome != .kept }?.outcome
    }

    @Test(arguments: [
        (StanceReader.Step.negation, "Greece does not support sending troops.", Expected.changed),
        (.judgement, "Lavrov said Moscow would consider any foreign troops legitimate targets.", .dropped),
        (.forceObject, "Germany will send weapons to Ukraine, a deployment official said.", .dropped),
        (.destination, "Talks on a force for Ukraine went on. Britain will send 500 troops to Estonia on NATO's flank.", .dropped),
        (.otherObject, "Europe debates troops. Trump pushes for a peace deal.", .dropped),
        (.pointsBack, "Europe debates sending troops. Italy is considering new gas deals.", .dropped),
        (.subject, "Hungary rejected the plan to send troops.", .changed),
        (.participant, "Robert Fico rejected Slovakia's participation in the mission.", .changed),
        (.verdict, "The Russian foreign minister described as unacceptable any deployment of troops.", .changed),
        (.speculation, "Analysts say Moscow might not accept the deployment of troops.", .dropped),
        (.unasserted, "Officials denied reports that Finland would send troops.", .dropped),
        (.neitherNor, "Neither Germany nor Italy has agreed to send troops.", .changed),
        (.condition, "Belgium will send troops only if the UN mandates the mission.", .changed),
    ])
    func eachStepActsWhereItsRuleApplies(step: StanceReader.Step, text: String, expected: Expected) throws {
        let found = try #require(outcome(of: step.rawValue, in: text), "\(step.rawValue) did nothing to \(text)")
        switch (found, expected) {
        case (.dropped, .dropped), (.changed, .changed): break
        default: Issue.record("\(step.rawValue): \(found), expected \(expected)")
        }
    }

    @Test func stepsRunInTheirDeclaredOrderAndAKeptCueNamesEveryStep() throws {
        let sentences = Extractor(lexicon: Lexicons.shared).explain(Document(id: "doc", text: "France proposed a buffer zone."))
        let cue = try #require(sentences.first?.candidates.first { $0.kind == .cue })
        #expect(cue.steps.map(\.step) == StanceReader.Step.allCases.map(\.rawValue))
        #expect(cue.result == ["FR supports"])
    }

    @Test func figuresAndPlansNameTheRuleThatSetThemAside() throws {
        let text = "Some 2,500 Italian soldiers are deployed in Lebanon. Estonia could send peacekeepers."
        let candidates = Extractor(lexicon: Lexicons.shared).explain(Document(id: "doc", text: text)).flatMap(\.candidates)
        let figure = try #require(candidates.first { $0.kind == .figure })
        #expect(figure.steps.map(\.step) == ["garrison"])
        let plan = try #require(candidates.first { $0.kind == .plan })
        #expect(plan.steps.map(\.step) == ["shapeless"])
        #expect(plan.result.isEmpty)
    }

    @Test func readingWithoutATraceGivesTheSameFacts() {
        let text = "Hungary immediately rejected the plan. France proposed a buffer zone of 30,000 troops."
        let extractor = Extractor(lexicon: Lexicons.shared)
        let traced = extractor.explain(Document(id: "doc", text: text)).flatMap(\.candidates).flatMap(\.result)
        let facts = extractor.analyze(Document(id: "doc", text: text))
        for position in facts.positions {
            #expect(traced.contains { $0.hasPrefix("\(position.country) \(position.stance.rawValue)") })
        }
    }
}
