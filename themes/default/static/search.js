// wgsite search page: Pagefind in the browser, the query and filters in the URL (?q=x&year=2023
// &kind=meeting&issue=898). Never calls pagefind.filters() (it fetches every chunk): see search.rs.
// The filters are the page's <details data-facet> (the template lists them, so nothing moves
// when their values arrive); this script fills in each one's values and counts.
const app = document.getElementById("search-app");
const facetBox = document.getElementById("search-facets");
const FACETS = facetBox ? [...facetBox.querySelectorAll("details[data-facet]")].map((d) => [d.dataset.facet, d]) : [];
const MAX_FACET_VALUES = 40;

const form = app.querySelector("form");
const input = document.getElementById("search-q");
const issueInput = document.getElementById("search-issue");
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

// A title's code spans as <code>, after escaping, as the pages show them.
const codeSpans = (html) => html.replace(/`([^`]+)`/g, "<code>$1</code>");

async function load() {
  if (app.dataset.enabled !== "true") {
    setStatus("Search is not built for this site (it was built with --no-search or [search] enabled = false).");
    return null;
  }
  try {
    const base = new URL(app.dataset.pagefind, location.href);
    const pagefind = await import(base.href);
    // Site-relative result URLs, resolved against the root below.
    await pagefind.options({ excerptLength: 30, baseUrl: "/" });
    await pagefind.init();
    const response = await fetch(new URL("wgsite-facets.json", base));
    if (!response.ok) throw new Error(`wgsite-facets.json: ${response.status}`);
    return { pagefind, summary: await response.json() };
  } catch {
    setStatus("The search index could not be loaded.");
    return null;
  }
}

function renderFacets(available, chosen) {
  for (const [name, details] of FACETS) {
    const values = Object.entries(available[name] || {}).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    const shown = name === "year" ? values.sort((a, b) => b[0].localeCompare(a[0])) : values;
    const rows = shown.slice(0, MAX_FACET_VALUES).map(([value, count]) => {
      const box = document.createElement("input");
      box.type = "checkbox";
      box.name = name;
      box.value = value;
      box.checked = chosen[name]?.includes(value) || false;
      const row = document.createElement("label");
      row.className = "facet-value";
      row.append(box, `${value} (${count})`);
      return row;
    });
    details.querySelector(".facet-values").replaceChildren(...rows);
    // How many are ticked, beside the name: the groups stay closed until opened.
    const n = chosen[name]?.length || 0;
    details.querySelector(".facet-chosen").textContent = n ? `${n} chosen` : "";
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
  for (const box of facetBox?.querySelectorAll("input:checked") || []) p.append(box.name, box.value);
  const query = p.toString();
  history.replaceState(null, "", query ? `?${query}` : location.pathname);
}

// The filter holding issue number `n` (`search::number_facet`).
function numberFilter(n, shards) {
  return `issue_number_${BigInt(n) % BigInt(Math.max(1, shards))}`;
}

// Overtaken runs drop their results; data-search-shown names the query on screen.
let latest = 0;
function done(query, text) {
  setStatus(text);
  document.documentElement.dataset.searchShown = query;
}

async function run(pagefind, summary) {
  const mine = ++latest, query = location.search;
  const p = params();
  const chosen = chosenFilters(p);
  const filters = {};
  for (const [name, values] of Object.entries(chosen)) filters[name] = { any: values };
  const issue = (p.get("issue") || "").replace(/^#/, "").trim();
  if (issue) {
    if (!/^[0-9]{1,15}$/.test(issue)) {
      list.replaceChildren();
      done(query, "An issue number is digits only, e.g. 898.");
      return;
    }
    filters[numberFilter(issue, summary.shards)] = { any: [String(BigInt(issue))] };
  }
  const q = normalise(p.get("q") || "");
  if (!q && Object.keys(filters).length === 0) {
    renderFacets(summary.facets, chosen);
    list.replaceChildren();
    done(query, "Type words to search, or choose filters.");
    return;
  }
  // `none` of a value no page has: loads the chunks of the facets on screen, for their counts.
  for (const [name] of FACETS) if (!filters[name]) filters[name] = { none: ["\u0000"] };
  const search = await pagefind.search(q || null, { filters, sort: q ? undefined : { date: "desc" } });
  if (!search || mine !== latest) return;
  const results = await Promise.all(search.results.slice(0, 50).map((r) => r.data()));
  if (mine !== latest) return;
  renderFacets(mergeCounts(summary.facets, search.filters), chosen);
  list.replaceChildren(...results.flatMap(resultItems));
  const n = search.results.length;
  done(query, n === 0 ? "No results." : `${n} result${n === 1 ? "" : "s"}${n > 50 ? " (first 50 shown)" : ""}.`);
}

// One item per result, or per anchored part that matched (a meeting's actions are one record).
function resultItems(data) {
  const parts = (data.sub_results || []).filter((s) => s.anchor);
  const shown = parts.length ? parts : [{ title: data.meta.title || data.url, url: data.url, excerpt: data.excerpt }];
  const date = data.meta.date ? `<time datetime="${escapeHtml(data.meta.date)}">${escapeHtml(data.meta.date)}</time> · ` : "";
  const kind = data.filters.kind ? `<span class="badge">${escapeHtml(data.filters.kind[0])}</span>` : "";
  return shown.map((r) => {
    const li = document.createElement("li");
    li.className = "search-result";
    const href = new URL(r.url.replace(/^\//, ""), root).href;
    li.innerHTML = `<a class="result-title" href="${escapeHtml(href)}">${codeSpans(escapeHtml(r.title))}</a> ${kind}<p class="meta">${date}<span class="excerpt">${r.excerpt}</span></p>`;
    return li;
  });
}

// Every facet stays visible (choices can be undone), with this search's counts.
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
  facetBox?.addEventListener("change", update);
  await run(pagefind, summary);
  document.documentElement.dataset.searchReady = "true";
}

main();
