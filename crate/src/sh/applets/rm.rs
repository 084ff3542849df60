//! `rm [-rRfiv] FILE...`: removes files, and directories with `-r`. Messages follow the
//! flavour (GNU's `cannot remove`, busybox's `can't remove`).

use super::{Ctx, Flavour};
use crate::sh::fs::{Error, Kind};

pub fn rm(args: &[String], cx: &mut Ctx) -> i32 {
    let mut flags = String::new();
    let mut files: Vec<String> = Vec::new();
    let mut done = false;
    for a in args {
        if done || !a.starts_with('-') || a == "-" {
            files.push(a.clone());
        } else if a == "--" {
            done = true;
        } else if let Some(long) = a.strip_prefix("--") {
            match long {
                "force" => flags.push('f'),
                "recursive" => flags.push('r'),
                "verbose" => flags.push('v'),
                _ => {
                    if cx.gnu() {
                        cx.err(&format!(
                            "rm: unrecognized option '{a}'\nTry 'rm --help' for more information.\n"
                        ));
                    } else {
                        cx.err(&format!("rm: unrecognized option '{a}'\n"));
                    }
                    return 1;
                }
            }
        } else {
            for c in a.chars().skip(1) {
                if !"rRfiv".contains(c) {
                    cx.bad_option("rm", c);
                    return 1;
                }
                flags.push(c);
            }
        }
    }
    let recursive = flags.contains('r') || flags.contains('R');
    let force = flags.contains('f');
    let gnu = cx.flavour == Flavour::Gnu;
    if files.is_empty() && !force {
        return cx.usage("rm", "[-irf] FILE...", "missing operand");
    }
    let cannot = |f: &str, e: &Error| match gnu {
        true => format!("rm: cannot remove '{f}': {}\n", e.reason()),
        false => format!("rm: can't remove '{f}': {}\n", e.reason()),
    };
    let mut code = 0;
    for f in files {
        let base = f.trim_end_matches('/').rsplit('/').next().unwrap_or("");
        if base == "." || base == ".." {
            let msg = match gnu {
                true => format!("rm: refusing to remove '.' or '..' directory: skipping '{f}'\n"),
                false => "rm: can't remove '.' or '..'\n".to_string(),
            };
            cx.err(&msg);
            code = 1;
            continue;
        }
        match cx.fs.lstat(&f) {
            Err(e) => {
                if !(force && e == Error::NotFound) {
                    cx.err(&cannot(&f, &e));
                    code = 1;
                }
            }
            Ok(s) if s.kind == Kind::Dir && !recursive => {
                let msg = match gnu {
                    true => cannot(&f, &Error::IsDir),
                    false => format!("rm: '{f}' is a directory\n"),
                };
                cx.err(&msg);
                code = 1;
            }
            Ok(s) => {
                let r = if s.kind == Kind::Dir {
                    cx.fs.remove_all(&f)
                } else {
                    cx.fs.remove(&f).map_err(|e| (None, e))
                };
                if let Err((at, e)) = r {
                    cx.err(&cannot(at.as_deref().unwrap_or(&f), &e));
                    code = 1;
                }
            }
        }
    }
    code
}
