//! A file's bytes wherever they are: a slice in memory, or (in the page) a file JavaScript
//! holds, copied into wasm memory a piece at a time.
//!
//! An xlsx is a zip: its readers only ever need the central directory and the parts they
//! inflate, each read front to back. Read through a [`Source`], a 36 MB workbook no longer
//! takes 36 MB of wasm memory (which never shrinks) beside the table it becomes. xlsb and ods go to
//! calamine through the same cursor (it buffers the parts it reads); xls and csv, whose readers
//! want the whole file at once, copy it in ([`SourceCursor::read_all`]).

use std::io::{Read, Seek, SeekFrom};

/// Bytes that can be read anywhere.
pub trait Source {
    /// The number of bytes.
    fn size(&self) -> u64;
    /// Copies the bytes from `pos` on into `buf`; returns how many (fewer only at the end).
    fn read_at(&self, pos: u64, buf: &mut [u8]) -> usize;
}

impl Source for &[u8] {
    fn size(&self) -> u64 {
        self.len() as u64
    }
    fn read_at(&self, pos: u64, buf: &mut [u8]) -> usize {
        let from = usize::try_from(pos).unwrap_or(usize::MAX).min(self.len());
        let rest = self.get(from..).unwrap_or_default();
        let n = rest.len().min(buf.len());
        if let (Some(dst), Some(src)) = (buf.get_mut(..n), rest.get(..n)) {
            dst.copy_from_slice(src);
        }
        n
    }
}

impl Source for Vec<u8> {
    fn size(&self) -> u64 {
        self.as_slice().size()
    }
    fn read_at(&self, pos: u64, buf: &mut [u8]) -> usize {
        self.as_slice().read_at(pos, buf)
    }
}

/// A [`Source`] read as a stream: what the zip and spreadsheet readers take. Copies are cheap
/// (each reads on from its own position).
#[derive(Clone, Copy)]
pub struct SourceCursor<'a> {
    src: &'a dyn Source,
    pos: u64,
}

impl<'a> SourceCursor<'a> {
    /// A cursor at the start of `src`.
    pub fn new(src: &'a dyn Source) -> SourceCursor<'a> {
        SourceCursor { src, pos: 0 }
    }

    /// The first `n` bytes (fewer when the source is shorter).
    pub fn head(&self, n: usize) -> Vec<u8> {
        let len = usize::try_from(self.src.size()).unwrap_or(usize::MAX).min(n);
        let mut out = vec![0; len];
        let got = self.src.read_at(0, &mut out);
        out.truncate(got);
        out
    }

    /// Every byte, copied into memory (the readers that need the whole file at once).
    pub fn read_all(&self) -> Vec<u8> {
        self.head(usize::MAX)
    }
}

impl Read for SourceCursor<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.src.read_at(self.pos, buf);
        self.pos += n as u64;
        Ok(n)
    }
}

impl Seek for SourceCursor<'_> {
    fn seek(&mut self, to: SeekFrom) -> std::io::Result<u64> {
        let size = self.src.size();
        let pos = match to {
            SeekFrom::Start(p) => Some(p),
            SeekFrom::End(d) => size.checked_add_signed(d),
            SeekFrom::Current(d) => self.pos.checked_add_signed(d),
        };
        match pos {
            Some(p) => {
                self.pos = p;
                Ok(p)
            }
            None => Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "seek before the start",
            )),
        }
    }
    fn stream_position(&mut self) -> std::io::Result<u64> {
        Ok(self.pos)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cursor_reads_and_seeks_as_a_slice_cursor_does() {
        let bytes: &[u8] = b"0123456789";
        let mut c = SourceCursor::new(&bytes);
        let mut buf = [0u8; 4];
        assert_eq!(c.read(&mut buf).unwrap(), 4);
        assert_eq!(&buf, b"0123");
        assert_eq!(c.seek(SeekFrom::End(-3)).unwrap(), 7);
        assert_eq!(c.read(&mut buf).unwrap(), 3);
        assert_eq!(&buf[..3], b"789");
        assert_eq!(c.read(&mut buf).unwrap(), 0, "at the end");
        assert_eq!(c.seek(SeekFrom::Current(-5)).unwrap(), 5);
        assert!(c.seek(SeekFrom::Current(-6)).is_err());
        assert_eq!(c.seek(SeekFrom::Start(20)).unwrap(), 20);
        assert_eq!(c.read(&mut buf).unwrap(), 0, "past the end");
        assert_eq!(c.head(3), b"012");
        assert_eq!(c.read_all(), bytes);
    }
}
