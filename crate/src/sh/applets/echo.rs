//! `echo [-neE] [WORD]...`: GNU's `echo` and busybox's agree (`-e` turns on backslash
//! escapes, `-E` off, `-n` drops the newline; a word that is not only those letters
//! ends the options).

use super::printf::escapes;
use super::Ctx;

pub fn echo(args: &[String], cx: &mut Ctx) -> i32 {
    let mut newline = true;
    let mut interpret = false;
    let mut rest = args;
    while let Some((a, tail)) = rest.split_first() {
        let flags = a
            .strip_prefix('-')
            .filter(|f| !f.is_empty() && f.chars().all(|c| "neE".contains(c)));
        let Some(flags) = flags else { break };
        for c in flags.chars() {
            match c {
                'n' => newline = false,
                'e' => interpret = true,
                _ => interpret = false,
            }
        }
        rest = tail;
    }
    let text = rest.join(" ");
    if interpret {
        let (t, stop) = escapes(&text);
        cx.out(&t);
        if stop {
            return 0;
        }
    } else {
        cx.out(&text);
    }
    if newline {
        cx.out("\n");
    }
    0
}
