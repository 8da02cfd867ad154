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
