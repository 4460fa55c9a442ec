//! Text, as a CSV export: dialect sniffing, quote repair, amounts and dates in text, identity.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let _ = keyaccounts::analyze(text.as_bytes(), &keyaccounts::Options::default());
});
