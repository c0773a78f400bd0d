// Review queue: proposed service links with their reason and score; approve or reject each with a note
// through the API's approveLink / rejectLink mutations (the API decides who may).
import { data, token } from "../api.js";
import { t } from "../i18n.js";
import { downloads, el, errorText, message, num, section } from "../ui.js";

const PAGE = 20;
const LINKS = `query($filter: ServiceLinkFilter, $after: String) {
  serviceLinks(filter: $filter, first: ${PAGE}, after: $after) { totalCount pageInfo { hasNextPage endCursor }
    nodes { id serviceCode status score reason service { name } node { code name edition { code } } } } }`;
const RESULT = "... on ServiceLink { id status reviewedBy note } ... on OperationError { code message }";

function proposal(link, announce) {
  const noteId = `note-${link.id}`;
  const note = el("textarea", { id: noteId, name: "note", rows: 2, placeholder: t("review.notePlaceholder") });
  const status = el("p", { class: "item-status" });
  const act = async (action) => {
    const text = note.value.trim();
    if (action === "reject" && !text) {
      announce(t("review.noteRequired"), true);
      note.focus();
      return;
    }
    for (const button of item.querySelectorAll("button")) button.disabled = true;
    try {
      const mutation =
        action === "approve"
          ? `mutation($id: Int!, $note: String) { result: approveLink(id: $id, note: $note) { ${RESULT} } }`
          : `mutation($id: Int!, $note: String!) { result: rejectLink(id: $id, note: $note) { ${RESULT} } }`;
      const { result } = await data(mutation, { id: link.id, note: text || null });
      if (result.message) throw new Error(result.message);
      item.dataset.status = result.status;
      status.textContent = result.status;
      announce(t(`review.done.${result.status}`, { id: link.id }));
      item.classList.add("done");
    } catch (error) {
      for (const button of item.querySelectorAll("button")) button.disabled = false;
      announce(t("review.failed", { id: link.id, message: error.message }), true);
    }
  };
  const item = el(
    "li",
    { class: "proposal card", "data-link-id": link.id, "data-service": link.serviceCode, "data-status": link.status },
    el(
      "div",
      { class: "proposal-head" },
      el("strong", {}, el("code", {}, link.serviceCode), " ", link.service.name),
      el("span", { class: "score" }, `${t("score")} `, num(link.score, 3)),
    ),
    el("p", {}, `${t("review.subActivity")}: `, el("code", {}, link.node.code), ` ${link.node.name} (${link.node.edition.code})`),
    el("p", { class: "reason" }, `${t("review.reason")}: ${link.reason || t("none")}`),
    el("label", { for: noteId }, t("review.note")),
    note,
    el(
      "div",
      { class: "actions" },
      el("button", { type: "button", class: "approve", onclick: () => act("approve") }, t("review.approve")),
      el("button", { type: "button", class: "reject", onclick: () => act("reject") }, t("review.reject")),
      status,
    ),
  );
  return item;
}

export async function render(main) {
  main.replaceChildren(el("h1", {}, t("review.title")), el("p", { class: "lead" }, t("review.lead")));
  if (!token()) {
    main.append(message(t("review.needToken"), "note"));
    return;
  }
  const live = el("p", { id: "review-status", class: "live", role: "status", "aria-live": "polite" });
  const announce = (text, isError = false) => {
    live.textContent = text;
    live.classList.toggle("error", isError);
  };
  const params = new URLSearchParams(location.search);
  const fieldCode = params.get("urusan") || null;
  const fields = await data("{ spmFields { code name } }").then((d) => d.spmFields).catch(() => []);
  const filterForm = el(
    "form",
    { class: "pickers", method: "get" },
    el("label", { for: "pick-field" }, t("urusan")),
    el("select", { id: "pick-field", name: "urusan" }, el("option", { value: "" }, t("all")), fields.map((f) => el("option", { value: f.code, selected: f.code === fieldCode }, f.name))),
    el("button", { type: "submit" }, t("review.filter")),
  );
  const list = el("ol", { class: "proposals", id: "proposals" });
  const count = el("p", { class: "count" });
  const more = el("button", { type: "button", class: "more", hidden: true }, t("review.more"));
  const filter = { status: "proposed", fieldCode };
  let after = null;
  const load = async () => {
    try {
      const { serviceLinks } = await data(LINKS, { filter, after });
      count.textContent = serviceLinks.totalCount ? t("review.count", { count: serviceLinks.totalCount }) : t("review.empty");
      list.append(...serviceLinks.nodes.map((link) => proposal(link, announce)));
      after = serviceLinks.pageInfo.endCursor;
      more.hidden = !serviceLinks.pageInfo.hasNextPage;
    } catch (error) {
      announce(errorText(error), true);
    }
  };
  more.addEventListener("click", load);
  main.append(
    filterForm,
    section(t("review.queue"), "queue", count, live, list, more, downloads("service-links", { status: "proposed", fieldCode }, t("review.title"))),
  );
  await load();
}
