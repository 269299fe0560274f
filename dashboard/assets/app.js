// peacetrack dashboard: loads the corpus's facts from the public JSON API and renders the
// overview (positions matrix, force-size chart, proposals, documents, the selected country's
// timeline) or one document.
// The state is the address (see state.js); nothing here needs a build step.
import { Api, ApiError, STANCES } from "./api.js";
import { h, replace, plural } from "./dom.js";
import { readState, hrefFor, parseRange, dateRange } from "./state.js";
import { renderMatrix, renderStatements } from "./positions.js";
import { renderChart } from "./chart.js";
import { renderProposals } from "./proposals.js";
import { renderDocumentList, renderDocument } from "./documents.js";
import { timelineView } from "./timeline.js";
import { watch } from "./live.js";

const $ = (id) => document.getElementById(id);
const root = document.documentElement;
const els = {
  stats: $("stats"), notice: $("notice"), error: $("error"),
  form: $("filters"), country: $("f-country"), stance: $("f-stance"), q: $("f-q"), clear: $("f-clear"),
  since: $("f-since"), until: $("f-until"), clearDates: $("f-dates-clear"), datesProblem: $("f-dates-problem"),
  overview: $("overview"), docView: $("doc-view"),
  matrix: $("matrix"), statements: $("statements"),
  chart: $("chart"), chartDetail: $("chart-detail"),
  proposals: $("proposal-list"), documents: $("document-list"),
  csv: { positions: $("csv-positions"), estimates: $("csv-estimates"), proposals: $("csv-proposals"), documents: $("csv-documents") },
};

const api = new Api(new URLSearchParams(location.search).get("api") || undefined);

const ctx = {
  api,
  state: readState(),
  /** The date range applied: {since, until} from the state, both empty when it has a problem. */
  range: dateRange(readState()).range,
  data: {
    health: null, countries: [], positions: [], estimates: [], proposals: [], documents: [],
    documentsById: new Map(), estimatesById: new Map(), fresh: new Set(),
  },
  href: hrefFor,
  /** Changes the state: a new history entry (or a replaced one), then a render. */
  navigate(changes, { replace: replaceEntry = false, focus = null } = {}) {
    const next = { ...ctx.state, ...changes };
    leaving(ctx.state, next);
    if (focus) pendingFocus = focus;
    history[replaceEntry ? "replaceState" : "pushState"](null, "", hrefFor(next));
    setState(readState());
    render();
  },
  /** On narrow screens the statements are below the matrix: bring them into view. */
  revealStatements() { pendingReveal = window.matchMedia("(max-width: 899px)").matches; },
};

let overviewScroll = 0;
let overviewFocus = null;
let restoreScroll = null;
let pendingFocus = null;

/** Entering the document view remembers where the reader was; leaving it goes back there. */
function leaving(from, to) {
  if (to.doc && !from.doc) {
    overviewScroll = window.scrollY;
    overviewFocus = document.activeElement?.dataset?.key ?? null;
  } else if (from.doc && !to.doc) {
    restoreScroll = overviewScroll;
    pendingFocus = overviewFocus;
  }
}
let pendingReveal = false;
let renderToken = 0;
let renderCount = 0;
const countryCache = new Map();
const proposalCache = new Map();
const documentCache = new Map();
const positionCache = new Map();
const estimateCache = new Map();
const timelineCache = new Map();
const documentPageCache = new Map();
const caches = [countryCache, proposalCache, documentCache, positionCache, estimateCache, timelineCache, documentPageCache];

function setState(state) {
  ctx.state = state;
  ctx.range = dateRange(state).range;
}
const rangeKey = () => `${ctx.range.since}\u0000${ctx.range.until}`;
const ranged = () => Boolean(ctx.range.since || ctx.range.until);

function cached(cache, key, load) {
  if (!cache.has(key)) {
    const promise = load();
    cache.set(key, promise);
    promise.catch(() => cache.delete(key));
  }
  return cache.get(key);
}

// ---------------------------------------------------------------------------------------
// Loading

/**
 * The first view is drawn from aggregates: the counts (/health, /countries), the estimates the
 * chart draws and the proposals (both few, each record with a few evidence entries), and the
 * first page of documents. Positions are fetched a page at a time for the selected country,
 * and all of them only when free text or a date range asks for them (`positionsInView`); a
 * timeline only for the selected country.
 */
async function load() {
  const [health, countries, estimates, proposals, documents] = await Promise.all([
    api.health(), api.countries(), api.estimates(), api.proposals(), api.page("documents"),
  ]);
  Object.assign(ctx.data, {
    health, countries, estimates, proposals, positions: null,
    documentPages: { items: documents.items, total: documents.total },
    documentsById: new Map(documents.items.map((d) => [d.id, d])),
    estimatesById: new Map(estimates.map((e) => [e.id, e])),
  });
  for (const cache of caches) cache.clear();
  fillCountryOptions();
}

/**
 * Every position in the date range, for matching free text and for the matrix's counts in a
 * range (/countries counts all dates): fetched once per range and corpus, when first asked.
 */
async function positionsInView() {
  const range = ctx.range;
  ctx.data.positions = await cached(positionCache, rangeKey(), () => api.positions(range));
}

/** The estimates the chart draws: those dated in the range, else every one (from load). */
async function estimatesInView() {
  const range = ctx.range;
  return ranged() ? cached(estimateCache, rangeKey(), () => api.estimates(range)) : ctx.data.estimates;
}

/**
 * The corpus list as the date range shows it, by publication date: the pages fetched so far
 * ({items, total}), the first page once per range and corpus. Without a range, the pages of load.
 */
async function documentsInView() {
  if (!ranged()) return ctx.data.documentPages;
  const range = ctx.range;
  return cached(documentPageCache, rangeKey(), async () => {
    const page = await api.page("documents", range);
    for (const d of page.items) ctx.data.documentsById.set(d.id, d);
    return { items: page.items, total: page.total };
  });
}

/** The next page of the corpus list in view, appended. */
async function moreDocuments() {
  const view = await documentsInView();
  const page = await api.page("documents", ctx.range, view.items.length);
  view.items.push(...page.items);
  view.total = page.total;
  for (const d of page.items) ctx.data.documentsById.set(d.id, d);
  await render({ quiet: true });
}

/**
 * The selected country as the statements panel shows it: its counts from /countries and the
 * first page of its positions (with the stance filter), each page more on request. An alias
 * (UK, Britain) is resolved through /countries/{code}.
 */
async function statementsFor(country, stance, range) {
  const known = ctx.data.countries.find((c) => c.code === country);
  const code = known?.code ?? (await api.country(country)).code;
  const summary = ctx.data.countries.find((c) => c.code === code);
  const params = { country: code, stance, ...range };
  const first = await api.page("positions", params);
  const detail = {
    code, name: summary?.name ?? first.items[0]?.countryName ?? code, proposalCount: summary?.proposals ?? 0,
    positions: first.items, total: first.total,
    async more() {
      const page = await api.page("positions", params, detail.positions.length);
      detail.positions.push(...page.items);
      detail.total = page.total;
    },
  };
  return detail;
}

function fillCountryOptions() {
  const options = [h("option", { value: "" }, "All countries")];
  for (const country of [...ctx.data.countries].sort((a, b) => a.name.localeCompare(b.name))) {
    options.push(h("option", { value: country.code }, `${country.name} (${country.code})`));
  }
  replace(els.country, options);
}

// ---------------------------------------------------------------------------------------
// Rendering

function syncControls() {
  const { state } = ctx;
  if (state.country && ![...els.country.options].some((o) => o.value === state.country)) {
    els.country.append(h("option", { value: state.country }, state.country));
  }
  els.country.value = state.country;
  els.stance.value = STANCES.includes(state.stance) ? state.stance : "";
  if (document.activeElement !== els.q) els.q.value = state.q;
  // Dates being corrected (a range that runs backwards) stay as typed until they are valid.
  if (!datesPending) {
    els.since.value = state.since;
    els.until.value = state.until;
    showDatesProblem(dateRange(state).problem, "The dates are not applied.");
  }
  els.clear.disabled = !(state.country || state.stance || state.q || state.since || state.until);
  els.clearDates.disabled = !(state.since || state.until || datesPending);
}

/** "Download CSV" asks the API for what each section shows, with the filters the API takes (up to a page of 500). */
function syncDownloads() {
  const { state, range } = ctx;
  const params = {
    positions: { country: state.country, stance: state.stance, ...range },
    estimates: { ...range },
    proposals: { country: state.country, q: state.q, ...range },
    documents: {},
  };
  for (const [list, link] of Object.entries(els.csv)) {
    link.href = api.url(list, { ...params[list], format: "csv", limit: 500 }).href;
  }
}

function renderStats() {
  const health = ctx.data.health;
  if (!health) return;
  replace(els.stats, [
    plural(health.documents, "document"), plural(health.positions, "position"),
    plural(health.estimates, "estimate"), plural(health.proposals, "proposal"),
  ].join(" · "));
}

function showError(error, retry) {
  if (!error) {
    els.error.hidden = true;
    replace(els.error);
    return;
  }
  replace(els.error, h("p", {}, error instanceof ApiError ? error.message : `Something went wrong: ${error.message ?? error}`),
    retry ? h("button", { type: "button", onclick: retry }, "Try again") : null);
  els.error.hidden = false;
}

let noticeTimer = null;
const NOTICE_LINES = 4;
/** Shows `message`; while the notice is up, it joins the latest few messages (events come in bursts). */
function showNotice(message) {
  clearTimeout(noticeTimer);
  const kept = els.notice.hidden ? [] : [...els.notice.querySelectorAll("p")].slice(1 - NOTICE_LINES);
  replace(els.notice, h("div", {}, kept, h("p", {}, message)),
    h("button", { type: "button", class: "dismiss", "aria-label": "Dismiss", onclick: () => { els.notice.hidden = true; } }, "×"));
  els.notice.hidden = false;
  noticeTimer = setTimeout(() => { els.notice.hidden = true; }, 20000);
}

function restoreFocus(key) {
  if (!key || document.activeElement?.dataset?.key === key) return;
  const target = document.querySelector(`[data-key="${CSS.escape(key)}"]`);
  if (target) target.focus({ preventScroll: true });
}

/** Renders the state. `quiet` (a live refresh): keep the reader's scroll position and focus. */
async function render({ quiet = false } = {}) {
  const token = ++renderToken;
  const focusKey = document.activeElement?.dataset?.key;
  const { state } = ctx;
  syncControls();
  syncDownloads();
  renderStats();
  root.dataset.status = "rendering";

  if (state.doc) {
    els.overview.hidden = true;
    els.docView.hidden = false;
    let doc;
    try {
      doc = await cached(documentCache, state.doc, () => api.document(state.doc));
    } catch (error) {
      if (token !== renderToken) return;
      replace(els.docView,
        h("a", { href: hrefFor({ ...state, doc: "", hl: "" }), class: "back", onclick: (e) => { e.preventDefault(); ctx.navigate({ doc: "", hl: "" }); } }, "← Back to the overview"),
        h("h2", {}, "Document not available"), h("p", { class: "problem" }, error.message));
      finish(token);
      return;
    }
    if (token !== renderToken) return;
    const mark = renderDocument(ctx, els.docView, doc, parseRange(state.hl));
    document.title = `${doc.title || doc.id} — peacetrack`;
    if (quiet) {
      restoreFocus(focusKey);
    } else if (mark) {
      mark.scrollIntoView({ block: "center" });
      mark.focus({ preventScroll: true });
    } else {
      window.scrollTo(0, 0);
      els.docView.querySelector("h2")?.setAttribute("tabindex", "-1");
      els.docView.querySelector("h2")?.focus({ preventScroll: true });
    }
    finish(token);
    return;
  }

  els.docView.hidden = true;
  els.overview.hidden = false;
  document.title = "peacetrack — a European peacekeeping force for Ukraine";
  let estimates = ctx.data.estimates;
  let documents = ctx.data.documentPages;
  if (state.q || ranged()) {
    try {
      [, estimates, documents] = await Promise.all([positionsInView(), estimatesInView(), documentsInView()]);
    } catch (error) {
      showError(error, render);
    }
    if (token !== renderToken) return;
  }
  chartEstimates = estimates;
  renderMatrix(ctx, els.matrix);
  renderChart(ctx, els.chart, els.chartDetail, estimates);
  renderDocumentList(ctx, els.documents, documents, moreDocuments);
  restoreFocus(focusKey);
  if (restoreScroll !== null) { window.scrollTo(0, restoreScroll); }

  const range = ctx.range;
  const [country, proposals, timeline] = await Promise.allSettled([
    state.country ? cached(countryCache, `${state.country}\u0000${state.stance}\u0000${rangeKey()}`, () => statementsFor(state.country, state.stance, range)) : Promise.resolve(null),
    cached(proposalCache, `${state.country}\u0000${state.q}\u0000${rangeKey()}`, () => api.proposals({ country: state.country, q: state.q, ...range })),
    // Only the selected country's timeline: never one per country (the large corpus has many).
    state.country ? cached(timelineCache, state.country, () => api.timeline(state.country)) : Promise.resolve(null),
  ]);
  if (token !== renderToken) return;

  // An alias (UK, Britain, GBR) becomes its code, so the matrix shows the selection.
  if (country.status === "fulfilled" && country.value && country.value.code !== state.country) {
    ctx.navigate({ country: country.value.code }, { replace: true });
    return;
  }
  const showMore = () => country.value.more().then(() => render({ quiet: true }), (error) => showError(error));
  const timelineBox = state.country && timelineView(ctx, timeline.value, timeline.status === "rejected" ? timeline.reason : null,
    range, els.statements.clientWidth);
  renderStatements(ctx, els.statements, country.value, country.status === "rejected" ? country.reason : null, showMore, timelineBox);
  renderProposals(ctx, els.proposals, proposals.value ?? [], proposals.status === "rejected" ? proposals.reason : null);
  if (restoreScroll !== null) { window.scrollTo(0, restoreScroll); restoreScroll = null; }
  restoreFocus(pendingFocus ?? focusKey);
  pendingFocus = null;
  if (pendingReveal) {
    pendingReveal = false;
    els.statements.scrollIntoView({ block: "start", behavior: "smooth" });
  }
  finish(token);
}

function finish(token) {
  if (token !== renderToken) return;
  // When the first view was drawn, in milliseconds since navigation: the browser test reads it.
  if (renderCount === 0) root.dataset.firstReadyMs = String(Math.round(performance.now()));
  renderCount += 1;
  root.dataset.renders = String(renderCount);
  root.dataset.status = "ready";
}

// ---------------------------------------------------------------------------------------
// Filters

let typing = null;
els.form.addEventListener("submit", (event) => {
  event.preventDefault();
  clearTimeout(typing);
  if (els.q.value.trim() !== ctx.state.q) ctx.navigate({ q: els.q.value.trim(), doc: "", hl: "" });
});
els.country.addEventListener("change", () => ctx.navigate({ country: els.country.value, doc: "", hl: "" }));
els.stance.addEventListener("change", () => ctx.navigate({ stance: els.stance.value, doc: "", hl: "" }));
els.q.addEventListener("input", () => {
  clearTimeout(typing);
  typing = setTimeout(() => {
    const q = els.q.value.trim();
    if (q === ctx.state.q) return;
    // One history entry per search, not one per keystroke.
    ctx.navigate({ q, doc: "", hl: "" }, { replace: Boolean(ctx.state.q && q) });
  }, 300);
});
els.clear.addEventListener("click", () => {
  els.q.value = "";
  datesPending = false;
  ctx.navigate({ country: "", stance: "", q: "", since: "", until: "", doc: "", hl: "" });
  els.q.focus();
});

// The date range: applied when both ends make a range; one that runs backwards is shown as a
// problem and not asked for (the API would answer 400), until it is corrected or cleared.
let datesPending = false;
function showDatesProblem(problem, consequence = "") {
  replace(els.datesProblem, problem ? `${problem} ${consequence}`.trim() : "");
  els.datesProblem.hidden = !problem;
  for (const input of [els.since, els.until]) input.setAttribute("aria-invalid", String(Boolean(problem)));
}
function applyDates() {
  const dates = { since: els.since.value, until: els.until.value };
  const { problem } = dateRange(dates);
  datesPending = Boolean(problem);
  showDatesProblem(problem);
  els.clearDates.disabled = !(dates.since || dates.until || ctx.state.since || ctx.state.until);
  if (problem || (dates.since === ctx.state.since && dates.until === ctx.state.until)) return;
  ctx.navigate({ ...dates, doc: "", hl: "" });
}
els.since.addEventListener("change", applyDates);
els.until.addEventListener("change", applyDates);
els.clearDates.addEventListener("click", () => {
  els.since.value = els.until.value = "";
  applyDates();
  els.since.focus();
});

window.addEventListener("popstate", () => {
  const next = readState();
  if (sameState(next, ctx.state)) return; // an in-page #anchor jump
  leaving(ctx.state, next);
  datesPending = false;
  setState(next);
  render();
});
function sameState(a, b) { return Object.keys(a).every((key) => a[key] === b[key]); }

// Charts are drawn for the width they have.
let chartWidth = 0;
let chartEstimates = [];
new ResizeObserver(() => {
  const width = Math.floor(els.chart.clientWidth);
  if (width && Math.abs(width - chartWidth) > 4 && !els.overview.hidden) {
    chartWidth = width;
    if (ctx.data.health) renderChart(ctx, els.chart, els.chartDetail, chartEstimates);
  }
}).observe(els.chart);

// ---------------------------------------------------------------------------------------
// Live updates

const CORPUS_KEYS = ["documents", "positions", "estimates", "proposals"];
const changes = [];
let refreshing = false;

/** Queues a change announced by live.js; changes are applied one after the other. */
function refresh(change) {
  changes.push(change);
  if (!refreshing) applyChanges();
}

async function applyChanges() {
  refreshing = true;
  try {
    while (changes.length) {
      // Everything queued is caught up by one reload.
      const batch = changes.splice(0);
      const named = batch.some((c) => c.type === "document.added" || c.type === "document.removed");
      const stances = batch.some((c) => c.type === "stance.changed");
      try {
        let reload = named;
        if (!named) {
          // A resync, or a stance change whose write may be on the page already: reload only
          // if the corpus is not the one on the page.
          const health = await api.health();
          const known = ctx.data.health;
          reload = !(known && CORPUS_KEYS.every((key) => health[key] === known[key]));
          if (!reload && !stances) continue;
        }
        if (reload) await load();
        for (const c of batch) if (c.type === "stance.changed") timelineCache.delete(c.data.country);
        showError(null);
      } catch (error) {
        if (named) showError(error, () => refresh({ type: "changed" }));
        continue;
      }
      announce(batch);
      await render({ quiet: true });
    }
  } finally {
    refreshing = false;
  }
}

/**
 * A notice naming the documents added and removed, as the events name them (the page holds
 * only the first page of the corpus list), and the changes of stance. An event's counts are
 * the corpus's; the document's own come from the list when it shows the document.
 */
function announce(batch) {
  const after = ctx.data.documentsById;
  const named = (type) => [...new Set(batch.filter((c) => c.type === type && c.id).map((c) => c.id))];
  const added = named("document.added").filter((id) => !named("document.removed").includes(id));
  const removed = named("document.removed").filter((id) => !after.has(id));
  const lines = [];
  for (const id of added) {
    ctx.data.fresh.add(id);
    const c = after.get(id)?.counts;
    lines.push(`New article added: “${after.get(id)?.title || id}”${c
      ? ` (${plural(c.positions ?? 0, "position")}, ${plural(c.estimates ?? 0, "estimate")}, ${plural(c.proposals ?? 0, "proposal")})` : ""}.`);
  }
  for (const id of removed) lines.push(`An article was removed (${id}).`);
  for (const { data } of batch.filter((c) => c.type === "stance.changed")) {
    const name = ctx.data.countries.find((c) => c.code === data.country)?.name ?? data.country;
    lines.push(`${name}: ${data.from} → ${data.to} (${data.date}).`);
  }
  showNotice(`${lines.length ? lines.join(" ") : "The corpus changed."} The figures below are up to date.`);
}

// ---------------------------------------------------------------------------------------
// Start

async function start() {
  root.dataset.status = "loading";
  try {
    await load();
    showError(null);
  } catch (error) {
    root.dataset.status = "error";
    showError(error, start);
    return;
  }
  await render();
  if (!start.watching) {
    start.watching = true;
    watch(api, (change) => refresh(change), (status) => { root.dataset.live = status; });
  }
}
start();
