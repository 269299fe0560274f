/// A day of the proleptic Gregorian calendar, with the arithmetic that statement dates need:
/// parsing and printing `YYYY-MM-DD`, weekdays and whole-day steps. No time zone: a date is
/// the day a text names, not an instant.
public struct CalendarDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    // Four bytes: every evidence entry of a large corpus carries a date.
    private let storedYear: Int16
    private let storedMonth: UInt8
    private let storedDay: UInt8

    public var year: Int { Int(storedYear) }
    public var month: Int { Int(storedMonth) }
    public var day: Int { Int(storedDay) }

    /// Years far enough from today that no news article needs others; also keeps the day
    /// arithmetic far from integer overflow whatever a text says.
    public static let years = 1...9999

    /// Nil unless `year`, `month` and `day` make a real day ("February 30" is none).
    public init?(year: Int, month: Int, day: Int) {
        guard Self.years.contains(year), (1...12).contains(month), day >= 1,
              day <= Self.daysIn(month: month, year: year) else { return nil }
        (storedYear, storedMonth, storedDay) = (Int16(year), UInt8(month), UInt8(day))
    }

    /// Reads `YYYY-MM-DD`, alone or at the start of an RFC 3339 date-time (the day it was
    /// written in its own offset, which is the day its readers saw).
    public init?(iso text: some StringProtocol) {
        let bytes = Array(text.utf8.prefix(11))
        guard bytes.count >= 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              bytes.count == 10 || bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: "t") || bytes[10] == UInt8(ascii: " "),
              let year = Self.number(bytes[0..<4]), let month = Self.number(bytes[5..<7]), let day = Self.number(bytes[8..<10])
        else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// `YYYY-MM-DD`.
    public var description: String {
        func padded(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(padded(year, 4))-\(padded(month, 2))-\(padded(day, 2))"
    }

    public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// The first day of this date's month.
    public var firstOfMonth: CalendarDate { CalendarDate(storedYear: storedYear, storedMonth: storedMonth, storedDay: 1) }

    /// 0 for Sunday through 6 for Saturday.
    public var weekday: Int {
        // 1970-01-01 was a Thursday.
        let shifted = (daysSinceEpoch + 4) % 7
        return shifted < 0 ? shifted + 7 : shifted
    }

    /// This date moved by `days`; nil outside `years`.
    public func adding(days: Int) -> CalendarDate? {
        guard abs(days) <= 4_000_000 else { return nil }
        return Self(daysSinceEpoch: daysSinceEpoch + days)
    }

    /// Days from 1970-01-01 (Howard Hinnant's `days_from_civil`).
    var daysSinceEpoch: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The inverse of `daysSinceEpoch` (`civil_from_days`); nil outside `years`.
    init?(daysSinceEpoch days: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        self.init(year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month: month, day: day)
    }


    private init(storedYear: Int16, storedMonth: UInt8, storedDay: UInt8) {
        (self.storedYear, self.storedMonth, self.storedDay) = (storedYear, storedMonth, storedDay)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    private static func number(_ digits: ArraySlice<UInt8>) -> Int? {
        var value = 0
        for byte in digits {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }
}

/// When a statement was made, as far as its sentence and its document tell.
public struct StatementDate: Sendable, Hashable {
    /// How much of `date` is known.
    public enum Precision: String, Sendable, Hashable, CaseIterable {
        /// The day.
        case day
        /// Only the month: `date` is its first day.
        case month
    }

    /// Where the date comes from.
    public enum Source: String, Sendable, Hashable, CaseIterable {
        /// The sentence names the day or month ("on Monday", "in February").
        case sentence
        /// The sentence names none: the document's publication date stands in.
        case published
    }

    public var date: CalendarDate
    public var precision: Precision
    public var source: Source

    public init(date: CalendarDate, precision: Precision, source: Source) {
        self.date = date
        self.precision = precision
        self.source = source
    }
}
