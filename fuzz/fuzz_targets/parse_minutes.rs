//! Fuzz target: arbitrary bytes → decode, normalise, parse, render the notes. Must not panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| wgsite::fuzzing::minutes_bytes(bytes));
