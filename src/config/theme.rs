//! `theme`: the name of a folder under `themes/` (or the built-in "default"), never a path, so
//! that `site.toml` cannot point the theme loader at files outside the site.

/// Why `name` is not a theme name, or `None` when it is one: one folder name — not empty, no
/// `/` or `\`, not `.` or `..` nor hidden (a leading `.`), no `:` (a drive on Windows), no
/// control characters.
pub fn refusal(name: &str) -> Option<&'static str> {
    if name.trim().is_empty() {
        Some("it is empty")
    } else if name.contains(['/', '\\']) {
        Some("it is a path, not a name")
    } else if name.starts_with('.') {
        Some("it starts with `.`")
    } else if name.contains(':') || name.chars().any(char::is_control) {
        Some("it holds a `:` or a control character")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_theme_is_a_folder_name_not_a_path() {
        for ok in ["default", "minimal", "dark-2", "my theme", "v1.2"] {
            assert_eq!(refusal(ok), None, "{ok}");
        }
        for bad in [
            "", " ", "/abs", "../../x", "a/b", "..", ".", ".hidden", "a\\b", "C:x", "a\0b",
        ] {
            assert!(refusal(bad).is_some(), "{bad:?}");
        }
    }
}
