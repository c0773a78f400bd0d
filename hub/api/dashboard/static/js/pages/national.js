// National page: the 38 provinces on a map coloured by IP SPM (or by another measure the API offers),
// the province and kab/kota rankings, year and quarter pickers. The measure is a GET parameter (ukuran).
import { data } from "../api.js";
import { bands, colourOf, legend, paintSwatches } from "../categories.js";
import { latestYear, RANKING_FIELDS, rankingTable, regionHref, yearsAround } from "../common.js";
import { measures } from "../cycle.js";
import { t } from "../i18n.js";
import { drawMap, geometry } from "../map.js";
import { downloads, el, message, period, pickers, quarterText, section } from "../ui.js";

function measureSwitch(available, chosen) {
  if (available.length < 2) return null;
  const select = el(
    "select",
    { id: "pick-metric", name: "ukuran" },
    available.map((m) => el("option", { value: m.key, selected: m.key === chosen }, t(`metric.${m.key}`))),
  );
  return [el("label", { for: "pick-metric" }, t("metric")), select];
}

export async function render(main, { assets }) {
  const current = period(await latestYear());
  const chosenMeasure = new URLSearchParams(location.search).get("ukuran") || "ip";
  const [allBands, collection, available] = await Promise.all([bands(), geometry(`${assets}/geo/provinsi.json`), measures()]);
  const measure = available.find((m) => m.key === chosenMeasure) || available[0];

  const vars = { year: current.year, quarter: current.quarter };
  const answer = await data(
    `query($year: Int!, $quarter: Int) {
      provinces: ranking(year: $year, quarter: $quarter, level: "PROV") { ${RANKING_FIELDS} }
      kab: ranking(year: $year, quarter: $quarter, level: "KAB") { ${RANKING_FIELDS} }
    }`,
    vars,
  );
  const byCode = new Map(answer.provinces.map((r) => [r.achievement.region.code, r]));
  const provinceNames = new Map(collection.features.map((f) => [f.properties.code, f.properties.name]));
  const values = measure.key === "ip" ? null : (await measure.load(current).catch(() => null)) || new Map();

  const style = (code, name) => {
    if (values) {
      const row = values.get(code);
      return { fill: measure.colour(row), title: `${name}: ${measure.text(row)}`, href: regionHref(code, current) };
    }
    const row = byCode.get(code);
    const category = row?.achievement.category;
    const title = row ? `${name}: ${t("ip")} ${row.achievement.ip ?? t("none")} (${category ?? t("none")})` : `${name}: ${t("map.nodata")}`;
    return { fill: colourOf(allBands, category), title, href: regionHref(code, current) };
  };
  const mapLabel = t("map.national", { metric: t(`metric.${measure.key}`) });

  main.replaceChildren(
    el("h1", {}, t("national.title")),
    el("p", { class: "lead" }, t("national.lead", { year: current.year, quarter: quarterText(current.quarter) })),
    pickers(current, yearsAround(current.year, current.year), measureSwitch(available, measure.key)),
    section(
      mapLabel,
      "map-section",
      el("div", { class: "map-wrap" }, drawMap(collection, mapLabel, style)),
      values ? measure.legend() : legend(allBands),
    ),
    el(
      "div",
      { class: "columns" },
      section(
        t("ranking.prov"),
        "ranking-prov",
        answer.provinces.length ? rankingTable(t("ranking.prov"), answer.provinces, allBands, current, { id: "ranking-prov-table" }) : message(t("ranking.empty")),
        downloads("achievement-reports", { year: current.year, quarter: current.quarter, level: "PROV" }, t("ranking.prov")),
      ),
      section(
        t("ranking.kab"),
        "ranking-kab",
        answer.kab.length
          ? rankingTable(t("ranking.kab"), answer.kab, allBands, current, { id: "ranking-kab-table", limit: 20, provinces: provinceNames })
          : message(t("ranking.empty")),
        downloads("achievement-reports", { year: current.year, quarter: current.quarter, level: "KAB" }, t("ranking.kab")),
      ),
    ),
  );
  paintSwatches(main);
}

