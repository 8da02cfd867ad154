//! Theme layers → one set of templates and static files. The default theme is compiled into the
//! binary; `themes/NAME/{templates,static}/` and the site's `templates/` and `static/` override
//! it file by file.

use super::errors::{compile_error, Origins};
use crate::diag::Diagnostic;
use crate::error::{Error, Result};
use crate::output::OutputFile;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

macro_rules! embedded {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../themes/default/templates/", $name)))),*]
    };
}

const DEFAULT_TEMPLATES: &[(&str, &str)] = embedded!(
    "base.html",
    "partials/issue_list.html",
    "partials/meeting_list.html",
    "partials/attended_list.html",
    "partials/latest_meetings.html",
    "partials/timeline.html",
    "index.html",
    "meetings.html",
    "meeting.html",
    "issues.html",
    "issue.html",
    "initiatives.html",
    "initiative.html",
    "people.html",
    "person.html",
    "404.html",
    "search.html",
    "groups.html",
    "group.html",
    "actions.html",
    "actions_year.html",
    "decisions.html",
    "decisions_year.html",
    "partials/action_list.html",
    "partials/year_table.html",
    "partials/year_nav.html",
);

const DEFAULT_STATIC: &[(&str, &str)] = &[
    (
        "favicon.svg",
        include_str!("../../themes/default/static/favicon.svg"),
    ),
    (
        "search.js",
        include_str!("../../themes/default/static/search.js"),
    ),
    (
        "style.css",
        include_str!("../../themes/default/static/style.css"),
    ),
    (
        "theme-init.js",
        include_str!("../../themes/default/static/theme-init.js"),
    ),
    (
        "theme.js",
        include_str!("../../themes/default/static/theme.js"),
    ),
];

/// The merged theme: template name → (source, where it came from); static path → bytes.
#[derive(Debug, Clone)]
pub struct Theme {
    pub templates: BTreeMap<String, (String, String)>,
    pub statics: BTreeMap<String, Vec<u8>>,
    /// The template folders of the site and its theme, relative to the site (first wins).
    pub folders: Vec<String>,
    /// What loading skipped, with why (symbolic links): warnings of every build and rebuild.
    pub warnings: Vec<Diagnostic>,
}

/// Where a built-in template comes from, in messages.
pub const BUILT_IN: &str = "<built-in theme>";

impl Theme {
    pub fn load(root: &Path, name: &str) -> Result<Theme> {
        let mut theme = Theme {
            templates: DEFAULT_TEMPLATES
                .iter()
                .map(|(n, s)| (n.to_string(), (s.to_string(), format!("{BUILT_IN}/{n}"))))
                .collect(),
            statics: DEFAULT_STATIC
                .iter()
                .map(|(n, s)| (n.to_string(), s.as_bytes().to_vec()))
                .collect(),
            folders: Vec::new(),
            warnings: Vec::new(),
        };
        let theme_dir = root.join("themes").join(name);
        if name != "default" && !theme_dir.is_dir() {
            return Err(Error::config(Diagnostic::error(
                crate::config::CONFIG_FILE,
                0,
                0,
                "config",
                format!(
                    "theme {name:?} not found: looked for the folder themes/{name}/ in the site \
                     folder{}; the built-in theme is \"default\"",
                    match root == Path::new(".") {
                        true => String::new(),
                        false => format!(" ({})", root.display()),
                    }
                ),
            )));
        }
        // Messages show template paths relative to the site, like content paths.
        let theme_prefix = format!("themes/{name}/templates/");
        theme.overlay(
            (&theme_dir.join("templates"), &theme_prefix),
            (&theme_dir.join("static"), &format!("themes/{name}/static/")),
        )?;
        theme.overlay(
            (&root.join("templates"), "templates/"),
            (&root.join("static"), "static/"),
        )?;
        theme.folders = vec!["templates/".into()];
        if name != "default" || theme_dir.is_dir() {
            theme.folders.push(theme_prefix);
        }
        Ok(theme)
    }

    /// Lays the templates and static files of one layer (each folder with how messages name
    /// it, relative to the site) over those before it.
    fn overlay(&mut self, templates: (&Path, &str), statics: (&Path, &str)) -> Result<()> {
        let shown = templates.1;
        for (rel, path) in files_under(templates.0, shown, &mut self.warnings)? {
            let text = std::fs::read_to_string(&path)
                .map_err(|e| Error::io("read the template", &path, e))?;
            self.templates
                .insert(rel.clone(), (text, format!("{shown}{rel}")));
        }
        for (rel, path) in files_under(statics.0, statics.1, &mut self.warnings)? {
            let bytes =
                std::fs::read(&path).map_err(|e| Error::io("read the static file", &path, e))?;
            self.statics.insert(rel, bytes);
        }
        Ok(())
    }

    /// Where each template came from, for messages.
    pub fn origins(&self) -> Origins {
        Origins {
            templates: self
                .templates
                .iter()
                .map(|(n, (source, origin))| (n.clone(), (origin.clone(), source.clone())))
                .collect(),
            folders: self.folders.clone(),
        }
    }

    /// Compiles the templates; errors name the file and line.
    pub fn tera(&self) -> Result<tera::Tera> {
        let mut tera = tera::Tera::new();
        tera.autoescape_on(vec![".html", ".xml"]);
        // `{{ item.title | code_spans }}`: a title as HTML, its code spans as `<code>`.
        tera.register_filter(
            "code_spans",
            |title: &str, _: tera::Kwargs, _: &tera::State| {
                tera::Value::safe_string(&crate::markdown::title_html(title))
            },
        );
        tera.add_raw_templates(
            self.templates
                .iter()
                .map(|(n, (s, _))| (n.as_str(), s.as_str())),
        )
        .map_err(|e| compile_error(&e, &self.origins()))?;
        Ok(tera)
    }

    /// The static files as the site writes them: stylesheets compacted (see [`super::css`]),
    /// whichever layer they come from, the rest as they are.
    pub fn static_files(&self) -> Vec<OutputFile> {
        self.statics
            .iter()
            .map(
                |(p, b)| match (p.ends_with(".css"), std::str::from_utf8(b)) {
                    (true, Ok(css)) => OutputFile::new(p.clone(), super::css::compact(css)),
                    _ => OutputFile::new(p.clone(), b.clone()),
                },
            )
            .collect()
    }
}

/// Every regular file under `dir` (none when it does not exist), keyed by `/`-separated
/// relative path. Symbolic links (to files or folders) are not followed, as in the content
/// folder: each is a warning naming it (`shown` is how messages name `dir`), never silent.
fn files_under(
    dir: &Path,
    shown: &str,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Vec<(String, PathBuf)>> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| {
            let path = e
                .path()
                .map(Path::to_path_buf)
                .unwrap_or_else(|| dir.to_path_buf());
            Error::io("read", path, std::io::Error::other(e.to_string()))
        })?;
        let rel = entry
            .path()
            .strip_prefix(dir)
            .unwrap_or(entry.path())
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        if entry.path_is_symlink() && entry.depth() > 0 {
            let to = std::fs::read_link(entry.path())
                .map(|t| t.display().to_string())
                .unwrap_or_else(|_| "?".into());
            warnings.push(Diagnostic::warning(
                &format!("{shown}{rel}"),
                0,
                0,
                "symlink",
                format!(
                    "skipped: a symbolic link (to `{to}`); links in templates and static \
                     folders are not followed, so nothing outside them is published: copy the \
                     file here instead"
                ),
            ));
        } else if entry.file_type().is_file() {
            out.push((rel, entry.path().to_path_buf()));
        }
    }
    Ok(out)
}
