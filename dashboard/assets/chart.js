// The force-size chart: one horizontal range bar per estimate, troops and countries on
// separate axes. Open ends are arrows; approximate figures are hatched with a dashed outline.
import { h, s, replace, formatNumber, plural } from "./dom.js";
import { evidenceList, formatEstimate } from "./components.js";
import { queryWords, matchesWords, estimateStrings } from "./text.js";

const UNITS = [
  { unit: "troops", title: "Troops", caption: "Size of the force, in troops" },
  { unit: "countries", title: "Countries", caption: "Size of the coalition, in countries" },
];
const ROW = 46;      // height of one estimate: label line and bar
const BAR = 12;
const AXIS = 30;     // room for the axis and its labels
const LEFT = 14;     // room for a left arrow
const RIGHT = 22;    // room for a right arrow

/** A round step near span/count: 1, 2, 2.5 or 5 times a power of ten (at least `floor`). */
function niceStep(span, count, floor) {
  const raw = Math.max(span / Math.max(count, 1), floor);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((candidate) => candidate >= raw);
  return Math.max(step, floor);
}

function tickLabel(value, unit) {
  if (unit === "troops" && value >= 1000) return `${formatNumber(value / 1000)}k`;
  return formatNumber(value);
}

function label(estimate) {
  const who = estimate.attributedTo || "Unattributed";
  return `${who}: ${formatEstimate(estimate)}${estimate.context ? ` (${estimate.context})` : ""}`;
}

/** Cuts `text` to about `chars` characters with an ellipsis. */
function fit(text, chars) {
  const points = Array.from(text);
  return points.length <= chars ? text : `${points.slice(0, Math.max(chars - 1, 1)).join("").trimEnd()}…`;
}

function panel(ctx, unit, estimates, width, onSelect) {
  const finite = estimates.flatMap((e) => [e.min, e.max]).filter((v) => typeof v === "number");
  const top = Math.max(...finite, unit.unit === "countries" ? 5 : 1000);
  const plot = width - LEFT - RIGHT;
  const ticks = Math.max(2, Math.floor(plot / 60));
  const step = niceStep(top * 1.08, ticks, 1);
  const domain = Math.ceil((top * 1.08) / step) * step;
  const x = (value) => LEFT + (value / domain) * plot;
  const height = estimates.length * ROW + AXIS;
  const chars = Math.floor(width / 7.2);
  const hatch = `hatch-${unit.unit}`;

  const svg = s("svg", {
    width, height, viewBox: `0 0 ${width} ${height}`, class: "chart-svg",
    role: "group", "aria-label": `${unit.caption}: ${plural(estimates.length, "estimate")}`,
  },
  s("defs", {}, s("pattern", { id: hatch, width: 6, height: 6, patternUnits: "userSpaceOnUse", patternTransform: "rotate(45)" },
    s("rect", { width: 6, height: 6, class: "hatch-bg" }),
    s("line", { x1: 0, y1: 0, x2: 0, y2: 6, class: "hatch-line" }))));

  // Grid and axis.
  const axisY = estimates.length * ROW + 4;
  const grid = s("g", { class: "axis", "aria-hidden": "true" });
  for (let value = 0; value <= domain + step / 2; value += step) {
    grid.append(
      s("line", { x1: x(value), x2: x(value), y1: 0, y2: axisY, class: "grid" }),
      s("text", { x: x(value), y: axisY + 16, "text-anchor": "middle" }, tickLabel(value, unit.unit)));
  }
  grid.append(s("line", { x1: LEFT, x2: LEFT + plot, y1: axisY, y2: axisY, class: "axis-line" }));
  svg.append(grid);

  estimates.forEach((estimate, index) => {
    const y = index * ROW;
    const barY = y + 24;
    const cy = barY + BAR / 2;
    const openLeft = estimate.min === null;
    const openRight = estimate.max === null;
    const x1 = x(openLeft ? 0 : estimate.min);
    const x2 = openRight ? LEFT + plot : x(estimate.max);
    const point = !openLeft && !openRight && x2 - x1 < 8; // a single figure: a diamond on its value
    const fill = estimate.approx ? `url(#${hatch})` : "#3b6fb6"; // an attribute: the pattern id is per chart
    const name = `${label(estimate)}. ${estimate.approx ? "Approximate. " : ""}${estimate.text}`;
    const classes = ["bar", estimate.approx ? "approx" : "exact", point ? "point" : "", openLeft ? "open-left" : "", openRight ? "open-right" : ""].filter(Boolean).join(" ");
    const mid = (x1 + x2) / 2;
    const group = s("g", {
      class: classes, tabindex: 0, role: "button", "aria-label": name, "aria-controls": "chart-detail",
      id: `estimate-${estimate.id}`, dataset: { estimate: estimate.id, key: `estimate-${estimate.id}` },
    },
    s("title", {}, name),
    s("rect", { x: 0, y, width, height: ROW, class: "hit" }),
    s("text", { x: LEFT, y: y + 16, class: "bar-label" }, fit(label(estimate), chars)),
    point
      ? s("path", { d: `M${mid},${cy - 8} L${mid + 8},${cy} L${mid},${cy + 8} L${mid - 8},${cy} Z`, class: "range", fill })
      : s("rect", { x: x1, y: barY, width: Math.max(x2 - x1, 2), height: BAR, rx: 2, class: "range", fill }),
    openLeft ? s("path", { d: `M${x1 - 9},${cy} L${x1},${cy - 7} L${x1},${cy + 7} Z`, class: "arrow" }) : null,
    openRight ? s("path", { d: `M${x2 + 9},${cy} L${x2},${cy - 7} L${x2},${cy + 7} Z`, class: "arrow" }) : null);
    const select = () => onSelect(estimate, group);
    group.addEventListener("mouseenter", select);
    group.addEventListener("focus", select);
    group.addEventListener("click", select);
    group.addEventListener("keydown", (event) => {
      if (event.key === "Enter" || event.key === " ") { event.preventDefault(); select(); }
    });
    svg.append(group);
  });

  return h("figure", { class: "chart-panel", dataset: { unit: unit.unit } },
    h("figcaption", {}, h("strong", {}, unit.title), ` · ${unit.caption.toLowerCase()}`),
    svg);
}

function legend() {
  const item = (className, text, arrow, diamond) => h("li", {},
    s("svg", { width: 34, height: 14, viewBox: "0 0 34 14", "aria-hidden": "true", class: `legend-key ${className}` },
      className !== "approx" ? null : s("defs", {}, s("pattern", { id: `hatch-legend-${className}`, width: 6, height: 6, patternUnits: "userSpaceOnUse", patternTransform: "rotate(45)" },
        s("rect", { width: 6, height: 6, class: "hatch-bg" }), s("line", { x1: 0, y1: 0, x2: 0, y2: 6, class: "hatch-line" }))),
      diamond
        ? s("path", { d: "M17,0 L24,7 L17,14 L10,7 Z", class: "range", fill: "#3b6fb6" })
        : s("rect", { x: 4, y: 2, width: 22, height: 10, rx: 2, class: "range", fill: className === "approx" ? `url(#hatch-legend-${className})` : "#3b6fb6" }),
      arrow ? s("path", { d: "M34,7 L26,0 L26,14 Z", class: "arrow" }) : null),
    text);
  return h("ul", { class: "legend", "aria-label": "Legend" },
    item("exact", "stated range"),
    item("exact", "single figure", false, true),
    item("approx", "approximate (“around”, “tens of thousands”)"),
    item("exact", "open end (“more than”, “up to”)", true));
}

function proposalSummaries(proposals) {
  return proposals.map((p, i) => [i ? "; " : "", p.summary]);
}

function detail(ctx, estimate) {
  const linked = ctx.data.proposals.filter((p) => p.estimates?.includes(estimate.id));
  const term = h("dt", {}, "Proposal");
  const summaries = h("dd", {}, proposalSummaries(linked));
  term.hidden = summaries.hidden = linked.length === 0;
  // List items carry a proposal's first 3 estimate ids: when one has more, the API says which link this one.
  if (ctx.data.proposals.some((p) => (p.estimateCount ?? 0) > (p.estimates?.length ?? 0))) {
    ctx.api.proposals({ estimate: estimate.id }).then((all) => {
      replace(summaries, proposalSummaries(all));
      term.hidden = summaries.hidden = all.length === 0;
    }, () => {});
  }
  return [
    h("h3", {}, formatEstimate(estimate), estimate.approx ? h("span", { class: "tag" }, "approximate") : null),
    h("dl", { class: "facts" },
      h("dt", {}, "Given by"), h("dd", {}, estimate.attributedTo || "not attributed"),
      h("dt", {}, "As written"), h("dd", {}, `“${estimate.text}”`),
      estimate.context ? [h("dt", {}, "Size of"), h("dd", {}, estimate.context)] : null,
      term, summaries),
    evidenceList(ctx, estimate.evidence, { key: `estimate-${estimate.id}`, phrase: estimate.text, count: estimate.evidenceCount }),
  ];
}

/**
 * Renders every estimate of `shown` (those in the date range) matching the free text into
 * `container`, and the evidence of the hovered or focused bar into `detailBox`.
 */
export function renderChart(ctx, container, detailBox, shown) {
  const words = queryWords(ctx.state.q);
  const estimates = shown.filter((e) => matchesWords(words, estimateStrings(e)));
  const width = Math.max(280, Math.floor(container.clientWidth || 600));
  container.dataset.width = String(width);

  let current = null;
  const onSelect = (estimate, group) => {
    if (current === estimate.id) return;
    current = estimate.id;
    container.querySelectorAll("g.bar.current").forEach((g) => g.classList.remove("current"));
    group.classList.add("current");
    replace(detailBox, detail(ctx, estimate));
    detailBox.dataset.estimate = estimate.id;
  };

  const panels = UNITS.map((unit) => {
    const rows = estimates.filter((e) => e.unit === unit.unit)
      .sort((a, b) => (a.min ?? 0) - (b.min ?? 0) || (a.max ?? Infinity) - (b.max ?? Infinity));
    return rows.length ? panel(ctx, unit, rows, width, onSelect) : null;
  }).filter(Boolean);

  if (panels.length === 0) {
    replace(container, h("p", { class: "muted" }, ctx.data.estimates.length ? "No estimate matches these filters." : "No force-size figure in the corpus yet."));
    replace(detailBox);
    detailBox.hidden = true;
    delete detailBox.dataset.estimate;
    return;
  }
  detailBox.hidden = false;
  replace(container, panels, legend());
  const kept = estimates.find((e) => e.id === detailBox.dataset.estimate);
  if (kept) {
    onSelect(kept, container.querySelector(`[data-estimate="${CSS.escape(kept.id)}"]`));
  } else {
    delete detailBox.dataset.estimate;
    replace(detailBox, h("p", { class: "muted hint" }, "Hover over or focus a bar to read the sentence it comes from."));
  }
}

/** Moves the keyboard focus to an estimate's bar (from a proposal card). */
export function focusEstimate(id) {
  const bar = document.getElementById(`estimate-${id}`);
  if (!bar) return false;
  bar.scrollIntoView({ block: "center", behavior: "smooth" });
  bar.focus({ preventScroll: true });
  return true;
}

