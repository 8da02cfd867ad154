//! Tera's errors → messages that name the template's file and line, whichever layer it came
//! from: `templates/meeting.html:3:22: error: …` followed by tera's excerpt of the line, for
//! syntax and render errors alike. A template that is not there says what was looked for and
//! where.

use crate::error::Error;
use std::collections::BTreeMap;

/// Where each template came from, and where templates are looked for.
#[derive(Debug, Clone, Default)]
pub struct Origins {
    /// Template name → (the file it was read from, as shown to people; its source).
    pub templates: BTreeMap<String, (String, String)>,
    /// The template folders, first match wins (`templates/`, `themes/NAME/templates/`), as shown.
    pub folders: Vec<String>,
}

/// How many of tera's reports one message shows; a broken `base.html` breaks every page.
const MAX_REPORTS: usize = 10;

impl Origins {
    fn origin(&self, name: &str) -> String {
        self.templates
            .get(name)
            .map_or_else(|| name.to_string(), |(o, _)| o.clone())
    }

    /// Where a template called `name` would have been found.
    fn looked_for(&self, name: &str) -> String {
        let places: Vec<String> = self.folders.iter().map(|f| format!("{f}{name}")).collect();
        format!("{} and in the built-in default theme", places.join(", "))
    }

    /// The template `name` extends, if it does.
    fn parent_of(&self, name: &str) -> Option<String> {
        let (_, source) = self.templates.get(name)?;
        let at = source.find("{% extends")?;
        let rest = source.get(at..)?;
        let open = rest.find(['"', '\''])?;
        let quote = rest.get(open..open + 1)?;
        let after = rest.get(open + 1..)?;
        Some(after.get(..after.find(quote)?)?.to_string())
    }

    /// 1-based line and column of the first `needle` in the source of `name`.
    fn position_of(&self, name: &str, needle: &str) -> Option<(usize, usize)> {
        let (_, source) = self.templates.get(name)?;
        let offset = source.find(needle)?;
        Some(crate::diag::line_col(source, offset))
    }
}

/// A failure to compile the templates.
pub fn compile_error(e: &tera::Error, origins: &Origins) -> Error {
    match e.kind() {
        tera::ErrorKind::MissingParent { current, parent } => {
            let (line, col) = origins
                .position_of(current, &format!("\"{parent}\""))
                .or_else(|| origins.position_of(current, "{% extends"))
                .unwrap_or((1, 1));
            Error::Template(format!(
                "{}:{line}:{col}: error: extends `{parent}`, which is not a template: looked for {}",
                origins.origin(current),
                origins.looked_for(parent)
            ))
        }
        _ => Error::Template(rewrite_reports(&e.to_string(), origins, None)),
    }
}

/// A failure to render `template` (the error may lie in a template it extends or includes).
pub fn render_error(template: &str, e: &tera::Error, origins: &Origins) -> Error {
    let mut message = rewrite_reports(&e.to_string(), origins, Some(template));
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        message.push_str(&format!("\n  caused by: {s}"));
        source = s.source();
    }
    Error::Template(message)
}

/// Tera writes each problem as `error: MESSAGE`, ` --> NAME:LINE:COL`, then an excerpt.
/// Each becomes `FILE:LINE:COL: error: MESSAGE` and the excerpt; text in another shape is
/// kept, under the rendered template's file.
fn rewrite_reports(text: &str, origins: &Origins, rendering: Option<&str>) -> String {
    let blocks: Vec<&str> = text
        .split("\n\n")
        .filter(|b| !b.trim().is_empty())
        .collect();
    let mut out: Vec<String> = Vec::new();
    for block in blocks.iter().take(MAX_REPORTS) {
        let mut lines = block.lines();
        let first = lines.next().unwrap_or("").trim();
        let message = first.strip_prefix("error: ").unwrap_or(first);
        let place = block.lines().find_map(|l| l.trim().strip_prefix("--> "));
        let Some((name, line, col)) = place.and_then(split_place) else {
            let origin = rendering.map_or_else(|| "templates".to_string(), |t| origins.origin(t));
            out.push(format!("{origin}: error: {}", block.trim()));
            continue;
        };
        let excerpt: Vec<&str> = lines.filter(|l| !l.trim().starts_with("--> ")).collect();
        let mut headline = format!("{}:{line}:{col}: error: {message}", origins.origin(name));
        headline.push_str(&hint(message, name, origins));
        if let Some(t) = rendering.filter(|t| *t != name) {
            headline.push_str(&format!(" (while rendering {})", origins.origin(t)));
        }
        out.push(
            std::iter::once(headline)
                .chain(excerpt.iter().map(|l| l.to_string()))
                .collect::<Vec<_>>()
                .join("\n"),
        );
    }
    if blocks.len() > MAX_REPORTS {
        out.push(format!("… and {} more", blocks.len() - MAX_REPORTS));
    }
    out.join("\n")
}

/// What to add to a message so the fix is clear.
fn hint(message: &str, name: &str, origins: &Origins) -> String {
    if let Some(rest) = message.strip_prefix("Unknown template `") {
        let missing = rest.split('`').next().unwrap_or(rest);
        return format!(": looked for {}", origins.looked_for(missing));
    }
    if message.contains("is not defined in any parent template") {
        if let Some(parent) = origins.parent_of(name) {
            return format!(" (the parent `{parent}` is {})", origins.origin(&parent));
        }
    }
    String::new()
}

/// `meeting.html:3:22` → its parts.
fn split_place(place: &str) -> Option<(&str, usize, usize)> {
    let mut parts = place.trim().rsplitn(3, ':');
    let col = parts.next()?.parse().ok()?;
    let line = parts.next()?.parse().ok()?;
    Some((parts.next()?, line, col))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn origins() -> Origins {
        let mut templates = BTreeMap::new();
        templates.insert(
            "meeting.html".to_string(),
            (
                "templates/meeting.html".to_string(),
                "{% extends \"layout.html\" %}\n".to_string(),
            ),
        );
        templates.insert(
            "base.html".to_string(),
            ("<built-in theme>/base.html".to_string(), String::new()),
        );
        Origins {
            templates,
            folders: vec!["templates/".into()],
        }
    }

    #[test]
    fn names_the_file_each_report_points_at() {
        let text = "error: Found `}` but expected }}.\n --> meeting.html:3:22\n  |\n3 | <h1>{{ x }</h1>\n  |           ^";
        assert_eq!(
            rewrite_reports(text, &origins(), None),
            "templates/meeting.html:3:22: error: Found `}` but expected }}.\n  |\n3 | <h1>{{ x }</h1>\n  |           ^"
        );
    }

    #[test]
    fn a_missing_include_says_where_it_was_looked_for() {
        let text = "error: Unknown template `partials/agenda.html`\n --> meeting.html:3:12";
        assert_eq!(
            rewrite_reports(text, &origins(), None),
            "templates/meeting.html:3:12: error: Unknown template `partials/agenda.html`: looked \
             for templates/partials/agenda.html and in the built-in default theme"
        );
    }

    #[test]
    fn a_render_error_in_a_parent_names_the_page_template_too() {
        let text = "error: Variable `nope` not defined\n --> base.html:1:10";
        assert_eq!(
            rewrite_reports(text, &origins(), Some("meeting.html")),
            "<built-in theme>/base.html:1:10: error: Variable `nope` not defined (while \
             rendering templates/meeting.html)"
        );
    }

    #[test]
    fn finds_the_parent_a_template_extends() {
        assert_eq!(
            origins().parent_of("meeting.html").as_deref(),
            Some("layout.html")
        );
        assert_eq!(
            origins().position_of("meeting.html", "\"layout.html\""),
            Some((1, 12))
        );
    }
}
