// The page's state lives in its address, so every view is a shareable link:
//   ?country=GB&stance=supports&q=ceasefire     filters of the overview
//   ?since=2025-01-01&until=2025-02-28           the date range (either end may be open)
//   ?doc=<document id>&hl=<start>-<end>          the document view, a sentence highlighted
// `api` (development only) is carried along unchanged.

export const KEYS = ["country", "stance", "q", "since", "until", "doc", "hl"];

export function readState(search = location.search) {
  const params = new URLSearchParams(search);
  const state = {};
  for (const key of KEYS) state[key] = (params.get(key) ?? "").trim();
  return state;
}

/** The address of `state` (relative: query string only, so it works under any path). */
export function hrefFor(state) {
  const params = new URLSearchParams();
  for (const key of KEYS) if (state[key]) params.set(key, state[key]);
  const api = new URLSearchParams(location.search).get("api");
  if (api) params.set("api", api);
  const query = params.toString();
  return query ? `?${query}` : location.pathname;
}

/** "120-245" → {start: 120, end: 245}; anything else → null. */
export function parseRange(text) {
  const match = /^(\d+)-(\d+)$/.exec(text ?? "");
  if (!match) return null;
  const start = Number(match[1]);
  const end = Number(match[2]);
  return start < end ? { start, end } : null;
}

/** True for a real day written YYYY-MM-DD, as <input type="date"> gives it and the API takes it. */
export function isDay(text) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
}

/**
 * The date range `since`..`until` (both ends included, either may be empty) as the API's query
 * parameters, or the problem that keeps it from being applied (the API would answer 400).
 */
export function dateRange({ since = "", until = "" }) {
  const bad = [since, until].find((day) => day && !isDay(day));
  if (bad) return { range: {}, problem: `“${bad}” is not a date (YYYY-MM-DD).` };
  if (since && until && since > until) {
    return { range: {}, problem: `“Since” (${since}) is after “until” (${until}): choose a range that runs forwards.` };
  }
  return { range: { since, until }, problem: null };
}

/** True when `day` (YYYY-MM-DD) is in `range`; a month-only date is its first day, as in the API. */
export function inRange(day, { since, until }) {
  return Boolean(day) && (!since || day >= since) && (!until || day <= until);
}
