// wgsite search page: runs Pagefind in the browser. Reads and writes the query and the facet
// filters in the URL (?q=symlinks&year=2023&repo=nodejs/node&kind=meeting&person=x&issue=898),
// so every search can be linked to. No framework, no external requests.
// Never calls pagefind.filters() (it fetches every filter chunk): see `search.rs`.
const app = document.getElementById("search-app");
const FACETS = [
  ["kind", "Kind"],
  ["year", "Year"],
  ["repo", "Repository"],
  ["person", "Person"],
];
const MAX_FACET_VALUES = 40;

const form = app.querySelector("form");
const input = document.getElementById("search-q");
const issueInput = document.getElementById("search-issue");
const facetBox = document.getElementById("search-facets");
const statusLine = document.getElementById("search-status");
const list = document.getElementById("search-results");
const root = new URL(app.dataset.root, location.href);

function setStatus(text) {
  statusLine.textContent = text;
}

function params() {
  return new URLSearchParams(location.search);
}

// `#898`, `security-wg#898`, `@Handle` → words Pagefind indexes.
function normalise(q) {
  return q.replace(/[#@]/g, " ").replace(/\s+/g, " ").trim();
}

function escapeHtml(s) {
  return String(s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

async function load() {
  if (app.dataset.enabled !== "true") {
    setStatus("Search is not built for this site (it was built with --no-search or [search] enabled = false).");
    return null;
  }
  try {
    const pagefind = await import(new URL(app.dataset.pagefind, location.href).href);
    // Site-relative result URLs, resolved against the site root below.
    await pagefind.options({ excerptLength: 30, baseUrl: "/" });
    await pagefind.init();
    const response = await fetch(new URL("wgsite-facets.json", new URL(app.dataset.pagefind, location.href)));
    if (!response.ok) throw new Error(`wgsite-facets.json: ${response.status}`);
    return { pagefind, summary: await response.json() };
  } catch (e) {
    setStatus("The search index could not be loaded.");
    return null;
  }
}

function renderFacets(available, chosen) {
  facetBox.replaceChildren();
  for (const [name, label] of FACETS) {
    const values = Object.entries(available[name] || {}).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    if (values.length === 0) continue;
    const fieldset = document.createElement("fieldset");
    fieldset.className = "facet";
    const legend = document.createElement("legend");
    legend.textContent = label;
    fieldset.append(legend);
    const shown = name === "year" ? values.sort((a, b) => b[0].localeCompare(a[0])) : values;
    for (const [value, count] of shown.slice(0, MAX_FACET_VALUES)) {
      const id = `f-${name}-${value}`.replace(/[^A-Za-z0-9_-]/g, "_");
      const box = document.createElement("input");
      box.type = "checkbox";
      box.name = name;
      box.value = value;
      box.id = id;
      box.checked = chosen[name]?.includes(value) || false;
      const lab = document.createElement("label");
      lab.htmlFor = id;
      lab.textContent = `${value} (${count})`;
      const row = document.createElement("span");
      row.className = "facet-value";
      row.append(box, lab);
      fieldset.append(row);
    }
    facetBox.append(fieldset);
  }
}

function chosenFilters(p) {
  const chosen = {};
  for (const [name] of FACETS) {
    const values = p.getAll(name).filter(Boolean);
    if (values.length) chosen[name] = values;
  }
  return chosen;
}

function writeUrl() {
  const p = new URLSearchParams();
  if (input.value.trim()) p.set("q", input.value.trim());
  if (issueInput.value.trim()) p.set("issue", issueInput.value.trim());
  for (const box of facetBox.querySelectorAll("input:checked")) p.append(box.name, box.value);
  const query = p.toString();
  history.replaceState(null, "", query ? `?${query}` : location.pathname);
}

// The filter that holds issue number `n` (see `search::number_facet` in the generator).
function numberFilter(n, shards) {
  return `issue_number_${BigInt(n) % BigInt(Math.max(1, shards))}`;
}

// Each run takes a number; a run that a newer one overtook drops its results, so a slow search
// for what was typed first never replaces the answer to what was typed last.
let latestRun = 0;

// Says which query string's results are on screen (`<html data-search-shown="?q=…">`): a test or
// a theme script can wait for it instead of guessing how long a search takes.
function shown(query) {
  document.documentElement.dataset.searchShown = query;
}

async function run(pagefind, summary) {
  const mine = ++latestRun;
  const query = location.search;
  const p = params();
  const chosen = chosenFilters(p);
  const filters = {};
  for (const [name, values] of Object.entries(chosen)) filters[name] = { any: values };
  const issue = (p.get("issue") || "").replace(/^#/, "").trim();
  if (issue) {
    if (!/^[0-9]{1,15}$/.test(issue)) {
      list.replaceChildren();
      setStatus("An issue number is digits only, e.g. 898.");
      shown(query);
      return;
    }
    filters[numberFilter(issue, summary.shards)] = { any: [String(BigInt(issue))] };
  }
  const q = normalise(p.get("q") || "");
  if (!q && Object.keys(filters).length === 0) {
    renderFacets(summary.facets, chosen);
    list.replaceChildren();
    setStatus("Type words to search, or choose filters.");
    shown(query);
    return;
  }
  // `none` of a value no page has: loads the chunks of the facets on screen, for their counts.
  for (const [name] of FACETS) if (!filters[name]) filters[name] = { none: ["\u0000"] };
  const search = await pagefind.search(q || null, { filters, sort: q ? undefined : { date: "desc" } });
  if (!search || mine !== latestRun) return;
  const results = await Promise.all(search.results.slice(0, 50).map((r) => r.data()));
  if (mine !== latestRun) return;
  renderFacets(mergeCounts(summary.facets, search.filters), chosen);
  list.replaceChildren(...results.flatMap(resultItems));
  const n = search.results.length;
  setStatus(n === 0 ? "No results." : `${n} result${n === 1 ? "" : "s"}${n > 50 ? " (first 50 shown)" : ""}.`);
  shown(query);
}

// One list item per result; a meeting's action items (or decisions) are one record whose items
// are anchored parts, so each part that matched the words is an item of its own, linking to it.
function resultItems(data) {
  const parts = (data.sub_results || []).filter((s) => s.anchor);
  const shown = parts.length ? parts : [{ title: data.meta.title || data.url, url: data.url, excerpt: data.excerpt }];
  const date = data.meta.date ? `<time datetime="${escapeHtml(data.meta.date)}">${escapeHtml(data.meta.date)}</time> · ` : "";
  const kind = data.filters.kind ? `<span class="badge">${escapeHtml(data.filters.kind[0])}</span>` : "";
  return shown.map((r) => {
    const li = document.createElement("li");
    li.className = "search-result";
    const href = new URL(r.url.replace(/^\//, ""), root).href;
    li.innerHTML = `<a class="result-title" href="${escapeHtml(href)}">${escapeHtml(r.title)}</a> ${kind}<p class="meta">${date}${r.excerpt}</p>`;
    return li;
  });
}

// Keep every facet visible (so choices can be undone) with the counts of the current search.
function mergeCounts(all, current) {
  const merged = {};
  for (const [name, values] of Object.entries(all)) {
    merged[name] = {};
    for (const value of Object.keys(values)) merged[name][value] = current?.[name]?.[value] ?? 0;
  }
  return merged;
}

async function main() {
  const p = params();
  input.value = p.get("q") || "";
  issueInput.value = p.get("issue") || "";
  const loaded = await load();
  if (!loaded) return;
  const { pagefind, summary } = loaded;
  renderFacets(summary.facets, chosenFilters(p));
  let timer;
  const update = () => {
    writeUrl();
    clearTimeout(timer);
    timer = setTimeout(() => run(pagefind, summary), 120);
  };
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    update();
  });
  input.addEventListener("input", update);
  issueInput.addEventListener("input", update);
  facetBox.addEventListener("change", update);
  await run(pagefind, summary);
  document.documentElement.dataset.searchReady = "true";
}

main();
