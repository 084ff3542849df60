//! `cat [FILE]...`: the files' bytes (or standard input), in order. Flags are accepted
//! and ignored.

use super::{operands_or_stdin, read_input, Ctx, Flavour};
use crate::sh::fs::Error;

pub fn cat(args: &[String], cx: &mut Ctx) -> i32 {
    let files: Vec<String> = args
        .iter()
        .filter(|a| !(a.starts_with('-') && a.len() > 1))
        .cloned()
        .collect();
    let mut code = 0;
    for f in operands_or_stdin(&files) {
        match read_input(cx, &f) {
            Ok(input) => cx.io.out_bytes(input.data),
            Err(e) => {
                code = 1;
                let msg = match (cx.flavour, &e) {
                    (Flavour::Gnu, _) => format!("cat: {f}: {}\n", e.reason()),
                    (Flavour::Busybox, Error::IsDir) => "cat: read error: Is a directory\n".into(),
                    (Flavour::Busybox, _) => format!("cat: can't open '{f}': {}\n", e.reason()),
                };
                cx.err(&msg);
            }
        }
    }
    code
}
