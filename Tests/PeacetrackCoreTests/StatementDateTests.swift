import Foundation
import Logging
@testable import PeacetrackCore
import Testing

@Suite struct CalendarDateTests {
    @Test(arguments: [("2025-02-20", 4), ("2024-12-20", 5), ("1970-01-01", 4), ("2000-02-29", 2), ("2025-01-05", 0)])
    func weekdays(text: String, weekday: Int) throws {
        #expect(try #require(CalendarDate(iso: text)).weekday == weekday)
    }

    @Test func stepsAcrossMonthsYearsAndLeapDays() throws {
        let day = try #require(CalendarDate(iso: "2024-02-28"))
        #expect(day.adding(days: 1)?.description == "2024-02-29")
        #expect(day.adding(days: 2)?.description == "2024-03-01")
        #expect(CalendarDate(iso: "2026-01-03")?.adding(days: -4)?.description == "2025-12-30")
        #expect(day.adding(days: 366)?.description == "2025-02-28")
        #expect(day.adding(days: Int.max) == nil)
        #expect(CalendarDate(iso: "9999-12-31")?.adding(days: 1) == nil)
    }

    @Test(arguments: ["2025-02-30", "2023-02-29", "2025-13-01", "2025-00-10", "0000-01-01", "2025-1-01", "20250101", "",
                      "2025-02-20x", "２０２５-02-20", "2025-02-2"])
    func refusesWhatIsNoDay(text: String) {
        #expect(CalendarDate(iso: text) == nil)
    }

    /// Every evidence entry carries a date: it fits in the room the entry had without one.
    @Test func anEvidenceEntryStaysFortyEightBytes() {
        #expect(MemoryLayout<CalendarDate>.size == 4)
        #expect(MemoryLayout<Evidence>.stride == 48)
    }

    @Test func readsTheDayOfADateTime() {
        #expect(CalendarDate(iso: "2025-02-20T23:30:00-05:00")?.description == "2025-02-20")
    }
}

@Suite struct DateMentionTests {
    private static func date(_ sentence: String, published: String?) -> String? {
        DateMentions.statementDate(in: sentence, published: published.flatMap { CalendarDate(iso: $0) })
            .map { "\($0.date) \($0.precision.rawValue) \($0.source.rawValue)" }
    }

    @Test(arguments: [
        ("The Telegraph reported on January 15, citing its sources.", "2025-01-16", "2025-01-15 day sentence"),
        ("On 3 March 2025 the minister said Britain would take part.", "2025-03-10", "2025-03-03 day sentence"),
        ("He said on the 4th of March that Poland would not send troops.", "2025-03-10", "2025-03-04 day sentence"),
        ("Macron said on Feb. 17 that France was ready.", "2025-02-20", "2025-02-17 day sentence"),
    ])
    func absoluteDates(sentence: String, published: String, expected: String) {
        #expect(Self.date(sentence, published: published) == expected)
    }

    @Test(arguments: [
        // Published on a Thursday.
        ("UK media reported Thursday that a force was planned.", "2025-02-20", "2025-02-20 day sentence"),
        ("Russia told the US in talks Tuesday that it opposed any deployment.", "2025-02-20", "2025-02-18 day sentence"),
        ("On Friday, the minister said Sweden was considering it.", "2025-02-20", "2025-02-14 day sentence"),
        ("Last Thursday the chancellor ruled it out.", "2025-02-20", "2025-02-13 day sentence"),
    ])
    func weekdaysAreTheLatestNotAfterPublication(sentence: String, published: String, expected: String) {
        #expect(Self.date(sentence, published: published) == expected)
    }

    @Test(arguments: [
        ("The prime minister said yesterday that Britain was ready.", "2025-03-01", "2025-02-28 day sentence"),
        ("The president said today that France would lead.", "2025-03-01", "2025-03-01 day sentence"),
        ("Two days ago the minister said Norway would consider it.", "2025-03-01", "2025-02-27 day sentence"),
        ("Speaking last night, Starmer said the UK would send troops.", "2025-03-01", "2025-02-28 day sentence"),
    ])
    func relativeDays(sentence: String, published: String, expected: String) {
        #expect(Self.date(sentence, published: published) == expected)
    }

    @Test(arguments: [
        ("In February, Macron suggested deploying European forces.", "2024-12-17", "2024-02-01 month sentence"),
        ("In December 2024, Macron proposed a peacekeeping force.", "2025-01-16", "2024-12-01 month sentence"),
        ("Germany said last month it was open to the idea.", "2025-01-10", "2024-12-01 month sentence"),
        ("Earlier this month Italy said it could join.", "2025-03-20", "2025-03-01 month sentence"),
    ])
    func monthsOnly(sentence: String, published: String, expected: String) {
        #expect(Self.date(sentence, published: published) == expected)
    }

    /// Statements come before their report: a day without a year is the latest one not after publication.
    @Test func yearEnds() {
        #expect(Self.date("On January 3 the minister said Britain supported the force.", published: "2025-12-30")
                == "2025-01-03 day sentence")
        #expect(Self.date("On December 30 the minister said Britain supported the force.", published: "2026-01-03")
                == "2025-12-30 day sentence")
        #expect(Self.date("In December the minister said Britain supported the force.", published: "2026-01-03")
                == "2025-12-01 month sentence")
    }

    @Test(arguments: [
        "Troops could deploy by March 15 if a ceasefire holds.",
        "The leaders will meet next Monday to discuss the force.",
        "A summit is scheduled for December 18.",
        "Last week the minister said Britain would take part.",
        "Ministers may agree on the plan, he said.",
        "Protesters march on the capital as the minister said Britain would help.",
        "The Sunday Times reported that Britain would lead the force.",
        "Soldiers march 5 kilometres a day, the minister said of the British troops.",
    ])
    func whatIsNoDayOfTheStatementFallsBackToPublication(sentence: String) {
        #expect(Self.date(sentence, published: "2024-12-10") == "2024-12-10 day published")
    }

    @Test func aDateAfterPublicationIsAPlanNotTheStatement() {
        #expect(Self.date("Macron said on March 5, 2025 that France would lead.", published: "2025-02-20") == "2025-02-20 day published")
    }

    @Test func withoutPublicationOnlyAFullDateIsTaken() {
        #expect(Self.date("On January 15, 2025 the minister said Britain would help.", published: nil) == "2025-01-15 day sentence")
        #expect(Self.date("In February 2025 the minister said Britain would help.", published: nil) == "2025-02-01 month sentence")
        #expect(Self.date("On Monday the minister said Britain would help.", published: nil) == nil)
        #expect(Self.date("On January 15 the minister said Britain would help.", published: nil) == nil)
        #expect(Self.date("Yesterday the minister said Britain would help.", published: nil) == nil)
    }

    @Test func aDayTheCalendarDoesNotHaveIsNoDate() {
        #expect(Self.date("On February 30 the minister spoke.", published: "2025-03-10") == "2025-03-10 day published")
        #expect(Self.date("On 31 April the minister spoke.", published: "2025-05-10") == "2025-05-10 day published")
    }

    /// Numbers of any size and long runs of date words are read without a trap and in time.
    @Test(arguments: ["On 99 March 99999999999999999999 he said so.", "On January 15, 0000 he said so.",
                      String(repeating: "January 31 ", count: 5000), String(repeating: "9", count: 10_000) + " days ago"])
    func hostileNumbersAreSafe(sentence: String) {
        #expect(Self.date(sentence, published: "2025-03-10") != nil)
    }
}

@Suite struct CorpusMetadataTests {
    private static func folder(_ files: [String: String]) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pt-meta-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (name, text) in files { try Data(text.utf8).write(to: folder.appendingPathComponent(name)) }
        return folder.path
    }

    @Test func aMetadataFileGivesPublicationDateURLAndTitle() throws {
        let path = try Self.folder([
            "a.txt": "Headline\nOn Monday the minister said Britain would help.",
            "a.json": #"{"published": "2025-02-20", "publishedInferred": ["year"], "url": "https://example.com/a", "title": "A title"}"#,
            "b.txt": "Another\nText.",
        ])
        let documents = try CorpusLoader.load(directory: path, logger: Logger(label: "test"))
        let a = try #require(documents.first { $0.id == "a" })
        #expect(a.published == "2025-02-20" && a.publishedInferred == ["year"] && a.url == "https://example.com/a" && a.title == "A title")
        let b = try #require(documents.first { $0.id == "b" })
        #expect(b.published == nil && b.publishedInferred.isEmpty)
    }

    @Test(arguments: [#"{"published": "20 February"}"#, #"{"published": 2025}"#, "not json", #"{"publishedInferred": ["hour"]}"#, "[]", "",
                      #"{"published": "2025-02-20", "title": ""# + String(repeating: "x", count: 70_000) + #""}"#])
    func aBadMetadataFileIsIgnoredAndTheTextStillLoads(metadata: String) throws {
        let path = try Self.folder(["a.txt": "Headline\nText.", "a.json": metadata])
        let documents = try CorpusLoader.load(directory: path, logger: Logger(label: "test"))
        #expect(documents.count == 1)
        #expect(documents.first?.published == nil)
    }
}
