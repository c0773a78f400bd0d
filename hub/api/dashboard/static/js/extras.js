// Sections that appear by themselves when the API grows: the e-SPM cycle (stages, action plan, team
// decree, submission, completeness, timeliness) and the assistance cycle (clusters, follow-ups) are
// found by introspection, queried with the page's region and period, and shown as generic tables.
// Fields the dashboard already draws (or deliberately leaves out) are listed here; anything else
// with arguments it can fill becomes a section.
import { data, typeFields } from "./api.js";
import { t } from "./i18n.js";
import { el, num, section, table } from "./ui.js";

const KNOWN_REGION = new Set([
  "code", "name", "kind", "governmentLevel", "parentCode", "bpsCode", "populationTotal", "parent", "children",
  "services", "achievement", "budgetCoverage", "unbudgetedServices", "readiness",
]);
const KNOWN_QUERY = new Set([
  "spmFields", "spmServices", "spmService", "regions", "region", "nomenclatureEditions", "nomenclatureNodes",
  "nomenclatureNode", "serviceLinks", "budgetLines", "budgetAggregate", "achievementReports", "ranking", "raporValues",
  "ingestRuns", "nomenclatureChanges", "editionDiff", "recipientNeed", "budgetPerRecipient", "auditEvents",
  "achievementSchemes",
]);
const LEAF_KINDS = new Set(["SCALAR", "ENUM"]);
const NUMERIC = new Set(["Int", "Float", "Decimal"]);

function unwrap(type) {
  let list = false;
  let required = false;
  let current = type;
  while (current.kind === "NON_NULL" || current.kind === "LIST") {
    if (current.kind === "LIST") list = true;
    else if (!list) required = true;
    current = current.ofType;
  }
  return { kind: current.kind, name: current.name, list, required };
}

const words = (name) => name.replace(/([A-Z])/g, " $1").replace(/^./, (c) => c.toUpperCase());

/** Arguments a field needs, filled from the page's context, or null if a required one cannot be. */
function argumentsFor(field, context) {
  const values = {};
  for (const arg of field.args) {
    const filled = {
      year: context.year,
      fiscalYear: context.year,
      quarter: context.quarter,
      throughQuarter: context.quarter || 4,
      regionCode: context.regionCode,
      provinceCode: context.provinceCode,
    }[arg.name];
    const { required } = unwrap(arg.type);
    if (filled !== undefined && filled !== null) values[arg.name] = filled;
    else if (required && arg.defaultValue === null) return null;
  }
  return values;
}

const literal = (value) => (typeof value === "number" ? String(value) : JSON.stringify(value));
const argText = (values) => {
  const parts = Object.entries(values).map(([k, v]) => `${k}: ${literal(v)}`);
  return parts.length ? `(${parts.join(", ")})` : "";
};

/** A selection of the type's leaves, and one level of object fields' leaves (depth-limited). */
async function selection(typeName, depth = 1) {
  const fields = (await typeFields(typeName)) || [];
  const parts = [];
  for (const field of fields) {
    if (field.args.some((a) => unwrap(a.type).required && a.defaultValue === null)) continue;
    const type = unwrap(field.type);
    if (LEAF_KINDS.has(type.kind)) parts.push(field.name);
    else if (depth > 0 && (type.kind === "OBJECT" || type.kind === "INTERFACE")) {
      const inner = await selection(type.name, depth - 1);
      if (inner) parts.push(`${field.name} { ${inner} }`);
    }
  }
  return parts.join(" ");
}

function cellOf(value) {
  if (value === null || value === undefined) return t("none");
  if (typeof value === "boolean") return value ? t("yes") : t("no");
  if (typeof value === "number") return num(value, Number.isInteger(value) ? 0 : 2);
  if (Array.isArray(value)) return value.length ? value.map((v) => (typeof v === "object" ? JSON.stringify(v) : v)).join(", ") : t("none");
  if (typeof value === "object") return Object.entries(value).map(([k, v]) => `${words(k)}: ${v ?? t("none")}`).join("; ");
  return String(value);
}

function render(title, id, value) {
  const rows = Array.isArray(value) ? value : value ? [value] : [];
  if (!rows.length) return section(title, id, el("p", { class: "note" }, t("none")));
  const keys = [...new Set(rows.flatMap((r) => (r && typeof r === "object" ? Object.keys(r) : [])))];
  if (!keys.length) return section(title, id, el("p", {}, cellOf(value)));
  const columns = keys.map((k) => ({ label: words(k), value: (r) => cellOf(r[k]) }));
  return section(title, id, table(title, columns, rows, { id: `${id}-table` }));
}

async function extraFields(parentType, known, context) {
  const fields = (await typeFields(parentType)) || [];
  const found = [];
  for (const field of fields) {
    if (known.has(field.name)) continue;
    const args = argumentsFor(field, context);
    if (!args) continue;
    if (parentType === "Query" && !("regionCode" in args || "provinceCode" in args)) continue;
    const type = unwrap(field.type);
    const inner = LEAF_KINDS.has(type.kind) ? "" : await selection(type.name);
    if (!LEAF_KINDS.has(type.kind) && !inner) continue;
    found.push({ field, text: `${field.name}${argText(args)}${inner ? ` { ${inner} }` : ""}` });
  }
  return found;
}

/**
 * Sections for the fields the dashboard does not know yet: new Region fields (for the region page) and
 * new root fields taking the region or province code. Each is queried on its own so one refusal
 * (a token that may not see it) hides only that section.
 */
export async function autoSections(context) {
  const found = [
    ...(context.regionCode ? (await extraFields("Region", KNOWN_REGION, context)).map((f) => ({ ...f, onRegion: true })) : []),
    ...(await extraFields("Query", KNOWN_QUERY, context)),
  ];
  const sections = [];
  for (const { field, text, onRegion } of found) {
    try {
      const query = onRegion ? `{ region(code: ${literal(context.regionCode)}) { ${text} } }` : `{ ${text} }`;
      const answer = await data(query);
      const value = onRegion ? answer.region?.[field.name] : answer[field.name];
      sections.push(render(field.description?.split(". ")[0] || words(field.name), `extra-${field.name}`, value));
    } catch {
      /* a field this token may not read: leave it out */
    }
  }
  return sections;
}

const SEQUENTIAL = ["#f7fbff", "#c6dbef", "#6baed6", "#2171b5", "#08306b"];

/**
 * The map measures: IP SPM always; completeness and timeliness when a root field of that name answers
 * per region (found by introspection; the value is its first numeric field, or a percentage).
 */
export async function measures() {
  const available = [{ key: "ip" }];
  const fields = (await typeFields("Query")) || [];
  for (const key of ["completeness", "timeliness"]) {
    const field = fields.find((f) => f.name.toLowerCase().includes(key));
    if (!field) continue;
    const type = unwrap(field.type);
    const leaves = ((await typeFields(type.name)) || []).filter((f) => LEAF_KINDS.has(unwrap(f.type).kind));
    const codeField = leaves.find((f) => f.name === "regionCode");
    const valueField =
      leaves.find((f) => NUMERIC.has(unwrap(f.type).name) && /pct|percent|score|rate|share/i.test(f.name)) ||
      leaves.find((f) => NUMERIC.has(unwrap(f.type).name) && !/year|quarter|rank|id$/i.test(f.name));
    if (!codeField || !valueField) continue;
    available.push({
      key,
      async load(period) {
        const args = argumentsFor(field, { year: period.year, quarter: period.quarter || 4, provinceCode: null, regionCode: null }) || {};
        if (field.args.some((a) => a.name === "level")) args.level = "PROV";
        const answer = await data(`{ ${field.name}${argText(args)} { regionCode ${valueField.name} } }`);
        const rows = Array.isArray(answer[field.name]) ? answer[field.name] : [];
        return new Map(rows.map((r) => [r.regionCode, r[valueField.name]]));
      },
      colour(value) {
        if (value === null || value === undefined) return "#d9dde3";
        const share = Math.max(0, Math.min(1, Number(value) / (Number(value) > 1 ? 100 : 1)));
        return SEQUENTIAL[Math.min(SEQUENTIAL.length - 1, Math.floor(share * SEQUENTIAL.length))];
      },
      legend() {
        return el(
          "ul",
          { class: "legend" },
          SEQUENTIAL.map((colour, i) => el("li", {}, el("span", { class: "swatch", "data-colour": colour }), `${(i * 100) / SEQUENTIAL.length}–${((i + 1) * 100) / SEQUENTIAL.length}%`)),
        );
      },
    });
  }
  return available;
}
