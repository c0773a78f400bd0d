// Entry point: language, the token box, then the page named by <body data-page>.
import { gql, setToken, token } from "./api.js";
import { lang, setLang, t, translateShell } from "./i18n.js";
import { errorText, message } from "./ui.js";

const PAGES = {
  national: () => import("./pages/national.js"),
  province: () => import("./pages/province.js"),
  region: () => import("./pages/region.js"),
  review: () => import("./pages/review.js"),
};

function showTokenState(text, rejected = false) {
  const state = document.getElementById("token-state");
  state.textContent = text;
  state.classList.toggle("rejected", rejected);
  document.getElementById("token-clear").hidden = !token();
}

async function checkToken() {
  if (!token()) return showTokenState(t("token.none"));
  try {
    await gql("{ __typename }");
    showTokenState(t("token.active", { tail: token().slice(-4) }));
  } catch (error) {
    showTokenState(t("token.rejected", { message: error.message }), true);
  }
}

function wireShell() {
  const form = document.getElementById("token-form");
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const input = document.getElementById("token-input");
    if (!input.value.trim()) return;
    setToken(input.value);
    input.value = "";
    location.reload();
  });
  document.getElementById("token-clear").addEventListener("click", () => {
    setToken("");
    location.reload();
  });
  const switcher = document.getElementById("lang");
  switcher.textContent = lang() === "id" ? "English" : "Bahasa Indonesia";
  switcher.setAttribute("lang", lang() === "id" ? "en" : "id");
  switcher.addEventListener("click", () => {
    setLang(lang() === "id" ? "en" : "id");
    location.reload();
  });
  for (const link of document.querySelectorAll(".top nav a")) {
    if (link.getAttribute("href") === location.pathname) link.setAttribute("aria-current", "page");
  }
}

async function main() {
  translateShell();
  wireShell();
  await checkToken();
  const main = document.getElementById("main");
  const { page, code, assets } = document.body.dataset;
  try {
    const module = await PAGES[page]();
    await module.render(main, { code, assets });
  } catch (error) {
    main.replaceChildren(message(errorText(error), "error"));
  }
  main.setAttribute("aria-busy", "false");
  document.body.dataset.ready = "true";
}

main();
