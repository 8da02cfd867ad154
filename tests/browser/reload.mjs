// Live reload of `wgsite serve` in headless Chromium; prints what it saw as JSON:
//   node reload.mjs PAGE_URL MINUTES_FILE SITE_TOML
// Opens the page, edits the minutes file and waits (no manual refresh) for the new text; then
// breaks site.toml and waits for the error overlay over the last good page, checks that a page
// opened now shows it too and can be dismissed, restores site.toml and waits for the overlay
// to go. Exits 2 when Chromium cannot start.
import { launch } from "./launch.mjs";
import { readFileSync, writeFileSync } from "node:fs";

const [pageUrl, minutesFile, siteToml] = process.argv.slice(2);
const NEW_TEXT = "second draft, reloaded live";
const WAIT = { timeout: 15000 };

const browser = await launch();
const report = { errors: [] };
const minutes = readFileSync(minutesFile, "utf8");
const config = readFileSync(siteToml, "utf8");
try {
  const page = await browser.newPage();
  page.on("pageerror", (e) => report.errors.push(String(e)));
  await page.goto(pageUrl);
  await page.waitForSelector('script[src^="/__wgsite/live.js"]', { state: "attached" });
  // Gone after a reload: proves the page was reloaded, not patched.
  await page.evaluate(() => { window.wgsiteMarker = "before"; });

  const edited = Date.now();
  writeFileSync(minutesFile, minutes.replace("first draft", NEW_TEXT));
  await page.waitForFunction((t) => document.body?.innerText.includes(t), NEW_TEXT, WAIT);
  report.reloadMs = Date.now() - edited;
  report.reloaded = await page.evaluate(() => window.wgsiteMarker === undefined);

  // A broken configuration: the errors appear over the last good page.
  await page.waitForLoadState("load");
  writeFileSync(siteToml, config + 'colour = "red"\n');
  await page.waitForSelector("#wgsite-overlay", WAIT);
  report.overlay = await page.$eval("#wgsite-overlay", (el) => el.innerText);
  report.overlayPlace = await page.$eval("#wgsite-overlay .wgsite-error-place",
    (el) => el.textContent);
  report.stillGood = await page.evaluate((t) => document.body.innerText.includes(t), NEW_TEXT);

  // A page opened while the site is broken shows the errors at once; they can be dismissed.
  const other = await browser.newPage();
  other.on("pageerror", (e) => report.errors.push(String(e)));
  await other.goto(pageUrl);
  await other.waitForSelector("#wgsite-overlay", WAIT);
  report.overlayOnOpen = true;
  await other.click("#wgsite-overlay button");
  report.dismissed = (await other.$("#wgsite-overlay")) === null;

  // Fixed: the pages reload and the overlay is gone.
  writeFileSync(siteToml, config);
  await page.waitForFunction(() => !document.getElementById("wgsite-overlay"), null, WAIT);
  await page.waitForFunction((t) => document.body?.innerText.includes(t), NEW_TEXT, WAIT);
  report.fixed = true;
} catch (e) {
  report.errors.push(String(e));
} finally {
  await browser.close();
}
console.log(JSON.stringify(report));
