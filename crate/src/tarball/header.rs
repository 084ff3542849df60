//! What Go's `archive/tar` reader accepts of a header and of the end of a tar, where the
//! `tar` crate reads otherwise: octal fields (Go trims NULs and spaces from both ends,
//! then stops at the first NUL) and the end of the archive (one block of zeros followed
//! by a header is `archive/tar: invalid tar header`; two end it).

/// A tar reader's error as Go's reader words it.
pub fn message(e: &std::io::Error) -> String {
    let msg = e.to_string();
    if msg.contains("checksum") || msg.contains("cksum") {
        "archive/tar: invalid tar header (checksum mismatch)".to_string()
    } else if e.kind() == std::io::ErrorKind::UnexpectedEof {
        "unexpected EOF".to_string()
    } else {
        format!("archive/tar: {msg}")
    }
}

/// A header's numeric fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Numbers {
    pub mode: u32,
    pub uid: u64,
    pub gid: u64,
    pub mtime: u64,
}

/// Reads the mode (permission bits), owner and mtime of `raw_name`'s header as Go does:
/// the `tar` crate's reading (octal or GNU base-256), else Go's octal rules; a field
/// neither reads is a broken header.
pub fn numbers(header: &tar::Header, raw_name: &str) -> Result<Numbers, String> {
    let old = header.as_old();
    let field = |r: std::io::Result<u64>, raw: &[u8], what: &str| match r {
        Ok(v) => Ok(v),
        Err(e) => go_octal(raw).ok_or_else(|| format!("{raw_name:?}: invalid {what}: {e}")),
    };
    Ok(Numbers {
        mode: field(header.mode().map(u64::from), &old.mode, "mode")? as u32 & 0o7777,
        uid: field(header.uid(), &old.uid, "uid")?,
        gid: field(header.gid(), &old.gid, "gid")?,
        mtime: field(header.mtime(), &old.mtime, "mtime")?,
    })
}

/// An octal header field as Go's `parseOctal` reads it; `None` when Go's reader fails
/// on it (`archive/tar: invalid tar header`).
pub fn go_octal(raw: &[u8]) -> Option<u64> {
    let Some(start) = raw.iter().position(|b| *b != 0 && *b != b' ') else {
        return Some(0);
    };
    let end = raw.iter().rposition(|b| *b != 0 && *b != b' ')? + 1;
    let trimmed = &raw[start..end];
    let digits = &trimmed[..trimmed
        .iter()
        .position(|b| *b == 0)
        .unwrap_or(trimmed.len())];
    if !digits.iter().all(|b| (b'0'..=b'7').contains(b)) {
        return None;
    }
    u64::from_str_radix(std::str::from_utf8(digits).ok()?, 8).ok()
}

/// Where a tar's members end (the offset just past the last member's padded data), given
/// the last member's data offset and size.
pub fn member_end(data_offset: u64, size: u64) -> u64 {
    data_offset.saturating_add(size.div_ceil(512).saturating_mul(512))
}

/// Checks what follows the last member, `after` being the (up to) two blocks there:
/// a block of zeros then a whole block that is not zeros is a header Go's reader refuses
/// to skip. Nothing, one block of zeros, or two, end the tar.
pub fn check_end(after: &[u8]) -> Result<(), &'static str> {
    let zero = |b: &[u8]| b.iter().all(|x| *x == 0);
    if after.len() >= 1024 && zero(&after[..512]) && !zero(&after[512..1024]) {
        return Err("archive/tar: invalid tar header");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn octal_fields_read_as_go_reads_them() {
        assert_eq!(go_octal(b"\x000000000017\x00"), Some(15));
        assert_eq!(go_octal(b"  017 \x00"), Some(15));
        assert_eq!(go_octal(b"\x00\x00 \x00"), Some(0));
        // Checked against dockerd 20.10: `docker import` takes a mode of "\00\00755\0" as 0.
        assert_eq!(go_octal(b"\x000\x000755\x00"), Some(0));
        assert_eq!(go_octal(b"01 7"), None);
        assert_eq!(go_octal(b"+17"), None);
        assert_eq!(go_octal(b"8"), None);
    }

    #[test]
    fn a_lone_block_of_zeros_before_a_header_is_refused() {
        let mut after = vec![0u8; 1024];
        assert_eq!(check_end(&after), Ok(()));
        assert_eq!(check_end(&after[..512]), Ok(()));
        assert_eq!(check_end(&[]), Ok(()));
        after[600] = b'x';
        assert_eq!(check_end(&after), Err("archive/tar: invalid tar header"));
    }
}
