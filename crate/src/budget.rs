//! The memory budget: how much data whose size the user controls one command may build
//! in memory (an inflated layer, an inflated archive, a tar it writes, a file it shows).
//! The session owns one ([`crate::cli::Session::set_memory_limit`]); in the page it is
//! set low enough that wasm32's 4 GiB address space holds it beside the uploads, natively
//! it is high and set with `--memory-limit`.
//!
//! It is checked before the memory is taken: against the size where it is known up front
//! (a layer's recorded size, tar headers, a file's size), and by counting bytes as they
//! come where it is not (inflating a stream, whose gzip ISIZE is only the size mod 2^32),
//! stopping at the limit. What passes it stops with one line naming what and the limit
//! ([`OverBudget`]); the command changes nothing and the session goes on. Work that
//! streams (verifying a layer while loading it, hashing, saving a stored blob) holds no
//! more than a chunk and needs no budget.

use std::fmt;

/// The page's limit: one command's data well under wasm32's 4 GiB, beside uploads of up
/// to 2 GiB.
pub const PAGE_DEFAULT: u64 = 1 << 30;
/// The native binary's limit unless `--memory-limit` says otherwise.
pub const NATIVE_DEFAULT: u64 = 16 << 30;

/// Where the session runs, for the error's advice.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// The native binary: the limit is raised with `--memory-limit`.
    Native,
    /// A browser tab: the limit is the tab's.
    Page,
}

/// The limit, and where it applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Budget {
    limit: u64,
    place: Place,
}

impl Default for Budget {
    /// The page's budget in wasm32, the native one elsewhere.
    fn default() -> Budget {
        if cfg!(target_arch = "wasm32") {
            Budget::page(PAGE_DEFAULT)
        } else {
            Budget::native(NATIVE_DEFAULT)
        }
    }
}

impl Budget {
    pub fn native(limit: u64) -> Budget {
        Budget {
            limit,
            place: Place::Native,
        }
    }

    pub fn page(limit: u64) -> Budget {
        Budget {
            limit,
            place: Place::Page,
        }
    }

    /// The same place with another limit.
    pub fn with_limit(self, limit: u64) -> Budget {
        Budget { limit, ..self }
    }

    pub fn limit(self) -> u64 {
        self.limit
    }

    pub fn place(self) -> Place {
        self.place
    }

    /// True when `size` bytes may be held.
    pub fn fits(self, size: u64) -> bool {
        size <= self.limit
    }

    /// Refuses `size` bytes of `what` when they do not fit.
    pub fn check(self, what: impl fmt::Display, size: u64) -> Result<(), OverBudget> {
        if self.fits(size) {
            Ok(())
        } else {
            Err(self.over(what, Some(size)))
        }
    }

    /// The error for `what`, of `size` bytes when known (`None`: counted while it came,
    /// and stopped at the limit).
    pub fn over(self, what: impl fmt::Display, size: Option<u64>) -> OverBudget {
        OverBudget {
            what: what.to_string(),
            size,
            limit: self.limit,
            place: self.place,
        }
    }
}

/// Data a command would hold that passes the memory budget. One line:
/// `layer sha256:5f70bf18a086: too large to hold in memory (64 MiB; the memory limit is
/// 8 MiB, raise it with --memory-limit)` natively, `...: too large to hold in this browser
/// tab (3 GiB; the limit is 1 GiB)` in the page (as an upload past the page's limit).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OverBudget {
    pub what: String,
    pub size: Option<u64>,
    pub limit: u64,
    pub place: Place,
}

impl fmt::Display for OverBudget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let size = match self.size {
            Some(n) => format!("{}; ", show(n)),
            None => String::new(),
        };
        let limit = show(self.limit);
        match self.place {
            Place::Native => write!(
                f,
                "{}: too large to hold in memory ({size}the memory limit is {limit}, raise it with --memory-limit)",
                self.what
            ),
            Place::Page => write!(
                f,
                "{}: too large to hold in this browser tab ({size}the limit is {limit})",
                self.what
            ),
        }
    }
}

impl std::error::Error for OverBudget {}

/// A size as the errors show it, in binary units with at most one decimal: `512 bytes`,
/// `8 MiB`, `1.5 GiB` (`2 GiB` for 2 GiB less a byte).
pub fn show(bytes: u64) -> String {
    const UNITS: [&str; 6] = ["KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
    if bytes < 1024 {
        return format!("{bytes} bytes");
    }
    let mut v = bytes as f64 / 1024.0;
    let mut unit = 0;
    while v >= 1023.95 && unit < UNITS.len() - 1 {
        v /= 1024.0;
        unit += 1;
    }
    let text = format!("{v:.1}");
    let text = text.strip_suffix(".0").unwrap_or(&text);
    format!("{text} {}", UNITS[unit])
}

/// Parses a size as `--memory-limit` takes it, as Docker's `--memory` does (go-units
/// `RAMInBytes`): a number (decimals allowed) and an optional unit `b`, `k`, `m`, `g`,
/// `t` or `p` (any case, with an optional `b` or `ib` after it), all powers of 1024:
/// `512MiB`, `2GiB`, `1g`, `1.5G`, `1073741824`. Zero, negative and overflowing sizes
/// are refused.
pub fn parse_size(text: &str) -> Option<u64> {
    let s = text.trim();
    let split = s
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(s.len());
    let (number, unit) = s.split_at(split);
    if number.is_empty() || number.starts_with('.') || number.ends_with('.') {
        return None;
    }
    let value: f64 = number.parse().ok()?;
    let unit = unit.trim().to_ascii_lowercase();
    let unit = unit
        .strip_suffix("ib")
        .or_else(|| unit.strip_suffix('b').filter(|u| !u.is_empty()))
        .unwrap_or(&unit);
    let shift = match unit {
        "" | "b" => 0,
        "k" => 10,
        "m" => 20,
        "g" => 30,
        "t" => 40,
        "p" => 50,
        _ => return None,
    };
    let bytes = value * (1u64 << shift) as f64;
    (bytes >= 1.0 && bytes < u64::MAX as f64).then_some(bytes as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse_as_dockers_memory_flag() {
        assert_eq!(parse_size("512MiB"), Some(512 << 20));
        assert_eq!(parse_size("2GiB"), Some(2 << 30));
        assert_eq!(parse_size("1g"), Some(1 << 30));
        assert_eq!(parse_size("1G"), Some(1 << 30));
        assert_eq!(parse_size("8mb"), Some(8 << 20));
        assert_eq!(parse_size("1.5g"), Some(3 << 29));
        assert_eq!(parse_size("4096"), Some(4096));
        assert_eq!(parse_size("100b"), Some(100));
        assert_eq!(parse_size("64k"), Some(64 << 10));
        for bad in [
            "",
            "g",
            "0",
            "-1g",
            "1x",
            "1.g",
            ".5g",
            "1 gigabyte",
            "99999999999p",
        ] {
            assert_eq!(parse_size(bad), None, "{bad}");
        }
    }

    #[test]
    fn sizes_show_in_binary_units() {
        assert_eq!(show(11), "11 bytes");
        assert_eq!(show(8 << 20), "8 MiB");
        assert_eq!(show(3 << 29), "1.5 GiB");
        assert_eq!(show((1 << 31) - 1), "2 GiB");
        assert_eq!(show(16 << 30), "16 GiB");
        assert_eq!(show((1 << 20) - 1), "1 MiB");
        assert_eq!(show(1536), "1.5 KiB");
    }

    #[test]
    fn the_error_names_what_and_the_limit() {
        let native = Budget::native(8 << 20);
        assert!(native.check("x", 8 << 20).is_ok());
        assert_eq!(
            native.check("layer sha256:5f70bf18a086", 64 << 20).unwrap_err().to_string(),
            "layer sha256:5f70bf18a086: too large to hold in memory (64 MiB; the memory limit is 8 MiB, raise it with --memory-limit)"
        );
        assert_eq!(
            Budget::page(1 << 30)
                .over("archive a.tar.gz", None)
                .to_string(),
            "archive a.tar.gz: too large to hold in this browser tab (the limit is 1 GiB)"
        );
    }
}
