// Screenshots of a built site's pages at a phone's and a desktop's size, for the docs:
//
//   node screenshots.mjs SITE_DIR OUT_DIR name=path [name=path …]
//
// Serves SITE_DIR on 127.0.0.1 (a folder URL serves its index.html), opens each path at
// 390×844 and 1280×800 in the light scheme and saves what fits the window (the first screen)
// as OUT_DIR/NAME-390.png and OUT_DIR/NAME-1280.png. A search page (a path under search/) is
// shot once its results are on screen. Run by scripts/screenshots.sh.
import { launch } from "./launch.mjs";
import { createServer } from "node:http";
import { readFile, stat, mkdir } from "node:fs/promises";
import path from "node:path";

const [siteDir, outDir, ...pairs] = process.argv.slice(2);
if (!siteDir || !outDir || pairs.length === 0) {
  console.error("usage: node screenshots.mjs SITE_DIR OUT_DIR name=path [name=path …]");
  process.exit(2);
}
const TYPES = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript", ".json": "application/json", ".svg": "image/svg+xml", ".wasm": "application/wasm" };
const root = path.resolve(siteDir);
const server = createServer(async (req, res) => {
  let file = path.join(root, decodeURIComponent(new URL(req.url, "http://x").pathname));
  if (!file.startsWith(root)) file = path.join(root, "404.html");
  try {
    if ((await stat(file)).isDirectory()) file = path.join(file, "index.html");
    res.writeHead(200, { "Content-Type": TYPES[path.extname(file)] || "application/octet-stream" });
    res.end(await readFile(file));
  } catch {
    res.writeHead(404, { "Content-Type": TYPES[".html"] });
    res.end(await readFile(path.join(root, "404.html")).catch(() => ""));
  }
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const base = `http://127.0.0.1:${server.address().port}/`;
await mkdir(outDir, { recursive: true });

const browser = await launch();
const written = [];
try {
  for (const [width, height] of [[390, 844], [1280, 800]]) {
    const page = await browser.newPage({ viewport: { width, height }, colorScheme: "light" });
    for (const pair of pairs) {
      const at = pair.indexOf("=");
      const [name, rel] = [pair.slice(0, at), pair.slice(at + 1)];
      await page.goto(new URL(rel, base).href, { waitUntil: "load" });
      if (rel.startsWith("search/")) {
        await page.waitForSelector("html[data-search-ready]", { timeout: 20000 });
        await page.waitForFunction(() => document.documentElement.dataset.searchShown === location.search);
      }
      const file = path.join(outDir, `${name}-${width}.png`);
      await page.screenshot({ path: file });
      written.push(file);
    }
    await page.close();
  }
} finally {
  await browser.close();
  server.close();
}
console.log(JSON.stringify({ written }));
