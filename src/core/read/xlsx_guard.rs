//! Pre-check of an xlsx package's shared-strings part before calamine reads it.
//!
//! calamine 0.38 reserves room for the `uniqueCount` the `<sst>` element declares before it
//! reads a single string: a 2 KB file declaring four billion strings asks for 96 GB and
//! aborts the process (natively) or kills the tab (wasm). This reads the part's first
//! bytes and refuses a declared count beyond `Limits::max_shared_strings`.

use super::source::{Source, SourceCursor};
use std::io::{BufReader, Read};

use quick_xml::Reader;
use quick_xml::events::Event;
use zip::ZipArchive;

use crate::core::error::{Error, ErrorKind, Result};
use crate::core::options::Limits;

/// The `<sst>` start tag sits in the part's first bytes; a part that hides it deeper is
/// left to calamine (which reads the same element first).
const HEAD_BYTES: u64 = 64 * 1024;

/// Checks every shared-strings part of the xlsx in `bytes` against the limits.
///
/// # Errors
/// `too_large` (`max_shared_strings`) for a declared count beyond the limit. A package
/// this cannot open is left to calamine, which says what is wrong with it.
pub fn check_shared_strings(src: &dyn Source, limits: &Limits) -> Result<()> {
    let Ok(mut zip) = ZipArchive::new(SourceCursor::new(src)) else {
        return Ok(());
    };
    let parts: Vec<String> = zip
        .file_names()
        .filter_map(|n| n.ok())
        .filter(|n| n.to_ascii_lowercase().ends_with("sharedstrings.xml"))
        .map(|n| n.into_owned())
        .collect();
    for name in parts {
        let Ok(entry) = zip.by_name(&name) else { continue };
        if let Some(declared) = unique_count(entry.take(HEAD_BYTES))
            && declared > limits.max_shared_strings
        {
            return Err(Error::new(ErrorKind::TooLarge {
                limit: "max_shared_strings",
                max: limits.max_shared_strings,
            })
            .with_detail(format!("{name} declares {declared} distinct strings")));
        }
    }
    Ok(())
}

/// The `uniqueCount` of the first `<sst>` element in `xml`, when it has a readable one.
fn unique_count(xml: impl Read) -> Option<u64> {
    let mut reader = Reader::from_reader(BufReader::new(xml));
    let mut buf = Vec::with_capacity(1024);
    loop {
        match reader.read_event_into(&mut buf).ok()? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "sst" => {
                let value = e.try_get_attribute("uniqueCount").ok()??.value;
                // calamine parses the digits; anything else it ignores, and so do we.
                return value.trim().parse().ok();
            }
            Event::Eof => return None,
            _ => {}
        }
        buf.clear();
    }
}
