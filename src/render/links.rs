//! The one helper that makes internal URLs: site paths (`issues/nodejs/tsc/423/`) → hrefs
//! relative to the page being rendered, so the output works at the domain root, under any
//! sub-path and from `wgsite serve`. Only `404.html` (served at any depth) gets absolute paths.

/// Stands for "the path from this page to the site root" in HTML rendered once for many pages
/// (a private-use character: it survives HTML escaping and never occurs in minutes' URLs).
pub const ROOT_MARK: &str = "\u{E000}/";

/// Makes hrefs for one page.
#[derive(Debug, Clone)]
pub struct Linker {
    /// `../` repeated up to the site root, or the absolute base path for pages served anywhere.
    prefix: String,
    /// The absolute base URL (`https://host/sub/`), for feeds, sitemaps and canonical links.
    base_url: String,
}

impl Linker {
    /// For a page at `page_path` (`""` for the home page, `meetings/2023-06-22/` for a meeting,
    /// `feed.xml` for a file at the root).
    pub fn for_page(page_path: &str, base_url: &str) -> Linker {
        let depth = page_path.matches('/').count();
        Linker {
            prefix: "../".repeat(depth),
            base_url: base_url.to_string(),
        }
    }

    /// For a page that may be served at any path (the 404 page): absolute paths from
    /// `base_path`.
    pub fn absolute(base_path: &str, base_url: &str) -> Linker {
        Linker {
            prefix: base_path.to_string(),
            base_url: base_url.to_string(),
        }
    }

    /// For text rendered once and shown on many pages: hrefs start with [`ROOT_MARK`], which
    /// [`Linker::unmark`] turns into each page's own prefix.
    pub fn marked(base_url: &str) -> Linker {
        Linker {
            prefix: ROOT_MARK.to_string(),
            base_url: base_url.to_string(),
        }
    }

    /// Replaces [`ROOT_MARK`] in `html` with this page's path to the site root.
    pub fn unmark(&self, html: &str) -> String {
        html.replace(ROOT_MARK, &self.prefix)
    }

    /// The href of the site path `target` (`""` is the home page).
    pub fn href(&self, target: &str) -> String {
        if self.prefix.is_empty() && target.is_empty() {
            return "./".to_string();
        }
        let mut href = String::with_capacity(self.prefix.len() + target.len());
        href.push_str(&self.prefix);
        href.push_str(target);
        href
    }

    /// `href` plus a fragment.
    pub fn href_to(&self, target: &str, anchor: &str) -> String {
        let mut href = self.href(target);
        href.reserve(anchor.len() + 1);
        href.push('#');
        href.push_str(anchor);
        href
    }

    /// The absolute URL of `target` (for feeds, sitemaps, canonical links). When the site has
    /// no absolute base URL this is a root-relative path.
    pub fn absolute_url(&self, target: &str) -> String {
        format!("{}{}", self.base_url, target)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn makes_relative_hrefs_from_any_depth() {
        let home = Linker::for_page("", "https://x.io/wg/");
        assert_eq!(home.href(""), "./");
        assert_eq!(home.href("issues/"), "issues/");
        let meeting = Linker::for_page("meetings/2023-06-22/", "https://x.io/wg/");
        assert_eq!(meeting.href(""), "../../");
        assert_eq!(meeting.href("issues/o/r/1/"), "../../issues/o/r/1/");
        assert_eq!(
            meeting.href_to("meetings/2023-06-22/", "a"),
            "../../meetings/2023-06-22/#a"
        );
        assert_eq!(meeting.absolute_url("issues/"), "https://x.io/wg/issues/");
    }

    #[test]
    fn the_404_page_uses_absolute_paths() {
        let l = Linker::absolute("/wg/", "https://x.io/wg/");
        assert_eq!(l.href("style.css"), "/wg/style.css");
    }
}
