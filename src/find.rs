//! Substring search for the parser's per-line checks. `str::contains(&str)` sets up a two-way
//! searcher on every call, and on lines of notes (tens of bytes) that setup costs more than the
//! search (2.6% of a 1k build's instructions under callgrind). Here a one-off search looks for
//! the needle's first byte with `memchr` and compares the rest where it occurs, which needs no
//! setup at all; a [`Needle`] searched for in every line sets up `memmem`'s searcher once.

/// The first occurrence of `needle` in `haystack`, by its first byte.
fn find_bytes(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    let Some((&first, rest)) = needle.split_first() else {
        return Some(0);
    };
    memchr::memchr_iter(first, haystack).find(|&i| {
        haystack
            .get(i + 1..)
            .is_some_and(|after| after.starts_with(rest))
    })
}

/// Whether `needle` occurs in `haystack`.
pub fn contains(haystack: &str, needle: &str) -> bool {
    find_bytes(haystack.as_bytes(), needle.as_bytes()).is_some()
}

/// The byte offset of the first `needle` in `haystack`.
pub fn find(haystack: &str, needle: &str) -> Option<usize> {
    find_bytes(haystack.as_bytes(), needle.as_bytes())
}

/// The byte offsets of the non-overlapping occurrences of `needle` in `haystack`, first to
/// last, as `str::match_indices` finds them. An empty needle occurs nowhere. Each offset is a
/// char boundary: a match of valid UTF-8 in valid UTF-8 cannot start inside a character.
pub fn positions<'a>(haystack: &'a str, needle: &'a str) -> impl Iterator<Item = usize> + 'a {
    successive(haystack, needle.len(), move |h| {
        find_bytes(h, needle.as_bytes())
    })
}

/// The non-overlapping matches of a needle `len` bytes long, `first` finding the next one in
/// what is left of `haystack`. A needle of no bytes matches nowhere.
fn successive<'a>(
    haystack: &'a str,
    len: usize,
    first: impl Fn(&[u8]) -> Option<usize> + 'a,
) -> impl Iterator<Item = usize> + 'a {
    let mut from = 0;
    std::iter::from_fn(move || {
        if len == 0 {
            return None;
        }
        let at = from + first(haystack.as_bytes().get(from..)?)?;
        from = at + len;
        Some(at)
    })
}

/// A needle searched for in many haystacks (every line, every item): its searcher is set up
/// once.
pub struct Needle {
    finder: memchr::memmem::Finder<'static>,
}

impl Needle {
    pub fn new(needle: &str) -> Needle {
        Needle {
            finder: memchr::memmem::Finder::new(needle.as_bytes()).into_owned(),
        }
    }

    /// [`positions`] of this needle in `haystack`.
    pub fn positions<'a>(&'a self, haystack: &'a str) -> impl Iterator<Item = usize> + 'a {
        successive(haystack, self.len(), |h| self.finder.find(h))
    }

    pub fn len(&self) -> usize {
        self.finder.needle().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_what_the_standard_library_finds() {
        let haystacks = [
            "",
            "a",
            "aaaa",
            "skip the skipped item; skip",
            "café — naïve résumé, café",
            "removed from the agenda <!-- hidden --> -->",
            &"long line with the word at the very end: agenda ".repeat(4),
        ];
        let needles = [
            "a", "aa", "skip", "café", "-->", "<!--", "agenda", "zzz", "é",
        ];
        for h in haystacks {
            for n in needles {
                let std: Vec<usize> = h.match_indices(n).map(|(i, _)| i).collect();
                assert_eq!(positions(h, n).collect::<Vec<_>>(), std, "{n:?} in {h:?}");
                let needle = Needle::new(n);
                assert_eq!(
                    needle.positions(h).collect::<Vec<_>>(),
                    std,
                    "{n:?} in {h:?}"
                );
                assert_eq!(contains(h, n), h.contains(n), "{n:?} in {h:?}");
                assert_eq!(find(h, n), h.find(n), "{n:?} in {h:?}");
            }
        }
        assert_eq!(find("abc", ""), "abc".find(""));
        assert!(contains("", ""));
        assert_eq!(positions("abc", "").count(), 0);
        assert_eq!(Needle::new("").positions("abc").count(), 0);
    }
}
