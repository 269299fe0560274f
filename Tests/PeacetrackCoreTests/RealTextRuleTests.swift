@testable import PeacetrackCore
import Testing

/// Classes of wording met in real articles, each on sentences written for the test (never taken
/// from an evaluation set): the rule must hold for the class, not for one sentence.
@Suite struct RealTextRuleTests {
    @Test(arguments: [
        ("Hungary immediately rejected the plan to send troops.", "HU opposes"),
        ("Italy has also consistently opposed sending its soldiers to Ukraine.", "IT opposes"),
        ("Norway does not plan to contribute troops to the mission.", "NO opposes"),
        ("Romania is not ready to send its military to Ukraine, the president said.", "RO opposes"),
        ("The US made it clear that Washington would not contribute soldiers to any such force.", "US opposes"),
        ("Denmark offered a contingent of soldiers for the force.", "DK supports"),
        ("Britain offered to lead air policing over western Ukraine.", "GB supports"),
        ("Turkey offered to take part in naval de-mining in the Black Sea.", "TR supports"),
        ("Russia on Wednesday reiterated its opposition to European troops.", "RU opposes"),
        ("Spain would move forward with the creation of a reassurance force.", "ES supports"),
    ])
    func adverbsIntentionsAndTheWordsForWhatIsSent(sentence: String, expected: String) {
        #expect(stances(sentence) == [expected])
    }

    /// A past tense after a place makes the place a subject, not a modifier; "made (it clear)"
    /// speaks, so a later "it" is that country.
    @Test func aPlaceBeforeAPastTenseIsTheSubject() {
        #expect(stances("Washington made it clear last week that it would not contribute soldiers to any such mission.") == ["US opposes"])
        #expect(stances("Canada made clear that it would consider sending troops to the force.") == ["CA considering"])
        #expect(stances("Norway signalled on Tuesday that it is ready to send troops to the mission.") == ["NO supports"])
        #expect(stances("The US backstop would be essential for the mission to send troops, officials said.").isEmpty)
    }

    /// Ministers and spokespeople of the debate are known by surname alone, with their country.
    @Test func wellKnownPeopleNamedBySurname() {
        #expect(stances("Peskov said the deployment of European troops would be unacceptable.") == ["RU opposes"])
        #expect(stances("Kallas said the EU is ready to support a reassurance force in Ukraine.") == ["EU supports"])
    }

    /// A person named with a country who speaks of another country's troops states their own
    /// country's stance; a pronoun's person is less sure, so there the troops decide.
    @Test func aNamedSpeakerOfOtherTroopsSpeaksForTheirOwnCountry() {
        #expect(stances("US envoy Keith Kellogg has suggested that British and French troops could help secure Ukraine after a ceasefire.")
                == ["US supports"])
        let leaders = facts("UK Prime Minister Keir Starmer and French President Emmanuel Macron are considering deploying British and French troops to Ukraine.")
        #expect(Set(leaders.positions.map { "\($0.country) \($0.actor?.name ?? "-")" }) == ["GB Keir Starmer", "FR Emmanuel Macron"])
        #expect(stances("Sánchez indicated that he would be willing to send Spanish troops to Ukraine once the war is over.") == ["ES supports"])
    }

    /// Joining a call or a meeting about the force is not joining the force.
    @Test func joiningAMeetingIsNoStance() {
        #expect(stances("Prime Minister Mark Carney will join a video call with other leaders to discuss sending peacekeepers to Ukraine.")
                .allSatisfy { !$0.hasSuffix("supports") })
        #expect(stances("Portugal will join the meeting in Paris on troops for Ukraine.").isEmpty)
    }

    @Test func aDeploymentVerbNeedsAForceAsItsObject() {
        #expect(stances("Germany will send weapons and ammunition to Ukraine, officials said of the peacekeeping talks.").isEmpty)
        #expect(stances("Germany will send engineers and soldiers to the mission.") == ["DE supports"])
    }

    @Test func aParticipleWithItsAgentQualifyingTheForce() {
        #expect(stances("The peacekeeping force, led by Britain and France, would deploy after a truce.") == ["GB supports", "FR supports"])
        #expect(stances("Several countries, led by the UK and France, discussed troops for Ukraine.") == ["GB supports", "FR supports"])
        #expect(!stances("A meeting led by NATO's chief discussed troops for Ukraine.").contains("NATO supports"))
    }

    @Test func verdictsWithoutASubjectAreTheSpeakers() {
        #expect(stances("The Russian foreign minister described as unacceptable any plan to deploy troops to Ukraine.") == ["RU opposes"])
        #expect(stances("Czech Prime Minister Petr Fiala called talk of European boots on the ground premature.") == ["CZ undecided"])
        let two = "Italy said it would not send troops, while the Czech president called a deployment premature."
        #expect(stances(two).contains("CZ undecided"))
        #expect(!stances(two).contains("IT undecided"))
        // "sending troops to Ukraine is premature": the country after "to" judges nothing.
        #expect(!stances("Sending troops to Ukraine is premature, a Polish official said.").contains("UA undecided"))
    }

    @Test func questionsSpeculationAndClaimsStateNoStance() {
        #expect(stances("Would Portugal send soldiers to the mission?").isEmpty)
        #expect(stances("Analysts say Moscow might not accept the deployment of troops.").isEmpty)
        #expect(stances("Officials dismissed the claim that Greece will send peacekeepers.").isEmpty)
        #expect(stances("Asked if Latvia would be prepared to send troops, the minister declined to answer.").isEmpty)
    }

    @Test func aCountrysForcesDeniedOutright() {
        #expect(stances("There will be no Austrian soldiers on Ukrainian soil, the chancellor said.") == ["AT opposes"])
        #expect(stances("As long as the fighting goes on there will be no Dutch troops in Ukraine.") == ["NL conditional"])
        #expect(stances("There will be no Russian troops in the buffer zone.").isEmpty)
    }

    @Test func refusalsWithAConditionAreConditional() {
        #expect(stances("Belgium will not send troops unless the UN Security Council mandates the mission.") == ["BE conditional"])
        #expect(stances("Any Lithuanian contribution to the force would depend on a ceasefire, the minister said.").isEmpty
            || stances("Any Lithuanian contribution to the force would depend on a ceasefire, the minister said.") == ["LT conditional"])
    }

    @Test func possessiveParticipants() {
        #expect(stances("Prime Minister Robert Fico rejected Slovakia's participation in any mission in Ukraine.") == ["SK opposes"])
        #expect(stances("Slovakia's participation in the mission is out of the question, Fico said.") == ["SK opposes"])
        // A subject with a country of its own judges another's part.
        #expect(stances("Hungary rejected Slovakia's participation in the mission.") == ["HU opposes"])
    }

    @Test func aPersonsStanceOnTheirCountrysForces() {
        let text = "Pedro Sánchez said he would be willing to send Spanish troops to Ukraine once the war is over."
        #expect(facts(text).positions.map(\.country) == ["ES"])
        #expect(stances("Macron said he was ready to send NATO forces to Ukraine.") == ["FR supports"])
    }

    @Test func aQuotedWeIsTheSpeakersCountry() {
        #expect(stances("\"We are ready to send soldiers to Ukraine,\" Belgian Prime Minister Bart De Wever said.") == ["BE supports"])
        // Without a speaker of its own, "we" is nobody's: not the last person named.
        let text = "Donald Tusk met allies in Warsaw. \"We could send troops,\" the source said."
        #expect(!stances(text).contains("PL considering"))
    }

    @Test func talksOnTheForceAreAboutTheForce() {
        #expect(stances("Britain and France are leading talks on deploying forces to Ukraine.") == ["GB supports", "FR supports"])
        #expect(stances("Macron called for an immediate ceasefire in the talks on troops.").isEmpty)
    }

    @Test func nounCuesAfterLightVerbsAndGerundsAfterWith() {
        #expect(stances("Austria has signalled reluctance to send troops to Ukraine.") == ["AT opposes"])
        #expect(stances("Few nations promised peacekeepers, with Ottawa already ruling out such a move.") == ["CA opposes"])
        #expect(stances("Canada joined the force with US backing.") == ["CA conditional"])
        #expect(stances("Portugal, as a founding NATO member, would have a role to play in the peacekeeping force.") == ["PT supports"])
    }

    @Test func documentsBackTheForceOnlyWhenTheyAreAboutIt() {
        let signed = "After the summit, Macron and Starmer signed a memorandum regarding the deployment of multinational forces."
        #expect(stances(signed) == ["FR supports", "GB supports"])
        #expect(!stances("Russia issued a statement condemning the deployment of troops.").contains("RU supports"))
        #expect(stances("Britain and France signed a trade deal while discussing troops.") == ["GB considering", "FR considering"])
    }

    @Test func representativesSpeakForTheCountriesOnThem() {
        #expect(stances("Kyiv's Dutch and Danish backers have called for the deployment of a European force.") == ["NL supports", "DK supports"])
        #expect(!stances("NATO and EU allies are discussing sending peacekeeping troops.").contains("NATO considering"))
    }

    @Test func theWarringArmiesNameNoTopicAndRefusalsNeedTheForce() {
        #expect(stances("Putin warned that Russian forces will advance further if Kyiv refuses to reach an agreement.").isEmpty)
        #expect(stances("Slovenia refused to take part in any peacekeeping mission in Ukraine.") == ["SI opposes"])
        #expect(stances("Hungary refused to reach an agreement, as talks on sending troops stalled.").isEmpty)
    }

    @Test func hypothesesStateNoStance() {
        #expect(stances("Once China joins the coalition, a peacekeeping force would be easier to agree.").isEmpty)
        #expect(stances("If Germany sends troops, others will follow, a diplomat said of the peacekeeping mission.").isEmpty)
    }

    @Test func headlinesOppositionAndSupportForACountry() {
        #expect(stances("Norway says would consider joining peacekeeping in Ukraine") == ["NO considering"])
        #expect(stances("The United States could provide troops for the mission.") == ["US considering"])
        #expect(stances("Opposition leader Jane Roe has dismissed the idea of sending Dutch troops to Ukraine.").isEmpty)
        #expect(stances("The prime minister voiced his support for Ukraine at the peacekeeping summit.").isEmpty)
        #expect(stances("Spain and Portugal have voiced openness to deploying peacekeeping troops.") == ["ES considering", "PT considering"])
    }

    @Test func parliamentsHeadlineVerbsAndCaps() {
        #expect(stances("Meloni said any Italian deployment to Ukraine would require parliamentary approval.") == ["IT conditional"])
        #expect(stances("Tusk prepares for a long war in Ukraine, rules out talk of Polish ground troops") == ["PL opposes"])
        #expect(facts("European countries propose a cap of 800,000 soldiers for Ukraine's army.").estimates.isEmpty)
    }

    @Test func appositionsAsidesAndDays() {
        #expect(stances("Poland, a key military player in the region, opposed the idea of sending troops.") == ["PL opposes"])
        #expect(stances("Poland, in contrast, has maintained that it will not send combat troops.") == ["PL opposes"])
        #expect(stances("The Kremlin on Wednesday rejected the deployment of European troops.") == ["RU opposes"])
    }
}

/// News about the war that is not about the force: nothing to extract, though troops, aid and
/// numbers are named.
@Suite struct NewsWithoutTheForceTests {
    @Test(arguments: [
        "The EU approved a new sanctions package against Russia on Monday.",
        "Germany sent Patriot air defence systems to Ukraine last year.",
        "Britain has trained 50,000 Ukrainian soldiers since 2022, the ministry said.",
        "Italy supports Ukraine's bid to join the European Union.",
        "Turkey offered to host peace talks between Russia and Ukraine.",
        "Canada deployed 2,200 troops to Latvia under NATO command.",
        "Sweden will send fighter jets to patrol the Baltic Sea.",
        "Russia launched 400 drones at Ukrainian cities overnight, killing 12 people.",
        "Putin warned that Russian forces will advance further if Kyiv refuses to reach an agreement.",
    ])
    func holdsNoFacts(text: String) {
        let found = facts(text)
        #expect(found.positions.isEmpty && found.proposals.isEmpty && found.estimates.isEmpty)
    }
}

/// Force-size figures as real articles write them.
@Suite struct RealTextQuantityTests {
    func estimates(_ text: String) -> [String] {
        facts(text).estimates.map { "\($0.unit.rawValue) \($0.min.map(String.init) ?? "-")..\($0.max.map(String.init) ?? "-")" }
    }

    @Test func coalitionsCountedByNationsAndAllies() {
        #expect(estimates("Britain leads a 30-nation coalition on a force for Ukraine.") == ["countries 30..30"])
        #expect(estimates("Macron said 26 of Ukraine's allies pledged to deploy a reassurance force.") == ["countries 26..26"])
        #expect(estimates("No one country can send the force alone.").isEmpty)
        #expect(estimates("More than two dozen countries have signed up to the force for Ukraine.") == ["countries 24..-"])
    }

    @Test func theLongestQualifierWins() {
        #expect(estimates("European armies each have no more than 150,000 soldiers, so the force would be small.").isEmpty)
        #expect(estimates("The force would need no more than 20,000 troops.") == ["troops -..20000"])
    }

    @Test func forcesAnExcludedCountryFieldsAreNoForceSize() {
        #expect(estimates("Russia had mobilized 700,000 troops, dwarfing any reassurance force.").isEmpty)
        #expect(estimates("Ukraine's military force of about 900,000 would stay, beside a peacekeeping force.").isEmpty)
        #expect(estimates("The force would have 25,000 troops to deter Russia.") == ["troops 25000..25000"])
    }

    @Test func anArmyBuiltUpIsNoForceSize() {
        #expect(estimates("Poland is building up its army to 300,000 soldiers by 2035.").isEmpty)
        #expect(estimates("A military force of 30,000 troops would deploy to Ukraine.") == ["troops 30000..30000"])
    }

    @Test func menAloneIsNoUnit() {
        #expect(estimates("The peacekeeping talks were led by two men with low profiles.").isEmpty)
    }
}

/// Plans as real articles state them, with who proposes them.
@Suite struct RealTextProposalTests {
    func plans(_ text: String) -> [String] {
        facts(text).proposals.map { ([$0.summary] + $0.proposers).joined(separator: " | ") }
    }

    @Test func aShapeIsProposedByTheSpeaker() throws {
        let plan = try #require(facts("British Defence Secretary John Healey said the deployment would secure safe skies and safe seas for Ukraine.").proposals.first)
        #expect(plan.proposers == ["GB"])
        #expect(facts("France proposed a command headquarters in Kyiv for the force.").proposals.first?.proposers == ["FR"])
    }

    @Test func aShapelessForceNeedsAProposingVerb() {
        #expect(facts("Estonia could send a company of troops as peacekeepers.").proposals.isEmpty)
        #expect(facts("Macron proposed deploying peacekeepers to Ukraine.").proposals.first?.proposers == ["FR"])
    }

    @Test func issuersOfADocumentProposeItsShape() {
        let text = "Leaders from the EU and the UK have outlined a strategy that includes a multinational force for Ukraine."
        #expect(Set(facts(text).proposals.first?.proposers ?? []) == ["EU", "GB"])
    }

    @Test func forcesFromPlacesAreThosePlacesForces() {
        let text = "Under the coalition plans, troops from Spain and Italy would be placed in Ukraine, while others would provide logistical support."
        #expect(Set(facts(text).proposals.first?.proposers ?? []) == ["ES", "IT"])
    }

    @Test func aPlanReferredBackTakesTheBackersBefore() {
        let text = "Several countries, led by Britain and France, discussed a peacekeeping force for Ukraine. The plan would be activated after a truce, with the purpose of monitoring the ceasefire."
        let plan = facts(text).proposals.first { $0.summary.contains("monitor") }
        #expect(Set(plan?.proposers ?? []) == ["GB", "FR"])
    }

    @Test func aShapeStatedAsPartOfAPlanStandsWithoutProposers() {
        #expect(facts("The multinational force would provide air policing over Ukraine, the statement said.").proposals.count == 1)
        #expect(facts("Would a buffer zone work?").proposals.isEmpty)
    }
}

/// An article about another deployment (NATO's battalions in the Baltics) holds no fact about
/// the force for Ukraine, though it sends troops and names figures.
@Suite struct AnotherDeploymentTests {
    @Test func anArticleThatNeverNamesUkraineButSendsTroopsElsewhereHoldsNothing() {
        let text = """
        NATO leaders decided to deploy a multinational battalion to each of the Baltic States.

        Germany will contribute the largest number of troops to the battalion in Lithuania, and Norway and France will contribute troops too.

        Canada is expected to send about 450 troops to the battalion to be deployed in Latvia.
        """
        let found = facts(text)
        #expect(found.positions.isEmpty && found.estimates.isEmpty && found.proposals.isEmpty)
        // The same words in an article about Ukraine are facts.
        #expect(!facts("Talks on a force for Ukraine went on. Germany will contribute troops to the mission.").positions.isEmpty)
    }
}
