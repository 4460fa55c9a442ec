//! Client names: a clean display form and a folded grouping key.
// INTERFACE STUB — replaced by the parse helper.

/// Trims and collapses inner whitespace; what the user sees.
pub fn clean_name(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The grouping key: `ООО Ромашка` = `Ромашка ООО` = `ООО «Ромашка»`.
pub fn fold_client_name(s: &str) -> String {
    clean_name(s).to_lowercase()
}
