// The positions matrix (country × stance) and the statements of the selected country.
import { STANCES } from "./api.js";
import { h, replace, countryMark, plural } from "./dom.js";
import { link, stanceBadge, evidenceList, moreButton, rangeText } from "./components.js";
import { queryWords, matchesWords, positionStrings } from "./text.js";

const SHORT = { supports: "Sup.", opposes: "Opp.", considering: "Cons.", conditional: "Cond.", undecided: "Und." };

const zeros = () => Object.fromEntries(STANCES.map((stance) => [stance, 0]));
const total = (stances) => STANCES.reduce((sum, stance) => sum + (stances[stance] ?? 0), 0);
const level = (n) => (n === 0 ? 0 : n === 1 ? 1 : n === 2 ? 2 : n <= 4 ? 3 : 4);

/**
 * One row per country. Without free text or a date range the counts are the API's own
 * (/countries); otherwise they count the positions in the range (`data.positions`, fetched
 * with it) whose words match.
 */
function matrixRows(ctx) {
  const { state, data } = ctx;
  const words = queryWords(state.q);
  let rows;
  if (words.length || rangeText(ctx.range)) {
    const byCountry = new Map();
    // None when their fetch failed (the error is shown): an empty matrix rather than a throw.
    for (const position of data.positions ?? []) {
      if (!matchesWords(words, positionStrings(position))) continue;
      let row = byCountry.get(position.country);
      if (!row) {
        row = { code: position.country, name: position.countryName, stances: zeros() };
        byCountry.set(position.country, row);
      }
      if (position.stance in row.stances) row.stances[position.stance] += 1;
    }
    rows = [...byCountry.values()];
  } else {
    rows = data.countries.map((country) => ({ code: country.code, name: country.name, stances: { ...zeros(), ...country.stances } }));
  }
  if (state.stance) rows = rows.filter((row) => row.stances[state.stance] > 0);
  // Most-discussed first; ties by name, so the order is stable.
  return rows.sort((a, b) => total(b.stances) - total(a.stances) || a.name.localeCompare(b.name));
}

export function renderMatrix(ctx, table) {
  const { state } = ctx;
  const rows = matrixRows(ctx);
  const statements = rows.reduce((sum, row) => sum + total(row.stances), 0);
  const filtered = [state.stance && `stance “${state.stance}”`, state.q && `words “${state.q}”`].filter(Boolean);

  const caption = h("caption", {},
    `${plural(statements, "statement")} from ${plural(rows.length, "country", "countries")}`,
    filtered.length ? ` matching ${filtered.join(" and ")}` : "",
    rangeText(ctx.range) ? `, ${rangeText(ctx.range)}` : "");
  caption.dataset.statements = String(statements);

  const head = h("thead", {}, h("tr", {},
    h("th", { scope: "col", class: "country-col" }, "Country"),
    STANCES.map((stance) => h("th", {
      scope: "col", class: `stance-col col-${stance}${state.stance === stance ? " active" : ""}`, dataset: { stance },
    }, h("button", {
      type: "button", class: "col-toggle", "aria-pressed": String(state.stance === stance),
      title: state.stance === stance ? `Show every stance` : `Only countries that ${stance === "undecided" ? "are undecided" : stance}`,
      dataset: { key: `stance-${stance}` },
      onclick: () => ctx.navigate({ stance: state.stance === stance ? "" : stance }),
    }, h("span", { class: "swatch", "aria-hidden": "true" }),
    h("span", { class: "long" }, stance), h("span", { class: "short", "aria-hidden": "true" }, SHORT[stance])))),
    h("th", { scope: "col", class: "total-col" }, "Total"),
  ));

  const body = h("tbody", {}, rows.map((row) => {
    const selected = state.country === row.code;
    const sum = total(row.stances);
    return h("tr", { class: selected ? "selected" : null, dataset: { country: row.code } },
      h("th", { scope: "row" }, h("button", {
        type: "button", class: "country-button", "aria-pressed": String(selected), "aria-controls": "statements",
        "aria-label": `${row.name} (${row.code}): ${plural(sum, "statement")}`,
        dataset: { key: `country-${row.code}` },
        onclick: () => {
          ctx.navigate({ country: selected ? "" : row.code });
          if (!selected) ctx.revealStatements();
        },
      }, countryMark(row.code), h("span", { class: "name" }, row.name))),
      STANCES.map((stance) => {
        const n = row.stances[stance];
        return h("td", {
          class: `cell stance-${stance} lvl-${level(n)}${state.stance && state.stance !== stance ? " dim" : ""}`,
          dataset: { stance, count: n },
          title: `${row.name}: ${plural(n, "statement")} “${stance}”`,
          // A mouse shortcut; the row button and the stance toggles do the same from the keyboard.
          onclick: n > 0 ? () => { ctx.navigate({ country: row.code, stance }); ctx.revealStatements(); } : null,
        }, String(n));
      }),
      h("td", { class: "total-col" }, String(sum)));
  }));

  replace(table, caption, head, body);
  if (rows.length === 0) {
    table.tBodies[0].append(h("tr", {}, h("td", { colspan: STANCES.length + 2, class: "empty" }, "No statements match these filters.")));
  }
}

function statement(ctx, position) {
  const actor = position.actor;
  return h("li", { class: `statement stance-border-${position.stance}`, dataset: { position: position.id } },
    h("div", { class: "statement-head" },
      stanceBadge(position.stance),
      actor
        ? h("span", { class: "actor" }, h("strong", {}, actor.name), actor.role ? `, ${actor.role}` : "")
        : h("span", { class: "actor muted" }, "No named speaker")),
    h("p", { class: "summary" }, position.summary),
    position.conditions?.length
      ? h("div", { class: "conditions" }, h("span", { class: "label" }, "Conditions"),
        h("ul", {}, position.conditions.map((condition) => h("li", {}, condition))))
      : null,
    position.reportedBy?.length
      ? h("p", { class: "reported" }, h("span", { class: "label" }, "Reported by"), " ", position.reportedBy.join(", "))
      : null,
    evidenceList(ctx, position.evidence, { key: `position-${position.id}`, count: position.evidenceCount }));
}

/** Named speakers of `positions`, each once, in order. */
function speakers(positions) {
  const seen = new Map();
  for (const { actor } of positions) {
    if (actor?.name && !seen.has(`${actor.name}\u0000${actor.role}`)) seen.set(`${actor.name}\u0000${actor.role}`, actor);
  }
  return [...seen.values()];
}

/**
 * The statements panel: the country's `timeline` (an element), the pages of its positions
 * fetched so far (with the stance filter and the date range; free text filters what they
 * show), and `showMore` for the next page.
 */
export function renderStatements(ctx, panel, detail, problem, showMore, timeline) {
  const { state } = ctx;
  if (!state.country) {
    replace(panel,
      h("h3", {}, "Statements"),
      h("p", { class: "muted hint" }, "Select a country in the table to read what was said: who said it, the conditions, who reported it, and the sentence it comes from."));
    return;
  }
  if (problem) {
    replace(panel, h("h3", {}, "Statements"), h("p", { class: "problem" }, problem.message),
      link(ctx, { country: "" }, { class: "button-link" }, "Show every country"));
    return;
  }
  const words = queryWords(state.q);
  const positions = detail.positions.filter((p) =>
    (!state.stance || p.stance === state.stance) && matchesWords(words, positionStrings(p)));
  const hidden = detail.positions.length - positions.length;
  const actors = speakers(detail.positions);

  replace(panel,
    h("div", { class: "statements-head" },
      h("h3", { id: "statements-title" }, countryMark(detail.code), " ", detail.name,
        h("span", { class: "sr-only" }, ` (${detail.code})`)),
      h("a", {
        href: ctx.href({ ...state, country: "" }), class: "close", "aria-label": `Close ${detail.name}`,
        onclick: (event) => {
          if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
          event.preventDefault();
          ctx.navigate({ country: "" }, { focus: `country-${detail.code}` });
        },
      }, "×")),
    h("p", { class: "muted statements-count" },
      plural(positions.length, "statement"),
      rangeText(ctx.range) ? ` ${rangeText(ctx.range)}` : "",
      hidden ? ` shown, ${hidden} hidden by the filters` : "",
      detail.proposalCount ? ` · ${plural(detail.proposalCount, "proposal")}` : ""),
    actors.length
      ? h("p", { class: "actors" }, h("span", { class: "label" }, "Speakers"), " ",
        actors.map((actor, i) => [i ? "; " : "", h("strong", {}, actor.name), actor.role ? `, ${actor.role}` : ""]))
      : null,
    timeline,
    positions.length
      ? h("ol", { class: "statements", "aria-labelledby": "statements-title" }, positions.map((p) => statement(ctx, p)))
      : h("p", { class: "muted" }, "No statement matches these filters."),
    moreButton(detail.positions.length, detail.total, "statements", showMore));
}
