//! The recogniser's tokens: a sentence → words (`Node.js`, `I'll`, `@handle`, `@org/team`)
//! and single punctuation marks, with helpers to read them.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Tok<'a> {
    Word(&'a str),
    Punct(char),
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '-' | '_' | '\'' | '’')
}

/// Words (`Node.js`, `I'll`, `@handle`, `@org/team`) and single punctuation marks.
pub(super) fn tokens(s: &str) -> Vec<Tok<'_>> {
    let mut out = Vec::with_capacity(s.len() / 4);
    // Peeking one and two characters ahead is all the scanner needs.
    let mut it = s.char_indices().peekable();
    while let Some((start, c)) = it.next() {
        let next = it.peek().map(|x| x.1);
        let starts_word = is_word_char(c) || (c == '@' && next.is_some_and(is_word_char));
        if c.is_whitespace() {
            continue;
        }
        if !starts_word || matches!(c, '-' | '\'' | '’') {
            out.push(Tok::Punct(c));
            continue;
        }
        let handle = c == '@';
        let mut end = s.len();
        while let Some(&(at, x)) = it.peek() {
            let inner = matches!(x, '.' | '/')
                && (x == '.' || handle)
                && s[at + 1..]
                    .chars()
                    .next()
                    .is_some_and(char::is_alphanumeric);
            if is_word_char(x) || inner {
                it.next();
            } else {
                end = at;
                break;
            }
        }
        out.push(Tok::Word(s[start..end].trim_end_matches(['-', '\'', '’'])));
    }
    out
}

pub(super) fn word_at<'a>(toks: &[Tok<'a>], i: usize) -> Option<&'a str> {
    match toks.get(i) {
        Some(Tok::Word(w)) => Some(w),
        _ => None,
    }
}

pub(super) fn lower_at(toks: &[Tok], i: usize) -> String {
    word_at(toks, i).map(str::to_lowercase).unwrap_or_default()
}
