// A hand-drawn SVG line chart: IP SPM (0-100) over the four quarters, one line per series.
import { lang } from "./i18n.js";
import { el, svgEl } from "./ui.js";

const COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf"];

/** series: [{ name, values: [q1, q2, q3, q4] (null when missing), main? }] */
export function lineChart(title, description, series) {
  const [w, h, left, right, top, bottom] = [640, 300, 44, 16, 16, 36];
  const x = (i) => left + (i * (w - left - right)) / 3;
  const y = (v) => top + ((100 - v) * (h - top - bottom)) / 100;
  const svg = svgEl("svg", { viewBox: `0 0 ${w} ${h}`, class: "chart", role: "img", "aria-labelledby": "chart-title chart-desc" });
  svg.append(svgEl("title", { id: "chart-title" }, title), svgEl("desc", { id: "chart-desc" }, description));
  for (const v of [0, 25, 50, 75, 100]) {
    svg.append(svgEl("line", { x1: left, x2: w - right, y1: y(v), y2: y(v), class: "grid" }));
    svg.append(svgEl("text", { x: left - 6, y: y(v) + 4, class: "tick", "text-anchor": "end" }, v.toLocaleString(lang() === "id" ? "id-ID" : "en-GB")));
  }
  for (let q = 0; q < 4; q += 1) svg.append(svgEl("text", { x: x(q), y: h - 12, class: "tick", "text-anchor": "middle" }, `TW ${q + 1}`));
  const legend = el("ul", { class: "chart-legend" });
  const drawOrder = [...series.filter((s) => !s.main), ...series.filter((s) => s.main)]; // the region's line on top
  for (const s of drawOrder) {
    const i = series.indexOf(s);
    const colour = s.main ? "#111" : COLOURS[i % COLOURS.length];
    const points = s.values.map((v, q) => (v === null || v === undefined ? null : [x(q), y(Number(v))])).filter(Boolean);
    if (points.length > 1) svg.append(svgEl("polyline", { points: points.map((p) => p.join(",")).join(" "), stroke: colour, class: s.main ? "line main" : "line" }));
    for (const [px, py] of points) svg.append(svgEl("circle", { cx: px, cy: py, r: s.main ? 4 : 3, fill: colour }));
  }
  series.forEach((s, i) => {
    const colour = s.main ? "#111" : COLOURS[i % COLOURS.length];
    legend.append(el("li", {}, el("span", { class: s.main ? "key main" : "key", "data-colour": colour }), s.name));
  });
  for (const key of legend.querySelectorAll(".key")) key.style.backgroundColor = key.dataset.colour;
  return el("figure", { class: "chart-figure" }, svg, legend);
}
