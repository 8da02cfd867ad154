//! Fuzz target: runs of `[`, `<`, backticks, `*`, `](`, deep nesting and the like, varied by
//! the fuzzer's bytes → parse, link, render. Must not panic; run with `-timeout=10` so a slow
//! (quadratic) input is reported too.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| wgsite::fuzzing::pathological_bytes(bytes));
