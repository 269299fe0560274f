@testable import PeacetrackCore
import Testing

@Suite struct ProposalTests {
    @Test func aPlanWithItsProposersAndFigures() throws {
        let text = "Spain and Portugal proposed a naval mission in the Black Sea of about 5,000 troops."
        let found = facts(text)
        let proposal = try #require(found.proposals.first)
        #expect(proposal.proposers == ["ES", "PT"])
        #expect(proposal.summary.contains("naval mission"))
        #expect(proposal.estimates == found.estimates.map(\.id))
    }

    @Test func proposersNamedOnTheFrameNoun() throws {
        let text = "The German-Dutch plan would focus on air policing over western Ukraine, officials said."
        let proposal = try #require(facts(text).proposals.first)
        #expect(proposal.proposers == ["DE", "NL"])
        #expect(proposal.summary == "focus on air policing over western Ukraine")
    }

    @Test func aCallForEuropeanSoldiersIsAPlanWithItsFigure() throws {
        let found = facts("Kyiv has called for a force of at least 150,000 European soldiers after the war.")
        let proposal = try #require(found.proposals.first)
        #expect(proposal.proposers == ["UA"])
        #expect(proposal.summary.contains("150,000 European soldiers"))
        #expect(proposal.estimates == found.estimates.map(\.id))
        #expect(facts("Finland said a multinational force was premature.").proposals.isEmpty)
    }

    /// A summary is the plan: not the preposition that introduces it, nor a contrast after "but".
    @Test(arguments: [
        ("Norway said it backs the idea of a monitoring mission but will not lead it.", "a monitoring mission"),
        ("Belgium suggested to deploy troops along the border.", "deploy troops along the border"),
    ])
    func summariesStartAndStopWithThePlan(sentence: String, summary: String) throws {
        let proposal = try #require(facts(sentence).proposals.first)
        #expect(proposal.summary == summary)
    }

    @Test func aLaterSentenceNamesWhoProposedThePlan() throws {
        let text = "Officials are discussing a buffer zone patrolled by European troops. The idea was first proposed by Finland."
        let proposal = try #require(facts(text).proposals.first)
        #expect(proposal.proposers == ["FI"])
        #expect(proposal.evidence.count == 2)
    }

    @Test func plansWithoutProposersAndOppositionAreNotProposals() {
        #expect(facts("A buffer zone is one scenario under discussion.").proposals.isEmpty)
        #expect(facts("Hungary rejected the deployment of peacekeeping troops.").proposals.isEmpty)
        #expect(facts("Lithuania is ready to send troops.").proposals.isEmpty)
    }

    @Test func joiningAPlanOrRulingOutADeploymentProposesNothing() throws {
        #expect(facts("Norway is considering sending troops to a reassurance force.").proposals.isEmpty)
        #expect(facts("The Dutch prime minister said the Netherlands was open to taking part in a reassurance force.").proposals.isEmpty)
        #expect(facts("Germany had no plans to send ground troops, but would consider contributing air defence.").proposals.isEmpty)
        #expect(facts("Estonia and Latvia have signalled support for a reassurance force.").proposals.isEmpty)
        // Weighing someone's idea, or a role in a plan, proposes nothing; floating the idea does.
        #expect(facts("Canada said it was open to the idea of a buffer zone after a truce.").proposals.isEmpty)
        #expect(facts("Belgium and Ireland weigh role in reassurance force").proposals.isEmpty)
        #expect(facts("Finland floated the idea of a buffer zone after a truce.").proposals.first?.proposers == ["FI"])
        let proposed = try #require(facts("France proposed sending troops to a buffer zone along the front line.").proposals.first)
        #expect(proposed.proposers == ["FR"])
    }

    @Test func drawingUpPlansProposesThem() throws {
        let text = "Denmark and Norway have drawn up plans for a deterrence force of up to 8,000 troops based in western Ukraine."
        let proposal = try #require(facts(text).proposals.first)
        #expect(proposal.proposers == ["DK", "NO"])
        #expect(proposal.summary == "a deterrence force of up to 8,000 troops based in western Ukraine")
        #expect(proposal.estimates.count == 1)
        let range = try #require(facts("Romania called for a force of between 40,000 and 60,000 European troops.").proposals.first)
        #expect(range.summary == "between 40,000 and 60,000 European troops")
    }

    /// "ruled out sending Spanish troops to a European force, calling the German proposal ...":
    /// the plan is the force; the rejected deployment is no part of its summary.
    @Test func aSummaryIsThePlanNotAnotherClause() throws {
        let text = "Madrid ruled out sending Spanish troops to a European force, calling the German proposal premature."
        let proposal = try #require(facts(text).proposals.first)
        #expect(proposal.proposers == ["DE"])
        #expect(proposal.summary == "European force")
    }

    @Test func mentionsOfOnePlanMergeAcrossDocuments() throws {
        let extractor = Extractor(lexicon: Lexicons.shared)
        let one = extractor.analyze(Document(id: "a", text: "Sweden proposed a reassurance force for Ukraine."))
        let two = extractor.analyze(Document(id: "b", text: "Sweden has called for a reassurance force to deter Russia."))
        let merged = Extraction.merge([one, two])
        #expect(merged.proposals.count == 1)
        #expect(merged.proposals.first?.evidence.map(\.document) == ["a", "b"])
        #expect(merged.positions.count == 1)
        #expect(one.proposals.first?.id == merged.proposals.first?.id)
    }
}
