// MAO Graph explorer: a Dutch, hash-routed single page app over /graphql.
import "./app.css";
import { announce } from "./dom.js";
import { ROUTE_TYPES } from "./labels.js";
import { scrollKeeper, homePage, searchPage, entityPage, documentPage, networkPage, regionOverviewPage, overviewPage, membersPage, cellPage, notFoundPage } from "./pages.js";

window.__maoCSPViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__maoCSPViolations.push(`${e.violatedDirective} ${e.blockedURI}`);
});

/** parseHash splits "#/type/id?x=1" into its path segments and parameters. */
function parseHash() {
  const raw = location.hash.replace(/^#\/?/, "");
  const [path, qs] = raw.split("?");
  const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
  return { parts, params: new URLSearchParams(qs || "") };
}

let generation = 0;

async function route() {
  const main = document.getElementById("inhoud");
  const { parts, params } = parseHash();
  const gen = ++generation;
  let settle;
  const ctx = {
    main,
    params,
    // current reports whether this render is still the one the user wants.
    current: () => gen === generation,
    // retry renders the page again (the "Probeer opnieuw" button of error states).
    retry: () => route(),
    // restore is where this history entry was scrolled to when the user left it (Back).
    restore: history.state && typeof history.state.scrollY === "number" ? history.state.scrollY : null,
    // settled resolves once the page and every part it loads afterwards are done.
    settled: new Promise((resolve) => { settle = resolve; }),
  };
  // Going back: what scrolls while the page loads is not where the user is (see restoreScroll).
  scrollKeeper.restoring = ctx.restore !== null;
  document.body.dataset.route = parts[0] || "start";
  syncSearchForm(parts, params);
  main.setAttribute("aria-busy", "true");
  let page;
  try {
    if (parts.length === 0) page = homePage(ctx);
    else if (parts[0] === "zoeken") page = searchPage(ctx, params.get("q") || "", params.get("type") || "");
    else if (parts[0] === "netwerk") page = networkPage(ctx);
    else if (parts[0] === "regio-overzicht") page = regionOverviewPage(ctx);
    else if (parts[0] === "overzicht" && parts[1]) page = overviewPage(ctx, parts[1], params);
    else if (parts[0] === "cel" && parts[5]) page = cellPage(ctx, parts[1], parts[2], parts[3], parts[4], parts[5], params.get("scope") || "ALL");
    else if (parts[0] === "leden" && parts[3]) page = membersPage(ctx, parts[1], parts[2], parts[3], params.get("scope") || "ALL");
    else if (parts[0] === "document" && parts[1]) page = documentPage(ctx, parts[1], params);
    else if (parts[0] === "document-feiten" && parts[1]) page = entityPage(ctx, "Document", parts[1]);
    else if (ROUTE_TYPES[parts[0]] && parts[1]) page = entityPage(ctx, ROUTE_TYPES[parts[0]], parts[1]);
    else page = notFoundPage(ctx);
    await page;
  } finally {
    if (ctx.current()) main.removeAttribute("aria-busy");
    if (ctx.current() && !ctx.restoreStarted) scrollKeeper.restoring = false;
    settle();
  }
}

function syncSearchForm(parts, params) {
  const input = document.getElementById("zoekveld");
  const select = document.getElementById("zoektype");
  // The form shows what the page shows: a "Soort" chosen for one search does not stay on for
  // the next one typed elsewhere.
  input.value = parts[0] === "zoeken" ? params.get("q") || "" : input.value;
  select.value = parts[0] === "zoeken" ? params.get("type") || "" : "";
}

// Back lands where the user was: each history entry remembers its scroll position.
let saveTimer = 0;
window.addEventListener("scroll", () => {
  clearTimeout(saveTimer);
  // A scroll just before a link is followed must not land on the next page's entry: under load
  // the timer can fire after the navigation, before the new page has rendered.
  const at = location.hash;
  saveTimer = setTimeout(() => {
    if (scrollKeeper.restoring || location.hash !== at) return;
    history.replaceState({ ...(history.state || {}), scrollY: Math.round(window.scrollY) }, "");
  }, 150);
}, { passive: true });
if ("scrollRestoration" in history) history.scrollRestoration = "manual";

function markCurrentNav() {
  const hash = location.hash || "#/";
  for (const a of document.querySelectorAll("header nav a")) {
    const href = a.getAttribute("href");
    const on = href === hash || (href !== "#/" && href.startsWith("#") && hash.startsWith(href));
    if (on) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  }
}

document.getElementById("zoekformulier").addEventListener("submit", (e) => {
  e.preventDefault();
  const q = document.getElementById("zoekveld").value.trim();
  const type = document.getElementById("zoektype").value;
  if (!q) return;
  const p = new URLSearchParams({ q });
  if (type) p.set("type", type);
  const target = `#/zoeken?${p}`;
  if (location.hash === target) route();
  else location.hash = target;
});

// The skip link must not change the hash route.
document.getElementById("skiplink").addEventListener("click", (e) => {
  e.preventDefault();
  document.getElementById("inhoud").focus();
});

window.addEventListener("hashchange", () => {
  markCurrentNav();
  route();
});
markCurrentNav();
route();
announce("MAO Graph geladen");
