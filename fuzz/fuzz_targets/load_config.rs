//! Fuzz target: arbitrary text as site.toml. Must give a Config or an error, never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    if let Ok(text) = std::str::from_utf8(bytes) {
        let _ = wgsite::config::Config::parse(text, "site.toml");
    }
});
