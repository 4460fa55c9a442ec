//! A worksheet's XML: the input replaces the sheet of the hostile suite's well-formed xlsx (its
//! shared strings stay), and the package is zipped, so the fuzzer mutates the XML the engine's own
//! sheet scanner (`xlsx_fast`) reads, and calamine whenever the scanner hands the file over.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/hostile/mod.rs"]
#[allow(dead_code)]
mod hostile;

fn parts() -> &'static [(String, Vec<u8>)] {
    static PARTS: OnceLock<Vec<(String, Vec<u8>)>> = OnceLock::new();
    PARTS.get_or_init(hostile::good_xlsx_parts)
}

fuzz_target!(|data: &[u8]| {
    let parts: Vec<(&str, Vec<u8>)> = parts()
        .iter()
        .map(|(name, bytes)| {
            let bytes = if name.ends_with("worksheets/sheet1.xml") { data.to_vec() } else { bytes.clone() };
            (name.as_str(), bytes)
        })
        .collect();
    let _ = keyaccounts::analyze(&hostile::zip(&parts), &keyaccounts::Options::default());
});
