//! Line-level markdown shapes the parser needs: which lines are code or HTML comments, headings,
//! list items and task-list items, with their indentation. Pure functions over `&str`.

/// Appends the words of `text` to `out`, one space between them: runs of whitespace (tabs and
/// line breaks too) become one space, and none is left at either end.
pub fn push_words(out: &mut String, text: &str) {
    for (i, w) in text.split_whitespace().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(w);
    }
}

/// [`push_words`] into a new string.
pub fn collapse_spaces(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_words(&mut out, text);
    out
}

/// A heading line: `## text` (optionally inside a bullet: `* # text`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading<'a> {
    pub level: usize,
    pub text: &'a str,
}

/// A list item line: indentation, the marker's width, and the text after the marker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListItem<'a> {
    pub indent: usize,
    pub text: &'a str,
    /// `Some(checked)` for a task-list item `[ ]` / `[x]`.
    pub task: Option<bool>,
}

pub fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// `#`…`######` then a space (or the end), at most 3 spaces in, optionally behind a bullet.
pub fn heading(line: &str) -> Option<Heading<'_>> {
    let t = line.trim_start();
    if indent_of(line) > 3 && !t.starts_with(['*', '-', '+']) {
        return None;
    }
    let t = match t.strip_prefix(['*', '-', '+']) {
        Some(r) if r.starts_with(' ') => r.trim_start(),
        _ => t,
    };
    let level = t.bytes().take_while(|&b| b == b'#').count();
    if level == 0 || level > 6 {
        return None;
    }
    let rest = &t[level..];
    if !(rest.is_empty() || rest.starts_with(' ')) {
        return None;
    }
    let text = rest.trim().trim_end_matches('#').trim_end();
    Some(Heading { level, text })
}

/// `* text`, `- text`, `+ text`, `1. text`, `1) text`.
pub fn list_item(line: &str) -> Option<ListItem<'_>> {
    let indent = indent_of(line);
    let t = &line[indent..];
    let after_marker = if let Some(r) = t.strip_prefix(['*', '-', '+']) {
        r
    } else {
        let digits = t.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 || digits > 9 {
            return None;
        }
        t[digits..].strip_prefix(['.', ')'])?
    };
    if !(after_marker.is_empty() || after_marker.starts_with(' ')) {
        return None;
    }
    let text = after_marker.trim();
    // `***` and `---` are thematic breaks, not items.
    if text.chars().all(|c| matches!(c, '*' | '-' | ' ')) && !text.is_empty() {
        return None;
    }
    let task = ["[ ]", "[x]", "[X]"]
        .iter()
        .find(|m| text.starts_with(**m) && text[3..].starts_with([' ', '\t']) || text == **m)
        .map(|m| *m != "[ ]");
    Some(ListItem { indent, text, task })
}

/// For each line, whether it is inside a fenced code block or an HTML comment (and so not
/// structure). Fence lines themselves count as code.
pub fn code_or_comment_mask(lines: &[&str]) -> Vec<bool> {
    let mut mask = Vec::with_capacity(lines.len());
    let mut fence: Option<(char, usize)> = None;
    let mut in_comment = false;
    for line in lines {
        let t = line.trim_start();
        if let Some((ch, len)) = fence {
            mask.push(true);
            let run = t.chars().take_while(|&c| c == ch).count();
            if run >= len && t[run * ch.len_utf8()..].trim().is_empty() {
                fence = None;
            }
            continue;
        }
        if in_comment {
            mask.push(true);
            if crate::find::contains(t, "-->") {
                in_comment = false;
            }
            continue;
        }
        // A fence may sit inside a list item: strip one bullet first.
        let inner = match list_item(line) {
            Some(item) => item.text,
            None => t,
        };
        for ch in ['`', '~'] {
            let run = inner.chars().take_while(|&c| c == ch).count();
            if run >= 3 && !(ch == '`' && inner[run..].contains('`')) {
                fence = Some((ch, run));
            }
        }
        if fence.is_some() {
            mask.push(true);
            continue;
        }
        if let Some(start) = crate::find::find(t, "<!--") {
            let closed = crate::find::contains(&t[start + 4..], "-->");
            in_comment = !closed;
            // A line that is only a comment is not content; text before an opening comment is.
            mask.push(start == 0 || !closed && t[..start].trim().is_empty());
            continue;
        }
        mask.push(false);
    }
    mask
}

/// Removes the markdown escapes note-takers type (`\[RFC\]` → `[RFC]`).
pub fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(&n) = chars.peek() {
                if n.is_ascii_punctuation() {
                    out.push(n);
                    chars.next();
                    continue;
                }
            }
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_of_whitespace_become_one_space() {
        assert_eq!(collapse_spaces("  a\t b\n\nc  "), "a b c");
        assert_eq!(collapse_spaces(" \t "), "");
        let mut out = String::from("kept:");
        push_words(&mut out, " x  y ");
        assert_eq!(out, "kept:x y");
    }

    #[test]
    fn recognises_headings_even_inside_bullets() {
        assert_eq!(
            heading("## Present"),
            Some(Heading {
                level: 2,
                text: "Present"
            })
        );
        assert_eq!(heading("* # Node.js Meeting").map(|h| h.level), Some(1));
        assert_eq!(heading("#898 is not a heading"), None);
        assert_eq!(heading("    # code"), None);
    }

    #[test]
    fn recognises_list_items_and_tasks() {
        let li = list_item("  * note").expect("item");
        assert_eq!((li.indent, li.text, li.task), (2, "note", None));
        assert_eq!(
            list_item("- [x] Vulnerability Review - x").and_then(|l| l.task),
            Some(true)
        );
        assert_eq!(list_item("12. twelve").map(|l| l.text), Some("twelve"));
        assert_eq!(list_item("---"), None);
        assert_eq!(list_item("*bold* text"), None);
    }

    #[test]
    fn masks_code_and_comments() {
        let lines = [
            "a",
            "```js",
            "# not heading",
            "```",
            "<!-- hidden",
            "* x",
            "-->",
            "b <!-- c -->",
        ];
        assert_eq!(
            code_or_comment_mask(&lines),
            [false, true, true, true, true, true, true, false]
        );
    }

    #[test]
    fn undoes_escapes() {
        assert_eq!(unescape(r"\[RFC\] thing \d"), r"[RFC] thing \d");
    }
}
