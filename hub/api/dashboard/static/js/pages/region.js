// Region page: IP SPM per urusan and per service by quarter, budget coverage and unbudgeted services,
// budget per recipient (and the funding gap where costing exists), readiness, and the e-SPM cycle
// sections when the API has them. Each part is asked for on its own: a token that may not see one
// part still sees the others.
import { data, typeFields } from "../api.js";
import { badge, bands, paintSwatches } from "../categories.js";
import { latestYear, yearsAround } from "../common.js";
import { lineChart } from "../chart.js";
import { regionCycle } from "../cycle.js";
import { t } from "../i18n.js";
import { downloads, el, errorText, int, message, num, period, pickers, quarterText, rupiah, section, table } from "../ui.js";

const QUARTERS = [1, 2, 3, 4];
const ACHIEVEMENT = "ip category urusan { fieldCode ip category field { name } } services { serviceCode quarter ip category service { name } }";

async function achievementPart(code, current, allBands) {
  const perQuarter = QUARTERS.map((q) => `q${q}: achievement(year: $year, quarter: ${q}) { ${ACHIEVEMENT} }`).join("\n");
  const answer = await data(
    `query($code: String!, $year: Int!, $quarter: Int) { region(code: $code) {
      chosen: achievement(year: $year, quarter: $quarter) { ${ACHIEVEMENT} } ${perQuarter} } }`,
    { code, year: current.year, quarter: current.quarter },
  );
  const region = answer.region;
  const quarters = QUARTERS.map((q) => region[`q${q}`]);
  const chosen = region.chosen;
  const fields = new Map();
  const services = new Map();
  for (const a of [...quarters, chosen].filter(Boolean)) {
    for (const u of a.urusan) fields.set(u.fieldCode, u.field.name);
    for (const s of a.services) services.set(s.serviceCode, s.service.name);
  }
  const ipOf = (a, pick) => (a ? pick(a) : null);
  const series = [
    { name: t("ip"), main: true, values: quarters.map((a) => ipOf(a, (x) => x.ip)) },
    ...[...fields].map(([fieldCode, name]) => ({
      name,
      values: quarters.map((a) => ipOf(a, (x) => x.urusan.find((u) => u.fieldCode === fieldCode)?.ip ?? null)),
    })),
  ];
  const serviceRows = [...services].map(([serviceCode, name]) => ({
    serviceCode,
    name,
    values: quarters.map((a) => a?.services.find((s) => s.serviceCode === serviceCode) || null),
    chosen: chosen?.services.find((s) => s.serviceCode === serviceCode) || null,
  }));
  const filters = { regionCode: code, year: current.year };
  return [
    section(
      t("region.summary", { year: current.year }),
      "summary",
      chosen
        ? el(
            "dl",
            { class: "figures" },
            el("div", {}, el("dt", {}, `${t("ip")} (${quarterText(current.quarter)})`), el("dd", { id: "region-ip" }, num(chosen.ip))),
            el("div", {}, el("dt", {}, t("category")), el("dd", { id: "region-category" }, badge(allBands, chosen.category))),
            ...chosen.urusan.map((u) => el("div", {}, el("dt", {}, u.field.name), el("dd", {}, num(u.ip), " ", badge(allBands, u.category)))),
          )
        : message(t("ranking.empty")),
    ),
    section(
      t("region.chart"),
      "chart",
      series.some((s) => s.values.some((v) => v !== null)) ? lineChart(t("region.chart"), t("region.chart.desc"), series) : message(t("ranking.empty")),
    ),
    section(
      t("region.services"),
      "services",
      serviceRows.length
        ? table(
            t("region.services"),
            [
              { label: t("service"), header: true, value: (r) => el("span", {}, el("code", {}, r.serviceCode), " ", r.name) },
              ...QUARTERS.map((q) => ({ label: `TW ${q}`, num: true, value: (r) => num(r.values[q - 1]?.ip) })),
              { label: t("category"), value: (r) => badge(allBands, r.chosen?.category) },
            ],
            serviceRows,
            { id: "services-table" },
          )
        : message(t("ranking.empty")),
      downloads("achievement-reports", filters, t("region.services")),
    ),
  ];
}

async function budgetPart(code, current) {
  const answer = await data(
    `query($code: String!, $year: Int!) { region(code: $code) {
      services(year: $year) { service { code name } budget { linkedPlanned attributedPlanned attributedRealised lineCount } }
      unbudgetedServices(year: $year) { code name } } }`,
    { code, year: current.year },
  );
  const { services, unbudgetedServices } = answer.region;
  const filters = { regionCode: code, fiscalYear: current.year };
  return [
    section(
      t("region.budget"),
      "budget",
      el("p", {}, t("region.budget.lead")),
      table(
        t("region.budget"),
        [
          { label: t("service"), header: true, value: (r) => el("span", {}, el("code", {}, r.service.code), " ", r.service.name) },
          { label: t("lines"), num: true, value: (r) => int(r.budget?.lineCount ?? 0) },
          { label: t("linkedPlanned"), num: true, value: (r) => rupiah(r.budget?.linkedPlanned ?? null) },
          { label: t("attributedPlanned"), num: true, value: (r) => rupiah(r.budget?.attributedPlanned ?? null) },
          { label: t("attributedRealised"), num: true, value: (r) => rupiah(r.budget?.attributedRealised ?? null) },
        ],
        services,
        { id: "budget-table" },
      ),
      el("h3", {}, t("region.unbudgeted")),
      unbudgetedServices.length
        ? el("ul", { id: "unbudgeted-list" }, unbudgetedServices.map((s) => el("li", {}, el("code", {}, s.code), " ", s.name)))
        : message(t("region.unbudgeted.none")),
      downloads("budget-lines", filters, t("region.budget")),
    ),
  ];
}

const PER_RECIPIENT_KNOWN = new Set(["serviceCode", "serviceName", "recipients", "attributedPlanned", "plannedPerRecipient", "noBudget"]);

async function perRecipientPart(code, current) {
  // Costing (issue 12) adds fields such as a cost of fulfilment or a funding gap: shown when present.
  const fields = (await typeFields("BudgetPerRecipient")) || [];
  const costing = fields.filter((f) => /gap|cost|kebutuhan/i.test(f.name) && !PER_RECIPIENT_KNOWN.has(f.name) && !f.args.length);
  const leaves = costing.filter((f) => ["SCALAR", "ENUM"].includes((f.type.ofType || f.type).kind));
  const answer = await data(
    `query($code: String!, $year: Int!) { budgetPerRecipient(regionCode: $code, year: $year) {
      ${[...PER_RECIPIENT_KNOWN].join(" ")} ${leaves.map((f) => f.name).join(" ")} } }`,
    { code, year: current.year },
  );
  const words = (name) => name.replace(/([A-Z])/g, " $1").toLowerCase();
  return [
    section(
      t("region.perRecipient"),
      "per-recipient",
      table(
        t("region.perRecipient"),
        [
          { label: t("service"), header: true, value: (r) => el("span", {}, el("code", {}, r.serviceCode), " ", r.serviceName) },
          { label: t("recipients"), num: true, value: (r) => int(r.recipients) },
          { label: t("attributedPlanned"), num: true, value: (r) => rupiah(r.attributedPlanned) },
          { label: t("perRecipient"), num: true, value: (r) => rupiah(r.plannedPerRecipient) },
          { label: t("noBudget"), value: (r) => (r.noBudget ? t("yes") : t("no")) },
          ...leaves.map((f) => ({ label: f.name === "fundingGap" ? t("fundingGap") : words(f.name), num: true, value: (r) => rupiah(r[f.name]) })),
        ],
        answer.budgetPerRecipient,
        { id: "per-recipient-table" },
      ),
      downloads("budget-lines", { regionCode: code, fiscalYear: current.year }, t("region.perRecipient")),
    ),
  ];
}

async function readinessPart(code, current) {
  const answer = await data(
    `query($code: String!, $year: Int!, $through: Int!) { region(code: $code) {
      readiness(year: $year, throughQuarter: $through) { score reports budget mappings gaps { dataset problem serviceCode quarter } } } }`,
    { code, year: current.year, through: current.quarter || 4 },
  );
  const r = answer.region.readiness;
  if (!r) return [];
  const pct = (v) => num(Number(v) * 100, 0);
  return [
    section(
      t("region.readiness"),
      "readiness",
      el(
        "dl",
        { class: "figures" },
        el("div", {}, el("dt", {}, t("score")), el("dd", { id: "readiness-score" }, num(r.score, 0))),
        el("div", {}, el("dt", {}, `${t("reports")} %`), el("dd", {}, pct(r.reports))),
        el("div", {}, el("dt", {}, `${t("budget")} %`), el("dd", {}, pct(r.budget))),
        el("div", {}, el("dt", {}, `${t("mappings")} %`), el("dd", {}, pct(r.mappings))),
      ),
      el("h3", {}, t("region.readiness.missing")),
      r.gaps.length
        ? table(
            t("region.readiness.missing"),
            [
              { label: t("dataset"), value: (g) => g.dataset },
              { label: t("problem"), value: (g) => g.problem },
              { label: t("service"), value: (g) => g.serviceCode || t("none") },
              { label: t("quarter"), value: (g) => g.quarter || t("none") },
            ],
            r.gaps,
            { id: "gaps-table", limit: 15 },
          )
        : message(t("region.readiness.none")),
      downloads("achievement-reports", { regionCode: code, year: current.year }, t("region.readiness")),
    ),
  ];
}

export async function render(main, { code }) {
  const current = period(await latestYear());
  const allBands = await bands();
  const head = await data(`query($code: String!) { region(code: $code) { code name governmentLevel parent { code name } } }`, { code });
  const region = head.region;
  if (!region) {
    main.replaceChildren(message(t("region.notfound", { code }), "error"));
    return;
  }
  const parts = await Promise.allSettled([
    achievementPart(code, current, allBands),
    budgetPart(code, current),
    perRecipientPart(code, current),
    readinessPart(code, current),
  ]);
  const ids = ["achievement", "budget", "per-recipient", "readiness"];
  const sections = parts.flatMap((p, i) =>
    p.status === "fulfilled" ? p.value : [section(t(`region.${i === 0 ? "services" : i === 1 ? "budget" : i === 2 ? "perRecipient" : "readiness"}`), `${ids[i]}-refused`, message(errorText(p.reason), "note refused"))],
  );
  const cycle = await regionCycle(region, current);
  const crumbs = [el("a", { href: `/${location.search}` }, t("nav.national"))];
  if (region.parent) crumbs.push(" › ", el("a", { href: `/provinsi/${region.parent.code}${location.search}` }, region.parent.name));
  main.replaceChildren(
    el("p", { class: "crumbs" }, ...crumbs, " › ", region.name),
    el("h1", {}, region.name, " ", el("small", {}, `(${region.code})`)),
    pickers(current, yearsAround(current.year, current.year)),
    el("div", { class: "stack" }, sections),
    ...(cycle.length ? [el("div", { class: "stack", id: "cycle" }, el("h2", { class: "group" }, t("region.cycle")), cycle)] : []),
  );
  paintSwatches(main);
}
