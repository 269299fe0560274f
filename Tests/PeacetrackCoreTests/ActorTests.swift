@testable import PeacetrackCore
import Testing

@Suite struct ActorTests {
    func positions(_ text: String) -> [Position] { facts(text).positions }

    @Test func countryRoleAndNameMakeAPerson() throws {
        let found = positions("Spanish Defence Minister Margarita Robles said Spain would send troops to a peacekeeping force.")
        let position = try #require(found.first)
        #expect(position.country == "ES")
        #expect(position.actor == Actor(name: "Margarita Robles", role: "Defence Minister"))
    }

    @Test func possessiveCountryAndLaterSurnameResolve() throws {
        let text = """
        Poland's foreign minister Radosław Sikorski spoke in Brussels on Monday.
        Sikorski has ruled out sending Polish troops to any peacekeeping mission.
        """
        let position = try #require(positions(text).first)
        #expect(position.country == "PL")
        #expect(position.stance == .opposes)
        #expect(position.actor?.name == "Radosław Sikorski")
    }

    @Test func pronounsFollowTheSpeaker() throws {
        let text = "Dutch Prime Minister Dick Schoof said his country is open to joining a reassurance force."
        let position = try #require(positions(text).first)
        #expect(position.country == "NL")
        #expect(position.stance == .considering)
        #expect(position.actor?.name == "Dick Schoof")
    }

    @Test func outletsReportButNeverHoldPositions() throws {
        let text = "The Times reported that Norway backs the deployment of a European force. French publication Le Figaro said the plan was discussed."
        let found = positions(text)
        #expect(Set(found.map(\.country)) == ["NO"])
        #expect(found.first?.reportedBy == ["The Times"])
        #expect(facts(text).reportedBy == ["The Times", "Le Figaro"])
    }

    @Test func unnamedSourcesCarryOnlyTheAffiliationStated() throws {
        let text = "A senior Finnish official said Finland was weighing a contribution of troops."
        let position = try #require(positions(text).first)
        #expect(position.country == "FI")
        #expect(position.actor == Actor(name: nil, role: "official"))
        #expect(positions("An official said the force was being weighed by several capitals.").isEmpty)
    }

    /// "to Ukraine, Latvian Defence Minister Andris Sprūds": a role with a name is the last place's.
    @Test func aNamedRoleAfterAPlaceListIsOnePerson() throws {
        let position = try #require(positions("Latvia will send troops to Ukraine, Latvian Defence Minister Andris Sprūds said.").first)
        #expect(position.country == "LV")
        #expect(position.actor == Actor(name: "Andris Sprūds", role: "Defence Minister"))
    }

    /// A headline's "Slovakia's Fico" takes the full name the text gives him later.
    @Test func aLaterFullNameCompletesASurname() throws {
        let text = """
        Slovakia's Fico rejects troops for Ukraine

        Slovak Prime Minister Robert Fico spoke on Friday. He said Slovakia would never send soldiers to Ukraine.
        """
        let names = Set(positions(text).compactMap(\.actor?.name))
        #expect(names == ["Robert Fico"])
    }

    @Test func officesOfOtherTraditionsAreRoles() throws {
        let position = try #require(positions("Irish Taoiseach Micheál Martin said Ireland could send peacekeepers only with a UN mandate.").first)
        #expect(position.actor == Actor(name: "Micheál Martin", role: "Prime Minister"))
    }

    @Test func possessiveCountryBeforeAName() throws {
        let position = try #require(positions("Italy's Giorgia Meloni backed the reassurance force.").first)
        #expect(position.country == "IT")
        #expect(position.actor?.name == "Giorgia Meloni")
    }

    @Test func sourcesAreDescribedAsTheTextDoes() throws {
        let estimate = try #require(facts("French officials have floated a force of up to 30,000 troops.").estimates.first)
        #expect(estimate.attributedTo == "French officials")
    }

    @Test func everyCoordinatedSubjectGetsTheStance() {
        #expect(stances("Sweden, Denmark and the Netherlands are considering sending peacekeepers.")
            == ["SE considering", "DK considering", "NL considering"])
        #expect(stances("Romanian President Nicusor Dan and Czech Prime Minister Petr Fiala backed the reassurance force.")
            == ["RO supports", "CZ supports"])
    }

    /// ", Spain's neighbour," and ", the French president," stand beside a subject; ", including
    /// Belgium and Luxembourg," names the subjects.
    @Test func appositionsAndInclusionsAroundASubject() {
        #expect(stances("Austria, Germany's neighbour, is reportedly considering sending a small contingent.") == ["AT considering"])
        #expect(stances("Several NATO members, including Norway and Denmark, are prepared to send soldiers.") == ["NO supports", "DK supports"])
        #expect(stances("Britain, France and Germany's leaders backed the reassurance force.") == ["GB supports", "FR supports", "DE supports"])
    }

    @Test func objectsAndModifiersAreNotSubjects() {
        #expect(stances("Belgium discussed the force with Greek and Turkish officials.") == ["BE considering"])
        #expect(stances("A US backstop would be essential, the Belgian plan says.").isEmpty)
    }
}
