@testable import PeacetrackCore
import Testing

@Suite struct QuantityTests {
    func figures(_ sentence: String) -> [String] {
        facts(sentence).estimates.map { "\($0.unit.rawValue) \($0.min.map(String.init) ?? "nil")-\($0.max.map(String.init) ?? "nil")\($0.approx ? " ~" : "")" }
    }

    @Test(arguments: [
        ("The force would number about 25,000 troops.", "troops 25000-25000 ~"),
        ("The force could include 30 000 soldiers.", "troops 30000-30000"),
        ("Planners talk of a 12k-strong force.", "troops 12000-12000"),
        ("As many as 64,000 personnel could be deployed.", "troops nil-64000"),
        ("At least 15,000 peacekeepers would be needed.", "troops 15000-nil"),
        ("A mission of between 20,000 and 30,000 troops is discussed.", "troops 20000-30000"),
        ("They discussed a force of 25,000-30,000 troops.", "troops 25000-30000"),
        ("A force of a few thousand troops is possible.", "troops 2000-9999 ~"),
        ("The mission needs roughly 1.5k troops.", "troops 1500-1500 ~"),
        ("Some twelve countries would take part in the force.", "countries 12-12 ~"),
        ("A coalition of ten to fifteen nations could join the mission.", "countries 10-15"),
        ("Officials spoke of a 40,000-strong force.", "troops 40000-40000"),
        ("The force would require tens of thousands of soldiers.", "troops 10000-99999 ~"),
        ("Planners see 10-20,000 troops in the first phase.", "troops 10000-20000"),
        ("Paris floated a force of 25,000 for the mission.", "troops 25000-25000"),
        ("Half a dozen nations would take part in the mission.", "countries 6-6"),
    ])
    func figuresAreNormalised(sentence: String, expected: String) {
        #expect(figures(sentence) == [expected], "\(sentence)")
    }

    @Test(arguments: [
        "The 100-Year Partnership treaty was signed in 2025 by the troops' commanders.",
        "Russia has lost 700,000 soldiers killed or wounded, the ministry says about the force.",
        "The mission would cost 5 billion euros a year for the troops.",
        "About 60 percent of the troops would come from Europe.",
        "Some 600,000 Russian troops are in Ukraine, dwarfing any peacekeeping force.",
        "Britain has trained 50,000 Ukrainian troops since 2022, a model for the mission.",
        "North Korea sent 11,000 North Korean soldiers to fight alongside Russian forces.",
        "On 15 January 2025, 300 planners met to discuss the force.",
        "About 1,000 Spanish soldiers are currently serving in Latvia, far from any Ukraine mission.",
        "Washington keeps roughly 80,000 troops stationed in Europe, the peacekeeping debate aside.",
        "In 1999, some 50,000 NATO troops were sent to Kosovo to keep the peace.",
        "The Dutch army has about 20,000 active personnel, fewer than the mission needs.",
        "Canada is stationing a 2,200-strong brigade in Latvia as NATO's eastern flank grows.",
    ])
    func numbersThatAreNotForceSizes(sentence: String) {
        #expect(figures(sentence).isEmpty, "\(sentence)")
    }

    /// A garrison elsewhere is no force size; a hypothetical one, or one in Ukraine, still is.
    @Test func garrisonsElsewhereAreStatedFacts() {
        #expect(figures("The plan for Ukraine says 5,000 troops would be stationed in Romania as a reserve.") == ["troops 5000-5000"])
        #expect(figures("Up to 8,000 peacekeepers deployed in eastern Ukraine could monitor the line.") == ["troops nil-8000"])
        #expect(figures("Some 3,000 Dutch troops are based in Ukraine under the plan.") == ["troops 3000-3000 ~"])
    }

    @Test func aContextGoesToTheNearestFigure() {
        let found = facts("A force of 30,000 peacekeepers, rotated twice a year, would need 90,000 troops in total.").estimates
        #expect(Set(found.map { "\($0.min ?? 0) \($0.context ?? "-")" }) == ["30000 with rotation", "90000 in total"])
    }

    @Test func attributionAndContext() throws {
        let text = "Polish Prime Minister Donald Tusk said up to 100,000 troops would be needed with rotation."
        let estimate = try #require(facts(text).estimates.first)
        #expect(estimate.attributedTo == "Donald Tusk")
        #expect(estimate.context == "with rotation")
        #expect(estimate.text == "up to 100,000 troops")
    }

    @Test func aContextBelongsToTheNearestFigure() throws {
        let estimate = try #require(facts("Officials discussed a force of 64,000 troops, which would need 192,000 with rotation.").estimates.first)
        #expect(estimate.context == nil)
        #expect(facts("With rotation, the mission would need 60,000 soldiers.").estimates.first?.context == "with rotation")
    }
}
