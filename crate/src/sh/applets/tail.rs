//! `tail [-n [+]N] [-c [+]N] [-N] [-q] [-v] [FILE]...`: the last lines or bytes of each
//! input, or (with `+N`) from the Nth on, with headers when there are several inputs.

use super::head::each_input;
use super::{Ctx, Flavour};

pub fn tail(args: &[String], cx: &mut Ctx) -> i32 {
    let result = each_input("tail", args, cx, |count, data| {
        let n = usize::try_from(count.n).unwrap_or(usize::MAX);
        let from_start = count.sign == '+';
        let start = if count.bytes {
            if from_start {
                n.saturating_sub(1).min(data.len())
            } else {
                data.len().saturating_sub(n)
            }
        } else {
            let lines = super::lines_with_ends(data);
            let skip = if from_start {
                n.saturating_sub(1).min(lines.len())
            } else {
                lines.len().saturating_sub(n)
            };
            lines.iter().take(skip).map(|l| l.len()).sum()
        };
        (start, data.len())
    });
    let (code, shown) = match result {
        Ok(r) => r,
        Err(code) => return code,
    };
    if shown == 0 && cx.flavour == Flavour::Busybox {
        cx.err("tail: no files\n");
    }
    code
}
