// What several pages share: the default year, the pickers' years, ranking tables.
import { data } from "./api.js";
import { badge } from "./categories.js";
import { t } from "./i18n.js";
import { el, num, periodQuery, table } from "./ui.js";

/** The newest year with achievement this token may see (last year when it sees none). */
export async function latestYear() {
  try {
    const answer = await data("{ achievementReports(first: 1, orderBy: [{ field: YEAR, direction: DESC }]) { nodes { year } } }");
    return answer.achievementReports.nodes[0]?.year || new Date().getFullYear() - 1;
  } catch {
    return new Date().getFullYear() - 1;
  }
}

export function yearsAround(latest, chosen) {
  const years = new Set([latest - 3, latest - 2, latest - 1, latest, new Date().getFullYear(), chosen]);
  return [...years].sort((a, b) => b - a);
}

export const RANKING_FIELDS = "rank achievement { ip category region { code name parentCode } }";

export function regionHref(code, period) {
  return `${code.includes(".") ? "/wilayah/" : "/provinsi/"}${code}${periodQuery(period)}`;
}

/** A ranking table: rank, region (a link), IP, category with its colour. */
export function rankingTable(caption, rows, allBands, period, { id, limit = 0, provinces = null } = {}) {
  const columns = [
    { label: t("rank"), value: (r) => r.rank ?? t("none"), num: true },
    {
      label: t("region"),
      header: false,
      value: (r) => el("a", { href: regionHref(r.achievement.region.code, period) }, r.achievement.region.name),
    },
  ];
  if (provinces) columns.push({ label: t("province"), optional: true, value: (r) => provinces.get(r.achievement.region.parentCode) || t("none") });
  columns.push(
    { label: t("ip"), value: (r) => num(r.achievement.ip), num: true },
    { label: t("category"), value: (r) => badge(allBands, r.achievement.category) },
  );
  return table(caption, columns, rows, { id, limit });
}
