// Small pieces shared by the views.
import { h, countryMark, formatNumber, plural } from "./dom.js";

/**
 * An in-page link: a real href (open in a new tab, copy, share) that navigates without a
 * reload on a plain click.
 */
export function link(ctx, changes, attributes, ...children) {
  const target = { ...ctx.state, ...changes };
  return h("a", {
    ...attributes,
    href: ctx.href(target),
    onclick: (event) => {
      if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      event.preventDefault();
      ctx.navigate(changes);
    },
  }, ...children);
}

export function stanceBadge(stance) {
  return h("span", { class: `stance stance-${stance}` }, stance);
}

/** A country as a link that selects it: code badge and name. */
export function countryLink(ctx, code, name) {
  return link(ctx, { country: code, doc: "", hl: "" }, { class: "chip", title: `Show ${name ?? code}` },
    countryMark(code), " ", name ?? code);
}

/** The title of a document, or its id while the corpus list does not know it. */
export function documentTitle(ctx, id) {
  return ctx.data.documentsById.get(id)?.title || id;
}

/** `sentence` as text nodes, with the first occurrence of `phrase` in a <mark>. */
export function emphasise(sentence, phrase) {
  const at = phrase ? sentence.indexOf(phrase) : -1;
  if (at < 0) return [sentence];
  return [sentence.slice(0, at), h("mark", { class: "phrase" }, phrase), sentence.slice(at + phrase.length)];
}

/**
 * The evidence of a record: each sentence quoted (with `phrase` marked in it), and a link to
 * the document view that highlights it. `key` names the links so focus can come back to them.
 * Lists carry a few entries of a record's `evidenceCount`: the rest are counted.
 */
export function evidenceList(ctx, evidence, { key, phrase, count } = {}) {
  if (!evidence?.length) return h("p", { class: "muted" }, "No evidence recorded.");
  const more = (count ?? evidence.length) - evidence.length;
  const items = evidence.map((entry, index) =>
    h("li", {},
      h("blockquote", {}, emphasise(entry.sentence, phrase)),
      h("p", { class: "source" },
        "From ",
        link(ctx, { doc: entry.document, hl: `${entry.start}-${entry.end}` },
          { class: "doc-link", dataset: { document: entry.document, key: key ? `${key}-${index}` : null } },
          documentTitle(ctx, entry.document)),
      ),
    ));
  if (more > 0) items.push(h("li", { class: "muted more-evidence" }, `and ${plural(more, "more sentence")}`));
  return h("ul", { class: "evidence" }, items);
}

/** "≈ 40,000", "up to 30,000", "100,000 or more", "5–8". */
export function formatRange(estimate) {
  const { min, max, approx } = estimate;
  const about = approx ? "≈ " : "";
  if (min !== null && max !== null) {
    return min === max ? `${about}${formatNumber(min)}` : `${about}${formatNumber(min)}–${formatNumber(max)}`;
  }
  if (max !== null) return `${about}up to ${formatNumber(max)}`;
  if (min !== null) return `${about}${formatNumber(min)} or more`;
  return "unknown";
}

export function formatEstimate(estimate) {
  return `${formatRange(estimate)} ${estimate.unit}`;
}

/** "Show 50 more of 1,234": fetches the next page when pressed (then the caller re-renders). */
export function moreButton(shown, total, what, load) {
  if (shown >= total) return null;
  return h("button", {
    type: "button", class: "secondary more", dataset: { key: `more-${what}` },
    onclick: (event) => { event.currentTarget.disabled = true; load(); },
  }, `Show more ${what} (${formatNumber(shown)} of ${formatNumber(total)})`);
}

/** "dated 2025-01-01 to 2025-02-28", "dated from 2025-01-01", "dated up to 2025-02-28", or "". */
export function rangeText({ since, until }) {
  if (since && until) return `dated ${since} to ${until}`;
  if (since) return `dated from ${since}`;
  return until ? `dated up to ${until}` : "";
}
