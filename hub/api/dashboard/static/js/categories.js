// Category colours: the bands come from the API (achievementSchemes), the colour from a band's rank,
// so a scheme with other labels or thresholds colours correctly without touching this file.
import { data } from "./api.js";
import { el, num } from "./ui.js";
import { t } from "./i18n.js";

// From the best band to the worst; chosen for contrast with dark text and for colour-blind readers.
const PALETTE = ["#1b7837", "#5aae61", "#a6dba0", "#fee08b", "#fdae61", "#d73027"];
export const NO_DATA = "#d9dde3";

let bandsPromise = null;

/** The bands of the newest scheme, best first: [{ label, minIp, rank, colour }]. */
export function bands() {
  bandsPromise ??= data("{ achievementSchemes { code bands { label minIp rank } } }")
    .then((answer) => {
      const scheme = answer.achievementSchemes[0];
      const sorted = [...(scheme?.bands || [])].sort((a, b) => a.rank - b.rank);
      return sorted.map((band, i) => ({ ...band, colour: PALETTE[Math.min(i, PALETTE.length - 1)] }));
    })
    .catch(() => []);
  return bandsPromise;
}

export function colourOf(allBands, category) {
  return allBands.find((b) => b.label === category)?.colour || NO_DATA;
}

/** A category as a swatch plus its label (colour is never the only cue). */
export function badge(allBands, category) {
  if (!category) return el("span", { class: "none" }, t("none"));
  return el("span", { class: "badge" }, el("span", { class: "swatch", style: null, "data-colour": colourOf(allBands, category) }), category);
}

export function legend(allBands) {
  return el(
    "ul",
    { class: "legend", "aria-label": t("legend") },
    allBands.map((band) =>
      el("li", { "data-rank": band.rank, "data-label": band.label }, el("span", { class: "swatch", "data-colour": band.colour }), `${band.label} (≥ `, num(band.minIp, 0), ")"),
    ),
    el("li", { "data-rank": "none" }, el("span", { class: "swatch", "data-colour": NO_DATA }), t("map.nodata")),
  );
}

/** Swatches get their colour from data-colour (the CSP allows no inline style attribute). */
export function paintSwatches(root) {
  for (const swatch of root.querySelectorAll(".swatch[data-colour]")) swatch.style.backgroundColor = swatch.dataset.colour;
}
