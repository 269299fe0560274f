/// Reads actors and outlets out of a sentence's entity phrases:
/// "UK Prime Minister Keir Starmer" (person), "Poland's foreign minister Radosław Sikorski",
/// "the British and French governments" (two bodies), "Italian troops" (force),
/// "a senior NATO official" / "a source in Whitehall" (sources), "London and Paris" (places),
/// "French publication Le Monde" and "UK media" (outlets, never actors).
struct ActorParser {
    let lexicon: Lexicon
    let text: FoldedText
    let tokens: [Token]
    /// In token order, without overlaps.
    private let matches: [PhraseMatch<Entity>]

    init(lexicon: Lexicon, text: FoldedText, tokens: [Token]) {
        self.lexicon = lexicon
        self.text = text
        self.tokens = tokens
        matches = lexicon.entities.scan(tokens)
    }

    func parse() -> (actors: [ActorMention], outlets: [OutletMention]) {
        var group = 0
        // "his government" is the speaker's country, not a body of its own.
        var actors = pronouns(group: &group)
        var outlets: [OutletMention] = []
        // Mentions are only appended: the first ones stay the pronouns.
        let pronounCount = actors.count
        var covered = 0  // tokens before this index belong to a mention already
        var index = 0
        while index < matches.count {
            let match = matches[index]
            index += 1
            guard match.tokens.lowerBound >= covered, !actors[..<pronounCount].contains(where: { $0.tokens.overlaps(match.tokens) }) else {
                continue
            }
            group += 1
            switch Self.primary(match.values) {
            case .outlet(let name):
                covered = outlet(name, match, &actors, &outlets, group: group)
            case .place:
                covered = places(from: index - 1, &actors, &outlets, group: &group)
            case .role(let role):
                covered = roleMention(role, match, country: nil, &actors, group: group)
            case .source(let role):
                covered = source(role, match.tokens, country: nil, outlet: nil, &actors, group: group)
            case .person(let leader):
                let end = personName(at: match.tokens.lowerBound)?.upperBound ?? match.tokens.upperBound
                actors.append(ActorMention(kind: .person, tokens: match.tokens.lowerBound..<end, country: leader.country,
                                           name: leader.name, role: leader.role, group: group))
                covered = end
            case .outletNoun:
                outlets += outletNoun(match, covered: covered)
                covered = match.tokens.upperBound
            }
        }
        return (actors.sorted { $0.tokens.lowerBound < $1.tokens.lowerBound }, outlets)
    }

    /// A phrase may name several things ("US" is a name and an adjective); the most specific wins.
    private static func primary(_ values: [Entity]) -> Entity {
        func rank(_ entity: Entity) -> Int {
            switch entity {
            case .outlet: 0
            case .person: 1
            case .place(_, let standalone): standalone ? 2 : 3
            case .role: 4
            case .source: 5
            case .outletNoun: 6
            }
        }
        return values.min { rank($0) < rank($1) } ?? values[0]
    }

    private func entity(at token: Int) -> Entity? {
        match(at: token).map { Self.primary($0.values) }
    }

    /// The match starting at `token`, found by binary search: a sentence has few matches, and
    /// an index of them by token would be an array to fill for every sentence.
    private func match(at token: Int) -> PhraseMatch<Entity>? {
        var (low, high) = (0, matches.count)
        while low < high {
            let middle = (low + high) / 2
            if matches[middle].tokens.lowerBound < token { low = middle + 1 } else { high = middle }
        }
        return low < matches.count && matches[low].tokens.lowerBound == token ? matches[low] : nil
    }

    // MARK: - Outlets

    /// "Reuters", "the Guardian newspaper", "a Reuters source" (a source quoted by the outlet).
    private func outlet(_ name: String, _ match: PhraseMatch<Entity>, _ actors: inout [ActorMention],
                        _ outlets: inout [OutletMention], group: Int) -> Int {
        var end = match.tokens.upperBound
        if case .outletNoun? = entity(at: end), let noun = self.match(at: end) { end = noun.tokens.upperBound }
        outlets.append(OutletMention(tokens: match.tokens.lowerBound..<end, name: name))
        if case .source(let role)? = entity(at: end), let source = self.match(at: end) {
            return self.source(role, match.tokens.lowerBound..<source.tokens.upperBound, country: nil, outlet: name, &actors, group: group)
        }
        return end
    }

    /// "the publication" refers back to the last outlet; "Kyodo news agency" names one the
    /// lexicon does not know.
    private func outletNoun(_ match: PhraseMatch<Entity>, covered: Int) -> [OutletMention] {
        let start = match.tokens.lowerBound
        var nameStart = start
        while nameStart > covered, tokens[nameStart - 1].kind == .word, tokens[nameStart - 1].startsUppercase,
              entity(at: nameStart - 1) == nil, nameStart - 1 > 0 {
            nameStart -= 1
        }
        if nameStart < start {
            return [OutletMention(tokens: nameStart..<match.tokens.upperBound, name: surface(nameStart..<match.tokens.upperBound))]
        }
        if start > 0, lexicon.topics.determiners.contains(tokens[start - 1].word) {
            return [OutletMention(tokens: match.tokens, name: nil)]
        }
        return []
    }

    // MARK: - Places

    /// A run of places joined by commas, "and", "or" or hyphens, and what follows it.
    private func places(from first: Int, _ actors: inout [ActorMention], _ outlets: inout [OutletMention], group: inout Int) -> Int {
        var members: [(code: String, standalone: Bool, tokens: Range<Int>)] = []
        var joinedByHyphen = false
        var index = first
        while index < matches.count, case .place(let code, let standalone) = Self.primary(matches[index].values) {
            let range = matches[index].tokens
            if let last = members.last {
                let gap = tokens[last.tokens.upperBound..<range.lowerBound]
                guard !gap.isEmpty, gap.count <= 2, gap.allSatisfy({ $0.is(oneOf: [.comma, .and, .or, .ampersand, .hyphen, .slash]) }) else { break }
                // "Portugal, Spain's neighbour,": a comma before a possessive place opens an
                // apposition, unless a conjunction has made the run a list ("Britain, France and Germany's").
                if gap.allSatisfy({ $0.is(.comma) }), tokens[safe: range.upperBound]?.is(.possessive) == true,
                   !tokens[members[0].tokens.lowerBound..<range.lowerBound].contains(where: { $0.is(oneOf: [.and, .or, .ampersand]) }) {
                    break
                }
                joinedByHyphen = joinedByHyphen || gap.count == 1 && gap.allSatisfy { $0.is(oneOf: [.hyphen, .slash]) }
            }
            members.append((code, standalone, range))
            index += 1
        }
        guard let start = members.first?.tokens.lowerBound, var head = members.last?.tokens.upperBound else { return 0 }
        if head < tokens.count, tokens[head].is(.possessive) { head += 1 }
        func each(_ kind: ActorMention.Kind, role: String? = nil, end: Int) -> Int {
            for (offset, member) in members.enumerated() {
                let range = (offset == 0 ? start : member.tokens.lowerBound)..<(offset == members.count - 1 ? end : member.tokens.upperBound)
                actors.append(ActorMention(kind: kind, tokens: range, country: member.code, role: role, group: group))
            }
            return end
        }
        if members.count == 1, head > members[0].tokens.upperBound, entity(at: head) == nil || isLeader(at: head),
           let name = personName(at: head) {
            // "Italy's Giorgia Meloni": a person of that country.
            let leader = leaderNamed(name)
            actors.append(ActorMention(kind: .person, tokens: start..<name.upperBound, country: members[0].code,
                                       name: leader?.name ?? surface(name), role: leader?.role, group: group))
            return name.upperBound
        }
        switch entity(at: head) {
        case .role(let role)?:
            guard let roleMatch = match(at: head) else { return head }
            if members.count == 1 {
                return roleMention(role, roleMatch, country: members[0].code, &actors, group: group, start: start)
            }
            if personName(at: roleMatch.tokens.upperBound) != nil, let last = members.popLast() {
                // "to Ukraine, Estonian Defence Minister Hanno Pevkur": a role with a name is one
                // person's, the last place's; the places before it are only places.
                _ = each(.place, end: members.last?.tokens.upperBound ?? start)
                group += 1
                return roleMention(role, roleMatch, country: last.code, &actors, group: group, start: last.tokens.lowerBound)
            }
            return each(.body, role: role, end: roleMatch.tokens.upperBound)
        case .source(let role)?:
            guard let sourceMatch = match(at: head) else { return head }
            if members.count == 1 {
                return source(role, start..<sourceMatch.tokens.upperBound, country: members[0].code, outlet: nil, &actors, group: group)
            }
            return each(.source, role: role, end: sourceMatch.tokens.upperBound)
        case .outletNoun?:
            // "UK media", "French publication Le Monde": the place right before the noun
            // describes the outlet; earlier places of the run are places.
            guard let noun = match(at: head), let describing = members.popLast() else { return head }
            _ = each(.place, end: members.last?.tokens.upperBound ?? start)
            var end = noun.tokens.upperBound
            var name = surface(describing.tokens.lowerBound..<end)
            if case .outlet(let outletName)? = entity(at: end), let outletMatch = match(at: end) {
                name = outletName
                end = outletMatch.tokens.upperBound
            }
            outlets.append(OutletMention(tokens: describing.tokens.lowerBound..<end, name: name))
            return end
        case .outlet?:
            return head  // "French Le Monde": the outlet is read next
        default:
            break
        }
        if let forceEnd = forceNoun(after: head) {
            return each(.force, end: forceEnd)
        }
        // "troops from France and the UK": the places whose forces they are.
        if start >= 2, lexicon.proposals.forceOrigins.contains(tokens[start - 1].word),
           lexicon.proposals.forceNouns.contains(tokens[start - 2].word) {
            return each(.force, end: members.last?.tokens.upperBound ?? head)
        }
        if joinedByHyphen || isAttributive(head) || members.contains(where: { !$0.standalone }) {
            return each(.modifier(head: head), end: members.last?.tokens.upperBound ?? head)
        }
        return each(.place, end: members.last?.tokens.upperBound ?? head)
    }

    /// "Italian troops", "British and French military personnel": the end of the force noun.
    private func forceNoun(after index: Int) -> Int? {
        var cursor = index
        while cursor < tokens.count, cursor - index < 2 {
            if lexicon.proposals.forceNouns.contains(tokens[cursor].word) { return cursor + 1 }
            cursor += 1
        }
        return nil
    }

    /// A lowercase word after a place that is neither a verb (one the rules know, a past tense)
    /// nor punctuation makes the place a modifier: "US backstop", "NATO membership".
    private func isAttributive(_ index: Int) -> Bool {
        guard index < tokens.count else { return false }
        let next = tokens[index]
        guard next.kind == .word, !next.startsUppercase else { return false }
        // "France aims to", "Poland plans to": a verb before its infinitive.
        if tokens[safe: index + 1]?.is(.to) == true { return false }
        let stances = lexicon.stances
        if stances.skipWords.contains(next.word) || stances.isAdverb(next, in: text) || stances.speechVerbs.contains(next.word)
            || stances.prepositions.contains(next.word)
            || stances.coordinators.contains(next.word) || stances.relativePronouns.contains(next.word)
            || stances.isNegation(next, in: text) || stances.cues.contains(tokens, at: index)
            || stances.isPastVerb(next, in: text) {
            return false
        }
        return true
    }

    // MARK: - Roles, names and sources

    /// A role, optionally "of <place>", optionally followed by a name: "President Emmanuel
    /// Macron", "the Ministry of Defence of Italy", "Secretary General of NATO".
    private func roleMention(_ role: String, _ roleMatch: PhraseMatch<Entity>, country: String?,
                             _ actors: inout [ActorMention], group: Int, start: Int? = nil) -> Int {
        var end = roleMatch.tokens.upperBound
        var role = role
        // "Foreign Ministry spokeswoman Maria Zakharova": the last role speaks for the first.
        while case .role(let next)? = entity(at: end), let nextMatch = match(at: end) {
            role = next
            end = nextMatch.tokens.upperBound
        }
        var country = country
        if country == nil, end + 1 < tokens.count, tokens[end].is(.of) {
            let placeStart = tokens[end + 1].is(.the) ? end + 2 : end + 1
            if case .place(let code, true)? = entity(at: placeStart), let place = match(at: placeStart) {
                country = code
                end = place.tokens.upperBound
            }
        }
        let from = start ?? roleMatch.tokens.lowerBound
        if case .source(let sourceRole)? = entity(at: end), let sourceMatch = match(at: end) {
            // "a Turkish defence ministry source": a source speaking for the body.
            return source(sourceRole, from..<sourceMatch.tokens.upperBound, country: country, outlet: nil, &actors, group: group)
        }
        if let name = personName(at: end) {
            let leader = leaderNamed(name)
            actors.append(ActorMention(kind: .person, tokens: from..<name.upperBound, country: country ?? leader?.country,
                                       name: leader?.name ?? surface(name), role: role, group: group))
            return name.upperBound
        }
        actors.append(ActorMention(kind: .body, tokens: from..<end, country: country, role: role, group: group))
        return end
    }

    private func isLeader(at index: Int) -> Bool {
        if case .person? = entity(at: index) { return true }
        return false
    }

    private func leaderNamed(_ range: Range<Int>) -> Leader? {
        guard case .person(let leader)? = entity(at: range.lowerBound) else { return nil }
        return leader
    }

    /// An unnamed source, tied to a place when the text says so ("a source in Whitehall").
    private func source(_ role: String, _ range: Range<Int>, country: String?, outlet: String?,
                        _ actors: inout [ActorMention], group: Int) -> Int {
        var end = range.upperBound
        var country = country
        if country == nil, let link = lexicon.sourceLinks.match(tokens, at: end) {
            var placeStart = end + link.length
            if placeStart < tokens.count, tokens[placeStart].is(.the) { placeStart += 1 }
            if case .place(let code, true)? = entity(at: placeStart), let place = match(at: placeStart) {
                country = code
                end = place.tokens.upperBound
            }
        }
        var mention = ActorMention(kind: .source, tokens: range.lowerBound..<end, country: country, role: role,
                                   outlet: outlet, group: group)
        if outlet != nil || country != nil { mention.description = surface(range) }
        actors.append(mention)
        return end
    }

    /// The capitalised words of a name at `start`: "Keir Starmer", "Ursula von der Leyen",
    /// "Jean-Noël Barrot"; at most four words.
    func personName(at start: Int) -> Range<Int>? {
        var cursor = start
        var words = 0
        while cursor < tokens.count, words < 4 {
            let token = tokens[cursor]
            let isNameWord = token.kind == .word && token.startsUppercase && !token.is(.possessive)
                && !isOtherEntity(at: cursor)
            let nextIsName = cursor + 1 < tokens.count && tokens[cursor + 1].startsUppercase
            if isNameWord {
                words += 1
                cursor += 1
            } else if words > 0, nextIsName, token.is(.hyphen) || lexicon.nameParticles.contains(token.word) {
                cursor += 1
            } else {
                break
            }
        }
        guard words > 0 else { return nil }
        while cursor > start, !tokens[cursor - 1].startsUppercase { cursor -= 1 }
        return start..<cursor
    }

    private func isOtherEntity(at index: Int) -> Bool {
        guard let entity = entity(at: index) else { return false }
        if case .person = entity { return false }
        return true
    }

    private func surface(_ range: Range<Int>) -> String {
        tokens[range].reduce(into: "") { name, token in
            let glued = name.isEmpty || token.is(.hyphen) || name.hasSuffix("-") || token.is(.possessive)
                || token.kind == .punctuation && !token.is(.openingBracket)
            name += (glued ? "" : " ") + text.surface(token.range)
        }
    }

    // MARK: - Pronouns

    private func pronouns(group: inout Int) -> [ActorMention] {
        var found: [ActorMention] = []
        var index = 0
        let stances = lexicon.stances
        while index < tokens.count {
            defer { index += 1 }
            if let phrase = stances.speakerCountry.match(tokens, at: index) {
                group += 1
                let quoted = phrase.values.contains(false)
                found.append(ActorMention(kind: .speakerCountry(quoted: quoted), tokens: index..<(index + phrase.length), group: group))
                index += phrase.length - 1
            } else if stances.personPronouns.contains(tokens[index].word) {
                group += 1
                found.append(ActorMention(kind: .personPronoun, tokens: index..<(index + 1), group: group))
            } else if stances.groupPronouns.contains(tokens[index].word) {
                group += 1
                found.append(ActorMention(kind: .groupPronoun, tokens: index..<(index + 1), group: group))
            }
        }
        return found
    }
}
