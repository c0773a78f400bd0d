// A GeoJSON choropleth drawn as SVG: equirectangular projection (Indonesia straddles the equator,
// so the distortion is small), each area a keyboard-focusable link with a title.
import { svgEl } from "./ui.js";

const geoCache = new Map();

/** Fetch a shipped geometry file (cached by the browser for good: its URL carries the assets version). */
export function geometry(url) {
  if (!geoCache.has(url)) {
    geoCache.set(
      url,
      fetch(url).then((r) => {
        if (!r.ok) throw new Error(`HTTP ${r.status} ${url}`);
        return r.json();
      }),
    );
  }
  return geoCache.get(url);
}

function bounds(features) {
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const feature of features)
    for (const polygon of feature.geometry.coordinates)
      for (const [x, y] of polygon[0]) {
        minX = Math.min(minX, x);
        maxX = Math.max(maxX, x);
        minY = Math.min(minY, y);
        maxY = Math.max(maxY, y);
      }
  return { minX, minY, maxX, maxY };
}

/**
 * Draw `collection` into an <svg>. `style(code)` returns { fill, title, href } for each area.
 * Areas are <a> elements, so Tab reaches them and Enter opens them.
 */
export function drawMap(collection, label, style, width = 1000) {
  const { minX, minY, maxX, maxY } = bounds(collection.features);
  const scale = width / (maxX - minX);
  const height = Math.ceil((maxY - minY) * scale);
  const point = ([x, y]) => `${((x - minX) * scale).toFixed(1)} ${((maxY - y) * scale).toFixed(1)}`;
  const svg = svgEl("svg", { viewBox: `0 0 ${width} ${height}`, class: "map", role: "group", "aria-label": label });
  for (const feature of collection.features) {
    const { code, name } = feature.properties;
    const { fill, title, href } = style(code, name);
    const d = feature.geometry.coordinates.map((polygon) => `M${polygon[0].map(point).join("L")}Z`).join("");
    const path = svgEl("path", { d, fill, "data-code": code, "data-name": name });
    const area = href
      ? svgEl("a", { href, "aria-label": title, class: "area" }, svgEl("title", {}, title), path)
      : svgEl("g", { class: "area", role: "img", "aria-label": title }, svgEl("title", {}, title), path);
    svg.append(area);
  }
  return svg;
}
