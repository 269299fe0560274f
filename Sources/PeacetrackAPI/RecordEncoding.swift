import PeacetrackCore

/// The JSON shapes of the contract, written field by field in its order.
extension JSONWriter {
    /// `entries` of a record's `total`: lists show a few, single records every one.
    mutating func evidence(_ entries: some Sequence<Evidence>, of total: Int) {
        key("evidence")
        array { writer in
            for entry in entries {
                writer.object { writer in
                    writer.field("document", entry.document)
                    writer.field("sentence", entry.sentence)
                    writer.field("start", entry.start)
                    writer.field("end", entry.end)
                    writer.field("date", entry.date?.date.description)
                    writer.field("datePrecision", entry.date?.precision.rawValue)
                    writer.field("dateSource", entry.date?.source.rawValue)
                }
            }
        }
        field("evidenceCount", total)
    }

    mutating func actor(_ actor: Actor?) {
        guard let actor else { return null() }
        object { writer in
            writer.field("name", actor.name)
            writer.field("role", actor.role)
        }
    }

    mutating func position(_ position: Position, evidence: some Sequence<Evidence>) {
        object { writer in
            writer.field("id", position.id)
            writer.field("country", position.country)
            writer.field("countryName", position.countryName)
            writer.field("stance", position.stance.rawValue)
            writer.key("actor")
            writer.actor(position.actor)
            writer.field("summary", position.summary)
            writer.field("conditions", position.conditions)
            writer.field("reportedBy", position.reportedBy)
            writer.evidence(evidence, of: position.evidence.count)
        }
    }

    mutating func estimate(_ estimate: Estimate, evidence: some Sequence<Evidence>) {
        object { writer in
            writer.field("id", estimate.id)
            writer.field("unit", estimate.unit.rawValue)
            writer.field("min", estimate.min)
            writer.field("max", estimate.max)
            writer.field("approx", estimate.approx)
            writer.field("text", estimate.text)
            writer.field("context", estimate.context)
            writer.field("attributedTo", estimate.attributedTo)
            writer.evidence(evidence, of: estimate.evidence.count)
        }
    }

    /// `estimates`: the ids shown, of `estimateCount` (all of `proposal.estimates`).
    mutating func proposal(_ proposal: Proposal, evidence: some Sequence<Evidence>, estimates: ArraySlice<String>,
                           names: (String) -> String) {
        object { writer in
            writer.field("id", proposal.id)
            writer.field("summary", proposal.summary)
            writer.field("proposers", proposal.proposers)
            writer.field("proposerNames", proposal.proposers.map(names))
            writer.field("estimates", Array(estimates))
            writer.field("estimateCount", proposal.estimates.count)
            writer.evidence(evidence, of: proposal.evidence.count)
        }
    }

    /// A document without its text, as lists show it.
    /// Its counts are those of the records its own facts state: each is one merged record.
    mutating func documentSummary(_ document: Document, facts: DocumentFacts?, extra: (inout JSONWriter) -> Void = { _ in }) {
        object { writer in
            writer.field("id", document.id)
            writer.field("title", document.title)
            writer.field("chars", document.scalarCount)
            writer.field("sentences", facts?.sentenceCount ?? 0)
            writer.field("reportedBy", facts?.reportedBy ?? [])
            writer.key("counts")
            writer.object { writer in
                writer.field("positions", facts?.positions.count ?? 0)
                writer.field("estimates", facts?.estimates.count ?? 0)
                writer.field("proposals", facts?.proposals.count ?? 0)
            }
            writer.field("source", document.source.rawValue)
            writer.field("url", document.url)
            writer.field("published", document.published)
            writer.field("publishedInferred", document.publishedInferred)
            extra(&writer)
        }
    }

    mutating func stanceCounts(_ counts: [Stance: Int]) {
        object { writer in
            for stance in Stance.allCases { writer.field(stance.rawValue, counts[stance] ?? 0) }
        }
    }

    /// `{"country", "countryName", "items", "changes", "undated"}`, oldest first.
    mutating func timeline(_ timeline: Timeline, in store: StoreSnapshot) {
        object { writer in
            writer.field("country", timeline.code)
            writer.field("countryName", timeline.name)
            writer.key("items")
            writer.array { writer in
                for entry in timeline.entries {
                    let position = store.positions[entry.position]
                    writer.object { writer in
                        writer.field("date", entry.date.date.description)
                        writer.field("datePrecision", entry.date.precision.rawValue)
                        writer.field("dateSource", entry.date.source.rawValue)
                        writer.field("stance", entry.stance.rawValue)
                        writer.field("position", position.id)
                        writer.key("actor")
                        writer.actor(position.actor)
                        writer.field("document", entry.evidence.document)
                        writer.field("sentence", entry.evidence.sentence)
                        writer.field("start", entry.evidence.start)
                        writer.field("end", entry.evidence.end)
                    }
                }
            }
            writer.key("changes")
            writer.array { writer in
                for change in timeline.changes { writer.stanceChange(change, code: nil, in: store) }
            }
            writer.field("undated", timeline.undated)
        }
    }

    /// `{"date", "from", "to", "position", "document"}`, with `country` first when given (events).
    mutating func stanceChange(_ change: StanceChange, code: String?, in store: StoreSnapshot) {
        object { writer in
            if let code { writer.field("country", code) }
            writer.field("date", change.entry.date.date.description)
            writer.field("from", change.from.rawValue)
            writer.field("to", change.entry.stance.rawValue)
            writer.field("position", store.positions[change.entry.position].id)
            writer.field("document", change.entry.evidence.document)
        }
    }
}
