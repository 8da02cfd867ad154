// Starts Debian's headless Chromium the way every browser test here needs it (no sandbox as
// root, no background network traffic on this closed network). CHROMIUM overrides the binary.
// On failure prints `{"error": …}` (plus `extra` fields) as JSON and exits 2.
import { chromium } from "playwright-core";

export async function launch(extra = {}) {
  try {
    return await chromium.launch({
      executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    });
  } catch (e) {
    console.log(JSON.stringify({ ...extra, error: `could not start Chromium: ${e.message}` }));
    process.exit(2);
  }
}

// Records every Content-Security-Policy violation on `page` (pages declare a policy in a
// <meta>; anything it blocks is a bug of the theme, the search or serve's script) by calling
// `record(message)`: from the `securitypolicyviolation` event, which an init script (not
// subject to the policy) listens for, and from Chromium's console message. Call it before
// the first `goto`.
export async function watchCsp(page, record) {
  await page.addInitScript(logCspViolations);
  page.on("console", (m) => {
    const text = m.text();
    if (m.type() === "error" && /CSP violation|Content Security Policy/.test(text)) {
      record(`${page.url()}: ${text}`);
    }
  });
}

// The init script of `watchCsp` (a browser context can add it to all its pages): each
// violation becomes a console error.
export function logCspViolations() {
  document.addEventListener("securitypolicyviolation", (e) => {
    console.error(`CSP violation: ${e.effectiveDirective} blocked ${e.blockedURI || "inline"} ` +
      `(${e.sourceFile || "?"}:${e.lineNumber || 0})`);
  });
}
