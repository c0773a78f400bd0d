// Small DOM helpers shared by the pages: elements, numbers, tables, pickers, download buttons.
import { download } from "./api.js";
import { lang, t } from "./i18n.js";

/** Create an element: el("td", { class: "num" }, "12"). Attributes starting with "on" are listeners. */
export function el(tag, attrs = {}, ...children) {
  const svg = ["svg", "path", "g", "a", "title", "desc", "line", "polyline", "circle", "text", "rect"].includes(tag) && attrs.svg;
  const node = svg ? document.createElementNS("http://www.w3.org/2000/svg", tag) : document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === "svg" || value === null || value === undefined || value === false) continue;
    if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

export const svgEl = (tag, attrs = {}, ...children) => el(tag, { ...attrs, svg: true }, ...children);

const locale = () => (lang() === "id" ? "id-ID" : "en-GB");

/** A number as text in the page's language. */
export function fmt(value, digits = 2) {
  return Number(value).toLocaleString(locale(), { minimumFractionDigits: 0, maximumFractionDigits: digits });
}

/** A number in the page's language inside <data value="raw">, so the raw value stays readable. */
export function num(value, digits = 2) {
  if (value === null || value === undefined || value === "") return el("span", { class: "none" }, t("none"));
  const shown = Number(value).toLocaleString(locale(), { minimumFractionDigits: digits, maximumFractionDigits: digits });
  return el("data", { value: String(value) }, shown);
}

export function rupiah(value) {
  if (value === null || value === undefined) return el("span", { class: "none" }, t("none"));
  return el("data", { value: String(value) }, `Rp ${Number(value).toLocaleString(locale(), { maximumFractionDigits: 0 })}`);
}

export function int(value) {
  return num(value, 0);
}

export function section(title, id, ...children) {
  const heading = el("h2", { id: `${id}-title` }, title);
  return el("section", { class: "card", id, "aria-labelledby": `${id}-title` }, heading, ...children);
}

export function message(text, kind = "note") {
  return el("p", { class: kind, role: kind === "error" ? "alert" : null }, text);
}

/** A table from column specs { label, value(row) -> node|text, num?, header?, optional? (hidden on a phone) } and rows. */
export function table(caption, columns, rows, { id = null, limit = 0 } = {}) {
  const classOf = (c) => [c.num ? "num" : "", c.optional ? "optional" : ""].join(" ").trim() || null;
  const head = el("tr", {}, columns.map((c) => el("th", { scope: "col", class: classOf(c) }, c.label)));
  const body = el("tbody");
  const fill = (count) => {
    body.replaceChildren(
      ...rows.slice(0, count).map((row) =>
        el("tr", {}, columns.map((c, i) => el(i === 0 && c.header ? "th" : "td", { class: classOf(c), scope: i === 0 && c.header ? "row" : null }, c.value(row)))),
      ),
    );
  };
  fill(limit || rows.length);
  const wrap = el("div", { class: "table-wrap" }, el("table", { id }, el("caption", {}, caption), el("thead", {}, head), body));
  if (limit && rows.length > limit) {
    const more = el("button", { type: "button", class: "link" }, t("ranking.more", { count: rows.length }));
    more.addEventListener("click", () => {
      fill(rows.length);
      more.remove();
    });
    wrap.append(more);
  }
  return wrap;
}

/** CSV and XLSX buttons for an /export dataset with the page's filters. */
export function downloads(dataset, filters, label) {
  const status = el("span", { class: "download-status", role: "status" });
  const button = (fmt) =>
    el(
      "button",
      {
        type: "button",
        class: "download",
        "data-dataset": dataset,
        "data-format": fmt,
        "aria-label": `${t("download")} ${label} (${fmt.toUpperCase()})`,
        onclick: async () => {
          status.textContent = "";
          try {
            await download(dataset, fmt, filters);
          } catch (error) {
            status.textContent = t("download.failed", { message: error.message });
          }
        },
      },
      `${t("download")} ${fmt.toUpperCase()}`,
    );
  return el("div", { class: "downloads" }, button("csv"), button("xlsx"), status);
}

/** Read ?tahun= and ?triwulan= from the address (the pickers write them back). */
export function period(defaultYear) {
  const params = new URLSearchParams(location.search);
  const year = Number(params.get("tahun")) || defaultYear;
  const quarter = Number(params.get("triwulan")) || null;
  return { year, quarter };
}

export function periodQuery({ year, quarter }) {
  const params = new URLSearchParams({ tahun: year });
  if (quarter) params.set("triwulan", quarter);
  return `?${params}`;
}

export function quarterText(quarter) {
  return quarter ? `${t("quarter")} ${quarter}` : t("quarter.latest").toLowerCase();
}

/** Year and quarter pickers (a GET form, so the period stays in the address and works without script). */
export function pickers({ year, quarter }, years, extra = null) {
  const yearSelect = el("select", { id: "pick-year", name: "tahun" }, years.map((y) => el("option", { value: y, selected: y === year }, y)));
  const quarterSelect = el(
    "select",
    { id: "pick-quarter", name: "triwulan" },
    el("option", { value: "", selected: !quarter }, t("quarter.latest")),
    [1, 2, 3, 4].map((q) => el("option", { value: q, selected: q === quarter }, `${t("quarter")} ${q}`)),
  );
  return el(
    "form",
    { class: "pickers", method: "get" },
    el("label", { for: "pick-year" }, t("year")),
    yearSelect,
    el("label", { for: "pick-quarter" }, t("quarter")),
    quarterSelect,
    extra,
    el("button", { type: "submit" }, t("show")),
  );
}

export function errorText(error) {
  return error?.code === "PERMISSION_DENIED" || error?.code === "UNAUTHENTICATED" ? t("error.permission") : t("error", { message: error.message });
}
