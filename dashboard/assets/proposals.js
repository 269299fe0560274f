// Proposals as cards: summary, proposers, linked estimates, evidence.
import { h, replace, plural, formatNumber } from "./dom.js";
import { countryLink, evidenceList, formatEstimate, rangeText } from "./components.js";
import { focusEstimate } from "./chart.js";

function card(ctx, proposal) {
  const names = proposal.proposerNames ?? [];
  const estimates = (proposal.estimates ?? []).map((id) => ctx.data.estimatesById.get(id)).filter(Boolean);
  // Lists carry a proposal's first 3 estimate ids and how many it has.
  const unlisted = (proposal.estimateCount ?? 0) - (proposal.estimates?.length ?? 0);
  return h("li", { class: "card proposal", dataset: { proposal: proposal.id } },
    h("h3", {}, proposal.summary),
    h("div", { class: "proposers" },
      h("span", { class: "label" }, "Proposed by"), " ",
      proposal.proposers?.length
        ? proposal.proposers.map((code, i) => countryLink(ctx, code, names[i]))
        : h("span", { class: "muted" }, "no country named")),
    estimates.length
      ? h("div", { class: "linked-estimates" }, h("span", { class: "label" }, "Force size"), " ",
        estimates.map((estimate) => h("button", {
          type: "button", class: "chip estimate-chip", dataset: { estimate: estimate.id },
          title: "Show this figure in the force-size chart",
          onclick: () => focusEstimate(estimate.id),
        }, formatEstimate(estimate))),
        unlisted > 0 ? h("span", { class: "muted" }, ` and ${formatNumber(unlisted)} more`) : null)
      : null,
    h("div", { class: "proposal-evidence" },
      h("span", { class: "label" }, "Evidence"),
      evidenceList(ctx, proposal.evidence, { key: `proposal-${proposal.id}`, count: proposal.evidenceCount })));
}

export function renderProposals(ctx, container, proposals, problem) {
  if (problem) {
    replace(container, h("p", { class: "problem" }, problem.message));
    return;
  }
  const filters = [ctx.state.country && `proposed by ${ctx.state.country}`, ctx.state.q && `mentioning “${ctx.state.q}”`,
    rangeText(ctx.range)].filter(Boolean);
  replace(container,
    h("p", { class: "muted proposals-count" }, plural(proposals.length, "proposal"), filters.length ? ` ${filters.join(", ")}` : ""),
    proposals.length
      ? h("ul", { class: "cards" }, proposals.map((proposal) => card(ctx, proposal)))
      : h("p", { class: "muted" }, "No proposal matches these filters."));
}
