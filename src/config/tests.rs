use super::*;

const MINIMAL: &str = "title = \"T\"\n";

#[test]
fn defaults_apply() {
    let c = Config::parse(MINIMAL, "site.toml").expect("valid");
    assert_eq!(c.content_dir, "content");
    assert_eq!(c.output_dir, "public");
    assert_eq!(c.base_path, "/");
}

#[test]
fn base_path_comes_from_base_url() {
    let c = Config::parse(
        "title = \"T\"\nbase_url = \"https://nodejs.github.io/security-wg\"\n",
        "site.toml",
    )
    .expect("valid");
    assert_eq!(c.base_path, "/security-wg/");
    assert_eq!(c.base_url, "https://nodejs.github.io/security-wg/");
}

#[test]
fn errors_on_unknown_key_with_line() {
    let err =
        Config::parse("title = \"T\"\ncolour = \"red\"\n", "site.toml").expect_err("unknown key");
    let text = err.to_string();
    assert!(
        text.starts_with("site.toml:2:1: error: unknown field `colour`"),
        "{text}"
    );
}

#[test]
fn errors_on_malformed_initiative_issue() {
    let err = Config::parse(
        "title = \"T\"\n[[initiatives]]\nslug = \"pm\"\nname = \"PM\"\nissues = [\"898\"]\n",
        "site.toml",
    )
    .expect_err("bad issue");
    assert!(
        err.to_string().starts_with(
            "site.toml:5:11: error: initiative \"pm\": \"898\" is not an issue reference"
        ),
        "{err}"
    );
}

#[test]
fn cname_is_a_bare_host_on_the_base_url_host() {
    let c = Config::parse(
        "title = \"T\"\nbase_url = \"https://WG.example.org/\"\ncname = \"WG.example.org\"\n",
        "site.toml",
    )
    .expect("valid");
    assert_eq!(c.cname.as_deref(), Some("wg.example.org"));
    let relative = Config::parse("title = \"T\"\ncname = \"wg.example.org\"\n", "site.toml");
    assert!(relative.is_ok());
    for bad in [
        "https://wg.example.org",
        "wg.example.org/path",
        "localhost",
        "wg example.org",
        "",
    ] {
        let err = Config::parse(&format!("title = \"T\"\ncname = {bad:?}\n"), "site.toml")
            .expect_err(bad);
        assert!(
            err.to_string()
                .starts_with("site.toml:2:9: error: `cname` must be a bare host name"),
            "{err}"
        );
    }
}

#[test]
fn cname_must_match_the_base_url_host() {
    let err = Config::parse(
        "title = \"T\"\nbase_url = \"https://org.github.io/wg/\"\ncname = \"wg.example.org\"\n",
        "site.toml",
    )
    .expect_err("other host");
    assert!(
        err.to_string()
            .contains("set base_url = \"https://wg.example.org/\""),
        "{err}"
    );
}

#[test]
fn aliases_are_case_insensitive() {
    let c = Config::parse(
        "title = \"T\"\n[aliases]\n\"nodejs/LTS\" = \"nodejs/Release\"\n",
        "site.toml",
    )
    .expect("valid");
    let (o, r) = parse_repo("NodeJS/lts").expect("valid");
    let (o, r) = c.canonical_repo(o, r);
    assert_eq!((o.as_str(), r.as_str()), ("nodejs", "release"));
}

#[test]
fn repository_names_are_githubs_at_load() {
    let err = |toml: &str| {
        Config::parse(&format!("title = \"T\"\n{toml}"), "site.toml")
            .expect_err(toml)
            .to_string()
    };
    let cases = [
        "repo = \"../..\"\n",
        "repo = \"a/.git\"\n",
        "[aliases]\n\"o/r\" = \"../..\"\n",
        "[aliases]\n\"o/r\" = \"a/..\"\n",
        "[aliases]\n\"../x\" = \"o/r\"\n",
        "[[initiatives]]\nslug = \"s\"\nname = \"S\"\nissues = [\"a/..#1\"]\n",
        "[[groups]]\nslug = \"g\"\nname = \"G\"\npath = \"g\"\nrepo = \"-a/b\"\n",
    ];
    for case in cases {
        let message = err(case);
        assert!(
            message.starts_with("site.toml:")
                && (message.contains("GitHub") || message.contains("issue reference")),
            "{message}"
        );
    }
}

/// The user guide's `site.toml` reference (the first TOML block of
/// docs/configuration.md) names every key of every table, and nothing else: the keys
/// compared with the ones serde accepts.
#[test]
fn the_configuration_reference_documents_every_key_and_only_real_ones() {
    use crate::test_support::serde_fields::fields_of;
    let docs = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/docs/configuration.md"
    ))
    .expect("docs/configuration.md");
    let start = docs.find("```toml\n").expect("a TOML block") + "```toml\n".len();
    let block = &docs[start..start + docs[start..].find("```").expect("its end")];
    let documented: toml::Table = toml::from_str(block).expect("the block is TOML");
    let keys = |table: &toml::Table| -> Vec<String> {
        let mut keys: Vec<String> = table.keys().cloned().collect();
        keys.sort();
        keys
    };
    let fields = |list: &[&str]| -> Vec<String> {
        let mut list: Vec<String> = list.iter().map(|s| s.to_string()).collect();
        list.sort();
        list
    };
    let table = |key: &str| -> toml::Table {
        match &documented[key] {
            toml::Value::Table(t) => t.clone(),
            toml::Value::Array(a) => match a.first() {
                Some(toml::Value::Table(t)) => t.clone(),
                _ => panic!("[[{key}]] has no table"),
            },
            other => panic!("{key} is not a table: {other:?}"),
        }
    };
    assert_eq!(
        keys(&documented),
        fields(fields_of::<RawConfig>()),
        "top-level keys"
    );
    assert_eq!(
        keys(&table("search")),
        fields(fields_of::<SearchConfig>()),
        "[search]"
    );
    assert_eq!(
        keys(&table("initiatives")),
        fields(fields_of::<RawInitiative>()),
        "[[initiatives]]"
    );
    assert_eq!(
        keys(&table("groups")),
        fields(fields_of::<groups::RawGroup>()),
        "[[groups]]"
    );
    let schedule = table("schedule");
    assert_eq!(
        keys(&schedule),
        fields(fields_of::<crate::schedule::RawSchedule>()),
        "[schedule]"
    );
    let upcoming = match &schedule["upcoming"] {
        toml::Value::Array(a) => match a.first() {
            Some(toml::Value::Table(t)) => t.clone(),
            _ => panic!("upcoming has no entry"),
        },
        other => panic!("upcoming is not a list: {other:?}"),
    };
    assert_eq!(
        keys(&upcoming),
        fields(fields_of::<crate::schedule::RawUpcoming>()),
        "[schedule] upcoming"
    );
}
