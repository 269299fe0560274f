// The corpus list, and the document view: its text with every extracted fact highlighted.
import { h, replace, countryMark, formatNumber, plural } from "./dom.js";
import { link, stanceBadge, formatEstimate, moreButton, rangeText } from "./components.js";
import { codePoints, segment } from "./text.js";

const KINDS = ["position", "estimate", "proposal"];

/**
 * The pages of the corpus list fetched so far (`view`: {items, total}, in the date range by
 * publication date), and `showMore` for the next one.
 */
export function renderDocumentList(ctx, container, view, showMore) {
  const documents = view.items;
  // "from 2025-01-01", "2025-01-01 to 2025-02-28", "up to 2025-02-28", or "".
  const range = rangeText(ctx.range).replace(/^dated /, "");
  if (documents.length === 0) {
    replace(container, h("p", { class: "muted" }, range ? `No document published ${range}.` : "The corpus is empty."));
    return;
  }
  const number = (n) => h("td", { class: "num" }, formatNumber(n ?? 0));
  replace(container,
    range ? h("p", { class: "muted range-note" }, `Documents published ${range}; undated documents are left out.`) : null,
    h("div", { class: "table-scroll" }, h("table", { class: "doc-table", id: "doc-table" },
    h("caption", { class: "sr-only" }, "Documents in the corpus with the number of facts extracted from each"),
    h("thead", {}, h("tr", {},
      h("th", { scope: "col" }, "Document"),
      h("th", { scope: "col", class: "num" }, h("abbr", { title: "positions" }, "Pos.")),
      h("th", { scope: "col", class: "num" }, h("abbr", { title: "estimates" }, "Est.")),
      h("th", { scope: "col", class: "num" }, h("abbr", { title: "proposals" }, "Prop.")),
      h("th", { scope: "col", class: "num wide-only" }, "Characters"))),
    h("tbody", {}, documents.map((doc) => h("tr", { class: ctx.data.fresh.has(doc.id) ? "fresh" : null, dataset: { document: doc.id } },
      h("th", { scope: "row" },
        link(ctx, { doc: doc.id, hl: "" }, { class: "doc-title", dataset: { key: `document-${doc.id}` } }, doc.title || doc.id),
        h("span", { class: "doc-meta" },
          [doc.source, doc.published, doc.reportedBy?.length ? `reported by ${doc.reportedBy.join(", ")}` : null]
            .filter(Boolean).join(" · ")),
        ctx.data.fresh.has(doc.id) ? h("span", { class: "tag tag-new" }, "new") : null),
      number(doc.counts?.positions),
      number(doc.counts?.estimates),
      number(doc.counts?.proposals),
      h("td", { class: "num wide-only" }, formatNumber(doc.chars ?? 0))))))),
    moreButton(documents.length, view.total, "documents", showMore));
}

/** Where each record of the document points into its text. */
function spans(doc) {
  const out = [];
  const add = (kind, record, label) => {
    for (const entry of record.evidence ?? []) {
      if (entry.document === doc.id) out.push({ kind, id: record.id, label, start: entry.start, end: entry.end });
    }
  };
  for (const p of doc.positions ?? []) add("position", p, `Position: ${p.countryName} ${p.stance}${p.actor ? ` (${p.actor.name})` : ""}`);
  for (const e of doc.estimates ?? []) add("estimate", e, `Estimate: ${formatEstimate(e)}`);
  for (const p of doc.proposals ?? []) add("proposal", p, `Proposal: ${p.summary}`);
  return out;
}

function factItem(ctx, doc, kind, record, body) {
  const own = (record.evidence ?? []).filter((entry) => entry.document === doc.id);
  return h("li", { class: `fact fact-${kind}`, dataset: { [kind]: record.id } },
    body,
    own.map((entry) => link(ctx, { hl: `${entry.start}-${entry.end}` }, {
      class: "show-in-text", dataset: { key: `show-${kind}-${record.id}-${entry.start}` },
      "aria-current": ctx.state.hl === `${entry.start}-${entry.end}` ? "true" : null,
    }, own.length > 1 ? `Show sentence at ${entry.start}` : "Show in text")));
}

function factLists(ctx, doc) {
  const sections = [
    ["position", "Positions", doc.positions ?? [], (p) => [
      stanceBadge(p.stance), " ", countryMark(p.country), " ", h("strong", {}, p.countryName),
      p.actor ? ` · ${p.actor.name}${p.actor.role ? `, ${p.actor.role}` : ""}` : "", h("span", { class: "fact-summary" }, p.summary)]],
    ["estimate", "Estimates", doc.estimates ?? [], (e) => [
      h("strong", {}, formatEstimate(e)), e.attributedTo ? ` · ${e.attributedTo}` : "", h("span", { class: "fact-summary" }, `“${e.text}”`)]],
    ["proposal", "Proposals", doc.proposals ?? [], (p) => [
      h("strong", {}, p.summary),
      h("span", { class: "fact-summary" }, p.proposerNames?.length ? `Proposed by ${p.proposerNames.join(", ")}` : "No proposer named")]],
  ];
  return h("div", { class: "doc-facts" }, sections.map(([kind, title, records, body]) =>
    h("section", { class: `fact-list fact-list-${kind}`, "aria-label": title },
      h("h3", {}, h("span", { class: `key key-${kind}`, "aria-hidden": "true" }), `${title} (${records.length})`),
      records.length
        ? h("ul", {}, records.map((record) => factItem(ctx, doc, kind, record, body(record))))
        : h("p", { class: "muted" }, "None extracted."))));
}

/**
 * The document view. `range` ({start, end} in code points, or null) is the sentence the link
 * pointed at: highlighted and scrolled into view.
 */
export function renderDocument(ctx, container, doc, range) {
  const points = codePoints(doc.text);
  const all = spans(doc);
  if (range) all.push({ kind: "target", start: range.start, end: range.end, label: "The sentence you followed" });
  const pieces = segment(points, all);

  const text = h("div", { class: "doc-text", id: "doc-text" });
  let first = null;
  for (const piece of pieces) {
    if (piece.spans.length === 0) {
      text.append(piece.text);
      continue;
    }
    const kinds = new Set(piece.spans.map((span) => span.kind));
    const current = kinds.has("target");
    const classes = ["fact-mark", ...KINDS.filter((kind) => kinds.has(kind)).map((kind) => `m-${kind}`), current ? "current" : ""];
    const labels = [...new Set(piece.spans.filter((span) => span.kind !== "target").map((span) => span.label))];
    const mark = h("mark", {
      class: classes.filter(Boolean).join(" "),
      title: labels.join("\n") || null,
      dataset: { start: piece.start, end: piece.end },
    }, piece.text);
    if (current && !first) { first = mark; mark.id = "current-sentence"; mark.tabIndex = -1; }
    text.append(mark);
  }

  const safeURL = typeof doc.url === "string" && /^https?:\/\//i.test(doc.url) ? doc.url : null;
  const meta = [
    doc.source && `Source: ${doc.source}`,
    doc.published && `published ${doc.published}`,
    `${formatNumber(doc.chars ?? points.length)} characters`,
    doc.sentences ? plural(doc.sentences, "sentence") : null,
  ].filter(Boolean).join(" · ");

  replace(container,
    link(ctx, { doc: "", hl: "" }, { class: "back", dataset: { key: "back" } }, "← Back to the overview"),
    h("h2", { id: "doc-title" }, doc.title || doc.id),
    h("p", { class: "doc-meta" }, meta,
      doc.reportedBy?.length ? ` · reported by ${doc.reportedBy.join(", ")}` : "",
      safeURL ? [" · ", h("a", { href: safeURL, rel: "noopener noreferrer", target: "_blank" }, "original article")] : null),
    h("ul", { class: "legend doc-legend", "aria-label": "Highlight colours" },
      KINDS.map((kind) => h("li", {}, h("span", { class: `key key-${kind}`, "aria-hidden": "true" }), `${kind}s`)),
      range ? h("li", {}, h("span", { class: "key key-target", "aria-hidden": "true" }), "the sentence you followed") : null),
    h("div", { class: "doc-layout" },
      h("article", { class: "doc-body", "aria-labelledby": "doc-title" }, text),
      factLists(ctx, doc)));
  return first;
}
