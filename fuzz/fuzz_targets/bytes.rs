//! Any bytes, as a dropped file: every format's sniffing, guards and reader, then the analysis.
//! A coded error is fine; a panic, an abort or running past libFuzzer's time and memory limits
//! is a finding.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = keyaccounts::analyze(data, &keyaccounts::Options::default());
});
