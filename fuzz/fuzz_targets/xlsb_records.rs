//! The records of a binary workbook (whose parts calamine indexes without checks): the input
//! replaces one part of the well-formed `xlsb_good` from the hostile suite — its first byte
//! picks which — and the package is zipped, so the fuzzer mutates records, not deflate streams.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/hostile/mod.rs"]
#[allow(dead_code)]
mod hostile;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, body)) = data.split_first() else { return };
    let mut parts = hostile::good_xlsb_parts();
    let bins: Vec<usize> = (0..parts.len()).filter(|&i| parts[i].0.ends_with(".bin")).collect();
    parts[bins[pick as usize % bins.len()]].1 = body.to_vec();
    let _ = keyaccounts::analyze(&hostile::zip(&parts), &keyaccounts::Options::default());
});
