//! `tail [-n [+]N] [-c [+]N] [-N] [-q] [-v] [FILE]...`: the last lines or bytes of each
//! input, or (with `+N`) from the Nth on, with headers when there are several inputs.

use super::head::{header, options};
use super::{operands_or_stdin, read_input, Ctx, Flavour};
use crate::sh::fs::Error;

pub fn tail(args: &[String], cx: &mut Ctx) -> i32 {
    let o = match options("tail", args, cx) {
        Ok(o) => o,
        Err(code) => return code,
    };
    let files = operands_or_stdin(&o.files);
    let show = o.headers.unwrap_or(files.len() > 1);
    let mut code = 0;
    let mut shown = 0;
    for f in &files {
        let input = match read_input(cx, f) {
            Ok(i) => i,
            Err(e) => {
                code = 1;
                let msg = match (cx.flavour, &e) {
                    (Flavour::Gnu, Error::IsDir) => {
                        format!("tail: error reading '{f}': Is a directory\n")
                    }
                    (Flavour::Gnu, _) => {
                        format!("tail: cannot open '{f}' for reading: {}\n", e.reason())
                    }
                    (Flavour::Busybox, Error::IsDir) => "tail: read error: Is a directory\n".into(),
                    (Flavour::Busybox, _) => format!("tail: can't open '{f}': {}\n", e.reason()),
                };
                cx.err(&msg);
                continue;
            }
        };
        if show {
            header(cx, shown, f);
        }
        shown += 1;
        let data = &input.data;
        let n = usize::try_from(o.count.n).unwrap_or(usize::MAX);
        let from_start = o.count.sign == '+';
        let part: &[u8] = if o.count.bytes {
            let start = if from_start {
                n.saturating_sub(1).min(data.len())
            } else {
                data.len().saturating_sub(n)
            };
            data.get(start..).unwrap_or(&[])
        } else {
            let lines = super::lines_with_ends(data);
            let skip = if from_start {
                n.saturating_sub(1).min(lines.len())
            } else {
                lines.len().saturating_sub(n)
            };
            let start: usize = lines.iter().take(skip).map(|l| l.len()).sum();
            data.get(start..).unwrap_or(&[])
        };
        cx.io.out(part);
    }
    if shown == 0 && cx.flavour == Flavour::Busybox {
        cx.err("tail: no files\n");
    }
    code
}
