//! `docs/report.md` documents every field a real report has, and no field it lacks.

use crate::common::fixture;
use std::collections::BTreeSet;

/// Backticked names in the first column of the table under `heading`.
fn documented(doc: &str, heading: &str) -> BTreeSet<String> {
    let section = doc
        .split(&format!("\n{heading}\n"))
        .nth(1)
        .unwrap_or_else(|| panic!("no section {heading}"));
    section
        .lines()
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .filter_map(|l| l.split('|').nth(1))
        .filter_map(|cell| {
            cell.trim()
                .strip_prefix('`')
                .and_then(|c| c.strip_suffix('`'))
                .map(str::to_string)
        })
        .collect()
}

fn keys(v: &serde_json::Value) -> BTreeSet<String> {
    v.as_object().expect("object").keys().cloned().collect()
}

#[test]
fn docs_report_md_lists_exactly_the_report_fields() {
    let doc = std::fs::read_to_string(crate::common::manifest_dir().join("docs/report.md")).expect("docs/report.md");
    let f = fixture("en_crm_export_usd.xlsx");
    let report = keyaccounts::analyze(&f.bytes, &keyaccounts::Options::default()).expect("report");
    let json = serde_json::to_value(&report).expect("JSON");
    assert_eq!(documented(&doc, "## Top level"), keys(&json));
    assert_eq!(documented(&doc, "## `rules`"), keys(&json["rules"]));
    assert_eq!(documented(&doc, "## `source`"), keys(&json["source"]));
    assert_eq!(documented(&doc, "## `clients[]`"), keys(&json["clients"][0]));
    assert_eq!(documented(&doc, "## `data_quality[]`"), keys(&json["data_quality"][0]));
    assert_eq!(documented(&doc, "## `key_accounts[]`"), keys(&json["key_accounts"][0]));
    assert_eq!(
        documented(&doc, "## `managers[]` and `departments[]`"),
        keys(&json["managers"][0])
    );
    assert_eq!(
        documented(&doc, "## `managers[]` and `departments[]`"),
        keys(&json["departments"][0])
    );
    assert_eq!(documented(&doc, "## `concentration`"), keys(&json["concentration"]));
    // Time and the comparison, on the demo workbook (two dated years).
    let (demo, _) = crate::sample::build().expect("demo");
    let demo =
        serde_json::to_value(keyaccounts::analyze(&demo, &keyaccounts::Options::default()).expect("demo report"))
            .expect("JSON");
    assert_eq!(documented(&doc, "## `time`"), keys(&demo["time"]));
    assert_eq!(
        documented(&doc, "### `time.months[]`, `quarters[]`, `years[]`"),
        keys(&demo["time"]["months"][0])
    );
    assert_eq!(documented(&doc, "## `comparison`"), keys(&demo["comparison"]));
    // The scenario, new business and supplier parts, on the demo with one of each.
    let (demo_bytes, _) = crate::sample::build().expect("demo");
    let mut options = keyaccounts::Options::default();
    let top = demo["clients"][0]["name"].as_str().expect("a client").to_string();
    options.method.scenario.remove.push(top);
    options.method.supplier.push(keyaccounts::SupplierCondition {
        name: "all".to_string(),
        products: vec![],
        unit: keyaccounts::SupplierUnit::Money,
        per_month: 1.0,
        months: 3,
    });
    let what_if = serde_json::to_value(keyaccounts::analyze(&demo_bytes, &options).expect("what-if")).expect("JSON");
    assert_eq!(documented(&doc, "## `scenario`"), keys(&what_if["scenario"]));
    assert_eq!(documented(&doc, "## `new_business`"), keys(&what_if["new_business"]));
    assert_eq!(documented(&doc, "## `supplier[]`"), keys(&what_if["supplier"][0]));
    for code in keyaccounts::core::analysis::actions::ActionCode::codes() {
        assert!(
            doc.contains(&format!("| `{code}` |")),
            "action code {code} not in docs/report.md"
        );
    }
    let demo_findings = demo["findings"].as_array().expect("findings");
    assert!(
        demo_findings
            .iter()
            .all(|f| keys(f).is_subset(&documented(&doc, "## `findings[]`")))
    );
    // Findings carry only the fields that apply: each one's keys are documented.
    let finding_fields = documented(&doc, "## `findings[]`");
    for f in json["findings"].as_array().expect("findings") {
        assert!(keys(f).is_subset(&finding_fields), "undocumented finding field in {f}");
    }
    for code in keyaccounts::core::analysis::FindingCode::codes() {
        assert!(
            doc.contains(&format!("| `{code}` |")),
            "finding code {code} not in docs/report.md"
        );
    }
    // Every code the engine emitted for the fixtures is documented.
    for f in crate::common::fixtures() {
        if let Ok(r) = keyaccounts::analyze(&f.bytes, &keyaccounts::Options::default()) {
            for q in &r.data_quality {
                assert!(
                    doc.contains(&format!("| `{}` |", q.code)),
                    "{}: code {} not in docs/report.md",
                    f.name,
                    q.code
                );
            }
        }
    }
    for code in keyaccounts::core::quality::QualityCode::codes() {
        assert!(
            doc.contains(&format!("| `{code}` |")),
            "data-quality code {code} not in docs/report.md"
        );
    }
    for code in keyaccounts::ErrorCode::codes() {
        assert!(
            doc.contains(&format!("| `{code}` |")),
            "error code {code} not in docs/report.md"
        );
    }
}
