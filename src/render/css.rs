//! Compacting stylesheets as they are written: a theme's source stays commented and readable
//! (`themes/default/static/style.css`), and a page loads it without comments or the whitespace
//! no rule needs (the default theme promises under 30 KB of CSS and scripts a page).

/// `css` without comments and without the whitespace that separates nothing: runs of
/// whitespace become one space, dropped entirely next to `{ } ; , > :` (after a colon only:
/// before one it may be a descendant combinator, `.a :hover`) and before `)` and `!`; a
/// declaration's last `;` goes. Strings are copied as written. Spaces that carry meaning stay:
/// around `+`, `-`, `*` and `/` (inside `calc()` they must), between words and numbers, before
/// `(` (`and (min-width…)`, unlike `and(`, is a media feature).
pub fn compact(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut chars = css.chars().peekable();
    let mut space = false;
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut last = ' ';
                for d in chars.by_ref() {
                    if last == '*' && d == '/' {
                        break;
                    }
                    last = d;
                }
                // `a/**/b` is two tokens.
                space = true;
            }
            c if c.is_whitespace() => space = true,
            _ => {
                if space && out.chars().next_back().is_some_and(|p| needs_space(p, c)) {
                    out.push(' ');
                }
                space = false;
                if c == '}' && out.ends_with(';') {
                    out.pop();
                }
                out.push(c);
                if c == '"' || c == '\'' {
                    copy_string(&mut chars, c, &mut out);
                }
            }
        }
    }
    out
}

/// Copies the rest of a string opened by `quote` (its escapes included) through its closing
/// quote, or to the end of an unterminated one.
fn copy_string(chars: &mut impl Iterator<Item = char>, quote: char, out: &mut String) {
    let mut escaped = false;
    for d in chars.by_ref() {
        out.push(d);
        match d {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            _ if d == quote => return,
            _ => {}
        }
    }
}

/// Whether whitespace between `before` and `after` must stay (as one space).
fn needs_space(before: char, after: char) -> bool {
    const NONE_AFTER: &[char] = &['{', '}', ';', ',', '>', ':', '('];
    const NONE_BEFORE: &[char] = &['{', '}', ';', ',', '>', ')', '!'];
    !NONE_AFTER.contains(&before) && !NONE_BEFORE.contains(&after)
}

#[cfg(test)]
mod tests {
    use super::compact;

    #[test]
    fn drops_comments_and_whitespace_that_separates_nothing() {
        let css = "/* theme */\n:root {\n  --bg: light-dark(#fff, #0d1117);\n}\n\
                   .a > .b, .c { margin: 0 auto; }\n";
        assert_eq!(
            compact(css),
            ":root{--bg:light-dark(#fff,#0d1117)}.a>.b,.c{margin:0 auto}"
        );
    }

    #[test]
    fn keeps_the_spaces_that_carry_meaning() {
        // A descendant pseudo-class, calc's operators, a media feature after `and`, shorthand
        // values and a slash in a grid line.
        let css = "main :focus { top: calc(100vh - 2rem); }\n\
                   @media screen and (min-width: 40rem) { .x { grid-row: 1 / span 20 } }\n\
                   .y { font: 1rem/1.65 var(--font) !important; }";
        assert_eq!(
            compact(css),
            "main :focus{top:calc(100vh - 2rem)}\
             @media screen and (min-width:40rem){.x{grid-row:1 / span 20}}\
             .y{font:1rem/1.65 var(--font)!important}"
        );
    }

    #[test]
    fn copies_strings_as_written_and_separates_what_a_comment_separated() {
        let css = ".a::after { content: \" ; } /* \\\" \"; }\n[data-x='a  b'] { }\na/**/b {}";
        assert_eq!(
            compact(css),
            ".a::after{content:\" ; } /* \\\" \"}[data-x='a  b']{}a b{}"
        );
    }

    #[test]
    fn the_built_in_stylesheet_loses_a_tenth_and_compacting_again_changes_nothing() {
        let source = include_str!("../../themes/default/static/style.css");
        let once = compact(source);
        assert!(once.len() * 10 < source.len() * 9, "{}", once.len());
        assert_eq!(compact(&once), once);
        // Every rule survives: as many blocks open and close.
        assert_eq!(once.matches('{').count(), source.matches('{').count());
        assert_eq!(once.matches('}').count(), source.matches('}').count());
    }
}
