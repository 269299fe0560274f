/// The day (or month) a sentence says its statement was made, resolved against the day its
/// document was published: "on January 15", "15 January 2025", "on Monday", "yesterday",
/// "two days ago", "in February", "last month".
///
/// Statements are reported after they are made, so a date without its year, a weekday or a
/// month is the latest one not after publication ("January 3" in a piece of 30 December 2025
/// is 3 January 2025; "December 30" in a piece of 3 January 2026 is 30 December 2025). A
/// date that still falls after publication, or that follows "by", "until", "next" and the
/// like, names an event to come, not the statement, and is passed over. "Last week" names no
/// day. Without a publication date only a date with its year is taken: the rest would be a guess.
public enum DateMentions {
    /// The statement date of `sentence`: the first date it names that can be the day of the
    /// statement, else `published` (as a `.published` date), else nil.
    public static func statementDate(in sentence: String, published: CalendarDate?) -> StatementDate? {
        let words = DateWord.split(sentence)
        for index in words.indices {
            guard let found = mention(at: index, in: words, published: published) else { continue }
            if let published, found.date > published { continue }
            return found
        }
        return published.map { StatementDate(date: $0, precision: .day, source: .published) }
    }

    /// A date mention starting at `words[index]`, resolved; nil when none starts there or it
    /// cannot be resolved.
    private static func mention(at index: Int, in words: [DateWord], published: CalendarDate?) -> StatementDate? {
        let word = words[index]
        // Month names are capitalised in news text; "may" and "march" in lower case are verbs.
        if let month = months[word.lower], word.isCapitalised {
            return monthMention(month, at: index, in: words, published: published)
        }
        if let weekday = weekdays[word.lower] {
            guard let published, !isAnnounced(index, in: words) else { return nil }
            // "The Sunday Times reported": a newspaper's name, not a day.
            if index + 1 < words.count, newspaperWords.contains(words[index + 1].lower) { return nil }
            let strictlyBefore = index > 0 && words[index - 1].lower == "last"
            var back = (published.weekday - weekday + 7) % 7
            if back == 0 && strictlyBefore { back = 7 }
            return day(back, before: published)
        }
        guard let published else { return nil }
        switch word.lower {
        case "yesterday":
            return day(1, before: published)
        case "today", "tonight":
            return isAnnounced(index, in: words) ? nil : day(0, before: published)
        case "night" where index > 0 && words[index - 1].lower == "last":
            return day(1, before: published)
        case "ago" where index >= 2 && ["day", "days"].contains(words[index - 1].lower):
            return count(words[index - 2]).flatMap { day($0, before: published) }
        case "month" where index > 0 && words[index - 1].lower == "last":
            let previous = published.month == 1
                ? CalendarDate(year: published.year - 1, month: 12, day: 1)
                : CalendarDate(year: published.year, month: published.month - 1, day: 1)
            return previous.map { StatementDate(date: $0, precision: .month, source: .sentence) }
        case "month" where index >= 2 && words[index - 1].lower == "this" && words[index - 2].lower == "earlier":
            return StatementDate(date: published.firstOfMonth, precision: .month, source: .sentence)
        default:
            return nil
        }
    }

    /// The day `days` before publication, as the sentence's date.
    private static func day(_ days: Int, before published: CalendarDate) -> StatementDate? {
        published.adding(days: -days).map { StatementDate(date: $0, precision: .day, source: .sentence) }
    }

    /// "January 15", "January 15, 2025", "15 January", "15th of January 2025", "January 2025",
    /// "in January".
    private static func monthMention(_ month: Int, at index: Int, in words: [DateWord], published: CalendarDate?) -> StatementDate? {
        let next = index + 1 < words.count ? words[index + 1] : nil
        // Where the mention starts, for the words before it.
        var (day, start, yearIndex): (Int?, Int, Int) = (nil, index, index + 1)
        if let next, let number = dayNumber(next) {
            (day, yearIndex) = (number, index + 2)
        } else if index >= 1, let number = dayNumber(words[index - 1]) {
            (day, start) = (number, index - 1)
        } else if index >= 2, words[index - 1].lower == "of", let number = dayNumber(words[index - 2]) {
            (day, start) = (number, index - 2)
        }
        let year = yearIndex < words.count ? yearNumber(words[yearIndex]) : nil
        // A month name alone is a month only after "in", "early", "late" or "mid" or before a
        // year: "May" also starts sentences as the modal.
        if day == nil {
            guard year != nil || (index > 0 && monthOnlyLead.contains(words[index - 1].lower)) else { return nil }
        }
        if isAnnounced(start, in: words) { return nil }
        let resolvedYear: Int
        if let year {
            resolvedYear = year
        } else {
            guard let published else { return nil }
            // The latest such day or month not after publication.
            let laterInYear = month > published.month || (month == published.month && (day ?? 1) > published.day)
            resolvedYear = laterInYear ? published.year - 1 : published.year
        }
        guard let date = CalendarDate(year: resolvedYear, month: month, day: day ?? 1) else { return nil }
        return StatementDate(date: date, precision: day == nil ? .month : .day, source: .sentence)
    }

    /// True when a word before `index` (skipping "on", "the", "early", "late", "mid") says the
    /// date is a deadline, a start or an event to come rather than the day of the statement.
    private static func isAnnounced(_ index: Int, in words: [DateWord]) -> Bool {
        var position = index - 1
        while position >= 0, skippedBeforeDate.contains(words[position].lower) { position -= 1 }
        return position >= 0 && futureWords.contains(words[position].lower)
    }

    private static func dayNumber(_ word: DateWord) -> Int? {
        var digits = Substring(word.lower)
        for suffix in ["st", "nd", "rd", "th"] where digits.hasSuffix(suffix) {
            digits = digits.dropLast(2)
            break
        }
        guard (1...2).contains(digits.count), let value = Int(digits), (1...31).contains(value) else { return nil }
        return value
    }

    private static func yearNumber(_ word: DateWord) -> Int? {
        guard word.lower.count == 4, let value = Int(word.lower), (1900...2199).contains(value) else { return nil }
        return value
    }

    private static func count(_ word: DateWord) -> Int? {
        if let value = Int(word.lower), (1...60).contains(value) { return value }
        return smallNumbers[word.lower]
    }

    private static let months: [String: Int] = [
        "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
        "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9,
        "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
    ]
    private static let weekdays: [String: Int] = [
        "sunday": 0, "monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5, "saturday": 6,
    ]
    private static let smallNumbers: [String: Int] = [
        "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    ]
    private static let newspaperWords: Set<String> = [
        "times", "telegraph", "express", "mail", "mirror", "post", "herald", "star", "independent", "observer", "sport",
    ]
    private static let monthOnlyLead: Set<String> = ["in", "early", "late", "mid", "last"]
    /// Before a date, these make it a deadline, a start or a plan, not the day of a statement.
    private static let futureWords: Set<String> = [
        "by", "until", "till", "from", "since", "before", "after", "next", "starting", "beginning", "through", "coming",
        "will", "scheduled", "due", "expected", "later", "for",
    ]
    private static let skippedBeforeDate: Set<String> = ["on", "the", "early", "late", "mid", "in", "this", "of"]

    /// A run of letters and digits in a sentence.
    struct DateWord {
        let lower: String
        let isCapitalised: Bool

        static func split(_ sentence: String) -> [DateWord] {
            var words: [DateWord] = []
            var current = ""
            var capitalised = false
            for character in sentence {
                if character.isLetter || character.isNumber {
                    if current.isEmpty { capitalised = character.isUppercase }
                    current.append(character)
                } else if !current.isEmpty {
                    words.append(DateWord(lower: current.lowercased(), isCapitalised: capitalised))
                    current = ""
                }
            }
            if !current.isEmpty { words.append(DateWord(lower: current.lowercased(), isCapitalised: capitalised)) }
            return words
        }
    }
}
