//! Optional front matter: TOML between `+++` lines or simple YAML (`key: value`) between `---`
//! lines → [`FrontMatter`] and the number of lines it took.

use crate::diag::Diagnostic;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FrontMatter {
    pub title: Option<String>,
    pub date: Option<String>,
    pub draft: bool,
}

const KNOWN: [&str; 6] = ["title", "date", "draft", "description", "tags", "authors"];

/// Splits front matter off `text`: returns it (if any), the line count it used (so body line
/// numbers can be mapped back), and warnings.
pub fn split(text: &str, path: &str) -> (Option<FrontMatter>, usize, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let delimiter = match text.lines().next() {
        Some(l) if l.trim_end() == "+++" => "+++",
        Some(l) if l.trim_end() == "---" => "---",
        _ => return (None, 0, diags),
    };
    let Some(close) = text
        .lines()
        .skip(1)
        .position(|l| l.trim_end() == delimiter)
        .map(|p| p + 1)
    else {
        // An opening `---` with no closing one is a thematic break, not front matter.
        return (None, 0, diags);
    };
    let inner: Vec<&str> = text.lines().skip(1).take(close - 1).collect();
    let mut fm = FrontMatter::default();
    if delimiter == "+++" {
        match inner.join("\n").parse::<toml::Table>() {
            Ok(table) => {
                for (key, value) in table {
                    let line = 1 + inner
                        .iter()
                        .position(|l| l.trim_start().starts_with(key.as_str()))
                        .map_or(1, |p| p + 1);
                    let as_text = match &value {
                        toml::Value::String(s) => s.clone(),
                        other => other.to_string(),
                    };
                    set(&mut fm, &key, &as_text, path, line, &mut diags);
                }
            }
            Err(e) => {
                let line = e
                    .span()
                    .map_or(2, |s| 2 + inner.join("\n")[..s.start].matches('\n').count());
                diags.push(Diagnostic::warning(
                    path,
                    line,
                    1,
                    "front-matter",
                    format!(
                        "front matter is not valid TOML ({}); ignored",
                        e.message().trim()
                    ),
                ));
            }
        }
    } else {
        for (k, l) in inner.iter().enumerate() {
            let Some((key, value)) = l.split_once(':') else {
                continue;
            };
            if key.starts_with([' ', '-', '#']) {
                continue;
            }
            let value = value.trim().trim_matches(['"', '\'']);
            set(&mut fm, key.trim(), value, path, k + 2, &mut diags);
        }
    }
    (Some(fm), close + 1, diags)
}

fn set(
    fm: &mut FrontMatter,
    key: &str,
    value: &str,
    path: &str,
    line: usize,
    diags: &mut Vec<Diagnostic>,
) {
    match key {
        "title" => fm.title = Some(value.to_string()),
        "date" => fm.date = Some(value.to_string()),
        "draft" => fm.draft = value == "true",
        k if KNOWN.contains(&k) => {}
        other => diags.push(Diagnostic::warning(
            path,
            line,
            1,
            "front-matter-key",
            format!("unknown front matter key `{other}` (known: title, date, draft); ignored"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_toml_front_matter() {
        let (fm, used, d) = split(
            "+++\ntitle = \"T\"\ndate = 2023-06-22\ndraft = true\n+++\n# x\n",
            "a.md",
        );
        let fm = fm.expect("front matter");
        assert_eq!(fm.title.as_deref(), Some("T"));
        assert_eq!(fm.date.as_deref(), Some("2023-06-22"));
        assert!(fm.draft);
        assert_eq!(used, 5);
        assert!(d.is_empty());
    }

    #[test]
    fn reads_yaml_front_matter_and_warns_on_unknown_keys() {
        let (fm, used, d) = split("---\ntitle: \"Y\"\nmood: happy\n---\nbody\n", "a.md");
        assert_eq!(fm.and_then(|f| f.title).as_deref(), Some("Y"));
        assert_eq!(used, 4);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].line, 3);
    }

    #[test]
    fn no_front_matter_without_a_closing_line() {
        let (fm, used, _) = split("---\nsome text\n", "a.md");
        assert!(fm.is_none());
        assert_eq!(used, 0);
    }
}
