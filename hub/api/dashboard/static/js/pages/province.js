// Province page: its kabupaten/kota on a map coloured by IP SPM, the ranking within the province, the
// regions the boundary file could not place, and (when the API has them) clusters and follow-ups.
import { data } from "../api.js";
import { badge, bands, colourOf, legend, paintSwatches } from "../categories.js";
import { latestYear, RANKING_FIELDS, rankingTable, regionHref, yearsAround } from "../common.js";
import { provinceClusters } from "../cycle.js";
import { t } from "../i18n.js";
import { drawMap, geometry } from "../map.js";
import { downloads, el, message, num, period, pickers, quarterText, section } from "../ui.js";

export async function render(main, { code, assets }) {
  const current = period(await latestYear());
  const [allBands, collection] = await Promise.all([bands(), geometry(`${assets}/geo/kabkota/${code}.json`).catch(() => null)]);
  const answer = await data(
    `query($code: String!, $year: Int!, $quarter: Int) {
      region(code: $code) { code name governmentLevel children { code name }
        achievement(year: $year, quarter: $quarter) { ip category } }
      ranking(year: $year, quarter: $quarter, level: "KAB", provinceCode: $code) { ${RANKING_FIELDS} }
    }`,
    { code, year: current.year, quarter: current.quarter },
  );
  const region = answer.region;
  if (!region) {
    main.replaceChildren(message(t("region.notfound", { code }), "error"));
    return;
  }
  const byCode = new Map(answer.ranking.map((r) => [r.achievement.region.code, r]));
  const style = (kode, name) => {
    const row = byCode.get(kode);
    const title = row ? `${name}: ${t("ip")} ${row.achievement.ip ?? t("none")} (${row.achievement.category ?? t("none")})` : `${name}: ${t("map.nodata")}`;
    return { fill: colourOf(allBands, row?.achievement.category), title, href: regionHref(kode, current) };
  };
  const names = new Map(region.children.map((c) => [c.code, c.name]));
  const missing = collection ? collection.regionsWithoutGeometry.map((kode) => el("li", { "data-code": kode }, el("a", { href: regionHref(kode, current) }, names.get(kode) || kode), ` (${kode})`)) : [];
  const strays = collection ? collection.unmatchedGeometry.map((name) => el("li", {}, t("province.unmatched.geometry", { name }))) : [];

  const own = region.achievement;
  main.replaceChildren(
    el("p", { class: "crumbs" }, el("a", { href: `/${location.search}` }, t("nav.national")), " › ", region.name),
    el("h1", {}, t("province.title", { name: region.name })),
    el(
      "p",
      { class: "lead" },
      `${t("province.own")} ${current.year}, ${quarterText(current.quarter)}: `,
      own ? num(own.ip) : t("none"),
      " ",
      own ? badge(allBands, own.category) : "",
      " · ",
      el("a", { href: `/wilayah/${code}${location.search}` }, t("region.summary", { year: current.year })),
    ),
    pickers(current, yearsAround(current.year, current.year)),
    el(
      "div",
      { class: "columns" },
      section(
        t("map.province"),
        "map-section",
        collection ? el("div", { class: "map-wrap" }, drawMap(collection, t("map.province"), style)) : message(t("map.nodata")),
        legend(allBands),
      ),
      section(
        t("ranking.within"),
        "ranking-kab",
        answer.ranking.length ? rankingTable(t("ranking.within"), answer.ranking, allBands, current, { id: "ranking-kab-table" }) : message(t("ranking.empty")),
        downloads("achievement-reports", { regionPrefix: `${code}.`, year: current.year, quarter: current.quarter }, t("ranking.within")),
      ),
    ),
    section(
      t("province.unmatched"),
      "unmatched",
      el("p", {}, t("province.unmatched.lead")),
      missing.length || strays.length ? el("ul", { id: "unmatched-list" }, missing, strays) : message(t("province.unmatched.none")),
    ),
    ...(await provinceClusters(code, current)),
  );
  paintSwatches(main);
}
