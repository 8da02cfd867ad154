//! Where a line's brackets, `)` and `>` close, worked out once per line for [`super::find`]:
//! answering each `[` and `<` by scanning the rest of the line was quadratic in its length.

/// Where a line's delimiters close, found once per line: asked at each `[` and `<` of a line
/// of thousands, scanning the rest of the line each time was quadratic.
pub(super) struct Delims<'a> {
    line: &'a str,
    /// `(open, close)` byte positions of the brackets that pair up, by `open`; made at the
    /// first question.
    brackets: Option<Vec<(usize, usize)>>,
    /// Positions of every `)` and every `>`, made at the first question about each.
    parens: Option<Vec<usize>>,
    angles: Option<Vec<usize>>,
}

impl<'a> Delims<'a> {
    pub(super) fn new(line: &'a str) -> Delims<'a> {
        Delims {
            line,
            brackets: None,
            parens: None,
            angles: None,
        }
    }

    /// The `]` closing the `[` at `open`; `None` when it closes nowhere on the line (or is
    /// escaped).
    pub(super) fn bracket_close(&mut self, open: usize) -> Option<usize> {
        let line = self.line;
        let pairs = self.brackets.get_or_insert_with(|| pair_brackets(line));
        let k = pairs.binary_search_by_key(&open, |&(o, _)| o).ok()?;
        pairs.get(k).map(|&(_, close)| close)
    }

    /// The first `)` at or after `from`.
    pub(super) fn next_paren(&mut self, from: usize) -> Option<usize> {
        first_at_or_after(
            self.parens
                .get_or_insert_with(|| positions(self.line, b')')),
            from,
        )
    }

    /// The first `>` at or after `from`.
    pub(super) fn next_angle(&mut self, from: usize) -> Option<usize> {
        first_at_or_after(
            self.angles
                .get_or_insert_with(|| positions(self.line, b'>')),
            from,
        )
    }
}

fn positions(line: &str, byte: u8) -> Vec<usize> {
    memchr::memchr_iter(byte, line.as_bytes()).collect()
}

fn first_at_or_after(sorted: &[usize], from: usize) -> Option<usize> {
    sorted.get(sorted.partition_point(|&p| p < from)).copied()
}

/// The brackets of `line` that pair up, innermost first paired with the nearest close, a
/// backslash escaping the byte after it; sorted by the opening bracket.
fn pair_brackets(line: &str) -> Vec<(usize, usize)> {
    let mut open = Vec::new();
    let mut pairs = Vec::new();
    let bytes = line.as_bytes();
    let mut k = 0;
    while k < bytes.len() {
        match bytes[k] {
            b'\\' => k += 1,
            b'[' => open.push(k),
            b']' => {
                if let Some(o) = open.pop() {
                    pairs.push((o, k));
                }
            }
            _ => {}
        }
        k += 1;
    }
    pairs.sort_unstable();
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brackets_pair_innermost_first_and_escapes_count() {
        let mut d = Delims::new("[a [b] c] \\[x] [y");
        assert_eq!(d.bracket_close(0), Some(8));
        assert_eq!(d.bracket_close(3), Some(5));
        assert_eq!(d.bracket_close(11), None, "escaped");
        assert_eq!(d.bracket_close(15), None, "never closed");
        let mut p = Delims::new("a)b)>c");
        assert_eq!(p.next_paren(0), Some(1));
        assert_eq!(p.next_paren(2), Some(3));
        assert_eq!(p.next_paren(4), None);
        assert_eq!(p.next_angle(0), Some(4));
    }
}
