//! Format from magic bytes, never from the file name.
// INTERFACE STUB — replaced by the read helper.

/// What the first bytes say the file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sniffed {
    /// A zip container (xlsx, xlsm, xlsb, ods — told apart by its entries).
    Zip,
    /// An OLE compound file (xls, or an encrypted xlsx).
    Ole,
    /// Text that may be a delimited table.
    Text,
    Unknown,
}

pub fn sniff_format(bytes: &[u8]) -> Sniffed {
    if bytes.starts_with(b"PK\x03\x04") {
        Sniffed::Zip
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        Sniffed::Ole
    } else {
        Sniffed::Unknown
    }
}
