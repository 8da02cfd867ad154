//! The URL-shaped values of `site.toml`: `base_url` → its path, `cname` → a checked host name.

/// `nodejs.github.io/security-wg`: a host name without its scheme.
pub fn looks_like_host(url: &str) -> bool {
    let host = url.split('/').next().unwrap_or("");
    host.contains('.')
        && !host.starts_with('.')
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':'))
}

/// A custom domain must be a bare host name (`wg.example.org`: no scheme, port or path); when
/// `base_url` is absolute it must be on that host, or feeds and canonical links would point
/// elsewhere. Returns the lower-case host, or why it is refused.
pub fn validate_cname(cname: &str, base_url: &str) -> std::result::Result<String, String> {
    let host = cname.trim().trim_end_matches('.').to_ascii_lowercase();
    let label_ok = |l: &str| {
        (1..=63).contains(&l.len())
            && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            && !l.starts_with('-')
            && !l.ends_with('-')
    };
    if host.is_empty() || host.len() > 253 || !host.contains('.') || !host.split('.').all(label_ok)
    {
        return Err(format!(
            "must be a bare host name like \"wg.example.org\" (no https://, port or path), found {cname:?}"
        ));
    }
    let base_host = base_url
        .strip_prefix("https://")
        .or_else(|| base_url.strip_prefix("http://"))
        .map(|rest| {
            rest.split(['/', ':'])
                .next()
                .unwrap_or(rest)
                .to_ascii_lowercase()
        });
    match base_host {
        Some(b) if b != host => Err(format!(
            "is {host:?} but `base_url` is on {b:?}; GitHub Pages will serve the site at \
             https://{host}/, so set base_url = \"https://{host}/\""
        )),
        _ => Ok(host),
    }
}

/// `https://host/sub/path` → `/sub/path/`; `/sub` → `/sub/`; anything else → `None`.
pub fn base_path_of(url: &str) -> Option<String> {
    let path = if let Some(rest) = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
    {
        let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
        if host.is_empty() || host.contains(char::is_whitespace) {
            return None;
        }
        format!("/{path}")
    } else if url.starts_with('/') {
        url.to_string()
    } else {
        return None;
    };
    if path.contains(['?', '#', ' ']) {
        return None;
    }
    Some(if path.ends_with('/') {
        path
    } else {
        format!("{path}/")
    })
}
