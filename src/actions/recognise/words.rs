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
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let mut i = 0;
    while let Some(&(start, c)) = chars.get(i) {
        let starts_word =
            is_word_char(c) || (c == '@' && chars.get(i + 1).is_some_and(|x| is_word_char(x.1)));
        if c.is_whitespace() {
            i += 1;
        } else if starts_word && !(c == '-' || c == '\'' || c == '’') {
            let handle = c == '@';
            let mut j = i + 1;
            while let Some(&(_, x)) = chars.get(j) {
                let inner = matches!(x, '.' | '/')
                    && (x == '.' || handle)
                    && chars.get(j + 1).is_some_and(|y| y.1.is_alphanumeric());
                if is_word_char(x) || inner {
                    j += 1;
                } else {
                    break;
                }
            }
            let end = chars.get(j).map_or(s.len(), |x| x.0);
            let word = s[start..end].trim_end_matches(['-', '\'', '’']);
            out.push(Tok::Word(word));
            i = j;
        } else {
            out.push(Tok::Punct(c));
            i += 1;
        }
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
