// The page's state lives in its address, so every view is a shareable link:
//   ?country=GB&stance=supports&q=ceasefire     filters of the overview
//   ?doc=<document id>&hl=<start>-<end>          the document view, a sentence highlighted
// `api` (development only) is carried along unchanged.

export const KEYS = ["country", "stance", "q", "doc", "hl"];

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
