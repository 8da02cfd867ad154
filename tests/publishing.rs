//! Publishing to GitHub Pages: `wgsite init` scaffolds a site that builds and deploys; a built
//! site works when served under a sub-path or at the root (crawled over real HTTP); sitemap and
//! feed use the absolute base URL; `--check-links` stops a broken link before anything is written.

use crate::common::{copy_dir, wgsite};
use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};

fn publishing_fixture(case: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/publishing")
        .join(case)
}

fn stderr_of(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Every file under `dir` (relative path → bytes).
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.expect("directory entry").path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let rel = path.strip_prefix(root).expect("under root");
                let bytes = std::fs::read(&path).expect("read");
                out.insert(rel.to_string_lossy().replace('\\', "/"), bytes);
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

// ---------------------------------------------------------------------------------------------
// wgsite init

#[test]
fn init_scaffolds_a_site_that_builds() {
    let tmp = tempfile::tempdir().expect("tempdir");
    for (dir, args) in [
        (
            "with-repo",
            vec!["--repo", "examplejs/tooling-wg", "--title", "Tooling WG"],
        ),
        ("placeholder", vec![]),
    ] {
        let out = wgsite()
            .current_dir(tmp.path())
            .arg("init")
            .arg(dir)
            .args(&args)
            .output()
            .expect("run init");
        let stderr = stderr_of(&out);
        assert!(out.status.success(), "init {dir} failed: {stderr}");
        assert!(
            stderr.contains(&format!("created {dir}/site.toml")),
            "{stderr}"
        );
        assert!(
            stderr.contains(&format!("cd {dir}")) && stderr.contains("wgsite build"),
            "{stderr}"
        );
        assert!(stderr.contains("wgsite check"), "{stderr}");

        let site = tmp.path().join(dir);
        let build = wgsite()
            .current_dir(&site)
            .arg("build")
            .output()
            .expect("run build");
        assert!(
            build.status.success(),
            "build of the {dir} scaffold failed: {}",
            stderr_of(&build)
        );
        for file in [
            "index.html",
            "sitemap.xml",
            "robots.txt",
            ".nojekyll",
            "404.html",
        ] {
            assert!(
                site.join("public").join(file).is_file(),
                "{dir}: public/{file} missing"
            );
        }
        let check = wgsite()
            .current_dir(&site)
            .arg("check")
            .output()
            .expect("run check");
        assert!(
            check.status.success(),
            "check of the {dir} scaffold failed: {}",
            stderr_of(&check)
        );
        let gitignore = std::fs::read_to_string(site.join(".gitignore")).expect(".gitignore");
        assert!(
            gitignore.lines().any(|l| l.trim() == "public/"),
            "{gitignore}"
        );
        assert_pages_workflow(&site.join(".github/workflows/pages.yml"));
    }
    let config =
        std::fs::read_to_string(tmp.path().join("with-repo/site.toml")).expect("site.toml");
    assert!(
        config.contains("base_url = \"https://examplejs.github.io/tooling-wg/\""),
        "{config}"
    );
    assert!(
        config.contains("repo = \"examplejs/tooling-wg\""),
        "{config}"
    );
    let placeholder =
        std::fs::read_to_string(tmp.path().join("placeholder/site.toml")).expect("site.toml");
    assert!(
        placeholder.contains("repo = \"your-org/your-repo\""),
        "{placeholder}"
    );
    assert!(placeholder.contains("CHANGE THIS"), "{placeholder}");
}

/// In a repository that already keeps minutes (`doc/meetings/`, a README, its own `.gitignore`
/// and Dependabot file), `init` points `content_dir` at the minutes, takes the repository from
/// the `origin` remote, adds no example minutes or initiative, keeps what the repository has
/// and only adds `public/` to its `.gitignore`; the site builds from the real minutes.
#[test]
fn init_in_an_existing_minutes_repository_uses_its_minutes() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let repo = tmp.path();
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let mut minutes: Vec<_> = std::fs::read_dir(&example)
        .expect("example archive")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    minutes.sort();
    std::fs::create_dir_all(repo.join("doc/meetings")).expect("mkdir");
    for file in &minutes[..6] {
        let name = file.file_name().expect("name");
        std::fs::copy(file, repo.join("doc/meetings").join(name)).expect("copy");
    }
    std::fs::write(
        repo.join("README.md"),
        "# Tooling WG\n\nMinutes in doc/meetings.\n",
    )
    .expect("readme");
    std::fs::write(repo.join(".gitignore"), "node_modules/\n").expect("gitignore");
    std::fs::create_dir_all(repo.join(".github")).expect("mkdir");
    let dependabot = "version: 2\nupdates: []\n";
    std::fs::write(repo.join(".github/dependabot.yml"), dependabot).expect("dependabot");
    std::fs::create_dir_all(repo.join(".git")).expect("mkdir");
    std::fs::write(
        repo.join(".git/config"),
        "[remote \"origin\"]\n\turl = git@github.com:examplejs/tooling-wg.git\n",
    )
    .expect("git config");

    let out = wgsite()
        .current_dir(repo)
        .arg("init")
        .output()
        .expect("run init");
    let stderr = stderr_of(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("found 6 minutes files in doc/meetings"),
        "{stderr}"
    );
    assert!(
        stderr.contains("found the repository examplejs/tooling-wg"),
        "{stderr}"
    );
    assert!(
        stderr.contains("kept .github/dependabot.yml as it is"),
        "{stderr}"
    );
    assert!(stderr.contains("added lines to .gitignore"), "{stderr}");
    assert!(
        !repo.join("content").exists(),
        "an example minutes file was added"
    );
    assert_eq!(
        std::fs::read_to_string(repo.join(".github/dependabot.yml")).expect("dependabot"),
        dependabot
    );
    assert_eq!(
        std::fs::read_to_string(repo.join(".gitignore")).expect("gitignore"),
        "node_modules/\n# Built by `wgsite build`; published by the GitHub Actions workflow, not committed.\npublic/\n"
    );
    let config = std::fs::read_to_string(repo.join("site.toml")).expect("site.toml");
    assert!(
        config.contains("content_dir = \"doc/meetings\""),
        "{config}"
    );
    assert!(
        config.contains("repo = \"examplejs/tooling-wg\""),
        "{config}"
    );
    assert!(
        !config.contains("\n[[initiatives]]"),
        "an example initiative: {config}"
    );
    assert_pages_workflow(&repo.join(".github/workflows/pages.yml"));

    let build = wgsite()
        .current_dir(repo)
        .arg("build")
        .output()
        .expect("run build");
    assert!(build.status.success(), "{}", stderr_of(&build));
    let meetings = std::fs::read_dir(repo.join("public/meetings"))
        .expect("meetings")
        .flatten()
        .filter(|e| e.path().is_dir())
        .count();
    assert_eq!(meetings, 6);
    assert!(!repo.join("public/initiatives/example-initiative").exists());
}

/// The scaffold's workflow deploys with the three GitHub Pages actions and installs the released
/// wgsite of this version through its action; every action is pinned to a full commit SHA with
/// its tag in a comment; each job has only the permissions it needs; checkout keeps no
/// credentials; it runs daily and checks links.
fn assert_pages_workflow(path: &Path) {
    use serde_yaml::Value;
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let yaml: Value =
        serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let get = |v: &Value, keys: &[&str]| -> Value {
        keys.iter()
            .try_fold(v, |v, k| v.get(*k))
            .cloned()
            .unwrap_or(Value::Null)
    };
    let str_of = |v: Value| v.as_str().map(str::to_string).unwrap_or_default();
    assert_eq!(
        get(&yaml, &["on", "push", "branches"]),
        serde_yaml::from_str::<Value>("[main]").expect("yaml")
    );
    for trigger in ["workflow_dispatch", "schedule"] {
        assert!(
            yaml.get("on").and_then(|on| on.get(trigger)).is_some(),
            "no {trigger}: {text}"
        );
    }
    // Nothing for the whole workflow; each job asks for its own.
    assert_eq!(
        get(&yaml, &["permissions"]),
        serde_yaml::from_str::<Value>("{}").expect("yaml")
    );
    let permissions = |job: &str| -> Vec<(String, String)> {
        get(&yaml, &["jobs", job, "permissions"])
            .as_mapping()
            .map(|m| {
                m.iter()
                    .map(|(k, v)| (str_of(k.clone()), str_of(v.clone())))
                    .collect()
            })
            .unwrap_or_default()
    };
    let pairs = |list: &[(&str, &str)]| -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    };
    assert_eq!(permissions("build"), pairs(&[("contents", "read")]));
    assert_eq!(
        permissions("deploy"),
        pairs(&[("pages", "write"), ("id-token", "write")])
    );
    assert_eq!(str_of(get(&yaml, &["concurrency", "group"])), "pages");
    assert_eq!(
        get(&yaml, &["concurrency", "cancel-in-progress"]),
        Value::Bool(false)
    );
    let steps = |job: &str| -> Vec<Value> {
        get(&yaml, &["jobs", job, "steps"])
            .as_sequence()
            .cloned()
            .unwrap_or_default()
    };
    let uses = |job: &str| -> Vec<String> {
        steps(job)
            .into_iter()
            .map(|s| str_of(get(&s, &["uses"])))
            .filter(|u| !u.is_empty())
            .map(|u| u.split('@').next().unwrap_or_default().to_string())
            .collect()
    };
    assert_eq!(
        uses("build"),
        [
            "actions/checkout",
            "actions/configure-pages",
            wgsite::init::action_repo(),
            "actions/upload-pages-artifact",
        ]
    );
    assert_eq!(uses("deploy"), ["actions/deploy-pages"]);
    // Pinned: `uses: OWNER/REPO@<40 hex> # vX.Y.Z` on every line (the tag alone only when this
    // binary does not know its commit, see build.rs).
    for line in text
        .lines()
        .filter(|l| l.trim_start().starts_with("- uses:"))
    {
        let reference = line.split('@').nth(1).unwrap_or_default();
        let (sha, tag) = reference.split_once(" # v").unwrap_or((reference, ""));
        let pinned =
            sha.len() == 40 && sha.bytes().all(|b| b.is_ascii_hexdigit()) && !tag.is_empty();
        let ours = line.contains(wgsite::init::action_repo());
        assert!(
            pinned || ours && option_env!("WGSITE_COMMIT").is_none(),
            "not pinned to a commit: {line}"
        );
        if ours {
            assert!(
                line.ends_with(&format!("v{}", env!("CARGO_PKG_VERSION"))),
                "not this version: {line}"
            );
        }
    }
    let checkout = &steps("build")[0];
    assert_eq!(
        get(checkout, &["with", "persist-credentials"]),
        Value::Bool(false)
    );
    let upload = steps("build")
        .into_iter()
        .find(|s| str_of(get(s, &["uses"])).starts_with("actions/upload-pages-artifact"))
        .expect("upload step");
    assert_eq!(str_of(get(&upload, &["with", "path"])), "public");
    let runs: Vec<String> = steps("build")
        .into_iter()
        .map(|s| str_of(get(&s, &["run"])))
        .collect();
    assert!(
        runs.iter()
            .any(|r| r.trim() == "wgsite build --check-links --base-url \"$BASE_URL\""),
        "{runs:?}"
    );
    assert!(
        !runs.iter().any(|r| r.contains("cargo")),
        "compiles: {runs:?}"
    );
    assert_eq!(
        str_of(get(&yaml, &["jobs", "deploy", "environment", "name"])),
        "github-pages"
    );
    assert_eq!(str_of(get(&yaml, &["jobs", "deploy", "needs"])), "build");
}

#[test]
fn init_refuses_to_overwrite_without_force() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let site = tmp.path().join("site");
    std::fs::create_dir_all(&site).expect("mkdir");
    std::fs::write(site.join("site.toml"), "title = \"Mine\"\n").expect("write");

    let out = wgsite()
        .current_dir(tmp.path())
        .args(["init", "site"])
        .output()
        .expect("run init");
    let stderr = stderr_of(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("site/site.toml") && stderr.contains("--force"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(site.join("site.toml")).expect("read"),
        "title = \"Mine\"\n"
    );
    assert!(
        !site.join("content").exists() && !site.join(".github").exists(),
        "init wrote files"
    );

    let forced = wgsite()
        .current_dir(tmp.path())
        .args(["init", "site", "--force"])
        .output()
        .expect("run init --force");
    assert!(forced.status.success(), "{}", stderr_of(&forced));
    let config = std::fs::read_to_string(site.join("site.toml")).expect("read");
    assert!(config.contains("title = \"My Working Group\""), "{config}");
}

// ---------------------------------------------------------------------------------------------
// Serving the built site and crawling it

use crate::common::static_server::serve;

/// A minimal HTTP GET: (status, `Location` header, body).
fn get(addr: SocketAddr, path: &str) -> (u16, Option<String>, Vec<u8>) {
    let mut stream = TcpStream::connect(addr).expect("connect");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .expect("send");
    let mut response = Vec::new();
    stream.read_to_end(&mut response).expect("receive");
    let split = response
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a complete response");
    let head = String::from_utf8_lossy(&response[..split]).into_owned();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("status");
    let location = head.lines().find_map(|l| {
        l.split_once(':')
            .filter(|(k, _)| k.eq_ignore_ascii_case("location"))
            .map(|(_, v)| v.trim().to_string())
    });
    (status, location, response[split + 4..].to_vec())
}

/// The `href` and `src` values of an HTML page (entities `&amp;` decoded).
fn links_of(html: &str) -> Vec<String> {
    let mut links = Vec::new();
    for attr in [" href=\"", " src=\"", " action=\""] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            rest = &rest[i + attr.len()..];
            let end = rest.find('"').unwrap_or(rest.len());
            links.push(rest[..end].replace("&amp;", "&"));
        }
    }
    links
}

/// Resolves `href` as a browser would on the page at URL path `base`; `None` for an external
/// link or one to the same page. Fragments and queries are dropped.
fn resolve(base: &str, href: &str) -> Option<String> {
    let scheme = href
        .split(['/', '?', '#'])
        .next()
        .is_some_and(|s| s.contains(':'));
    if href.starts_with("//") || scheme {
        return None;
    }
    let path = href.split(['#', '?']).next().unwrap_or("");
    if path.is_empty() {
        return None;
    }
    let joined = if path.starts_with('/') {
        path.to_string()
    } else {
        format!("{}{path}", &base[..=base.rfind('/').unwrap_or(0)])
    };
    let segments: Vec<&str> = joined.split('/').skip(1).collect();
    let mut stack: Vec<&str> = Vec::new();
    for seg in &segments {
        match *seg {
            "" | "." => {}
            ".." => {
                stack.pop();
            }
            s => stack.push(s),
        }
    }
    let folder = matches!(segments.last(), Some(&("" | "." | "..")));
    let mut url = format!("/{}", stack.join("/"));
    if folder && !stack.is_empty() {
        url.push('/');
    }
    Some(url)
}

/// What a crawl found: the URLs that answered 200, and the links that did not (page, href,
/// status).
#[derive(Default)]
struct Crawl {
    ok: BTreeSet<String>,
    broken: Vec<(String, String, u16)>,
}

/// Follows every internal link from `start`, fetching each URL once. `extra` pages (page URL,
/// HTML) are scanned too, as if they had been fetched from that URL.
fn crawl(addr: SocketAddr, start: &str, extra: &[(String, String)]) -> Crawl {
    let mut result = Crawl::default();
    let mut queue: VecDeque<(String, String, String)> = VecDeque::new();
    let mut queued = BTreeSet::new();
    let mut enqueue = |queue: &mut VecDeque<_>, page: &str, html: &str| {
        for href in links_of(html) {
            if let Some(url) = resolve(page, &href) {
                if queued.insert(url.clone()) {
                    queue.push_back((url, page.to_string(), href));
                }
            }
        }
    };
    queue.push_back((start.to_string(), "(start)".to_string(), start.to_string()));
    for (page, html) in extra {
        enqueue(&mut queue, page, html);
    }
    while let Some((url, from, href)) = queue.pop_front() {
        let (mut status, location, mut body) = get(addr, &url);
        let mut at = url.clone();
        if status == 301 {
            at = location.unwrap_or_default();
            (status, _, body) = get(addr, &at);
        }
        if status != 200 {
            result.broken.push((from, href, status));
            continue;
        }
        result.ok.insert(at.clone());
        if at.ends_with('/') || at.ends_with(".html") {
            enqueue(&mut queue, &at, &String::from_utf8_lossy(&body));
        }
    }
    result
}

/// The URL path of every HTML page of the built site at `out`, served under `prefix`.
fn page_urls(out: &Path, prefix: &str) -> BTreeSet<String> {
    snapshot(out)
        .keys()
        .filter(|rel| rel.ends_with("index.html"))
        .map(|rel| format!("{prefix}{}", rel.trim_end_matches("index.html")))
        .collect()
}

/// Builds `root` into a temporary folder with the binary, with extra arguments.
fn build_into(root: &Path, args: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("public");
    let run = wgsite()
        .arg("build")
        .arg("--root")
        .arg(root)
        .arg("--output")
        .arg(&out)
        .args(args)
        .output()
        .expect("run build");
    assert!(run.status.success(), "build failed: {}", stderr_of(&run));
    (tmp, out)
}

/// The URLs of a sitemap's `<loc>`s and an Atom feed's `<link href>`s.
fn xml_urls(path: &Path) -> Vec<String> {
    use quick_xml::events::Event;
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut reader = quick_xml::Reader::from_str(&text);
    let mut urls = Vec::new();
    let mut in_loc = false;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) if e.name().as_ref() == b"loc" => in_loc = true,
            Ok(Event::End(_)) => in_loc = false,
            Ok(Event::Text(t)) if in_loc => urls.push(t.decode().expect("utf-8").into_owned()),
            Ok(Event::Start(e) | Event::Empty(e)) if e.name().as_ref() == b"link" => {
                let href = e
                    .try_get_attribute("href")
                    .expect("attribute")
                    .expect("link href");
                urls.push(href.unescape_value().expect("href value").into_owned());
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!(
                "{}: invalid XML at {}: {e}",
                path.display(),
                reader.buffer_position()
            ),
        }
    }
    urls
}

fn assert_serves_without_broken_links(out: &Path, prefix: &str, base_url: &str) {
    let addr = serve(out.to_path_buf(), prefix);
    // A missing page at any depth gets the 404 page: its links must work from there too.
    let missing = format!("{prefix}no/such/page/");
    let (status, _, not_found) = get(addr, &missing);
    assert_eq!(status, 404, "{missing}");
    let not_found = String::from_utf8_lossy(&not_found).into_owned();
    assert!(
        not_found.contains("Page not found"),
        "the 404 page is not served for {missing}"
    );

    let crawl = crawl(addr, prefix, &[(missing, not_found)]);
    assert!(
        crawl.broken.is_empty(),
        "broken links under {prefix}: {:#?}",
        crawl.broken
    );
    let unreached: Vec<_> = page_urls(out, prefix)
        .difference(&crawl.ok)
        .cloned()
        .collect();
    assert!(
        unreached.is_empty(),
        "pages no link leads to: {unreached:?}"
    );
    assert!(
        crawl.ok.contains(&format!("{prefix}feed.xml")),
        "feed.xml not linked"
    );
    assert!(
        crawl.ok.iter().any(|u| u.ends_with(".css")),
        "no stylesheet linked"
    );

    let sitemap = xml_urls(&out.join("sitemap.xml"));
    let pages = page_urls(out, prefix);
    assert_eq!(
        sitemap.len(),
        pages.len(),
        "the sitemap lists every page: {sitemap:#?}"
    );
    for url in sitemap.iter().chain(&xml_urls(&out.join("feed.xml"))) {
        assert!(url.starts_with(base_url), "{url} is not under {base_url}");
        let path = format!("{prefix}{}", &url[base_url.len()..]);
        assert!(
            crawl.ok.contains(&path) || path.ends_with(".xml"),
            "{url} is not a served page"
        );
    }
    let robots = std::fs::read_to_string(out.join("robots.txt")).expect("robots.txt");
    assert!(
        robots.contains(&format!("Sitemap: {base_url}sitemap.xml")),
        "{robots}"
    );
}

#[test]
fn sub_path_site_has_no_broken_links_when_served() {
    let site = publishing_fixture("sub-path");
    let (_tmp, out) = build_into(&site, &[]);
    assert_serves_without_broken_links(&out, "/wg/", "https://example.org/wg/");
    // lastmod: a meeting's date; an issue's or a person's latest mention.
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).expect("sitemap.xml");
    for (page, date) in [
        ("meetings/2024-05-16/", "2024-05-16"),
        ("issues/examplejs/tooling-wg/14/", "2024-06-06"),
        ("people/anasouza/", "2024-05-16"),
    ] {
        let entry = format!("<loc>https://example.org/wg/{page}</loc><lastmod>{date}</lastmod>");
        assert!(sitemap.contains(&entry), "{entry} missing from {sitemap}");
    }

    let (_tmp_root, root_out) = build_into(&site, &["--base-url", "https://example.org/"]);
    assert_serves_without_broken_links(&root_out, "/", "https://example.org/");
}

// ---------------------------------------------------------------------------------------------
// --check-links

#[test]
fn check_links_reports_a_broken_template_link_and_keeps_the_previous_output() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let site = tmp.path().join("site");
    copy_dir(&publishing_fixture("sub-path"), &site);
    let first = wgsite()
        .current_dir(&site)
        .args(["build", "--check-links"])
        .output()
        .expect("run build");
    assert!(first.status.success(), "{}", stderr_of(&first));
    let before = snapshot(&site.join("public"));

    // A site template override adds a link to a page that does not exist.
    copy_dir(
        &publishing_fixture("broken-link/templates"),
        &site.join("templates"),
    );
    let out = wgsite()
        .current_dir(&site)
        .args(["build", "--check-links"])
        .output()
        .expect("run build");
    let stderr = stderr_of(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr
            .lines()
            .any(|l| l.starts_with("index.html:") && l.contains("error: broken link to nowhere/")),
        "{stderr}"
    );
    assert!(stderr.contains("nothing was written"), "{stderr}");
    assert!(
        snapshot(&site.join("public")) == before,
        "the previous output changed"
    );
    let mut left: Vec<String> = std::fs::read_dir(&site)
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(
        left,
        ["content", "public", "site.toml", "templates"],
        "no staging folder is left"
    );

    // `check` always checks links; a plain `build` does not.
    let check = wgsite()
        .current_dir(&site)
        .arg("check")
        .output()
        .expect("run check");
    assert_eq!(check.status.code(), Some(1));
    assert!(
        stderr_of(&check).contains("broken link to nowhere/"),
        "{}",
        stderr_of(&check)
    );
    let plain = wgsite()
        .current_dir(&site)
        .arg("build")
        .output()
        .expect("run build");
    assert!(plain.status.success(), "{}", stderr_of(&plain));
}
