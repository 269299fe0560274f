/// A force-size figure found in a sentence, normalised as the API contract says.
struct Quantity: Sendable, Hashable {
    let unit: EstimateUnit
    let min: Int?
    let max: Int?
    let approx: Bool
    /// Tokens from the qualifier to the unit: "around 40,000 military personnel".
    let tokens: Range<Int>
}

/// Reads figures: digits with separators ("30,000", "30 000", "30k", "1.5 million"), number
/// words ("five", "a dozen"), vague amounts ("tens of thousands"), ranges ("five to eight",
/// "25,000-30,000", "between 20,000 and 30,000") and qualifiers ("around", "up to", "fewer
/// than", "more than"). A figure counts only with a unit after it; figures next to casualties,
/// money or years, and forces of excluded countries, are not force sizes.
struct QuantityParser {
    let vocabulary: QuantityVocabulary
    let text: FoldedText
    let tokens: [Token]
    /// The sentence's actor mentions, for the countries of place words.
    let actors: [ActorMention]

    /// `trace` hears of every figure: the force size it became, or the rule that dropped it.
    func quantities(trace: ((Range<Int>, Reading) -> Void)? = nil) -> [Quantity] {
        var found: [Quantity] = []
        var index = 0
        while index < tokens.count {
            guard let amount = amount(at: index) else { index += 1; continue }
            let reading = quantity(amount)
            trace?(amount.tokens, reading)
            if case .size(let quantity) = reading {
                found.append(quantity)
                index = quantity.tokens.upperBound
            } else {
                index = amount.tokens.upperBound
            }
        }
        return found
    }

    /// What a figure is: a force size, or a number some rule (the step named) sets aside.
    enum Reading {
        case size(Quantity)
        case dropped(step: String, reason: String)
    }

    private struct Amount {
        var low: Int
        var high: Int
        var vague: Bool
        var tokens: Range<Int>
    }

    // MARK: - Numbers

    /// A number, range or vague amount starting at `index`.
    private func amount(at index: Int) -> Amount? {
        if let vague = vocabulary.vague.match(tokens, at: index), let range = vague.values.first {
            return Amount(low: range.lowerBound, high: range.upperBound, vague: true, tokens: index..<(index + vague.length))
        }
        if tokens[index].is(.between), let first = number(at: index + 1),
           tokens[safe: first.end]?.is(.and) == true, let second = number(at: first.end + 1) {
            let (low, high) = scaled(first.value, second)
            return Amount(low: low, high: high, vague: false, tokens: index..<second.end)
        }
        guard let first = number(at: index) else { return nil }
        if let joiner = tokens[safe: first.end], vocabulary.rangeJoiners.contains(joiner.word), !joiner.is(.and),
           let second = number(at: first.end + 1) {
            let (low, high) = scaled(first.value, second)
            if low <= high { return Amount(low: low, high: high, vague: false, tokens: index..<second.end) }
        }
        return Amount(low: first.value, high: first.value, vague: false, tokens: index..<first.end)
    }

    /// "20 to 30 thousand", "10-20,000": the second number's scale applies to a bare first one.
    private func scaled(_ first: Int, _ second: (value: Int, end: Int, multiplied: Bool)) -> (Int, Int) {
        if !second.multiplied, first < 1000, second.value >= 1000, second.value % 1000 == 0, first * 1000 <= second.value {
            return (first * 1000, second.value)
        }
        guard second.multiplied, first < second.value, let factor = multiplier(of: second) else { return (first, second.value) }
        let (product, overflow) = first.multipliedReportingOverflow(by: factor)
        return overflow || product > second.value ? (first, second.value) : (product, second.value)
    }

    private func multiplier(of number: (value: Int, end: Int, multiplied: Bool)) -> Int? {
        guard let token = tokens[safe: number.end - 1] else { return nil }
        if let factor = vocabulary.multipliers[token.word] { return factor }
        return text.lowercased(token.range).hasSuffix("k") ? 1000 : nil
    }

    private func number(at index: Int) -> (value: Int, end: Int, multiplied: Bool)? {
        var value: Int
        var end: Int
        if let token = tokens[safe: index], token.kind == .number, case let digits = text.folded[token.range],
           let parsed = Self.digits(digits) {
            value = parsed
            end = index + 1
            // "30 000": a group of exactly three digits right after, separated by a space.
            if let next = tokens[safe: end], next.kind == .number, value < 1000, digits.allSatisfy(\.isDigit),
               case let group = text.folded[next.range], group.count == 3, group.allSatisfy(\.isDigit),
               let groupValue = Self.digits(group) {
                value = value * 1000 + groupValue
                end += 1
            }
        } else if let word = vocabulary.numberWords.match(tokens, at: index), let parsed = word.values.first {
            value = parsed
            end = index + word.length
        } else {
            return nil
        }
        if let word = tokens[safe: end]?.word, let factor = vocabulary.multipliers[word], factor > 1 {
            let (product, overflow) = value.multipliedReportingOverflow(by: factor)
            guard !overflow else { return nil }
            return (product, end + 1, true)
        }
        return (value, end, text.lowercased(tokens[end - 1].range).hasSuffix("k"))
    }

    /// The value of a number token, read straight from its scalars (ASCII digits, separators and
    /// a thousands suffix): "30,000" → 30000, "30k" → 30000, "1.5k" → 1500; "1.5" → nil unless a
    /// multiplier follows (handled as 1); misplaced commas or more than twelve digits → nil.
    static func digits(_ scalars: ArraySlice<Unicode.Scalar>) -> Int? {
        var body = scalars
        var factor = 1
        if body.last == "k" || body.last == "K" {
            body = body.dropLast()
            factor = 1000
        }
        var value = 0
        var digitCount = 0
        var isDecimal = false
        // Commas group thousands: every group after the first has three characters.
        var groupLength: Int?
        for scalar in body {
            if scalar == "," {
                guard groupLength ?? 3 == 3 else { return nil }
                groupLength = 0
                continue
            }
            groupLength = groupLength.map { $0 + 1 }
            if scalar == "." {
                isDecimal = true
            } else if scalar.isDigit {
                digitCount += 1
                if digitCount <= 12 { value = value * 10 + Int(scalar.value - 0x30) }
            } else {
                return nil
            }
        }
        guard groupLength ?? 3 == 3 else { return nil }
        if isDecimal {
            // A decimal only counts with a thousands suffix: "1.5k".
            guard factor == 1000, let decimal = Double(String(scalars: body.filter { $0 != "," }[...])), decimal < 1e9 else { return nil }
            return Int((decimal * 1000).rounded())
        }
        guard digitCount <= 12 else { return nil }
        return value * factor  // at most twelve digits: no overflow
    }

    // MARK: - Units and qualifiers

    private func quantity(_ amount: Amount) -> Reading {
        var start = amount.tokens.lowerBound
        var bound: Bound?
        // The longest qualifier: "no more than", not "more than".
        for length in (1...4).reversed() where start - length >= 0 {
            if let qualifier = vocabulary.qualifiers.match(tokens, at: start - length), qualifier.length == length {
                bound = qualifier.values.first
                start -= length
                break
            }
        }
        // "a force of 25,000": the unit before the figure, for figures of a force's size.
        let prefixed = amount.high >= 100 ? unit(endingAt: start) : nil
        guard let (unit, unitEnd) = self.unit(after: amount.tokens.upperBound) ?? prefixed.map({ ($0, amount.tokens.upperBound) }) else {
            return .dropped(step: "unit", reason: "no troops or countries noun with it")
        }
        // A coalition of one is no coalition: "no one country", "a two-nation".
        if unit == .countries, amount.high < 2 { return .dropped(step: "coalition", reason: "a count of countries below two") }
        // "the 27-country bloc": the members of an existing organisation.
        if unit == .countries, let after = tokens[safe: unitEnd], vocabulary.organisationNouns.contains(after.word) {
            return .dropped(step: "organisation", reason: "the members of an existing organisation")
        }
        // "ministers from 30 countries met": who attended, not who would take part.
        if unit == .countries, let before = tokens[safe: start - 1], vocabulary.attendanceLinks.contains(before.word) {
            return .dropped(step: "attendance", reason: "countries that attend a meeting")
        }
        let owner = prefixed == nil ? start : max(0, start - vocabulary.ownerWindow)
        if isExcluded(amount.tokens.lowerBound, unitEnd, unit: unit, owner: owner) {
            return .dropped(step: "excluded", reason: "casualties, money or an excluded country's own forces")
        }
        if isGarrison(from: start, to: unitEnd) { return .dropped(step: "garrison", reason: "a force already stationed elsewhere") }
        if isArmyStrength(before: start) { return .dropped(step: "army", reason: "the size of a standing army") }
        let exact = amount.low == amount.high && !amount.vague
        switch (bound, exact) {
        case (.upper?, true):
            return .size(Quantity(unit: unit, min: nil, max: amount.high, approx: false, tokens: start..<unitEnd))
        case (.lower?, true):
            return .size(Quantity(unit: unit, min: amount.low, max: nil, approx: false, tokens: start..<unitEnd))
        default:
            return .size(Quantity(unit: unit, min: amount.low, max: amount.high, approx: bound == .approx || amount.vague, tokens: start..<unitEnd))
        }
    }

    /// The unit noun after a figure, past modifiers ("military", "British", "-strong").
    private func unit(after index: Int) -> (EstimateUnit, Int)? {
        var cursor = index
        while cursor < tokens.count, cursor - index <= vocabulary.unitWindow {
            if let unit = vocabulary.units.match(tokens, at: cursor), let value = unit.values.first {
                return (value, cursor + unit.length)
            }
            let token = tokens[cursor]
            guard vocabulary.modifiers.contains(token.word) || token.is(.hyphen) || token.is(.possessive) || place(at: cursor) != nil else {
                return nil
            }
            cursor += 1
        }
        return nil
    }

    private func unit(endingAt index: Int) -> EstimateUnit? {
        for length in 1...3 where index - length >= 0 {
            if let match = vocabulary.unitPrefixes.match(tokens, at: index - length), match.length == length {
                return match.values.first
            }
        }
        return nil
    }

    /// The country of the last mention with one that covers token `index`.
    private func place(at index: Int) -> String? {
        guard tokens.indices.contains(index) else { return nil }
        return actors.last { $0.country != nil && $0.tokens.contains(index) }?.country
    }

    /// "Some 2,500 Italian soldiers are deployed in Lebanon", "100,000 troops stationed in
    /// Europe", "stationing a 5,000-strong brigade in Lithuania": stated as a fact (no modal in
    /// the sentence), a force already in a place other than the mission's country is a garrison,
    /// not a size of the force being debated.
    private func isGarrison(from start: Int, to unitEnd: Int) -> Bool {
        func isVerb(_ index: Int) -> Bool { vocabulary.garrisonVerbs.contains(tokens[index].word) }
        var link: Int?
        let window = vocabulary.garrisonWindow
        if let verb = (unitEnd..<min(tokens.count, unitEnd + window)).first(where: isVerb),
           !(unitEnd..<verb).contains(where: { tokens[$0].kind != .word }) {
            link = verb + 1  // "soldiers are currently deployed in"
        } else if (max(0, start - window)..<start).contains(where: isVerb) {
            link = (unitEnd..<min(tokens.count, unitEnd + window - 1)).first { vocabulary.garrisonLinks.contains(tokens[$0].word) }
        }
        guard let link, tokens[safe: link].map({ vocabulary.garrisonLinks.contains($0.word) }) == true else { return false }
        var location = link + 1
        while location < tokens.count, location - link <= 3, tokens[location].kind == .word, !tokens[location].startsUppercase {
            location += 1  // "the", "eastern"
        }
        guard tokens[safe: location]?.startsUppercase == true, place(at: location) != vocabulary.missionCountry else { return false }
        return !tokens.contains { vocabulary.hypotheticals.contains($0.word) }
    }

    /// "The British Army has fewer than 73,000 regular soldiers": a figure right after a verb of
    /// strength whose subject is an army, or right after an army and a link ("its army to").
    private func isArmyStrength(before start: Int) -> Bool {
        guard start >= 2 else { return false }
        // "building up its army to 300,000 soldiers": the army named right before the link.
        if vocabulary.strengthLinks.contains(tokens[start - 1].word) {
            return (max(0, start - 3)..<(start - 1)).contains { index in
                vocabulary.armies.match(tokens, at: index).map { index + $0.length == start - 1 } ?? false
            }
        }
        guard vocabulary.strengthVerbs.contains(tokens[start - 1].word) else { return false }
        return (max(0, start - vocabulary.armyWindow)..<(start - 1)).contains { vocabulary.armies.contains(tokens, at: $0) }
    }

    /// Casualties and money near the figure; for troops, the forces of an excluded country:
    /// named in the figure ("50,000 Russian soldiers"), as its owner ("Ukraine's military force
    /// of 800,000", from `owner`) or as the subject just before it ("Russia had mobilized 600,000
    /// troops"). Allies of an excluded country are still countries ("26 of Ukraine's allies").
    private func isExcluded(_ start: Int, _ end: Int, unit: EstimateUnit, owner: Int) -> Bool {
        func isExcludedPlace(_ index: Int) -> Bool { place(at: index).map(vocabulary.excludedCountries.contains) ?? false }
        if unit == .troops {
            if (owner..<end).contains(where: isExcludedPlace) { return true }
            let subject = max(0, start - vocabulary.subjectWindow)..<start
            // Not "the plan for Ukraine says 5,000 troops": after a preposition it is no subject.
            if let country = subject.last(where: isExcludedPlace),
               tokens[safe: country - 1].map({ vocabulary.prepositions.contains($0.word) }) != true,
               !(country..<start).contains(where: { tokens[$0].kind == .punctuation || place(at: $0) != nil && !isExcludedPlace($0) }) {
                return true
            }
        }
        // An excluded phrase that ends right before the figure: "a cap of 800,000 soldiers".
        if (1...3).contains(where: { length in
            start - length >= 0 && vocabulary.excluded.match(tokens, at: start - length)?.length == length
        }) {
            return true
        }
        let near = max(0, start - 1)..<min(tokens.count, end + 3)
        return near.contains { vocabulary.excluded.match(tokens, at: $0) != nil }
    }
}
