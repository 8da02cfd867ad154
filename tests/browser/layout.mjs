// Checks how pages hold up at phone and desktop sizes in headless Chromium:
//
//   node layout.mjs BASE_URL PAGES_JSON
//
// PAGES_JSON is a list of [name, path] pairs relative to BASE_URL. At 390×844 and 1280×800
// each page is loaded and measured: the page must not be wider than the window, no table wider
// than the box it sits in, and no element may stick out past the right edge. The search page
// (the pair named "search", a path with a query) is also loaded with a PerformanceObserver of
// `layout-shift` entries, and the shifts not caused by input are summed until its results are
// on screen (cumulative layout shift); the size of its filter controls is measured too. On the
// page named "actions of a year", with JavaScript off, it counts the action items shown under
// each choice of the Open / Followed up filter. Prints one JSON report; exits 2 when Chromium
// cannot start.
import { launch, watchCsp } from "./launch.mjs";

const [baseArg, pagesJson] = process.argv.slice(2);
const base = new URL(baseArg);
const pages = JSON.parse(pagesJson);
const SIZES = [
  { width: 390, height: 844 },
  { width: 1280, height: 800 },
];

function measure() {
  const problems = [];
  const width = window.innerWidth;
  const root = document.documentElement;
  const describe = (el) => {
    let d = el.tagName.toLowerCase();
    if (el.id) d += `#${el.id}`;
    if (el.classList.length) d += `.${[...el.classList].join(".")}`;
    const text = (el.textContent || "").trim().replace(/\s+/g, " ").slice(0, 40);
    return text ? `${d} "${text}"` : d;
  };
  const visible = (el) => {
    const s = getComputedStyle(el);
    return s.display !== "none" && s.visibility !== "hidden" && el.getClientRects().length > 0;
  };
  if (root.scrollWidth > width) problems.push(`page is ${root.scrollWidth}px wide in a ${width}px window`);
  // Elements past the right edge (inside a box that scrolls sideways they are that box's).
  const scrolls = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const s = getComputedStyle(p).overflowX;
      if (s === "auto" || s === "scroll" || s === "hidden") return true;
    }
    return false;
  };
  const out = [...document.body.querySelectorAll("*")]
    .filter((el) => visible(el) && el.getBoundingClientRect().right > width + 1 && !scrolls(el))
    .slice(0, 5)
    .map(describe);
  if (out.length) problems.push(`past the right edge: ${out.join(", ")}`);
  for (const table of document.querySelectorAll("table")) {
    if (!visible(table)) continue;
    const box = table.parentElement;
    const inner = box.clientWidth - parseFloat(getComputedStyle(box).paddingLeft) - parseFloat(getComputedStyle(box).paddingRight);
    const w = table.getBoundingClientRect().width;
    if (w > inner + 1) problems.push(`table ${describe(table)} is ${Math.round(w)}px wide in a ${Math.round(inner)}px box`);
  }
  return problems;
}

const browser = await launch();
const report = { checked: [], failures: [], cls: {}, targets: {}, filter: {}, errors: [] };
try {
  for (const size of SIZES) {
    const context = await browser.newContext({ viewport: size });
    const page = await context.newPage();
    page.on("pageerror", (e) => report.errors.push(`${page.url()}: ${e}`));
    await watchCsp(page, (m) => report.errors.push(m));
    for (const [name, rel] of pages) {
      const response = await page.goto(new URL(rel, base).href, { waitUntil: "load" });
      const where = `${name} (${rel}) at ${size.width}px`;
      if (!response || !(response.ok() || (name === "404" && response.status() === 404))) {
        report.failures.push(`${where}: HTTP ${response ? response.status() : "none"}`);
        continue;
      }
      if (name === "search") await page.waitForSelector("html[data-search-ready]", { timeout: 20000 });
      for (const p of await page.evaluate(measure)) report.failures.push(`${where}: ${p}`);
      report.checked.push(where);
    }
    await context.close();
  }
  // The search page: layout shifts until the results of a deep link are on screen.
  const search = pages.find(([name]) => name === "search");
  for (const size of search ? SIZES : []) {
    const context = await browser.newContext({ viewport: size });
    const page = await context.newPage();
    await page.addInitScript(() => {
      window.__shifts = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) {
          if (!e.hadRecentInput) {
            window.__shifts.push({
              value: e.value,
              sources: (e.sources || []).map((s) => s.node?.nodeName + (s.node?.id ? `#${s.node.id}` : "") + (s.node?.className ? `.${s.node.className}` : "")),
            });
          }
        }
      }).observe({ type: "layout-shift", buffered: true });
    });
    await page.goto(new URL(search[1], base).href, { waitUntil: "load" });
    await page.waitForSelector("html[data-search-ready]", { timeout: 20000 });
    await page.waitForFunction(() => document.documentElement.dataset.searchShown === location.search);
    await page.waitForTimeout(500);
    const shifts = await page.evaluate(() => window.__shifts);
    report.cls[size.width] = {
      total: shifts.reduce((a, s) => a + s.value, 0),
      shifts,
      results: await page.$$eval(".search-result", (l) => l.length),
    };
    // Filter controls: what a finger or pointer can hit, at least 24 px each way (every
    // group of filters opened).
    await page.$$eval(".search-facets details", (all) => all.forEach((d) => (d.open = true)));
    report.targets[size.width] = await page.$$eval(
      ".search-facets summary, .search-facets label, .search-facets input, .search-form input, .search-form button",
      (els) =>
        els
          .filter((el) => el.getClientRects().length > 0)
          .map((el) => {
            const r = el.getBoundingClientRect();
            return { what: `${el.tagName.toLowerCase()} ${(el.textContent || el.name || "").trim().slice(0, 30)}`, width: Math.round(r.width), height: Math.round(r.height) };
          }),
    );
    await context.close();
  }
  // The filter of a year's action items, without JavaScript.
  const year = pages.find(([name]) => name === "actions of a year");
  if (year) {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: SIZES[0] });
    const page = await context.newPage();
    await page.goto(new URL(year[1], base).href);
    const shown = (sel) => page.$$eval(sel, (l) => l.filter((li) => li.getClientRects().length > 0).length);
    report.filter.all = await shown(".action-list > li");
    await page.check("#show-open");
    report.filter.open = await shown(".action-list > li");
    report.filter.followed_shown_when_open = await shown(".action-list > li.followed");
    await page.check("#show-followed");
    report.filter.followed = await shown(".action-list > li");
    await context.close();
  }
} catch (e) {
  report.errors.push(String(e));
} finally {
  await browser.close();
}
console.log(JSON.stringify(report));
