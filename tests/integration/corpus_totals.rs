//! The corpus 1C exports print their own ИТОГО: the report must say that the
//! lines it read add up to it (`file_total_matches`), with that amount.

use crate::corpus::corpus_dir;

#[test]
fn corpus_1c_exports_add_up_to_their_own_itogo() {
    let Some(dir) = corpus_dir() else { return };
    for (file, itogo) in [
        ("ru_1c_otgruzka_sector1_2024-10_11.xlsx", "1532277.12"),
        ("ru_1c_otgruzka_sector1_2024-04_biff7_nocodepage.xls", "1759564.08"),
    ] {
        let bytes = std::fs::read(dir.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        let report = keyaccounts::analyze(&bytes, &keyaccounts::Options::default()).expect("a report");
        let note = report
            .data_quality
            .iter()
            .find(|q| q.code.as_str().starts_with("file_total"));
        let got = note.map(|q| (q.code.as_str(), q.detail.as_deref()));
        assert_eq!(got, Some(("file_total_matches", Some(itogo))), "{file}");
    }
}
