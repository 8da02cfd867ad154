// Drives the search page in headless Chromium and prints what it found as JSON:
//   node search.mjs SEARCH_PAGE_URL [CASES_JSON]
// For each case it opens the search page with a query string (a deep link), waits until the
// page says it is ready, and reports the result titles, URLs and dates, the facet labels shown
// (`Year: 2025 (3)`, …) and which index files it fetched. Without CASES_JSON (a list of
// [name, query] pairs) it runs the example site's cases and then types into the box and
// reports the URL the page wrote. Exits 2 when Chromium cannot start.
import { launch, watchCsp } from "./launch.mjs";

const [pageUrl, casesJson] = process.argv.slice(2);
const cases = casesJson ? JSON.parse(casesJson) : [
  ["word", "?q=symlinks"],
  ["word-2025", "?q=permission&year=2025"],
  ["word-all-years", "?q=permission"],
  ["number", "?q=898"],
  ["hash-number", "?q=%23898"],
  ["repo-number", "?q=security-wg%23898"],
  ["handle", "?q=%40anasouza"],
  ["issue-filter", "?issue=898&kind=meeting"],
  ["kind-filter", "?q=permission&kind=issue"],
  ["action-parts", "?q=reproducible&kind=action"],
];

// True once the results on screen answer the query string in the address bar (the page marks
// what it shows in `data-search-shown`; see `done` in search.js).
const onScreen = () => document.documentElement.dataset.searchShown === location.search;

// Thrown to skip the typing cases when the caller gave its own cases.
class Done extends Error {}

const browser = await launch();
const report = { cases: {}, errors: [] };
try {
  const page = await browser.newPage();
  page.on("pageerror", (e) => report.errors.push(String(e)));
  await watchCsp(page, (m) => report.errors.push(m));
  // Bytes of the search index fetched, per case (what one query costs a reader), and the
  // index files asked for.
  let indexBytes = 0;
  let fetched = [];
  page.on("response", async (response) => {
    if (!response.url().includes("/pagefind/")) return;
    fetched.push(new URL(response.url()).pathname.replace(/^.*\/pagefind\//, ""));
    try {
      indexBytes += (await response.body()).length;
    } catch {
      // A response the page navigated away from has no body to count.
    }
  });
  report.bytes = {};
  report.fetched = {};
  report.facets = {};
  for (const [name, query] of cases) {
    indexBytes = 0;
    fetched = [];
    await page.goto(pageUrl + query);
    await page.waitForSelector("html[data-search-ready]", { timeout: 15000 });
    await page.waitForLoadState("networkidle");
    report.bytes[name] = indexBytes;
    report.fetched[name] = [...fetched];
    report.facets[name] = await page.$$eval(".facet", (sets) =>
      sets.flatMap((set) => {
        const name = set.querySelector(".facet-name")?.textContent ?? "";
        return [...set.querySelectorAll("label")].map((l) => `${name}: ${l.textContent}`);
      }),
    );
    report.cases[name] = await page.$$eval(".search-result", (items) =>
      items.map((li) => ({
        title: li.querySelector(".result-title")?.textContent ?? "",
        href: li.querySelector(".result-title")?.href ?? "",
        date: li.querySelector("time")?.getAttribute("datetime") ?? "",
        kind: li.querySelector(".badge")?.textContent ?? "",
        marked: li.querySelectorAll("mark").length,
        // Code spans of the title shown as code.
        code: li.querySelectorAll(".result-title code").length,
        // The text quoted under the title (after the date).
        excerpt: li.querySelector(".excerpt")?.textContent ?? "",
      })),
    );
  }
  if (casesJson) throw new Done();
  // Typing updates the URL, so the search can be shared.
  await page.goto(pageUrl);
  await page.waitForSelector("html[data-search-ready]");
  await page.fill("#search-q", "badge");
  await page.waitForFunction(() => location.search.includes("q=badge"));
  await page.waitForFunction(onScreen);
  report.typed = { url: page.url(), results: await page.$$eval(".search-result", (l) => l.length) };
  // A facet checkbox (in its group, opened) filters and is written to the URL too.
  await page.click('details[data-facet="kind"] summary');
  await page.check('input[name="kind"][value="meeting"]');
  await page.waitForFunction(() => location.search.includes("kind=meeting"));
  await page.waitForFunction(onScreen);
  report.faceted = {
    url: page.url(),
    kinds: await page.$$eval(".search-result .badge", (b) => [...new Set(b.map((x) => x.textContent))]),
  };
} catch (e) {
  if (!(e instanceof Done)) report.errors.push(String(e));
} finally {
  await browser.close();
}
console.log(JSON.stringify(report));
