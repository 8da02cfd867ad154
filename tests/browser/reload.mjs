// Live reload of `wgsite serve` in headless Chromium; prints what it saw as JSON:
//   node reload.mjs PAGE_URL MINUTES_FILE SITE_TOML
// Opens the page, edits the minutes file and waits (no manual refresh) for the new text; then
// breaks site.toml and waits for the error overlay over the last good page, checks that a page
// opened now shows it too and can be dismissed, restores site.toml and waits for the overlay
// to go. Measures the contrast of every text of the overlay against what is behind it, in the
// light and the dark colour scheme (WCAG's formula). Exits 2 when Chromium cannot start.
import { launch, watchCsp } from "./launch.mjs";
import { readFileSync, writeFileSync } from "node:fs";

const [pageUrl, minutesFile, siteToml] = process.argv.slice(2);
const NEW_TEXT = "second draft, reloaded live";
const WAIT = { timeout: 15000 };

// The lowest contrast ratio of the overlay's texts, and which text has it.
function overlayContrast() {
  const rgba = (css) => {
    const srgb = css.match(/color\(srgb ([^)]+)\)/);
    if (srgb) {
      const [r, g, b, a] = srgb[1].split(/[\s/]+/).map(Number);
      return [r * 255, g * 255, b * 255, Number.isNaN(a) || a === undefined ? 1 : a];
    }
    const [r, g, b, a] = css.match(/rgba?\(([^)]+)\)/)[1].split(/[\s,/]+/).map(Number);
    return [r, g, b, a === undefined ? 1 : a];
  };
  const over = (top, below) => top.slice(0, 3)
    .map((c, i) => c * top[3] + below[i] * (1 - top[3])).concat(1);
  const background = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) layers.push(rgba(getComputedStyle(e).backgroundColor));
    return layers.reverse().reduce((below, top) => over(top, below), [255, 255, 255, 1]);
  };
  const luminance = ([r, g, b]) => {
    const f = (c) => { c /= 255; return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  let worst = { ratio: Infinity, text: "" };
  const box = document.getElementById("wgsite-overlay");
  for (const el of [box, ...box.querySelectorAll("*")]) {
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!own) continue;
    const bg = background(el);
    const fg = over(rgba(getComputedStyle(el).color), bg);
    const [hi, lo] = [luminance(fg), luminance(bg)].sort((a, b) => b - a);
    const ratio = (hi + 0.05) / (lo + 0.05);
    if (ratio < worst.ratio) {
      worst = { ratio, text: el.textContent.slice(0, 40), color: getComputedStyle(el).color,
        background: bg.map(Math.round).join(",") };
    }
  }
  return worst;
}

const browser = await launch();
const report = { errors: [] };
const minutes = readFileSync(minutesFile, "utf8");
const config = readFileSync(siteToml, "utf8");
try {
  const page = await browser.newPage();
  page.on("pageerror", (e) => report.errors.push(String(e)));
  await watchCsp(page, (m) => report.errors.push(m));
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
  report.overlayContrast = {};
  for (const scheme of ["light", "dark"]) {
    await page.emulateMedia({ colorScheme: scheme });
    report.overlayContrast[scheme] = await page.evaluate(overlayContrast);
  }
  await page.emulateMedia({ colorScheme: null });

  // A page opened while the site is broken shows the errors at once; they can be dismissed.
  const other = await browser.newPage();
  other.on("pageerror", (e) => report.errors.push(String(e)));
  await watchCsp(other, (m) => report.errors.push(m));
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
