import Foundation
import HTTPServer
import PeacetrackCore

/// A query parameter that cannot be accepted; the 400 problem names it.
struct ParameterError: Error {
    var name: String
    var detail: String
}

/// The query string of one request, checked against the parameters its endpoint takes:
/// an unknown name or a repeated single-valued one is an error naming the parameter.
struct QueryParameters {
    private var values: [String: String] = [:]

    init(_ items: [QueryItem], allowed: Set<String>) throws(ParameterError) {
        for item in items {
            guard allowed.contains(item.name) else {
                let known = allowed.isEmpty ? "none" : allowed.sorted().joined(separator: ", ")
                throw ParameterError(name: item.name, detail: "unknown query parameter '\(item.name)' (this endpoint takes: \(known))")
            }
            guard values[item.name] == nil else {
                throw ParameterError(name: item.name, detail: "query parameter '\(item.name)' is given more than once")
            }
            values[item.name] = item.value
        }
    }

    /// The value without surrounding spaces and tabs, or nil when absent. A value longer than
    /// `maxLength` (counted before trimming, as the schema's maxLength counts) or blank is an
    /// error: `?country=` asks for nothing. The OpenAPI document's pattern says the same (and that
    /// the server refuses NUL, %00), in characters every regex dialect reads alike.
    func string(_ name: String, maxLength: Int = 200) throws(ParameterError) -> String? {
        guard let value = values[name] else { return nil }
        guard value.unicodeScalars.count <= maxLength else {
            throw ParameterError(name: name, detail: "query parameter '\(name)' is longer than \(maxLength) characters")
        }
        let trimmed = value.trimmingCharacters(in: Self.spaceAndTab)
        guard !trimmed.isEmpty else {
            throw ParameterError(name: name, detail: "query parameter '\(name)' is empty")
        }
        return trimmed
    }

    private static let spaceAndTab = CharacterSet(charactersIn: " \t")

    /// A whole number in `range`, exactly as the schema's integer admits it: ASCII digits, a
    /// leading minus only where the range goes below zero (`Int("+5")`, `Int("-0")` and
    /// " 5" would pass otherwise), no overflow.
    func int(_ name: String, in range: ClosedRange<Int>) throws(ParameterError) -> Int? {
        guard let text = values[name] else { return nil }
        let digits = range.lowerBound < 0 && text.hasPrefix("-") ? text.utf8.dropFirst() : text.utf8.dropFirst(0)
        guard !digits.isEmpty, digits.count <= 19, digits.allSatisfy({ $0 &- UInt8(ascii: "0") < 10 }),
              let number = Int(text), range.contains(number) else {
            let shown = text.unicodeScalars.count > 24 ? String(text.unicodeScalars.prefix(20)) + "..." : text
            throw ParameterError(name: name, detail: "query parameter '\(name)' must be a whole number from \(range.lowerBound) to \(range.upperBound), not '\(shown)'")
        }
        return number
    }

    /// One of a closed set of values.
    func choice<Value: RawRepresentable & CaseIterable>(_ name: String, of type: Value.Type) throws(ParameterError) -> Value?
    where Value.RawValue == String {
        guard let text = try string(name) else { return nil }
        guard let value = Value(rawValue: text.lowercased()) else {
            let options = Value.allCases.map(\.rawValue).joined(separator: ", ")
            throw ParameterError(name: name, detail: "query parameter '\(name)' must be one of \(options), not '\(text)'")
        }
        return value
    }

    /// An RFC 3339 full-date (`2025-02-20`), a real day.
    func date(_ name: String) throws(ParameterError) -> CalendarDate? {
        guard let text = values[name] else { return nil }
        guard text.utf8.count == 10, let date = CalendarDate(iso: text) else {
            let shown = text.unicodeScalars.count > 24 ? String(text.unicodeScalars.prefix(20)) + "..." : text
            throw ParameterError(name: name, detail: "query parameter '\(name)' must be a date as YYYY-MM-DD (2025-02-20), not '\(shown)'")
        }
        return date
    }

    /// `since` and `until`, the days evidence must fall in; `since` after `until` is an error.
    func dateRange() throws(ParameterError) -> DateRange {
        let range = DateRange(since: try date("since"), until: try date("until"))
        if let since = range.since, let until = range.until, since > until {
            throw ParameterError(name: "since", detail: "query parameter 'since' (\(since)) is after 'until' (\(until))")
        }
        return range
    }

    func country(_ name: String, in countries: CountryDirectory) throws(ParameterError) -> Country? {
        guard let text = try string(name) else { return nil }
        guard let country = countries.resolve(text) else {
            throw ParameterError(name: name, detail: CountryGuidance.unknown(text, in: countries, where: " in query parameter '\(name)'"))
        }
        return country
    }
}

/// The error for a country no spelling names, shared by `?country=` (400) and
/// `/countries/{code}` (404): which spellings are accepted, or which country a capital stands for.
enum CountryGuidance {
    static func unknown(_ text: String, in countries: CountryDirectory, where place: String = "") -> String {
        if let country = countries.country(capital: text) {
            return "'\(text)'\(place) is a capital or seat of government, not a country: ask for \(country.name) (\(country.code))"
        }
        return "unknown country '\(text)'\(place): use an ISO 3166-1 code, an English name, a common alias such as UK or an adjective such as French"
    }
}

/// `limit` and `offset` of every list.
struct Page {
    static let names: Set<String> = ["limit", "offset"]
    static let defaultLimit = 50
    static let maxLimit = 500

    var limit: Int
    var offset: Int

    init(_ parameters: QueryParameters) throws(ParameterError) {
        limit = try parameters.int("limit", in: 0...Self.maxLimit) ?? Self.defaultLimit
        offset = try parameters.int("offset", in: 0...Int(Int32.max)) ?? 0
    }

    /// The slice of `total` items this page shows.
    func range(of total: Int) -> Range<Int> {
        let start = min(offset, total)
        return start..<min(total, start + limit)
    }
}
