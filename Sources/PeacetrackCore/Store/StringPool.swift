/// Keeps one copy of each distinct id, summary, actor, list of outlets or conditions and
/// evidence sentence among the records it is given. The same fact has the same id in every
/// document that states it, often in the same words and from the same outlets, and syndicated
/// articles repeat sentences word for word; a snapshot keeps every record, so it holds far
/// fewer strings and arrays.
struct StringPool {
    private var strings: Set<String> = []
    private var lists: Set<[String]> = []

    /// Rewrites the records in place when `facts` holds the only reference to them.
    mutating func share(_ facts: inout DocumentFacts) {
        facts.reportedBy = shared(facts.reportedBy)
        for index in facts.positions.indices {
            shareIDAndEvidence(&facts.positions[index])
            facts.positions[index].summary = shared(facts.positions[index].summary)
            facts.positions[index].conditions = shared(facts.positions[index].conditions)
            facts.positions[index].reportedBy = shared(facts.positions[index].reportedBy)
            if let actor = facts.positions[index].actor {
                facts.positions[index].actor = Actor(name: actor.name.map { shared($0) }, role: actor.role.map { shared($0) })
            }
        }
        for index in facts.estimates.indices {
            shareIDAndEvidence(&facts.estimates[index])
            facts.estimates[index].text = shared(facts.estimates[index].text)
        }
        for index in facts.proposals.indices {
            shareIDAndEvidence(&facts.proposals[index])
            facts.proposals[index].summary = shared(facts.proposals[index].summary)
            facts.proposals[index].proposers = shared(facts.proposals[index].proposers)
        }
    }

    private mutating func shareIDAndEvidence<Record: EvidenceCarrying>(_ record: inout Record) {
        record.id = shared(record.id)
        for entry in record.evidence.indices {
            record.evidence[entry].sentence = shared(record.evidence[entry].sentence)
        }
    }

    private mutating func shared(_ string: String) -> String {
        strings.insert(string).memberAfterInsert
    }

    /// An empty list allocates nothing, so only the others are kept.
    private mutating func shared(_ list: [String]) -> [String] {
        list.isEmpty ? list : lists.insert(list).memberAfterInsert
    }
}
