// The selected country's timeline (/countries/{code}/timeline): its dated statements on one
// row by date, coloured by stance, the changes of stance ringed and listed, month-only dates
// drawn hollow. Each point is a button that opens its sentence below the row.
import { h, append, replace, plural } from "./dom.js";
import { stanceBadge, evidenceList } from "./components.js";
import { inRange } from "./state.js";

const POINT = 16;    // px: a point's diameter; points closer than this go on another lane
const MAX_LANES = 8; // beyond this, points of a crowded day overlap rather than grow the row
const TICK_PX = 80;  // px: the least room for a month label

const utc = (options) => new Intl.DateTimeFormat("en-GB", { ...options, timeZone: "UTC" });
const dayFormat = utc({ day: "numeric", month: "long", year: "numeric" });
const monthFormat = utc({ month: "long", year: "numeric" });
const tickFormat = utc({ month: "short", year: "numeric" });
const time = (day) => Date.parse(`${day}T00:00:00Z`);
const monthStart = (t, add = 0) => { const d = new Date(t); return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + add, 1); };

/** "2 December 2024", or "December 2024" when only the month is known. */
export function formatDate(date, precision) {
  return (precision === "month" ? monthFormat : dayFormat).format(time(date));
}

const SOURCES = { sentence: "as the sentence says", published: "the article's publication date" };
const keyOf = (item) => `${item.position}:${item.document}:${item.start}`;
const actorText = (actor) => (actor?.name ? `${actor.name}${actor.role ? `, ${actor.role}` : ""}` : actor?.role || "No named speaker");

/** The point selected in the timeline, kept across renders while it is shown. */
let selected = null;

/**
 * The API's `changes` on the items they are: an item whose stance differs from the item
 * before it. Matched on the whole timeline, before the date range hides any item.
 */
function changeOf(items, changes) {
  const found = new Map();
  items.forEach((item, i) => {
    const change = i > 0 && changes.find((c) => c.date === item.date && c.position === item.position
      && c.document === item.document && c.to === item.stance && c.from === items[i - 1].stance);
    if (change) found.set(item, change);
  });
  return found;
}

/** The lowest lane each x (ascending fractions of the row) fits on, `gap` apart from the last. */
function lanes(xs, gap) {
  const ends = [];
  return xs.map((x) => {
    let lane = ends.findIndex((end) => x - end >= gap);
    if (lane < 0 && ends.length < MAX_LANES) lane = ends.length;
    if (lane < 0) lane = ends.indexOf(Math.min(...ends));
    ends[lane] = x;
    return lane;
  });
}

/** Month starts from t0 to t1, every `step` months so that their labels fit in `width` px. */
function ticks(t0, t1, width) {
  const months = [];
  for (let t = t0; t <= t1; t = monthStart(t, 1)) months.push(t);
  const room = Math.max(2, Math.floor(width / TICK_PX));
  const step = [1, 2, 3, 6, 12, 24].find((n) => Math.ceil(months.length / n) <= room) ?? 24;
  return months.filter((_, i) => i % step === 0);
}

function pointLabel(item, change) {
  return `${formatDate(item.date, item.datePrecision)}${item.datePrecision === "month" ? " (month only)" : ""}: ${item.stance}, `
    + `${actorText(item.actor)}${change ? `. Change of stance: ${change.from} → ${change.to}` : ""}`;
}

function detail(ctx, item, change) {
  return [
    h("p", { class: "tl-detail-head" }, stanceBadge(item.stance), " ",
      h("strong", {}, formatDate(item.date, item.datePrecision)),
      item.datePrecision === "month" ? h("span", { class: "tag" }, "month only") : null,
      change ? h("span", { class: "tag tag-change" }, `${change.from} → ${change.to}`) : null),
    h("dl", { class: "facts" },
      h("dt", {}, "Said by"), h("dd", {}, actorText(item.actor)),
      h("dt", {}, "Dated by"), h("dd", {}, SOURCES[item.dateSource] ?? "unknown"),
      h("dt", {}, "Document"), h("dd", {}, h("code", {}, item.document))),
    evidenceList(ctx, [item], { key: `timeline-${keyOf(item)}` }),
  ];
}

/**
 * The timeline of `timeline` (the API's answer) within `range`, for a row `width` px wide;
 * `problem` (an error) when it could not be loaded.
 */
export function timelineView(ctx, timeline, problem, range, width) {
  const box = h("section", { class: "timeline", id: "timeline", "aria-labelledby": "timeline-title" },
    h("h4", { id: "timeline-title" }, "Timeline"));
  if (problem) {
    return append(box, [h("p", { class: "problem" }, problem.message)]);
  }
  const changes = changeOf(timeline.items, timeline.changes);
  const items = timeline.items.filter((item) => inRange(item.date, range));
  const hidden = timeline.items.length - items.length;
  const undated = timeline.undated
    ? h("p", { class: "muted tl-undated" }, `${plural(timeline.undated, "undated statement")} not shown`) : null;
  if (items.length === 0) {
    return append(box, [h("p", { class: "muted tl-empty" }, hidden
      ? `No dated statement of ${timeline.countryName} in this date range (${plural(hidden, "other")} outside it).`
      : `No dated statement of ${timeline.countryName} yet.`), undated]);
  }

  // Whole months on the axis, so each end has a labelled tick.
  const t0 = monthStart(time(items[0].date));
  const t1 = monthStart(time(items.at(-1).date), 1);
  const x = (t) => (t - t0) / (t1 - t0);
  const row = Math.max(width - POINT, 1);
  const xs = items.map((item) => x(time(item.date)));
  const lane = lanes(xs, (POINT + 2) / row);
  const shownChanges = items.filter((item) => changes.has(item));
  if (!items.some((item) => keyOf(item) === selected)) selected = null;

  const detailBox = h("div", { class: "tl-detail", id: "timeline-detail", "aria-live": "polite" });
  const points = [];
  const select = (item) => {
    selected = keyOf(item);
    for (const point of points) {
      const on = point.dataset.key === `timeline-${selected}`;
      point.classList.toggle("current", on);
      point.setAttribute("aria-pressed", String(on));
    }
    replace(detailBox, detail(ctx, item, changes.get(item)));
  };

  const track = h("div", { class: "tl-track", role: "group", "aria-label": `Dated statements of ${timeline.countryName}, oldest first` });
  items.forEach((item, i) => {
    const change = changes.get(item);
    const point = h("button", {
      type: "button", class: ["tl-point", `stance-${item.stance}`, item.datePrecision === "month" ? "approx" : "", change ? "change" : ""].filter(Boolean).join(" "),
      "aria-label": pointLabel(item, change), title: pointLabel(item, change), "aria-pressed": "false", "aria-controls": "timeline-detail",
      dataset: { key: `timeline-${keyOf(item)}`, date: item.date, stance: item.stance, position: item.position, change: change ? `${change.from}>${change.to}` : null },
      onclick: () => select(item),
    });
    // Placed through the CSSOM: the server's CSP (style-src 'self') forbids style attributes.
    point.style.setProperty("--x", xs[i].toFixed(4));
    point.style.setProperty("--lane", String(lane[i]));
    points.push(point);
    track.append(point);
  });
  track.style.setProperty("--lanes", String(Math.max(...lane) + 1));

  const axis = h("div", { class: "tl-axis", "aria-hidden": "true" }, ticks(t0, t1, width).map((t) => {
    const tick = h("span", { class: `tl-tick${t === t0 ? " first" : t === t1 ? " last" : ""}` }, tickFormat.format(t));
    tick.style.setProperty("--x", x(t).toFixed(4));
    return tick;
  }));

  append(box, [
    h("p", { class: "muted tl-count" }, plural(items.length, "dated statement"),
      hidden ? ` in this date range (${hidden} outside it)` : "",
      ` · ${plural(shownChanges.length, "change")} of stance`),
    h("div", { class: "tl-row" }, track, axis),
    h("ul", { class: "legend tl-legend", "aria-label": "Timeline legend" },
      h("li", {}, h("span", { class: "tl-key" }), "dated to the day"),
      h("li", {}, h("span", { class: "tl-key approx" }), "month only"),
      h("li", {}, h("span", { class: "tl-key change" }), "change of stance")),
    shownChanges.length
      ? h("div", { class: "tl-changes" }, h("span", { class: "label" }, "Changes of stance"),
        h("ol", {}, shownChanges.map((item) => {
          const change = changes.get(item);
          return h("li", {}, h("button", {
            type: "button", class: "chip tl-change", dataset: { key: `timeline-change-${keyOf(item)}`, date: item.date },
            "aria-controls": "timeline-detail", onclick: () => { select(item); points[items.indexOf(item)].focus(); },
          }, `${formatDate(item.date, item.datePrecision)}: ${change.from} → ${change.to}`));
        })))
      : null,
    undated,
    detailBox]);

  const current = items.find((item) => keyOf(item) === selected);
  if (current) select(current);
  else replace(detailBox, h("p", { class: "muted hint" }, "Select a point to read the sentence it comes from."));
  return box;
}
