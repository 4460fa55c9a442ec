//! A session re-runs only the stages whose options changed, and what it gives
//! is exactly what a fresh run with the same options gives.

use crate::common::fixtures;
use keyaccounts::core::value::Date;
use keyaccounts::{Limits, Options, Role, Session};

/// Options that each touch one stage, in an order that goes back and forth.
fn option_steps() -> Vec<(&'static str, Options)> {
    let base = Options::default();
    let mut key15 = base.clone();
    key15.method.thresholds.key_share = 0.15;
    let mut as_of = key15.clone();
    as_of.method.as_of = Date::from_ymd(2031, 6, 30);
    let mut kept = as_of.clone();
    kept.identity.keep_cancelled = true;
    kept.identity.group_by_parent = false;
    let mut month_first = kept.clone();
    month_first.read.month_first = Some(true);
    let mut what_if = base.clone();
    what_if.method.scenario.remove = vec!["ООО Ромашка".to_string()];
    what_if.method.scenario.cut = vec![("ИП Гафуров Д.В.".to_string(), 0.5)];
    vec![
        ("what if", what_if),
        ("defaults", base.clone()),
        ("key share 15%", key15),
        ("as of 2031-06-30", as_of),
        ("identity switches", kept),
        ("month first", month_first),
        ("defaults again", base),
    ]
}

#[test]
fn every_re_analysis_equals_a_fresh_run() {
    let mut checked = 0;
    for f in fixtures() {
        let Ok(mut session) = Session::open(&[(None, &f.bytes)], &Default::default()) else {
            continue;
        };
        let mut reported = false;
        for (what, options) in option_steps() {
            let fresh = keyaccounts::analyze(&f.bytes, &options);
            let again = session.analyze(&options);
            match (fresh, again) {
                (Ok(a), Ok(b)) => {
                    assert!(a == b, "{}: {what}: the session's report differs", f.name);
                    reported = true;
                }
                (Err(a), Err(b)) => assert_eq!(a.code(), b.code(), "{}: {what}", f.name),
                (a, b) => panic!("{}: {what}: fresh {:?} vs session {:?}", f.name, a.err(), b.err()),
            }
            checked += 1;
        }
        let stats = session.stats();
        assert_eq!(stats.reads, 1, "{}", f.name);
        // defaults, month first, defaults again: three extractions; the rest reused them.
        assert_eq!(stats.extractions, 3, "{}: {stats:?}", f.name);
        if reported {
            assert_eq!(stats.resolutions, 4, "{}: {stats:?}", f.name);
        }
    }
    assert!(checked > 100, "{checked} comparisons");
}

/// A session that gives its raw lines to identity (a large file's way: the sales lines are made
/// in their memory) reports exactly what one that keeps them reports, and extracts again
/// instead of resolving kept lines when the identity options change.
#[test]
fn a_session_that_takes_its_raw_lines_reports_the_same() {
    let mut checked = 0;
    for f in fixtures() {
        let (Ok(mut keeps), Ok(mut takes)) = (
            Session::open(&[(None, &f.bytes)], &Default::default()),
            Session::open(&[(None, &f.bytes)], &Default::default()),
        ) else {
            continue;
        };
        takes.keep_raw_lines(0);
        let mut reported = 0;
        for (what, options) in option_steps() {
            match (keeps.analyze(&options), takes.analyze(&options)) {
                (Ok(a), Ok(b)) => {
                    assert!(a == b, "{}: {what}: the reports differ", f.name);
                    assert_eq!(
                        keeps.pseudonyms(&options).ok(),
                        takes.pseudonyms(&options).ok(),
                        "{}: {what}",
                        f.name
                    );
                    reported += 1;
                }
                (Err(a), Err(b)) => assert_eq!(a.code(), b.code(), "{}: {what}", f.name),
                (a, b) => panic!("{}: {what}: keeping {:?} vs taking {:?}", f.name, a.err(), b.err()),
            }
            checked += 1;
        }
        if reported == option_steps().len() {
            // The identity switches extract again (month first and the defaults again would anyway).
            assert_eq!(keeps.stats().extractions, 3, "{}", f.name);
            assert_eq!(takes.stats().extractions, 4, "{}: {:?}", f.name, takes.stats());
            assert_eq!(takes.stats().resolutions, keeps.stats().resolutions, "{}", f.name);
        }
    }
    assert!(checked > 100, "{checked} comparisons");
}

#[test]
fn each_option_re_runs_only_its_stage() {
    let f = crate::common::fixture("en_crm_export_usd.xlsx");
    let mut session = Session::open(&[(None, &f.bytes)], &Default::default()).expect("open");
    let mut options = Options::default();
    let stats = |s: &Session| {
        let s = s.stats();
        (s.reads, s.extractions, s.resolutions, s.analyses)
    };
    session.analyze(&options).expect("report");
    assert_eq!(stats(&session), (1, 1, 1, 1));
    options.method.thresholds.critical_share = 0.4;
    options.method.as_of = Date::from_ymd(2030, 1, 1);
    session.analyze(&options).expect("report");
    assert_eq!(stats(&session), (1, 1, 1, 2), "method only");
    options.identity.merges = vec![vec!["a".into(), "b".into()]];
    session.analyze(&options).expect("report");
    assert_eq!(stats(&session), (1, 1, 2, 3), "identity, then the method");
    options.read.columns.set(Role::Client, "A");
    let _ = session.analyze(&options);
    assert_eq!(stats(&session).1, 2, "a column choice extracts again");
    // A bad threshold is refused before any stage runs; the session stays usable.
    let mut bad = options.clone();
    bad.method.thresholds.key_share = 2.0;
    assert_eq!(session.analyze(&bad).map(|_| ()).unwrap_err().code(), "bad_options");
    options.read.columns.remove(Role::Client);
    session.analyze(&options).expect("report");
    assert_eq!(stats(&session).0, 1, "never read again");
}

/// A what-if, marks and a supplier condition re-run the method only.
#[test]
fn a_what_if_re_runs_only_the_method() {
    let (bytes, _) = crate::sample::build().expect("demo");
    let mut session = Session::open(&[(None, bytes.as_slice())], &Default::default()).expect("open");
    let today = session.analyze(&Options::default()).expect("today");
    let mut options = Options::default();
    options.method.scenario.remove = vec![today.clients[0].name.clone()];
    options.method.marks = vec![keyaccounts::ClientMark {
        client: today.clients[5].name.clone(),
        marks: [keyaccounts::Mark::Reference].into_iter().collect(),
        potential: None,
    }];
    let after = session.analyze(&options).expect("what if");
    assert_eq!(after.scenario.as_ref().map(|s| s.before.total), Some(today.total));
    let stats = session.stats();
    assert_eq!(
        (stats.reads, stats.extractions, stats.resolutions, stats.analyses),
        (1, 1, 1, 2)
    );
    assert_eq!(session.analyze(&Options::default()).expect("back"), today);
}

/// A file whose sheets are packed as they are read (a large sheet's way: about 19 bytes a
/// row instead of about 136) reports exactly what it reports read plainly: every fixture and
/// every corpus file, through every option step.
#[test]
fn a_session_whose_rows_are_packed_reports_the_same() {
    let packed = Limits {
        pack_rows_after_cells: 0,
        ..Limits::default()
    };
    let mut files: Vec<(String, Vec<u8>)> = fixtures()
        .iter()
        .map(|f| (f.name.to_string(), f.bytes.clone()))
        .collect();
    // The committed files in other formats (xls, ods, csv) beside the generated xlsx.
    let mut committed: Vec<_> = std::fs::read_dir(crate::common::fixtures_dir())
        .expect("read fixtures dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension()
                .is_some_and(|x| ["xls", "ods", "csv", "txt"].iter().any(|e| x == *e))
        })
        .collect();
    committed.sort();
    for p in committed {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("?").to_string();
        files.push((name, std::fs::read(&p).expect("read fixture")));
    }
    match crate::corpus::corpus_dir() {
        Some(dir) => {
            let mut paths: Vec<_> = std::fs::read_dir(&dir)
                .expect("read corpus dir")
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file() && !p.extension().is_some_and(|x| x == "json" || x == "md"))
                .collect();
            paths.sort();
            for p in paths {
                let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("?").to_string();
                files.push((name, std::fs::read(&p).expect("read corpus file")));
            }
        }
        None => println!("corpus absent: packed rows checked on the fixtures only"),
    }
    let mut checked = 0;
    for (name, bytes) in &files {
        let (plain, packed) = (
            Session::open(&[(None, bytes)], &Limits::default()),
            Session::open(&[(None, bytes)], &packed),
        );
        let (mut plain, mut packed) = match (plain, packed) {
            (Ok(a), Ok(b)) => (a, b),
            (Err(a), Err(b)) => {
                assert_eq!(a.code(), b.code(), "{name}");
                continue;
            }
            (a, b) => panic!("{name}: plain {:?} vs packed {:?}", a.err(), b.err()),
        };
        for (what, options) in option_steps() {
            match (plain.analyze(&options), packed.analyze(&options)) {
                (Ok(a), Ok(b)) => assert!(a == b, "{name}: {what}: the reports differ"),
                (Err(a), Err(b)) => assert_eq!(a.code(), b.code(), "{name}: {what}"),
                (a, b) => panic!("{name}: {what}: plain {:?} vs packed {:?}", a.err(), b.err()),
            }
            checked += 1;
        }
    }
    assert!(checked > 100, "{checked} comparisons");
}
