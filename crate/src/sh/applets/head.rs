//! `head [-n [-]N] [-c [-]N] [-N] [-q] [-v] [FILE]...`: the first lines or bytes of each
//! input (with a negative count, all but the last ones), with `==> NAME <==` headers
//! when there are several inputs.

use super::{operands_or_stdin, parse_args, parse_count, read_input, Arg, Ctx, Flavour};
use crate::sh::fs::Error;

/// How many lines or bytes to take, shared by `head` and `tail`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Count {
    pub bytes: bool,
    /// The sign given: `+` (tail: from the start), `-` (head: all but), or none.
    pub sign: char,
    pub n: u64,
}

/// Parsed `head`/`tail` options: the count, header mode (`Some(true)` = `-v`,
/// `Some(false)` = `-q`) and the operands.
pub(super) struct Opts {
    pub count: Count,
    pub headers: Option<bool>,
    pub files: Vec<String>,
}

/// Parses `head`'s and `tail`'s options; `Err(status)` after printing the message.
pub(super) fn options(tool: &str, args: &[String], cx: &mut Ctx) -> Result<Opts, i32> {
    let mut count = Count {
        bytes: false,
        sign: ' ',
        n: 10,
    };
    let mut headers = None;
    let mut files = Vec::new();
    // `-5` (and tail's `+5`) is an old-style count.
    let mut rest: Vec<String> = Vec::new();
    for a in args {
        let digits = a.get(1..).unwrap_or("");
        let after_flag = rest.last().is_some_and(|p| p == "-n" || p == "-c");
        let old = !after_flag
            && a.len() > 1
            && (a.starts_with('-') || (tool == "tail" && a.starts_with('+') && args.len() == 1))
            && digits.bytes().all(|b| b.is_ascii_digit());
        if old {
            count.n = digits.parse().unwrap_or(u64::MAX);
            count.sign = if a.starts_with('+') { '+' } else { ' ' };
        } else {
            rest.push(a.clone());
        }
    }
    let parsed = match parse_args(&rest, "nc") {
        Ok(p) => p,
        Err(c) => {
            cx.missing_argument(tool, c);
            return Err(1);
        }
    };
    for a in parsed {
        match a {
            Arg::Operand(f) => files.push(f),
            Arg::Flag('q') => headers = Some(false),
            Arg::Flag('v') => headers = Some(true),
            Arg::Flag(c) => {
                cx.bad_option(tool, c);
                return Err(1);
            }
            Arg::Value(c, v) => {
                let Some((sign, n)) = parse_count(&v) else {
                    let msg = match cx.flavour {
                        Flavour::Gnu => {
                            let what = if c == 'c' { "bytes" } else { "lines" };
                            format!("{tool}: invalid number of {what}: '{v}'\n")
                        }
                        Flavour::Busybox => format!("{tool}: invalid number '{v}'\n"),
                    };
                    cx.err(&msg);
                    return Err(1);
                };
                count = Count {
                    bytes: c == 'c',
                    sign,
                    n,
                };
            }
        }
    }
    Ok(Opts {
        count,
        headers,
        files,
    })
}

/// The header before an input's part (`==> a.txt <==`), with a blank line between parts.
pub(super) fn header(cx: &mut Ctx, index: usize, name: &str) {
    let shown = if name == "-" { "standard input" } else { name };
    let sep = if index > 0 { "\n" } else { "" };
    cx.out(&format!("{sep}==> {shown} <==\n"));
}

/// What head and tail share: their options, each input read in turn with the tool's
/// error texts, and the headers; `cut` gives the part of an input to print. Returns the
/// exit status and how many inputs were shown, or the status of an option error.
pub(super) fn each_input(
    tool: &str,
    args: &[String],
    cx: &mut Ctx,
    cut: impl Fn(&Count, &[u8]) -> (usize, usize),
) -> Result<(i32, usize), i32> {
    let o = options(tool, args, cx)?;
    let files = operands_or_stdin(&o.files);
    let show = o.headers.unwrap_or(files.len() > 1);
    let mut code = 0;
    let mut shown = 0;
    for f in &files {
        let input = match read_input(cx, f) {
            Ok(i) => i,
            Err(e) => {
                code = 1;
                let msg = match (cx.flavour, &e, tool) {
                    (Flavour::Gnu, Error::IsDir, _) => {
                        format!("{tool}: error reading '{f}': Is a directory\n")
                    }
                    (Flavour::Gnu, _, _) => {
                        format!("{tool}: cannot open '{f}' for reading: {}\n", e.reason())
                    }
                    // busybox's head reads a directory through stdio, which reports EIO.
                    (Flavour::Busybox, Error::IsDir, "head") => {
                        format!("head: {f}: Input/output error\n")
                    }
                    (Flavour::Busybox, _, "head") => format!("head: {f}: {}\n", e.reason()),
                    (Flavour::Busybox, Error::IsDir, _) => {
                        format!("{tool}: read error: Is a directory\n")
                    }
                    (Flavour::Busybox, _, _) => {
                        format!("{tool}: can't open '{f}': {}\n", e.reason())
                    }
                };
                cx.err(&msg);
                continue;
            }
        };
        if show {
            header(cx, shown, f);
        }
        shown += 1;
        let (start, end) = cut(&o.count, &input.data);
        cx.io.out(input.data.get(start..end).unwrap_or(&[]));
    }
    Ok((code, shown))
}

pub fn head(args: &[String], cx: &mut Ctx) -> i32 {
    each_input("head", args, cx, |count, data| {
        let n = usize::try_from(count.n).unwrap_or(usize::MAX);
        let end = if count.bytes {
            if count.sign == '-' {
                data.len().saturating_sub(n)
            } else {
                n.min(data.len())
            }
        } else {
            let lines = super::lines_with_ends(data);
            let keep = if count.sign == '-' {
                lines.len().saturating_sub(n)
            } else {
                n.min(lines.len())
            };
            lines.iter().take(keep).map(|l| l.len()).sum()
        };
        (0, end)
    })
    .map_or_else(|code| code, |(code, _)| code)
}
