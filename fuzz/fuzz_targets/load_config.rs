//! Fuzz target: arbitrary text as site.toml. Must give a Config or an error that points into the
//! file, never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    if let Ok(text) = std::str::from_utf8(bytes) {
        if let Some(message) = wgsite::fuzzing::config_text(text) {
            assert!(message.starts_with("site.toml:"), "{message}");
        }
    }
});
