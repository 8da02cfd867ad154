// Clicks what minutes wrote as script links, in headless Chromium, and prints what happened as
// JSON:   node links.mjs PAGE_URL
// Reports the page's links that go anywhere but http(s), mailto or the site (`links`), whether
// clicking the text of a refused markdown link and a raw-HTML `javascript:` link (a site with
// `allow_html = true`) ran anything (`ran`, `dialogs`: the scripts set `window.ran` or open
// an alert), where the page is after the clicks, and every Content-Security-Policy violation
// (expected for the raw link: the policy is what stops it). Exits 2 when Chromium cannot start.
import { launch, watchCsp } from "./launch.mjs";

const [pageUrl] = process.argv.slice(2);
const browser = await launch();
const report = { links: [], dialogs: [], violations: [], errors: [] };
try {
  const page = await browser.newPage();
  page.on("pageerror", (e) => report.errors.push(String(e)));
  page.on("dialog", async (d) => {
    report.dialogs.push(d.message());
    await d.dismiss();
  });
  await watchCsp(page, (m) => report.violations.push(m));
  await page.goto(pageUrl, { waitUntil: "load" });
  report.links = await page.$$eval("a[href]", (as) =>
    as.filter((a) => !["http:", "https:", "mailto:"].includes(a.protocol)).map((a) => a.href));
  // The refused markdown link is text: clicking it goes nowhere.
  await page.getByText("[x](javascript:window.ran=1;alert(1))").click();
  // The raw HTML link is a link, and the policy blocks it.
  const raw = page.locator("a#raw");
  if (await raw.count()) await raw.click();
  await page.waitForTimeout(300);
  report.ran = await page.evaluate(() => window.ran === 1);
  report.url = page.url();
} catch (e) {
  report.errors.push(String(e));
} finally {
  await browser.close();
}
console.log(JSON.stringify(report));
