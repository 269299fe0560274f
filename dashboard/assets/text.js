// Evidence offsets count Unicode scalar values (code points); JavaScript strings count
// UTF-16 code units. Everything here works on arrays of code points.

/** The text as an array of code points (one string per scalar value). */
export const codePoints = (text) => Array.from(text ?? "");

/**
 * Splits a document's text at every span boundary. `spans` are {start, end, ...} in code
 * points; the result is [{start, end, text, spans: [the spans covering this piece]}] covering
 * the whole text in order. Spans outside the text are clamped; empty ones are dropped.
 */
export function segment(points, spans) {
  const length = points.length;
  const valid = [];
  for (const span of spans) {
    const start = Math.max(0, Math.min(length, Number(span.start)));
    const end = Math.max(0, Math.min(length, Number(span.end)));
    if (Number.isFinite(start) && Number.isFinite(end) && start < end) valid.push({ ...span, start, end });
  }
  const cuts = new Set([0, length]);
  for (const span of valid) { cuts.add(span.start); cuts.add(span.end); }
  const sorted = [...cuts].sort((a, b) => a - b);
  const pieces = [];
  for (let i = 0; i + 1 < sorted.length; i++) {
    const start = sorted[i];
    const end = sorted[i + 1];
    pieces.push({
      start, end,
      text: points.slice(start, end).join(""),
      spans: valid.filter((span) => span.start <= start && span.end >= end),
    });
  }
  return pieces;
}

/** Lower-cased words of a free-text query. */
export const queryWords = (q) => (q ?? "").toLowerCase().split(/\s+/).filter(Boolean);

/** True when every word occurs in one of the strings (case-insensitive). */
export function matchesWords(words, strings) {
  if (words.length === 0) return true;
  const haystack = strings.filter(Boolean).join("\n").toLowerCase();
  return words.every((word) => haystack.includes(word));
}

export const positionStrings = (p) => [
  p.summary, p.country, p.countryName, p.stance, p.actor?.name, p.actor?.role,
  ...(p.conditions ?? []), ...(p.reportedBy ?? []), ...(p.evidence ?? []).map((e) => e.sentence),
];

export const estimateStrings = (e) => [
  e.text, e.context, e.attributedTo, e.unit, ...(e.evidence ?? []).map((x) => x.sentence),
];
