//! Load stage: walks the content folder, reads each minutes file and normalises its text
//! (BOM, line endings, invisible spaces, tabs, cp1252 mojibake) → [`SourceFile`]s.

mod checks;
mod utf16;

pub use checks::MAX_FILE_BYTES;

use crate::diag::Diagnostic;
use crate::error::{Error, Result};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// One minutes file, read and normalised.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the content folder, `/`-separated; the name used in diagnostics is
    /// `display_path`.
    pub rel_path: String,
    /// Path as shown to people (relative to the site root where possible).
    pub display_path: String,
    pub text: String,
}

/// What loading found: the files, and problems with the files it could not take.
#[derive(Debug, Default)]
pub struct Loaded {
    pub files: Vec<SourceFile>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Lists the minutes files under `dir`, sorted by path. Hidden entries (`.git`, `.DS_Store`)
/// and README files are skipped; symbolic links are reported and skipped so a link can never
/// pull files from outside the content folder or loop. A folder that cannot be read is an
/// error (its minutes would silently be missing from the site); pipes, sockets and devices
/// with a minutes name, and folders named like a minutes file, are reported.
pub fn walk(dir: &Path, display_prefix: &str) -> Result<(Vec<PathBuf>, Vec<Diagnostic>)> {
    walk_skipping(dir, display_prefix, None)
}

/// [`walk`], leaving out the folder `skip` (the output, when the content folder is the site
/// folder and so holds it: a build never reads what an earlier one wrote).
pub fn walk_skipping(
    dir: &Path,
    display_prefix: &str,
    skip: Option<&Path>,
) -> Result<(Vec<PathBuf>, Vec<Diagnostic>)> {
    // How the folder is named in a message: as site.toml names it, else its path.
    let shown = match display_prefix {
        "" => dir.display().to_string(),
        p => p.to_string(),
    };
    if !dir.is_dir() {
        return Err(Error::config(
            Diagnostic::error(&shown, 0, 0, "config", "the content folder is missing").with_help(
                "create it and put the minutes in it, or set `content_dir` in site.toml",
            ),
        ));
    }
    // The walk never follows links below the folder, and the folder itself is no exception:
    // a pull request that replaces `content/` by a link could otherwise publish any folder's
    // minutes. A maintainer who keeps the minutes elsewhere names that folder in site.toml.
    if dir
        .symlink_metadata()
        .is_ok_and(|m| m.file_type().is_symlink())
    {
        let target =
            std::fs::read_link(dir).map_or_else(|_| "?".into(), |t| t.display().to_string());
        return Err(Error::config(
            Diagnostic::error(
                &shown,
                0,
                0,
                "symlink",
                format!(
                    "the content folder is a symbolic link (to {target}); links are not followed"
                ),
            )
            .with_help(
                "set `content_dir` (or the group's `path`) in site.toml to the folder itself",
            ),
        ));
    }
    let mut paths = Vec::new();
    let mut diags = Vec::new();
    // Compared as the same folder on disk, however either path is written.
    let skip = skip.and_then(|s| s.canonicalize().ok());
    let skipped = |e: &walkdir::DirEntry| {
        skip.as_ref().is_some_and(|s| {
            e.file_type().is_dir() && e.path().canonicalize().is_ok_and(|p| p == *s)
        })
    };
    let walker = WalkDir::new(dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0 || !(e.file_name().to_string_lossy().starts_with('.') || skipped(e))
        });
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e
                    .path()
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|| dir.into());
                let why = e
                    .io_error()
                    .map_or_else(|| e.to_string(), ToString::to_string);
                diags.push(Diagnostic::error(
                    &display(&path, dir, display_prefix),
                    0,
                    0,
                    "unreadable",
                    format!("cannot read this folder: {why}"),
                ));
                continue;
            }
        };
        let path = entry.path();
        if entry.path_is_symlink() {
            diags.push(Diagnostic::warning(
                &display(path, dir, display_prefix),
                0,
                0,
                "symlink",
                checks::describe_link(path, dir),
            ));
            continue;
        }
        let file_type = entry.file_type();
        if entry.depth() > 0 && file_type.is_dir() && has_minutes_extension(path) {
            diags.push(Diagnostic::warning(
                &display(path, dir, display_prefix),
                0,
                0,
                "folder-named-like-minutes",
                "this is a folder, not a minutes file; only the minutes files inside it are read",
            ));
        }
        if !is_minutes_name(path) {
            continue;
        }
        if file_type.is_file() {
            paths.push(path.to_path_buf());
        } else if let Some(kind) = checks::special_kind(&file_type) {
            diags.push(Diagnostic::warning(
                &display(path, dir, display_prefix),
                0,
                0,
                "not-a-file",
                format!("skipped: this is {kind}, not a file"),
            ));
        }
    }
    Ok((paths, diags))
}

fn has_minutes_extension(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"))
}

/// `.md`/`.markdown` files, and extension-less files named like a date (`2019-12-02`).
pub fn is_minutes_name(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let lower = name.to_ascii_lowercase();
    if lower == "readme.md" || lower == "readme.markdown" {
        return false;
    }
    match path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
    {
        Some(ext) if ext == "md" || ext == "markdown" => true,
        None => crate::minutes::date::find_in_text(&name).is_some(),
        Some(_) => false,
    }
}

fn display(path: &Path, dir: &Path, prefix: &str) -> String {
    let rel = rel_path(path, dir);
    if prefix.is_empty() {
        rel
    } else {
        format!("{prefix}/{rel}")
    }
}

fn rel_path(path: &Path, dir: &Path) -> String {
    let rel = path.strip_prefix(dir).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// Reads and normalises `paths` in parallel; unreadable or binary files become diagnostics.
pub fn load(paths: &[PathBuf], dir: &Path, display_prefix: &str) -> Loaded {
    let mut loaded = Loaded::default();
    for (file, diags) in load_each(paths, dir, display_prefix) {
        loaded.files.extend(file);
        loaded.diagnostics.extend(diags);
    }
    loaded
}

/// [`load`], file by file: each path's file (none when it could not be taken) and the
/// diagnostics about it, in the order of `paths`.
pub fn load_each(
    paths: &[PathBuf],
    dir: &Path,
    display_prefix: &str,
) -> Vec<(Option<SourceFile>, Vec<Diagnostic>)> {
    paths
        .par_iter()
        .map(|path| {
            let shown = display(path, dir, display_prefix);
            // Checked before reading, so an oversized file costs no memory.
            if let Some(why) = std::fs::metadata(path)
                .ok()
                .and_then(|m| checks::too_large(m.len()))
            {
                return (
                    None,
                    vec![Diagnostic::warning(&shown, 0, 0, "too-large", why)],
                );
            }
            match std::fs::read(path) {
                Ok(bytes) => {
                    let (text, diags) = decode(&bytes, &shown);
                    let file = text.map(|text| SourceFile {
                        rel_path: rel_path(path, dir),
                        display_path: shown,
                        text,
                    });
                    (file, diags)
                }
                Err(e) => (
                    None,
                    vec![Diagnostic::error(
                        &shown,
                        0,
                        0,
                        "unreadable",
                        format!("cannot read this file: {e}"),
                    )],
                ),
            }
        })
        .collect()
}

/// Bytes → normalised text. UTF-16 with a byte-order mark is decoded (see [`utf16`]); any
/// other file with NUL bytes is skipped (binary, or UTF-16 without its mark, which the message
/// tells apart); invalid UTF-8 is decoded with replacement characters and reported with its
/// byte offset.
pub fn decode(bytes: &[u8], shown: &str) -> (Option<String>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let skipped = |code: &'static str, message: &str| {
        (None, vec![Diagnostic::warning(shown, 0, 0, code, message)])
    };
    match utf16::marked(bytes) {
        utf16::Marked::Utf16 { little_endian } => {
            let (text, bad) = utf16::decode(bytes, little_endian);
            if let Some(offset) = bad {
                diags.push(Diagnostic::warning(
                    shown,
                    0,
                    0,
                    "invalid-utf16",
                    format!("not valid UTF-16 at byte {offset}; invalid bytes shown as \u{FFFD}"),
                ));
            }
            return finish(&text, shown, diags);
        }
        utf16::Marked::Utf32 => {
            return skipped(
                "utf32",
                "skipped: this file is UTF-32 text, which wgsite does not read; save it as UTF-8",
            )
        }
        utf16::Marked::None => {}
    }
    if bytes.contains(&0) {
        return match utf16::looks_unmarked(bytes) {
            true => skipped(
                "utf16-without-bom",
                "skipped: this looks like UTF-16 text without a byte-order mark (a NUL byte beside \
                 each letter), which cannot be told from binary for sure; save it as UTF-8, or \
                 as UTF-16 with a byte-order mark",
            ),
            false => skipped(
                "binary",
                "skipped: this looks like a binary file (it contains NUL bytes), not minutes",
            ),
        };
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(e) => {
            let offset = e.valid_up_to();
            let lossy = String::from_utf8_lossy(bytes).into_owned();
            let (line, col) = crate::diag::line_col(&lossy, offset);
            diags.push(Diagnostic::warning(
                shown,
                line,
                col,
                "invalid-utf8",
                format!("not valid UTF-8 at byte {offset}; invalid bytes shown as \u{FFFD}"),
            ));
            lossy
        }
    };
    finish(&text, shown, diags)
}

/// Decoded text → normalised text, with what normalising repaired; an empty file is skipped.
fn finish(
    text: &str,
    shown: &str,
    mut diags: Vec<Diagnostic>,
) -> (Option<String>, Vec<Diagnostic>) {
    let (text, repaired) = normalise(text);
    if let Some((line, count)) = repaired {
        diags.push(Diagnostic::warning(
            shown,
            line,
            1,
            "mojibake",
            format!(
                "repaired {count} mis-encoded character{} (UTF-8 read as Windows-1252, e.g. `â€¦` for `…`)",
                if count == 1 { "" } else { "s" }
            ),
        ));
    }
    if text.trim().is_empty() {
        diags.push(Diagnostic::warning(
            shown,
            0,
            0,
            "empty",
            "skipped: the file is empty",
        ));
        return (None, diags);
    }
    (Some(text), diags)
}

/// Normalises text: drops a BOM, turns CRLF/CR into LF, NBSP into a space, removes zero-width
/// characters, expands leading tabs (4 columns) and repairs cp1252 mojibake. Returns the text
/// and, when mojibake was repaired, the first line and the count.
pub fn normalise(text: &str) -> (String, Option<(usize, usize)>) {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    // Most minutes are plain ASCII with LF line ends and no tabs: nothing to change, and no
    // mojibake (its sequences are not ASCII). One scan and one copy, not a character at a time.
    let plain = text.is_ascii() && memchr::memchr2(b'\r', b'\t', text.as_bytes()).is_none();
    let mut out = String::with_capacity(text.len() + 1);
    match plain {
        true => out.push_str(text),
        false => clean_into(&mut out, text),
    }
    if !out.ends_with('\n') {
        out.push('\n');
    }
    match plain {
        true => (out, None),
        false => repair_mojibake(out),
    }
}

/// [`normalise`]'s changes to the characters of `text`, appended to `out`.
fn clean_into(out: &mut String, text: &str) {
    let mut chars = text.chars().peekable();
    let mut at_line_start = true;
    let mut col = 0usize;
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('\n');
                at_line_start = true;
                col = 0;
                continue;
            }
            '\n' => {
                out.push('\n');
                at_line_start = true;
                col = 0;
                continue;
            }
            '\t' if at_line_start => {
                let width = 4 - col % 4;
                out.extend(std::iter::repeat_n(' ', width));
                col += width;
                continue;
            }
            '\u{00A0}' | '\u{202F}' | '\u{2007}' => out.push(' '),
            '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' => continue,
            _ => out.push(c),
        }
        if c != ' ' && c != '\u{00A0}' {
            at_line_start = false;
        }
        col += 1;
    }
}

/// The byte a character had in Windows-1252, for the characters that encoding maps.
fn cp1252_byte(c: char) -> Option<u8> {
    let code = c as u32;
    if (0xA0..=0xFF).contains(&code) {
        return u8::try_from(code).ok();
    }
    const HIGH: [(char, u8); 27] = [
        ('€', 0x80),
        ('‚', 0x82),
        ('ƒ', 0x83),
        ('„', 0x84),
        ('…', 0x85),
        ('†', 0x86),
        ('‡', 0x87),
        ('ˆ', 0x88),
        ('‰', 0x89),
        ('Š', 0x8A),
        ('‹', 0x8B),
        ('Œ', 0x8C),
        ('Ž', 0x8E),
        ('‘', 0x91),
        ('’', 0x92),
        ('“', 0x93),
        ('”', 0x94),
        ('•', 0x95),
        ('–', 0x96),
        ('—', 0x97),
        ('˜', 0x98),
        ('™', 0x99),
        ('š', 0x9A),
        ('›', 0x9B),
        ('œ', 0x9C),
        ('ž', 0x9E),
        ('Ÿ', 0x9F),
    ];
    // Bytes 0x81, 0x8D, 0x8F, 0x90, 0x9D are undefined in cp1252; decoders pass them through
    // as the C1 control of the same number, so accept those too.
    if matches!(code, 0x81 | 0x8D | 0x8F | 0x90 | 0x9D) {
        return u8::try_from(code).ok();
    }
    HIGH.iter().find(|(ch, _)| *ch == c).map(|(_, b)| *b)
}

/// Repairs UTF-8 sequences that were decoded as Windows-1252 (`â€™` → `’`, `Ã©` → `é`).
fn repair_mojibake(text: String) -> (String, Option<(usize, usize)>) {
    // Fast path: every mojibake sequence starts with a character in U+00C2..=U+00F4.
    if !text.chars().any(|c| ('\u{C2}'..='\u{F4}').contains(&c)) {
        return (text, None);
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut first_line = None;
    let mut count = 0;
    let mut line = 1;
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        if c == '\n' {
            line += 1;
        }
        let lead = cp1252_byte(c).filter(|b| (0xC2..=0xF4).contains(b));
        if let Some(lead) = lead {
            let need = match lead {
                0xC2..=0xDF => 1,
                0xE0..=0xEF => 2,
                _ => 3,
            };
            let mut bytes = vec![lead];
            for k in 1..=need {
                match chars.get(i + k).and_then(|&ch| cp1252_byte(ch)) {
                    Some(b) if (0x80..=0xBF).contains(&b) => bytes.push(b),
                    _ => break,
                }
            }
            if bytes.len() == need + 1 {
                if let Ok(s) = std::str::from_utf8(&bytes) {
                    out.push_str(s);
                    count += 1;
                    first_line.get_or_insert(line);
                    i += need + 1;
                    continue;
                }
            }
        }
        out.push(c);
        i += 1;
    }
    (out, first_line.map(|l| (l, count)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_ascii_is_kept_as_it_is_with_a_final_newline() {
        assert_eq!(normalise("# T\n* a  b\n").0, "# T\n* a  b\n");
        assert_eq!(normalise("# T\nlast").0, "# T\nlast\n");
        assert_eq!(normalise("").0, "\n");
        // The same text through the character-by-character path (a tab not at a line start
        // is kept) comes out the same.
        assert_eq!(normalise("# T\nlast\tx").0, "# T\nlast\tx\n");
        assert_eq!(normalise("\u{FEFF}# T").0, "# T\n");
    }

    #[test]
    fn strips_bom_and_crlf() {
        let (t, _) = normalise("\u{FEFF}# Title\r\nline\rnext");
        assert_eq!(t, "# Title\nline\nnext\n");
    }

    #[test]
    fn replaces_invisible_spaces_and_expands_leading_tabs() {
        let (t, _) = normalise("a\u{00A0}b\u{200B}c\n\t* note\tx\n");
        assert_eq!(t, "a bc\n    * note\tx\n");
    }

    #[test]
    fn repairs_mojibake_and_reports_the_line() {
        let (t, r) = normalise("ok\nmulti-commitsâ€¦ and donâ€™t cafÃ©\n");
        assert_eq!(t, "ok\nmulti-commits… and don’t café\n");
        assert_eq!(r, Some((2, 3)));
    }

    #[test]
    fn leaves_real_accents_alone() {
        let (t, r) = normalise("Dominykas Blyžė, José, Ângela\n");
        assert_eq!(t, "Dominykas Blyžė, José, Ângela\n");
        assert_eq!(r, None);
    }

    #[test]
    fn skips_binary_and_reports_invalid_utf8_offset() {
        let (t, d) = decode(b"a\0b", "x.md");
        assert!(t.is_none());
        assert_eq!(d[0].code, "binary");
        let (t, d) = decode(b"# T\nab\xffc\n", "x.md");
        assert!(t.is_some());
        assert_eq!(d[0].code, "invalid-utf8");
        assert!(d[0].message.contains("byte 6"), "{}", d[0].message);
    }

    #[test]
    fn recognises_minutes_file_names() {
        assert!(is_minutes_name(Path::new("2019-12-02")));
        assert!(is_minutes_name(Path::new("a/minutes.md")));
        assert!(!is_minutes_name(Path::new("README.md")));
        assert!(!is_minutes_name(Path::new("notes.txt")));
    }
}
