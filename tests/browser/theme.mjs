// Checks the built site's pages in headless Chromium: screenshots at phone and desktop widths in
// light and dark, no horizontal overflow, accessible names on images and SVGs, headings in order,
// landmarks, 0 serious/critical axe-core violations, no request leaving the local server, no
// script errors, the theme toggle, reading without JavaScript, and the CSS + JS budget.
//
//   node theme.mjs BASE_URL SCREENSHOT_DIR [name=path ...]
//
// BASE_URL is where the site is served (http://127.0.0.1:PORT/). Pages default to the home page
// and the first meeting, issue and initiative it links to, plus search/ when it exists;
// `meeting=meetings/2024-04-04/` and the like choose others. Prints one JSON report on stdout;
// exits 0 when every check passed, 1 when one failed, 2 when the browser could not be started.
// CHROMIUM overrides the browser binary (default /usr/bin/chromium).

import { launch, logCspViolations } from "./launch.mjs";
import { readFileSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const WIDTHS = [375, 1280];
const SCHEMES = ["light", "dark"];
const BUDGET_BYTES = 30 * 1024;

const [baseArg, shotDir, ...overrides] = process.argv.slice(2);
if (!baseArg || !shotDir) {
  console.error("usage: node theme.mjs BASE_URL SCREENSHOT_DIR [name=path ...]");
  process.exit(2);
}
const base = new URL(baseArg);
mkdirSync(shotDir, { recursive: true });

const failures = [];
const fail = (where, message) => failures.push(`${where}: ${message}`);
const isLocal = (url) => {
  if (!/^https?:$/.test(url.protocol)) return true; // data:, blob:, about:
  return url.origin === base.origin;
};

const browser = await launch({ ok: false });

/** A context that records (and blocks) every request to another origin, and script errors. */
async function newContext(options = {}) {
  const context = await browser.newContext({ ...options });
  // Violations of the pages' Content-Security-Policy are console errors, so failures below.
  await context.addInitScript(logCspViolations);
  await context.route("**/*", (route) => {
    const url = new URL(route.request().url());
    if (isLocal(url)) return route.continue();
    fail("network", `request to another origin: ${url.href}`);
    return route.abort();
  });
  context.on("page", (page) => {
    page.on("pageerror", (e) => fail(page.url(), `script error: ${e.message}`));
    page.on("console", (m) => {
      if (m.type() === "error") fail(page.url(), `console error: ${m.text()}`);
    });
  });
  return context;
}

async function load(page, rel) {
  const url = new URL(rel, base).href;
  const response = await page.goto(url, { waitUntil: "load" });
  return response;
}

// ---- Which pages --------------------------------------------------------------------------
const pages = { home: "" };
{
  const context = await newContext();
  const page = await context.newPage();
  await load(page, "");
  const hrefs = await page.$$eval("main a[href]", (as) => as.map((a) => a.href));
  const rel = (href) => new URL(href).pathname.slice(base.pathname.length);
  const first = (re) => hrefs.map(rel).find((p) => re.test(p));
  pages.meeting = first(/^meetings\/[^/]+\/$/);
  pages.issue = first(/^issues\/[^/]+\/[^/]+\/\d+\/$/);
  pages.initiative = first(/^initiatives\/[^/]+\/$/);
  const search = await page.request.get(new URL("search/", base).href);
  if (search.ok()) pages.search = "search/";
  await context.close();
}
for (const o of overrides) {
  const [name, p] = o.split("=");
  if (name && p !== undefined) pages[name] = p;
}
for (const [name, p] of Object.entries(pages)) {
  if (p === undefined) {
    fail(name, "no such page found from the home page");
    delete pages[name];
  }
}

// ---- In-page checks -----------------------------------------------------------------------
function inPageChecks() {
  const problems = [];
  const visible = (el) => {
    const s = getComputedStyle(el);
    return s.display !== "none" && s.visibility !== "hidden" && el.getClientRects().length > 0;
  };
  const describe = (el) => {
    let d = el.tagName.toLowerCase();
    if (el.id) d += `#${el.id}`;
    if (el.classList.length) d += `.${[...el.classList].join(".")}`;
    return d;
  };
  // Horizontal overflow, naming the widest culprits.
  const root = document.documentElement;
  if (root.scrollWidth > window.innerWidth) {
    const wide = [...document.body.querySelectorAll("*")]
      .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1 && visible(el))
      .slice(0, 5)
      .map(describe);
    problems.push(`page is ${root.scrollWidth}px wide at ${window.innerWidth}px: ${wide.join(", ")}`);
  }
  // Accessible names on images and SVGs (decorative ones must be hidden from assistive tech).
  const hidden = (el) => el.closest('[aria-hidden="true"], [role="presentation"], [role="none"]');
  for (const img of document.querySelectorAll("img")) {
    if (hidden(img)) continue;
    if (!img.hasAttribute("alt")) problems.push(`img without alt: ${img.src}`);
  }
  for (const svg of document.querySelectorAll("svg")) {
    if (hidden(svg)) continue;
    const label = (svg.getAttribute("aria-label") || "").trim();
    const labelledby = (svg.getAttribute("aria-labelledby") || "")
      .split(/\s+/)
      .map((id) => id && document.getElementById(id)?.textContent.trim())
      .filter(Boolean);
    const title = svg.querySelector(":scope > title")?.textContent.trim();
    const html = svg.outerHTML.slice(0, 80);
    if (!label && !labelledby.length && !title) problems.push(`svg without an accessible name: ${html}`);
    else if (svg.getAttribute("role") !== "img") problems.push(`svg with a name but no role="img": ${html}`);
  }
  // Headings: one h1, first; no skipped levels.
  const headings = [...document.querySelectorAll("h1, h2, h3, h4, h5, h6")].filter(visible);
  const h1s = headings.filter((h) => h.tagName === "H1").length;
  if (h1s !== 1) problems.push(`${h1s} h1 headings`);
  let previous = 0;
  for (const h of headings) {
    const level = Number(h.tagName[1]);
    if (previous === 0 && level !== 1) problems.push(`first heading is ${h.tagName}`);
    if (previous && level > previous + 1) problems.push(`heading level skipped: h${previous} then ${h.tagName} "${h.textContent.trim().slice(0, 40)}"`);
    previous = level;
  }
  // Landmarks, language, skip link.
  for (const sel of ["header", "nav", "main", "footer"]) {
    if (!document.querySelector(sel)) problems.push(`no <${sel}> landmark`);
  }
  if (!root.lang) problems.push("no lang attribute on <html>");
  const skip = document.querySelector('a[href="#main"]');
  if (!skip || !document.getElementById("main")) problems.push("no working skip link to #main");
  if (!document.querySelector('form[role="search"] input[name="q"]')) problems.push("no search form");
  return problems;
}

async function runAxe(page) {
  // Evaluated through the DevTools protocol, not added as an inline <script>: the pages'
  // Content-Security-Policy refuses inline scripts, and a violation fails the run.
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ["violations"] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(" ")}: ${n.failureSummary?.split("\n").slice(1).join(" ")}`),
      count: v.nodes.length,
    }));
  });
}

// ---- Every page, width and scheme ---------------------------------------------------------
const axeCounts = { critical: 0, serious: 0, moderate: 0, minor: 0 };
const axeSeen = new Map();
const screenshots = [];
for (const scheme of SCHEMES) {
  for (const width of WIDTHS) {
    const context = await newContext({ viewport: { width, height: 900 }, colorScheme: scheme });
    const page = await context.newPage();
    for (const [name, rel] of Object.entries(pages)) {
      const where = `${name} (${rel || "/"}) ${width}px ${scheme}`;
      const response = await load(page, rel);
      if (!response || response.status() !== 200) {
        fail(where, `HTTP ${response ? response.status() : "no response"}`);
        continue;
      }
      const file = path.join(shotDir, `${name}-${width}-${scheme}.png`);
      await page.screenshot({ path: file, fullPage: true });
      screenshots.push(file);
      for (const p of await page.evaluate(inPageChecks)) fail(where, p);
      for (const v of await runAxe(page)) {
        axeCounts[v.impact] = (axeCounts[v.impact] || 0) + 1;
        const key = `${v.id}|${name}|${scheme}`;
        if (!axeSeen.has(key)) axeSeen.set(key, { page: name, width, scheme, ...v });
        if (v.impact === "serious" || v.impact === "critical") {
          fail(where, `axe ${v.impact} ${v.id} (${v.help}) on ${v.count} nodes: ${v.nodes.join(" | ")}`);
        }
      }
    }
    await context.close();
  }
}

// ---- The theme toggle: remembered, applied before the first paint --------------------------
{
  const context = await newContext({ viewport: { width: 1280, height: 900 }, colorScheme: "light" });
  const page = await context.newPage();
  await load(page, "");
  const toggle = page.locator(".theme-toggle");
  if (!(await toggle.isVisible())) fail("toggle", "the theme toggle is not shown with JavaScript on");
  else {
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const lightBg = await background();
    await toggle.click();
    const pressed = await toggle.getAttribute("aria-pressed");
    const darkBg = await background();
    if (pressed !== "true") fail("toggle", `aria-pressed is ${pressed} after switching to dark`);
    if (darkBg === lightBg) fail("toggle", "the background did not change");
    // The saved choice is applied by a blocking script before the body is parsed.
    await page.addInitScript(() => {
      new MutationObserver((_, o) => {
        if (document.body) {
          window.__themeAtBody = document.documentElement.getAttribute("data-theme");
          o.disconnect();
        }
      }).observe(document, { childList: true, subtree: true });
    });
    await load(page, pages.meeting || "");
    const atBody = await page.evaluate(() => window.__themeAtBody);
    if (atBody !== "dark") fail("toggle", `the saved theme was not applied before <body> (got ${atBody})`);
    if ((await background()) !== darkBg) fail("toggle", "the saved dark theme was not used on the next page");
    await page.locator(".theme-toggle").click();
    if ((await background()) !== lightBg) fail("toggle", "switching back to light failed");
  }
  await context.close();
}

// ---- Readable without JavaScript ----------------------------------------------------------
{
  const context = await newContext({ javaScriptEnabled: false, viewport: { width: 375, height: 900 } });
  const page = await context.newPage();
  for (const [name, rel] of Object.entries(pages)) {
    if (name === "search") continue;
    await load(page, rel);
    const text = await page.evaluate(() => document.querySelector("main")?.innerText.trim().length || 0);
    if (text < 100) fail(`${name} without JavaScript`, `main holds only ${text} characters`);
    if (await page.locator(".theme-toggle").isVisible()) fail(`${name} without JavaScript`, "the theme toggle shows but cannot work");
  }
  await context.close();
}

// ---- CSS + own JS budget: what each page loads (Pagefind's generated files are not ours) -----
const budget = { css: 0, js: 0, total: 0, page: null, files: {} };
{
  const context = await newContext({ javaScriptEnabled: true });
  const page = await context.newPage();
  let current = null;
  page.on("response", async (r) => {
    const type = r.request().resourceType();
    const path = new URL(r.url()).pathname;
    if ((type === "stylesheet" || type === "script") && !path.includes("/pagefind/") && current) {
      const size = (await r.body().catch(() => Buffer.alloc(0))).length;
      current[type === "stylesheet" ? "css" : "js"] += size;
      budget.files[path.slice(base.pathname.length - 1)] = size;
    }
  });
  for (const [name, rel] of Object.entries(pages)) {
    current = { css: 0, js: 0 };
    await load(page, rel);
    await page.waitForLoadState("networkidle");
    const total = current.css + current.js;
    if (total > budget.total) Object.assign(budget, current, { total, page: name });
  }
  await context.close();
  if (budget.total > BUDGET_BYTES) fail("budget", `the ${budget.page} page loads ${budget.total} bytes of CSS + JS, over ${BUDGET_BYTES}`);
}

await browser.close();

const report = {
  ok: failures.length === 0,
  pages,
  checked: Object.keys(pages).length * WIDTHS.length * SCHEMES.length,
  screenshots,
  axe: { counts: axeCounts, violations: [...axeSeen.values()] },
  budget,
  failures,
};
console.log(JSON.stringify(report, null, 2));
process.exit(failures.length ? 1 : 0);
