//! Tera's errors → [`Diagnostic`]s in the template's own file (`templates/meeting.html`, or
//! `<built-in theme>/base.html`) at the line and span of the problem, whichever layer it came
//! from, for syntax and render errors alike. A template that is not there says what was looked
//! for and where.
//!
//! Tera gives a syntax or render error as a value (message, template, span); the checks it
//! runs across templates (unknown filters, includes, blocks) come joined as text in its own
//! report format (`error: MESSAGE`, ` --> NAME:LINE:COL`, the line, carets), which is read
//! back here, once, into the same values.

use crate::diag::{offset_of, Diagnostic};
use crate::error::Error;
use std::collections::BTreeMap;
use std::ops::Range;

/// Where each template came from, and where templates are looked for.
#[derive(Debug, Clone, Default)]
pub struct Origins {
    /// Template name → (the file it was read from, as shown to people; its source).
    pub templates: BTreeMap<String, (String, String)>,
    /// The template folders, first match wins (`templates/`, `themes/NAME/templates/`), as shown.
    pub folders: Vec<String>,
}

/// How many of tera's reports one error shows; a broken `base.html` breaks every page.
const MAX_REPORTS: usize = 10;

/// The code of every template diagnostic.
const CODE: &str = "template";

impl Origins {
    fn origin(&self, name: &str) -> String {
        self.templates
            .get(name)
            .map_or_else(|| name.to_string(), |(o, _)| o.clone())
    }

    fn source(&self, name: &str) -> Option<&str> {
        self.templates.get(name).map(|(_, s)| s.as_str())
    }

    /// Where a template called `name` would have been found.
    fn looked_for(&self, name: &str) -> String {
        let places: Vec<String> = self.folders.iter().map(|f| format!("{f}{name}")).collect();
        format!("{} and in the built-in default theme", places.join(", "))
    }

    /// The template `name` extends, if it does.
    fn parent_of(&self, name: &str) -> Option<String> {
        let source = self.source(name)?;
        let at = source.find("{% extends")?;
        let rest = source.get(at..)?;
        let open = rest.find(['"', '\''])?;
        let quote = rest.get(open..open + 1)?;
        let after = rest.get(open + 1..)?;
        Some(after.get(..after.find(quote)?)?.to_string())
    }

    /// An error at `span` of the template `name` (its whole file when its source is unknown).
    fn error_at(&self, name: &str, span: Range<usize>, message: String) -> Diagnostic {
        let origin = self.origin(name);
        match self.source(name) {
            Some(source) => Diagnostic::error_in(&origin, source, span, CODE, message),
            None => Diagnostic::error(&origin, 0, 0, CODE, message),
        }
    }
}

/// A failure to compile the templates.
pub fn compile_error(e: &tera::Error, origins: &Origins) -> Error {
    match e.kind() {
        tera::ErrorKind::MissingParent { current, parent } => {
            let source = origins.source(current).unwrap_or("");
            let quoted = format!("\"{parent}\"");
            let span = source
                .find(&quoted)
                .map(|at| at + 1..at + 1 + parent.len())
                .or_else(|| source.find("{% extends").map(|at| at..at + 10))
                .unwrap_or(0..0);
            Error::Template(vec![origins
                .error_at(
                    current,
                    span,
                    format!("extends `{parent}`, which is not a template"),
                )
                .with_help(format!("looked for {}", origins.looked_for(parent)))])
        }
        _ => Error::Template(diagnostics(e, origins, None)),
    }
}

/// A failure to render `template` (the error may lie in a template it extends or includes).
pub fn render_error(template: &str, e: &tera::Error, origins: &Origins) -> Error {
    let mut found = diagnostics(e, origins, Some(template));
    let mut causes = Vec::new();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        causes.push(s.to_string());
        source = s.source();
    }
    if let (Some(first), false) = (found.first_mut(), causes.is_empty()) {
        first
            .message
            .push_str(&format!(" (caused by: {})", causes.join(": ")));
    }
    Error::Template(found)
}

/// Tera's error as diagnostics; `rendering` is the page template being rendered, if any.
fn diagnostics(e: &tera::Error, origins: &Origins, rendering: Option<&str>) -> Vec<Diagnostic> {
    let report = match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => r,
        _ => return from_reports(&e.to_string(), origins, rendering),
    };
    let name = report.filename();
    let message = headline(report.message(), name, origins, rendering);
    vec![origins.error_at(name, report.span().range.clone(), message)]
}

/// The message, with what makes the fix clear: where a missing template was looked for, the
/// parent that lacks a block, the page template being rendered when the fault is in another.
fn headline(message: &str, name: &str, origins: &Origins, rendering: Option<&str>) -> String {
    let mut out = message.to_string();
    if let Some(rest) = message.strip_prefix("Unknown template `") {
        let missing = rest.split('`').next().unwrap_or(rest);
        out.push_str(&format!(": looked for {}", origins.looked_for(missing)));
    }
    if message.contains("is not defined in any parent template") {
        if let Some(parent) = origins.parent_of(name) {
            out.push_str(&format!(
                " (the parent `{parent}` is {})",
                origins.origin(&parent)
            ));
        }
    }
    if let Some(t) = rendering.filter(|t| *t != name) {
        out.push_str(&format!(" (while rendering {})", origins.origin(t)));
    }
    out
}

/// Tera's joined reports → one diagnostic each (at most [`MAX_REPORTS`], then a note of how
/// many more). Text in another shape is kept whole, under the rendered template's file.
fn from_reports(text: &str, origins: &Origins, rendering: Option<&str>) -> Vec<Diagnostic> {
    let blocks: Vec<&str> = text
        .split("\n\n")
        .filter(|b| !b.trim().is_empty() && !b.trim_start().starts_with("note: "))
        .collect();
    let mut out: Vec<Diagnostic> = Vec::new();
    for block in blocks.iter().take(MAX_REPORTS) {
        let first = block.lines().next().unwrap_or("").trim();
        let message = first.strip_prefix("error: ").unwrap_or(first);
        let place = block.lines().find_map(|l| l.trim().strip_prefix("--> "));
        let Some((name, line, col)) = place.and_then(split_place) else {
            let origin = rendering.map_or_else(|| "templates".to_string(), |t| origins.origin(t));
            out.push(Diagnostic::error(&origin, 0, 0, CODE, block.trim()));
            continue;
        };
        // The carets under the excerpt's line give the span's width.
        let width = block
            .lines()
            .last()
            .map_or(0, |l| l.chars().filter(|c| *c == '^').count());
        let start = origins
            .source(name)
            .and_then(|s| offset_of(s, line, col))
            .unwrap_or(0);
        let message = headline(message, name, origins, rendering);
        let mut d = origins.error_at(name, start..start + width, message);
        // Keep tera's place even where the source is unknown.
        (d.line, d.col) = (line, col);
        out.push(d);
    }
    if blocks.len() > MAX_REPORTS {
        let origin = rendering.map_or_else(|| "templates".to_string(), |t| origins.origin(t));
        out.push(Diagnostic::note(
            &origin,
            CODE,
            format!("… and {} more", blocks.len() - MAX_REPORTS),
        ));
    }
    out
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
                "{% extends \"layout.html\" %}\n{% include \"partials/agenda.html\" %}\n<h1>{{ x }</h1>\n"
                    .to_string(),
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

    fn texts(diags: &[Diagnostic]) -> Vec<String> {
        diags.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn reads_each_joined_report_into_a_diagnostic_at_its_span() {
        let text = "error: Found `}` but expected }}.\n --> meeting.html:3:10\n  |\n3 | <h1>{{ x }</h1>\n  |          ^\n\nerror: Unknown template `partials/agenda.html`\n --> meeting.html:2:12\n  |\n2 | {% include \"partials/agenda.html\" %}\n  |            ^^^^^^^^^^^^^^^^^^^^^^";
        let found = from_reports(text, &origins(), None);
        assert_eq!(
            texts(&found),
            [
                "templates/meeting.html:3:10: error: Found `}` but expected }}.",
                "templates/meeting.html:2:12: error: Unknown template `partials/agenda.html`: \
                 looked for templates/partials/agenda.html and in the built-in default theme"
            ]
        );
        let excerpt = found[1].excerpt.as_ref().expect("an excerpt");
        assert_eq!(
            excerpt.text.get(excerpt.start..excerpt.end),
            Some("\"partials/agenda.html\"")
        );
    }

    #[test]
    fn a_render_error_in_a_parent_names_the_page_template_too() {
        let text = "error: Variable `nope` not defined\n --> base.html:1:10";
        assert_eq!(
            texts(&from_reports(text, &origins(), Some("meeting.html"))),
            [
                "<built-in theme>/base.html:1:10: error: Variable `nope` not defined (while \
             rendering templates/meeting.html)"
            ]
        );
    }

    #[test]
    fn text_of_another_shape_is_kept_whole() {
        let found = from_reports("something odd", &origins(), Some("meeting.html"));
        assert_eq!(
            texts(&found),
            ["templates/meeting.html: error: something odd"]
        );
    }

    #[test]
    fn finds_the_parent_a_template_extends() {
        assert_eq!(
            origins().parent_of("meeting.html").as_deref(),
            Some("layout.html")
        );
    }
}
