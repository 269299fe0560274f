/// Keeps one copy of each distinct id, summary and evidence sentence among the records it is
/// given. The same fact has the same id in every document that states it, often in the same
/// words, and syndicated articles repeat sentences word for word; a snapshot keeps every
/// record, so it holds far fewer strings.
struct StringPool {
    private var strings: Set<String> = []

    /// Rewrites the records in place when `facts` holds the only reference to them.
    mutating func share(_ facts: inout DocumentFacts) {
        for index in facts.positions.indices {
            shareIDAndEvidence(&facts.positions[index])
            facts.positions[index].summary = shared(facts.positions[index].summary)
        }
        for index in facts.estimates.indices {
            shareIDAndEvidence(&facts.estimates[index])
            facts.estimates[index].text = shared(facts.estimates[index].text)
        }
        for index in facts.proposals.indices {
            shareIDAndEvidence(&facts.proposals[index])
            facts.proposals[index].summary = shared(facts.proposals[index].summary)
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
}
