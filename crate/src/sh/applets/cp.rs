//! `cp` and `mv`. GNU coreutils' messages on the host, busybox's in containers (the
//! container's texts as layerlab has printed them; `can't create` and `recursion
//! detected` name the destination as busybox 1.35 does).

use super::{Ctx, Flavour};
use crate::sh::fs::{Kind, Stat};

/// Splits `-abc` flags (letters from `allowed`) from operands; `--` ends the flags. A
/// letter not allowed is the error.
pub(crate) fn parse_flags(args: &[String], allowed: &str) -> Result<(String, Vec<String>), char> {
    let mut flags = String::new();
    let mut operands = Vec::new();
    let mut done = false;
    for a in args {
        if done || !a.starts_with('-') || a == "-" {
            operands.push(a.clone());
        } else if a == "--" {
            done = true;
        } else {
            for c in a.chars().skip(1) {
                if !allowed.contains(c) {
                    return Err(c);
                }
                flags.push(c);
            }
        }
    }
    Ok((flags, operands))
}

/// [`parse_flags`], printing the flavour's message for a letter not allowed (`None`).
pub(crate) fn split_flags(
    cx: &mut Ctx,
    tool: &str,
    args: &[String],
    allowed: &str,
) -> Option<(String, Vec<String>)> {
    parse_flags(args, allowed)
        .map_err(|c| cx.bad_option(tool, c))
        .ok()
}

/// GNU's `missing file operand` (or `missing destination file operand after 'X'`).
fn missing_operand(cx: &mut Ctx, tool: &str, operands: &[String]) {
    let what = match operands.first() {
        None => "missing file operand".to_string(),
        Some(first) => format!("missing destination file operand after '{first}'"),
    };
    cx.err(&format!(
        "{tool}: {what}\nTry '{tool} --help' for more information.\n"
    ));
}

/// `a/b/../c` → `a/c`: `.`, `..` and repeated slashes taken lexically.
fn clean(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for c in path.split('/') {
        match c {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            c => parts.push(c),
        }
    }
    let joined = parts.join("/");
    if path.starts_with('/') {
        format!("/{joined}")
    } else {
        joined
    }
}

/// Where SRC goes for the target `dst`: inside it when it is a directory (the path as
/// the user would write it).
fn dest_in(cx: &Ctx, src: &str, dst: &str) -> String {
    if cx.fs.stat(dst).is_ok_and(|s| s.is_dir()) {
        let base = src.trim_end_matches('/').rsplit('/').next().unwrap_or(src);
        format!("{}/{base}", dst.trim_end_matches('/'))
    } else {
        dst.to_string()
    }
}

/// True when `inner` is `outer` or below it.
fn within(outer: &str, inner: &str) -> bool {
    inner == outer
        || outer.is_empty()
        || inner.starts_with(&format!("{}/", outer.trim_end_matches('/')))
}

/// Several sources need a directory: the message for a target that is not one.
fn not_a_directory(cx: &mut Ctx, tool: &str, dst: &str) {
    let msg = match cx.flavour {
        Flavour::Busybox => format!("{tool}: '{dst}' is not a directory\n"),
        Flavour::Gnu => match cx.fs.stat(dst) {
            Err(e) => format!("{tool}: target '{dst}': {}\n", e.reason()),
            Ok(_) => format!("{tool}: target '{dst}' is not a directory\n"),
        },
    };
    cx.err(&msg);
}

pub fn cp(args: &[String], cx: &mut Ctx) -> i32 {
    let allowed = if cx.gnu() {
        "rRapfdPLvnuHix"
    } else {
        "rRapfdPLvnuHi"
    };
    let Some((flags, mut paths)) = split_flags(cx, "cp", args, allowed) else {
        return 1;
    };
    let archive = flags.contains('a');
    let recursive = archive || flags.contains('r') || flags.contains('R');
    let preserve = archive || flags.contains('p');
    let keep_links = archive || flags.contains('d') || flags.contains('P');
    let no_clobber = flags.contains('n');
    if paths.len() < 2 {
        match cx.flavour {
            Flavour::Gnu => missing_operand(cx, "cp", &paths),
            Flavour::Busybox => cx.err("Usage: cp [-arPLHpfinlsTu] SOURCE DEST\n"),
        }
        return 1;
    }
    let Some(dst) = paths.pop() else {
        return 1;
    };
    let dst_is_dir = cx.fs.stat(&dst).is_ok_and(|s| s.is_dir());
    if paths.len() > 1 && !dst_is_dir {
        not_a_directory(cx, "cp", &dst);
        return 1;
    }
    let gnu = cx.gnu();
    let mut code = 0;
    for src in paths {
        let st = if keep_links {
            cx.fs.lstat(&src)
        } else {
            cx.fs.stat(&src)
        };
        let st = match st {
            Ok(s) => s,
            Err(e) => {
                let verb = if gnu { "cannot" } else { "can't" };
                cx.err(&format!("cp: {verb} stat '{src}': {}\n", e.reason()));
                code = 1;
                continue;
            }
        };
        if st.is_dir() && !recursive {
            let msg = if gnu {
                format!("cp: -r not specified; omitting directory '{src}'\n")
            } else {
                format!("cp: omitting directory '{src}'\n")
            };
            cx.err(&msg);
            code = 1;
            continue;
        }
        let target = dest_in(cx, &src, &dst);
        let real_src = clean(
            &cx.fs
                .realpath(&src)
                .unwrap_or_else(|_| cx.fs.absolute(&src)),
        );
        if st.is_dir() && within(&real_src, &clean(&cx.fs.absolute(&target))) {
            let msg = if gnu {
                format!("cp: cannot copy a directory, '{src}', into itself, '{target}'\n")
            } else {
                format!("cp: recursion detected, omitting directory '{target}'\n")
            };
            cx.err(&msg);
            code = 1;
            continue;
        }
        if !st.is_dir() && cx.fs.realpath(&target).is_ok_and(|t| clean(&t) == real_src) {
            cx.err(&format!("cp: '{src}' and '{target}' are the same file\n"));
            code = 1;
            continue;
        }
        let copy = Copy {
            keep_links,
            recursive,
            preserve,
            no_clobber,
        };
        if !copy.tree(cx, &src, &target) {
            code = 1;
        }
    }
    code
}

/// How `cp` copies.
struct Copy {
    keep_links: bool,
    recursive: bool,
    preserve: bool,
    no_clobber: bool,
}

impl Copy {
    /// Copies `src` (a file or a tree) to `dst`; false after printing a failure.
    fn tree(&self, cx: &mut Ctx, src: &str, dst: &str) -> bool {
        let mut ok = true;
        let mut stack = vec![(src.to_string(), dst.to_string(), true)];
        while let Some((s, d, top)) = stack.pop() {
            let st = if self.keep_links || !top {
                cx.fs.lstat(&s)
            } else {
                cx.fs.stat(&s)
            };
            let Ok(st) = st else { continue };
            let r = match st.kind {
                Kind::Dir => {
                    // New directories get the source's mode less the umask (022), as
                    // busybox's and GNU's cp without -p.
                    let made = match cx.fs.stat(&d) {
                        Ok(x) if x.is_dir() => Ok(()),
                        _ if cx.fs.implicit_dirs() => Ok(()),
                        _ => cx.fs.mkdir(&d, (st.mode & 0o7777 & !0o022) | 0o700),
                    };
                    if made.is_ok() {
                        if let Ok(children) = cx.fs.list(&s) {
                            let (s, d) = (s.trim_end_matches('/'), d.trim_end_matches('/'));
                            for (n, _) in children.into_iter().rev() {
                                stack.push((format!("{s}/{n}"), format!("{d}/{n}"), false));
                            }
                        }
                    }
                    made
                }
                Kind::Symlink => cx.fs.readlink(&s).and_then(|t| {
                    let _ = cx.fs.remove(&d);
                    cx.fs.symlink(&t, &d)
                }),
                Kind::Char | Kind::Block | Kind::Fifo if self.recursive => {
                    let _ = cx.fs.remove(&d);
                    cx.fs.copy_node(&s, &d)
                }
                _ => {
                    if self.no_clobber && cx.fs.lstat(&d).is_ok() {
                        continue;
                    }
                    let existed = cx.fs.stat(&d).is_ok();
                    let data = cx.fs.read(&s).unwrap_or_default();
                    cx.fs.write(&d, data).and_then(|_| {
                        if existed {
                            Ok(())
                        } else {
                            cx.fs.chmod(&d, st.mode & 0o777 & !0o022)
                        }
                    })
                }
            };
            match r {
                Ok(()) => {
                    if self.preserve {
                        self.preserve(cx, &d, &st);
                    }
                }
                Err(e) => {
                    let msg = match (cx.flavour, st.kind) {
                        (Flavour::Busybox, _) => format!("cp: can't create '{d}': {}\n", e),
                        (Flavour::Gnu, Kind::Dir) => {
                            format!("cp: cannot create directory '{d}': {e}\n")
                        }
                        (Flavour::Gnu, _) => {
                            format!("cp: cannot create regular file '{d}': {e}\n")
                        }
                    };
                    cx.err(&msg);
                    ok = false;
                }
            }
        }
        if self.preserve {
            // Directories got new entries after their mtime was set: set it again.
            for (p, item) in tree_dirs(cx, src) {
                let rel = p.get(src.len()..).unwrap_or("");
                let _ = cx.fs.set_mtime(&format!("{dst}{rel}"), item.mtime);
            }
        }
        ok
    }

    fn preserve(&self, cx: &mut Ctx, d: &str, st: &Stat) {
        let follow = st.kind != Kind::Symlink;
        let _ = cx.fs.chown(d, st.uid, st.gid, follow);
        if follow {
            let _ = cx.fs.chmod(d, st.mode);
            let _ = cx.fs.set_mtime(d, st.mtime);
        }
    }
}

/// Every directory at and below `path`, deepest first.
fn tree_dirs(cx: &Ctx, path: &str) -> Vec<(String, Stat)> {
    let mut out = Vec::new();
    let mut stack = vec![path.to_string()];
    while let Some(p) = stack.pop() {
        let Ok(s) = cx.fs.lstat(&p) else { continue };
        if !s.is_dir() {
            continue;
        }
        if let Ok(children) = cx.fs.list(&p) {
            for (n, c) in children {
                if c.is_dir() {
                    stack.push(format!("{}/{n}", p.trim_end_matches('/')));
                }
            }
        }
        out.push((p, s));
    }
    out.reverse();
    out
}

pub fn mv(args: &[String], cx: &mut Ctx) -> i32 {
    let allowed = if cx.gnu() { "bfinTuvZ" } else { "finvT" };
    let Some((_, mut paths)) = split_flags(cx, "mv", args, allowed) else {
        return 1;
    };
    if paths.len() < 2 {
        match cx.flavour {
            Flavour::Gnu => missing_operand(cx, "mv", &paths),
            Flavour::Busybox => cx.err("Usage: mv [-fin] SOURCE DEST\n"),
        }
        return 1;
    }
    let Some(dst) = paths.pop() else {
        return 1;
    };
    if paths.len() > 1 && !cx.fs.stat(&dst).is_ok_and(|s| s.is_dir()) {
        not_a_directory(cx, "mv", &dst);
        return 1;
    }
    let mut code = 0;
    for src in paths {
        let target = dest_in(cx, &src, &dst);
        if cx.gnu() {
            let st = match cx.fs.lstat(&src) {
                Ok(st) => st,
                Err(e) => {
                    cx.err(&format!("mv: cannot stat '{src}': {e}\n"));
                    code = 1;
                    continue;
                }
            };
            let (s, t) = (
                clean(&cx.fs.absolute(&src)),
                clean(&cx.fs.absolute(&target)),
            );
            if s == t {
                cx.err(&format!("mv: '{src}' and '{target}' are the same file\n"));
                code = 1;
                continue;
            }
            if st.is_dir() && within(&s, &t) {
                cx.err(&format!(
                    "mv: cannot move '{src}' to a subdirectory of itself, '{target}'\n"
                ));
                code = 1;
                continue;
            }
        }
        if let Err(e) = cx.fs.rename(&src, &target) {
            let msg = match cx.flavour {
                Flavour::Busybox => format!("mv: can't rename '{src}': {e}\n"),
                Flavour::Gnu => format!("mv: cannot move '{src}' to '{target}': {e}\n"),
            };
            cx.err(&msg);
            code = 1;
        }
    }
    code
}
