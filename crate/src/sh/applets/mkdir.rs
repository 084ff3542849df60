//! `mkdir` and `touch`. GNU coreutils' messages on the host, busybox's in containers.
//!
//! The host's files are a flat namespace in which a directory exists through the files
//! in it, so an empty directory cannot be made there: `mkdir` fails with EPERM
//! (`Operation not permitted`), and an existing directory is `File exists` as anywhere.

use super::mode::parse_mode;
use super::{Ctx, Flavour};

pub fn mkdir(args: &[String], cx: &mut Ctx) -> i32 {
    let gnu = cx.gnu();
    let mut parents = false;
    let mut mode = 0o755;
    let mut dirs = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "-p" | "--parents" => parents = true,
            "-m" => {
                let spec = it.next().map(String::as_str).unwrap_or("");
                match parse_mode(spec, 0o777, false) {
                    Some(m) => mode = m,
                    None => {
                        let msg = match cx.flavour {
                            Flavour::Gnu => format!("mkdir: invalid mode '{spec}'\n"),
                            Flavour::Busybox => "mkdir: invalid mode\n".to_string(),
                        };
                        cx.err(&msg);
                        return 1;
                    }
                }
            }
            s if s.starts_with('-') && s.len() > 1 && dirs.is_empty() => {
                match s
                    .trim_start_matches('-')
                    .chars()
                    .find(|c| *c != 'p' && *c != 'v')
                {
                    None => parents = true,
                    Some(c) => {
                        cx.bad_option("mkdir", c);
                        return 1;
                    }
                }
            }
            _ => dirs.push(a.clone()),
        }
    }
    if dirs.is_empty() {
        match cx.flavour {
            Flavour::Gnu => {
                cx.err("mkdir: missing operand\nTry 'mkdir --help' for more information.\n")
            }
            Flavour::Busybox => cx.err("Usage: mkdir [-m MODE] [-p] DIRECTORY...\n"),
        }
        return 1;
    }
    let mut code = 0;
    for d in dirs {
        let r = if parents {
            cx.fs.mkdir_all(&d, mode)
        } else {
            cx.fs.mkdir(&d, mode)
        };
        if let Err(e) = r {
            let verb = if gnu { "cannot" } else { "can't" };
            cx.err(&format!("mkdir: {verb} create directory '{d}': {e}\n"));
            code = 1;
        }
    }
    code
}

pub fn touch(args: &[String], cx: &mut Ctx) -> i32 {
    let no_create = args.iter().any(|a| a == "-c");
    let files: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
    if files.is_empty() && cx.gnu() {
        cx.err("touch: missing file operand\nTry 'touch --help' for more information.\n");
        return 1;
    }
    let mut code = 0;
    for f in files {
        if no_create && cx.fs.lstat(f).is_err() {
            continue;
        }
        if let Err(e) = cx.fs.touch(f) {
            let msg = match cx.flavour {
                Flavour::Gnu => format!("touch: cannot touch '{f}': {e}\n"),
                Flavour::Busybox => format!("touch: {f}: {e}\n"),
            };
            cx.err(&msg);
            code = 1;
        }
    }
    code
}
