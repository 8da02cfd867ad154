// wgsite serve: live reload. Injected into pages by the preview server only (never into the
// built site). Reloads the page after a good rebuild; after a failed one, shows the errors over
// the last good page until the next good build. Works under any base path: it talks to
// /__wgsite/ at the server's root. The overlay sets the colours of each of its elements itself
// (the site's stylesheet styles `pre`, `button`, … and must not make it unreadable).
(() => {
  const script = document.currentScript;
  const generation = script ? new URL(script.src).searchParams.get("g") || "" : "";
  const ID = "wgsite-overlay";

  function hide() {
    const old = document.getElementById(ID);
    if (old) old.remove();
  }

  function show(errors) {
    hide();
    if (!Array.isArray(errors) || errors.length === 0) return;
    const box = document.createElement("div");
    box.id = ID;
    box.setAttribute("role", "alertdialog");
    box.setAttribute("aria-label", "Build failed");
    box.style.cssText =
      "position:fixed;inset:1rem;z-index:2147483647;overflow:auto;padding:1rem 1.25rem;" +
      "background:#1b1b1f;color:#f5f5f5;border:3px solid #e5484d;border-radius:8px;" +
      "color-scheme:dark;text-align:start;" +
      "font:14px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;" +
      "box-shadow:0 8px 32px rgba(0,0,0,.5)";
    const head = document.createElement("div");
    head.style.cssText = "display:flex;justify-content:space-between;gap:1rem;align-items:start";
    const title = document.createElement("strong");
    title.style.cssText = "color:#f5f5f5;background:transparent";
    title.textContent =
      "wgsite: the last change did not build (" + errors.length +
      (errors.length === 1 ? " error" : " errors") + "); showing the last good version";
    const close = document.createElement("button");
    close.type = "button";
    close.textContent = "Dismiss";
    close.style.cssText =
      "font:inherit;padding:.2rem .6rem;cursor:pointer;color:#f5f5f5;background:#2e2e35;" +
      "border:1px solid #8b8d98;border-radius:4px";
    close.addEventListener("click", hide);
    head.append(title, close);
    box.append(head);
    for (const e of errors) {
      const where = document.createElement("p");
      where.className = "wgsite-error-place";
      where.style.cssText =
        "margin:1rem 0 .25rem;color:#ff9592;background:transparent;font-weight:bold";
      where.textContent =
        (e.path || "build") + (e.line ? ":" + e.line + (e.col ? ":" + e.col : "") : "");
      const message = document.createElement("pre");
      message.className = "wgsite-error-message";
      message.style.cssText =
        "margin:0;padding:0;white-space:pre-wrap;font:inherit;color:#f5f5f5;" +
        "background:transparent;border:0;border-radius:0";
      // The text a terminal shows: the message, the source lines with the span marked, help.
      message.textContent = e.rendered || e.message;
      box.append(where, message);
    }
    document.body.append(box);
    close.focus();
  }

  document.addEventListener("keydown", (e) => {
    if (e.key === "Escape") hide();
  });

  // A page opened while the site is broken shows the errors at once.
  fetch("/__wgsite/status", { cache: "no-store" })
    .then((r) => r.json())
    .then((s) => { if (!s.ok) show(s.errors); })
    .catch(() => {});

  // Build errors come as `event: error` with data; connection errors (no data) are left to
  // EventSource, which reconnects by itself, except after an answer that is not a stream (a
  // 503 when the preview has too many open): then a new one is tried a little later.
  function listen() {
    const events = new EventSource("/__wgsite/events?since=" + encodeURIComponent(generation));
    events.addEventListener("reload", () => location.reload());
    events.addEventListener("error", (e) => {
      if (typeof e.data === "string") {
        try { show(JSON.parse(e.data)); } catch (_) { /* not ours */ }
      } else if (events.readyState === EventSource.CLOSED) {
        setTimeout(listen, 5000);
      }
    });
  }
  listen();
})();
