// The e-SPM cycle (issue 12: quarter submission, completeness, timeliness, the four stages, Rencana Aksi,
// Tim Penerapan SPM) and the assistance cycle (issue 13: clusters, follow-ups). These parts of the API
// may not exist on a given hub: each is looked up by introspection first, and its section appears only
// when the fields are there (and only with what the token may read).
import { data, hasFields, typeFields } from "./api.js";
import { NO_DATA } from "./categories.js";
import { t } from "./i18n.js";
import { el, fmt, int, message, num, section, table } from "./ui.js";

const quarterOf = (period) => period.quarter || 4;
const words = (value) => (value ? String(value).replaceAll("_", " ") : t("none"));
/** The last day of the chosen quarter: the date the assistance views are read "on". */
const quarterEnd = ({ year, quarter }) => new Date(Date.UTC(year, quarterOf({ quarter }) * 3, 0)).toISOString().slice(0, 10);

const TIMELINESS = { on_time: "#1b7837", late: "#fdae61", missing: "#d73027", not_due: "#c6dbef", no_deadline: NO_DATA };
const SEQUENTIAL = ["#f1eef6", "#bdc9e1", "#74a9cf", "#2b8cbe", "#045a8d"];

export const timelinessText = (value) => t(`timeliness.${value}`) === `timeliness.${value}` ? words(value) : t(`timeliness.${value}`);
export const statusText = (value) => t(`submission.${value}`) === `submission.${value}` ? words(value) : t(`submission.${value}`);

/** The root field listing every region's quarter (regionCode, completeness, timeliness), if the API has one. */
async function statusesField() {
  const fields = (await typeFields("Query")) || [];
  for (const field of fields) {
    let type = field.type;
    while (type.ofType) type = type.ofType;
    if (type.kind !== "OBJECT") continue;
    const names = ((await typeFields(type.name)) || []).map((f) => f.name);
    if (["regionCode", "completeness", "timeliness"].every((n) => names.includes(n)) && field.args.some((a) => a.name === "year")) {
      return { name: field.name, args: field.args.map((a) => a.name), itemFields: names };
    }
  }
  return null;
}

/** Completeness and timeliness of the regions of a level (or of a province), keyed by region code. */
export async function quarterStatuses(period, { level = null, provinceCode = null } = {}) {
  const field = await statusesField();
  if (!field) return null;
  const args = { year: period.year, quarter: quarterOf(period) };
  if (level && field.args.includes("level")) args.level = level;
  if (provinceCode && field.args.includes("provinceCode")) args.provinceCode = provinceCode;
  const extra = ["status", "daysLate", "missing"].filter((n) => field.itemFields.includes(n)).join(" ");
  const text = Object.entries(args).map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join(", ");
  const answer = await data(`{ rows: ${field.name}(${text}) { regionCode completeness timeliness ${extra} } }`);
  return new Map(answer.rows.map((row) => [row.regionCode, row]));
}

function swatchList(entries) {
  return el("ul", { class: "legend" }, entries.map(([label, colour]) => el("li", {}, el("span", { class: "swatch", "data-colour": colour }), label)));
}

/** The national map's measures: IP SPM always; completeness and timeliness when the API has them. */
export async function measures() {
  const available = [{ key: "ip" }];
  if (!(await statusesField())) return available;
  const load = (period) => quarterStatuses(period, { level: "PROV" });
  available.push(
    {
      key: "completeness",
      load,
      value: (row) => row?.completeness ?? null,
      text: (row) => (row ? `${fmt(row.completeness, 1)} %` : t("map.nodata")),
      colour(row) {
        if (!row) return NO_DATA;
        const share = Math.max(0, Math.min(0.999, Number(row.completeness) / 100));
        return SEQUENTIAL[Math.floor(share * SEQUENTIAL.length)];
      },
      legend: () => swatchList([...SEQUENTIAL.map((c, i) => [`${i * 20}–${(i + 1) * 20} %`, c]), [t("map.nodata"), NO_DATA]]),
    },
    {
      key: "timeliness",
      load,
      text: (row) => (row ? timelinessText(row.timeliness) : t("map.nodata")),
      colour: (row) => (row ? TIMELINESS[row.timeliness] || NO_DATA : NO_DATA),
      legend: () => swatchList([...Object.entries(TIMELINESS).map(([k, c]) => [timelinessText(k), c]), [t("map.nodata"), NO_DATA]]),
    },
  );
  return available;
}

function stagesTable(stages) {
  return stages.length
    ? table(t("cycle.stages"), [
        { label: t("urusan"), value: (s) => s.fieldCode },
        { label: t("cycle.stage"), value: (s) => words(s.stage) },
        { label: t("cycle.status"), value: (s) => words(s.status) },
        { label: t("cycle.date"), value: (s) => s.doneOn || t("none") },
        { label: t("cycle.evidence"), value: (s) => s.evidenceRef || s.evidenceFileName || t("none") },
      ], stages, { id: "stages-table" })
    : message(t("cycle.none"));
}

function planPart(plan) {
  if (!plan) return message(t("cycle.none"));
  return [
    el("p", {}, `${t("cycle.document")}: ${plan.documentRef || t("none")} · ${t("cycle.adopted")}: ${plan.adoptedOn || t("none")}`),
    plan.actions.length
      ? table(t("cycle.plan"), [
          { label: t("cycle.action"), value: (a) => a.action },
          { label: t("service"), value: (a) => a.serviceCode || t("none") },
          { label: t("cycle.agency"), value: (a) => a.agency || t("none") },
          { label: t("cycle.deadline"), value: (a) => a.deadline || t("none") },
          { label: t("cycle.status"), value: (a) => words(a.status) },
          { label: t("cycle.progress"), num: true, value: (a) => num(a.progressPct, 0) },
        ], plan.actions, { id: "plan-table" })
      : message(t("cycle.none")),
  ];
}

function teamPart(team, warnings) {
  const warningList = warnings.length ? el("ul", { class: "warnings", id: "team-warnings" }, warnings.map((w) => el("li", {}, w.message))) : null;
  if (!team) return [message(t("cycle.none")), warningList];
  return [
    el("p", {}, `${t("cycle.decree")} ${team.number} · ${team.decreedOn} · ${t("cycle.validUntil")} ${team.validUntil || t("none")}`),
    warningList,
    team.members.length
      ? table(t("cycle.team"), [
          { label: t("name"), value: (m) => m.name },
          { label: t("cycle.role"), value: (m) => m.role },
          { label: t("cycle.agency"), value: (m) => m.agency || t("none") },
        ], team.members, { id: "team-table" })
      : null,
  ];
}

function followUpStatus(f) {
  const late = f.status === "overdue" || f.overdue || f.daysLate > 0;
  const status = f.status === "overdue" ? "" : `${t(`followUp.${f.status}`) === `followUp.${f.status}` ? words(f.status) : t(`followUp.${f.status}`)} · `;
  return late ? `${status}${t("cycle.overdue")}${f.daysLate ? ` (${f.daysLate} ${t("cycle.days")})` : ""}` : status.slice(0, -3);
}

const partText = (part) => (t(`part.${part}`) === `part.${part}` ? words(part) : t(`part.${part}`));

function followUpTable(rows, id) {
  return rows.length
    ? table(t("cycle.followUps"), [
        { label: t("cycle.action"), value: (f) => f.action },
        { label: t("cycle.owner"), value: (f) => [f.ownerRegionName, f.ownerOpd, f.ownerRole].filter(Boolean).join(" · ") },
        { label: t("cycle.deadline"), value: (f) => f.dueOn },
        { label: t("cycle.status"), value: (f) => followUpStatus(f) },
      ], rows, { id })
    : message(t("cycle.noFollowUps"));
}

const QUARTER_PARTS = `stages { fieldCode stage status doneOn evidenceRef evidenceFileName }
  plan { documentRef adoptedOn actions { action serviceCode agency deadline status progressPct } }
  team { number decreedOn validUntil members { name role agency } }
  submission { status submittedAt verifiedAt returnedAt returnReason } teamWarnings { kind message }`;

/** The region page's cycle sections (empty when the API has no e-SPM cycle). */
export async function regionCycle(region, period) {
  const sections = [];
  if ((await hasFields("Query", ["quarter"])) && (await hasFields("Quarter", ["stages", "plan", "team", "submission"]))) {
    try {
      const { quarter } = await data(
        `query($code: String!, $year: Int!, $quarter: Int!) { quarter(regionCode: $code, year: $year, quarter: $quarter) { ${QUARTER_PARTS} } }`,
        { code: region.code, year: period.year, quarter: quarterOf(period) },
      );
      const statuses = await quarterStatuses(period, { provinceCode: region.parent?.code || region.code }).catch(() => null);
      const mine = statuses?.get(region.code);
      const s = quarter.submission;
      sections.push(
        section(
          t("cycle.submission", { quarter: quarterOf(period), year: period.year }),
          "submission",
          el(
            "dl",
            { class: "figures" },
            el("div", {}, el("dt", {}, t("cycle.status")), el("dd", { id: "submission-status" }, statusText(s.status))),
            mine ? el("div", {}, el("dt", {}, t("metric.completeness")), el("dd", { id: "completeness" }, num(mine.completeness, 0), " %")) : null,
            mine ? el("div", {}, el("dt", {}, t("metric.timeliness")), el("dd", { id: "timeliness" }, timelinessText(mine.timeliness), mine.daysLate ? ` (${mine.daysLate} ${t("cycle.days")})` : "")) : null,
          ),
          s.returnReason ? el("p", { class: "error" }, `${t("cycle.returned")}: ${s.returnReason}`) : null,
          mine?.missing?.length ? el("p", {}, `${t("region.readiness.missing")}: ${mine.missing.map(partText).join(", ")}`) : null,
        ),
        section(t("cycle.stages"), "stages", stagesTable(quarter.stages)),
        section(t("cycle.plan"), "plan", planPart(quarter.plan)),
        section(t("cycle.team"), "team", teamPart(quarter.team, quarter.teamWarnings)),
      );
    } catch {
      /* this token may not read the quarter: no section */
    }
  }
  if (await hasFields("Query", ["followUps"])) {
    try {
      const { followUps } = await data(
        `query($code: String!) { followUps(regionCode: $code) { id action ownerOpd ownerRole dueOn status overdue } }`,
        { code: region.code },
      );
      const open = followUps.filter((f) => !["done", "dropped"].includes(f.status));
      sections.push(section(t("cycle.followUps"), "follow-ups", followUpTable(open, "follow-ups-table")));
    } catch {
      /* not readable with this token */
    }
  }
  return sections;
}

/** The province page's clusters with their members' figures and overdue follow-ups (when the API has them). */
export async function provinceClusters(code, period) {
  if (!(await hasFields("Query", ["clusters"])) || !(await hasFields("Cluster", ["view", "digest"]))) return [];
  try {
    const { clusters } = await data(
      `query($code: String!, $on: Date) { clusters(provinceCode: $code) { id name
        view(on: $on) { regionCode regionName submissionStatus completeness timeliness openFollowUps overdueFollowUps }
        digest { overdue { action ownerRegionName ownerOpd ownerRole dueOn status daysLate } } } }`,
      { code, on: quarterEnd(period) },
    );
    if (!clusters.length) return [section(t("province.clusters"), "clusters", message(t("cycle.none")))];
    return [
      section(
        t("province.clusters"),
        "clusters",
        clusters.map((cluster) =>
          el(
            "div",
            { class: "cluster", "data-cluster": cluster.id },
            el("h3", {}, cluster.name),
            table(cluster.name, [
              { label: t("region"), header: true, value: (m) => el("a", { href: `/wilayah/${m.regionCode}?tahun=${period.year}` }, m.regionName) },
              { label: t("cycle.status"), value: (m) => statusText(m.submissionStatus) },
              { label: t("metric.completeness"), num: true, value: (m) => num(m.completeness, 0) },
              { label: t("metric.timeliness"), value: (m) => timelinessText(m.timeliness) },
              { label: t("cycle.open"), num: true, value: (m) => int(m.openFollowUps) },
              { label: t("cycle.overdueCount"), num: true, value: (m) => int(m.overdueFollowUps) },
            ], cluster.view),
            el("h4", {}, t("cycle.overdueFollowUps")),
            followUpTable(cluster.digest.overdue, `overdue-${cluster.id}`),
          ),
        ),
      ),
    ];
  } catch {
    return [];
  }
}
