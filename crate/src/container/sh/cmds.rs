//! busybox's file applets over the rootfs, with busybox's output formats and messages:
//! `cp`, `mv`, `rm`, `mkdir`, `rmdir`, `touch`, `chmod`, `chown`, `ln`, `find`,
//! `readlink`, `realpath`, `stat`, `tee`, `env`, `id`, and the small ones (`ls` is in
//! ls.rs; `cat` and the text filters are the shared `crate::sh::applets`).

use super::fs::names;
use super::{Io, Shell};
use crate::container::rootfs::{Errno, Stat};
use crate::fs::Kind;
use crate::sh::applets::civil::{civil, MONTHS};
use crate::sh::applets::mode::parse_mode;
use bytes::Bytes;
use std::collections::BTreeMap;

impl Shell<'_> {
    /// The applets that are neither shell builtins nor text filters.
    pub(super) fn tool(&mut self, applet: &str, name: &str, args: &[String], io: &mut Io) -> i32 {
        match applet {
            "ls" => self.shared(crate::sh::applets::ls::ls, args, io),
            "cat" => self.shared(crate::sh::applets::cat::cat, args, io),
            "mkdir" => self.shared(crate::sh::applets::mkdir::mkdir, args, io),
            "rmdir" => self.rmdir(args, io),
            "rm" => self.shared(crate::sh::applets::rm::rm, args, io),
            "cp" => self.shared(crate::sh::applets::cp::cp, args, io),
            "mv" => self.shared(crate::sh::applets::cp::mv, args, io),
            "touch" => self.shared(crate::sh::applets::mkdir::touch, args, io),
            "chmod" => self.chmod(args, io),
            "chown" => self.chown(args, io),
            "ln" => self.ln(args, io),
            "pwd" => {
                io.out(&format!("{}\n", self.env.cwd));
                0
            }
            "env" => self.env_cmd(args, io),
            "tee" => self.tee(args, io),
            "find" => self.shared(crate::sh::applets::find::find, args, io),
            "readlink" | "realpath" => self.readlink(applet, args, io),
            "stat" => self.stat(args, io),
            "basename" => self.shared(crate::sh::applets::path::basename, args, io),
            "dirname" => self.shared(crate::sh::applets::path::dirname, args, io),
            "id" => {
                let (uid, gid) = self.fs.user();
                let users = names(self.fs, "/etc/passwd");
                let groups = names(self.fs, "/etc/group");
                let uname = users.get(&uid).cloned();
                let show = |id: u64, m: &BTreeMap<u64, String>| match m.get(&id) {
                    Some(n) => format!("{id}({n})"),
                    None => id.to_string(),
                };
                let mut gs = vec![gid];
                if let (Ok(b), Some(u)) = (self.fs.read_file("/etc/group"), &uname) {
                    for line in String::from_utf8_lossy(&b).lines() {
                        let f: Vec<&str> = line.split(':').collect();
                        if let (Some(g), Some(members)) = (f.get(2), f.get(3)) {
                            if members.split(',').any(|m| m == u) {
                                if let Ok(g) = g.parse::<u64>() {
                                    if !gs.contains(&g) {
                                        gs.push(g);
                                    }
                                }
                            }
                        }
                    }
                }
                let list: Vec<String> = gs.iter().map(|g| show(*g, &groups)).collect();
                io.out(&format!(
                    "uid={} gid={} groups={}\n",
                    show(uid, &users),
                    show(gid, &groups),
                    list.join(",")
                ));
                0
            }
            "whoami" => {
                let uid = self.fs.user().0;
                match names(self.fs, "/etc/passwd").get(&uid) {
                    Some(n) => {
                        io.out(&format!("{n}\n"));
                        0
                    }
                    None => {
                        io.err(&format!("whoami: unknown uid {uid}\n"));
                        1
                    }
                }
            }
            "hostname" => {
                let h = self
                    .fs
                    .read_file("/etc/hostname")
                    .ok()
                    .map(|b| String::from_utf8_lossy(&b).trim().to_string())
                    .filter(|h| !h.is_empty())
                    .or_else(|| self.env.get("HOSTNAME").map(str::to_string))
                    .unwrap_or_else(|| "localhost".into());
                io.out(&format!("{h}\n"));
                0
            }
            "uname" => {
                let host = self.env.get("HOSTNAME").unwrap_or("localhost").to_string();
                let fields = [
                    ('s', "Linux".to_string()),
                    ('n', host),
                    ('r', "6.10.14-linuxkit".to_string()),
                    ('v', "#1 SMP PREEMPT_DYNAMIC".to_string()),
                    ('m', "x86_64".to_string()),
                ];
                let flags: String = args.iter().filter_map(|a| a.strip_prefix('-')).collect();
                let all = flags.contains('a');
                let chosen: Vec<&str> = fields
                    .iter()
                    .filter(|(c, _)| all || flags.contains(*c))
                    .map(|(_, v)| v.as_str())
                    .collect();
                let out = if chosen.is_empty() {
                    "Linux".to_string()
                } else if all {
                    format!("{} GNU/Linux", chosen.join(" "))
                } else {
                    chosen.join(" ")
                };
                io.out(&format!("{out}\n"));
                0
            }
            "sleep" => match args
                .first()
                .map(|a| a.trim_end_matches(['s', 'm', 'h', 'd']))
            {
                Some(n) if n.parse::<f64>().is_ok() => 0,
                Some(n) => {
                    io.err(&format!("sleep: invalid number '{n}'\n"));
                    1
                }
                None => usage(io, "sleep", "[N]..."),
            },
            "date" => {
                let fmt = args
                    .iter()
                    .find_map(|a| a.strip_prefix('+'))
                    .unwrap_or("%a %b %e %H:%M:%S %Z %Y");
                io.out(&format!("{}\n", strftime(fmt, self.now)));
                0
            }
            "which" => {
                let mut code = 0;
                for a in args.iter().filter(|a| !a.starts_with('-')) {
                    match super::which(self.fs, self.env, a) {
                        Some(p) => io.out(&format!("{p}\n")),
                        None => code = 1,
                    }
                }
                code
            }
            _ => self.text_tool(applet, name, args, io),
        }
    }

    /// The named files' bytes, or stdin when there are none (`-` is stdin too). Failures
    /// print `TOOL: can't open 'F': REASON` (grep's form with `grep_style`).
    pub(super) fn inputs(
        &mut self,
        tool: &str,
        files: &[String],
        io: &mut Io,
        grep_style: bool,
    ) -> (Vec<(String, Bytes)>, bool) {
        if files.is_empty() {
            return (vec![("-".into(), io.take_stdin())], true);
        }
        let mut out = Vec::new();
        let mut ok = true;
        for f in files {
            if f == "-" {
                out.push(("-".into(), io.take_stdin()));
                continue;
            }
            match self.fs.read_file(&self.env.abs(f)) {
                Ok(b) => out.push((f.clone(), b)),
                Err(e) => {
                    ok = false;
                    if e.errno == Errno::IsADirectory && !grep_style {
                        io.err(&format!("{tool}: read error: Is a directory\n"));
                    } else if grep_style {
                        io.err(&format!("{tool}: {f}: {}\n", e.reason()));
                    } else {
                        io.err(&format!("{tool}: can't open '{f}': {}\n", e.reason()));
                    }
                }
            }
        }
        (out, ok)
    }

    fn rmdir(&mut self, args: &[String], io: &mut Io) -> i32 {
        let mut code = 0;
        let parents = args.iter().any(|a| a == "-p");
        for d in args.iter().filter(|a| !a.starts_with('-')) {
            let mut path = d.trim_end_matches('/').to_string();
            loop {
                if let Err(e) = self.fs.remove_dir(&self.env.abs(&path), self.now) {
                    io.err(&format!("rmdir: '{path}': {}\n", e.reason()));
                    code = 1;
                    break;
                }
                match path.rsplit_once('/') {
                    Some((p, _)) if parents && !p.is_empty() => path = p.to_string(),
                    _ => break,
                }
            }
        }
        code
    }

    /// The destination of SRC in `ln` with target `dst`: inside it when it is
    /// a directory.
    fn dest_in(&self, src: &str, dst: &str) -> String {
        let abs = self.env.abs(dst);
        if self.fs.stat(&abs).is_ok_and(|s| s.is_dir()) {
            let base = src.trim_end_matches('/').rsplit('/').next().unwrap_or(src);
            format!("{}/{base}", abs.trim_end_matches('/'))
        } else {
            abs
        }
    }

    fn chmod(&mut self, args: &[String], io: &mut Io) -> i32 {
        let recursive = args.iter().any(|a| a == "-R");
        let rest: Vec<&String> = args
            .iter()
            .filter(|a| *a != "-R" && *a != "-v" && *a != "-f")
            .collect();
        let Some((mode, files)) = rest.split_first() else {
            return usage(io, "chmod", "[-Rcvf] MODE[,MODE]... FILE...");
        };
        if files.is_empty() {
            return usage(io, "chmod", "[-Rcvf] MODE[,MODE]... FILE...");
        }
        let mut code = 0;
        for f in files {
            let abs = self.env.abs(f);
            let targets = if recursive {
                self.tree(&abs)
            } else {
                vec![abs.clone()]
            };
            for t in targets {
                let st = match self.fs.stat(&t) {
                    Ok(s) => s,
                    Err(e) => {
                        if t == abs || e.errno != Errno::NotFound {
                            io.err(&format!("chmod: {f}: {}\n", e.reason()));
                            code = 1;
                        }
                        continue;
                    }
                };
                let Some(m) = parse_mode(mode, st.mode, st.is_dir()) else {
                    io.err(&format!("chmod: invalid mode '{mode}'\n"));
                    return 1;
                };
                if let Err(e) = self.fs.chmod(&t, m) {
                    io.err(&format!("chmod: {f}: {}\n", e.reason()));
                    code = 1;
                }
            }
        }
        code
    }

    /// `path` and, when it is a directory (not through a symlink), everything below it.
    fn tree(&self, path: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut stack = vec![path.to_string()];
        while let Some(p) = stack.pop() {
            let is_dir = self.fs.lstat(&p).is_ok_and(|s| s.is_dir());
            out.push(p.clone());
            if is_dir {
                if let Ok(children) = self.fs.read_dir(&p) {
                    for (n, _) in children.into_iter().rev() {
                        stack.push(format!("{}/{n}", p.trim_end_matches('/')));
                    }
                }
            }
        }
        out
    }

    fn chown(&mut self, args: &[String], io: &mut Io) -> i32 {
        let recursive = args.iter().any(|a| a == "-R");
        let no_deref = args.iter().any(|a| a == "-h");
        let rest: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
        let Some((spec, files)) = rest.split_first() else {
            return usage(io, "chown", "[-Rh]... USER[:[GRP]] FILE...");
        };
        if files.is_empty() {
            return usage(io, "chown", "[-Rh]... USER[:[GRP]] FILE...");
        }
        let (u, g) = match spec.split_once([':', '.']) {
            Some((u, g)) => (u, Some(g)),
            None => (spec.as_str(), None),
        };
        let users = names(self.fs, "/etc/passwd");
        let groups = names(self.fs, "/etc/group");
        let find = |name: &str, m: &BTreeMap<u64, String>| -> Option<u64> {
            m.iter()
                .find(|(_, n)| n.as_str() == name)
                .map(|(id, _)| *id)
                .or_else(|| name.parse().ok())
        };
        let uid = if u.is_empty() {
            None
        } else {
            match find(u, &users) {
                Some(id) => Some(id),
                None => {
                    io.err(&format!("chown: unknown user {u}\n"));
                    return 1;
                }
            }
        };
        let gid = match g {
            None => None,
            // `user:` means the user's login group.
            Some("") => uid.and_then(|id| crate::container::user::login_group(self.fs, id)),
            Some(g) => match find(g, &groups) {
                Some(id) => Some(id),
                None => {
                    io.err(&format!("chown: unknown group {g}\n"));
                    return 1;
                }
            },
        };
        let mut code = 0;
        for f in files {
            let abs = self.env.abs(f);
            let targets = if recursive {
                self.tree(&abs)
            } else {
                vec![abs.clone()]
            };
            for t in targets {
                let follow = !(no_deref || (recursive && t != abs));
                if let Err(e) = self.fs.chown(&t, uid, gid, follow) {
                    io.err(&format!("chown: {f}: {}\n", e.reason()));
                    code = 1;
                }
            }
        }
        code
    }

    fn ln(&mut self, args: &[String], io: &mut Io) -> i32 {
        let (flags, mut paths) = match split_flags("ln", args, "sfnvT", io) {
            Some(x) => x,
            None => return 1,
        };
        let (symbolic, force) = (flags.contains('s'), flags.contains('f'));
        if paths.is_empty() {
            return usage(io, "ln", "[-sfnbtv] [-S SUF] TARGET... LINK|DIR");
        }
        let link = if paths.len() == 1 {
            ".".to_string()
        } else {
            paths.pop().unwrap_or_default()
        };
        let mut code = 0;
        for target in paths {
            let dst = if flags.contains('n')
                && self
                    .fs
                    .lstat(&self.env.abs(&link))
                    .is_ok_and(|s| s.kind == Kind::Symlink)
            {
                self.env.abs(&link)
            } else {
                self.dest_in(&target, &link)
            };
            if force && self.fs.lstat(&dst).is_ok_and(|s| !s.is_dir()) {
                let _ = self.fs.remove(&dst, self.now);
            }
            let r = if symbolic {
                self.fs.symlink(&target, &dst, self.now)
            } else {
                self.fs.link(&self.env.abs(&target), &dst, self.now)
            };
            if let Err(e) = r {
                let shown = if e.errno == Errno::Exists {
                    dst.clone()
                } else {
                    target.clone()
                };
                io.err(&format!("ln: {shown}: {}\n", e.reason()));
                code = 1;
            }
        }
        code
    }

    fn env_cmd(&mut self, args: &[String], io: &mut Io) -> i32 {
        let mut env = self.env.clone();
        let mut rest = args;
        while let Some((a, tail)) = rest.split_first() {
            if a == "-i" || a == "-" {
                env.vars.clear();
                env.locals.clear();
                env.in_shell = false;
            } else if a == "-u" {
                if let Some((n, t)) = tail.split_first() {
                    env.unset(n);
                    rest = t;
                    continue;
                }
            } else if let Some((k, v)) = crate::sh::expand::assignment_text(a) {
                env.export(k, Some(v));
            } else {
                break;
            }
            rest = tail;
        }
        if rest.is_empty() {
            for (k, v) in env.environ() {
                io.out(&format!("{k}={v}\n"));
            }
            return 0;
        }
        let mut sub = self.nested(&mut env);
        let prog = rest.first().cloned().unwrap_or_default();
        match super::lookup(sub.fs, sub.env, &prog, false) {
            super::Program::Missing => {
                io.err(&format!(
                    "env: can't execute '{prog}': No such file or directory\n"
                ));
                127
            }
            _ => sub.call(rest, io),
        }
    }

    fn tee(&mut self, args: &[String], io: &mut Io) -> i32 {
        let append = args.iter().any(|a| a == "-a");
        let input = io.take_stdin();
        io.stdout.extend_from_slice(&input);
        let mut code = 0;
        for f in args.iter().filter(|a| !a.starts_with('-')) {
            let abs = self.env.abs(f);
            let r = if append {
                self.fs.append_file(&abs, &input, self.now)
            } else {
                self.fs.write_file(&abs, input.clone(), self.now)
            };
            if let Err(e) = r {
                io.err(&format!("tee: {f}: {}\n", e.reason()));
                code = 1;
            }
        }
        code
    }

    fn readlink(&mut self, applet: &str, args: &[String], io: &mut Io) -> i32 {
        let canon = applet == "realpath" || args.iter().any(|a| a == "-f");
        let mut code = 0;
        for f in args.iter().filter(|a| !a.starts_with('-')) {
            let abs = self.env.abs(f);
            let r = if canon {
                self.fs.realpath(&abs)
            } else {
                self.fs.readlink(&abs)
            };
            match r {
                Ok(p) => io.out(&format!("{p}\n")),
                Err(e) => {
                    if canon {
                        io.err(&format!("{applet}: {f}: {}\n", e.reason()));
                    }
                    code = 1;
                }
            }
        }
        code
    }

    fn stat(&mut self, args: &[String], io: &mut Io) -> i32 {
        let mut format: Option<String> = None;
        let mut follow = false;
        let mut files = Vec::new();
        let mut it = args.iter();
        while let Some(a) = it.next() {
            match a.as_str() {
                "-c" => format = it.next().cloned(),
                "-L" => follow = true,
                s => match s.strip_prefix("--format=") {
                    Some(f) => format = Some(f.to_string()),
                    None => files.push(a.clone()),
                },
            }
        }
        let users = names(self.fs, "/etc/passwd");
        let groups = names(self.fs, "/etc/group");
        let mut code = 0;
        for f in files {
            let abs = self.env.abs(&f);
            let st = if follow {
                self.fs.stat(&abs)
            } else {
                self.fs.lstat(&abs)
            };
            let s = match st {
                Ok(s) => s,
                Err(e) => {
                    io.err(&format!("stat: can't stat '{f}': {}\n", e.reason()));
                    code = 1;
                    continue;
                }
            };
            let kind = match s.kind {
                Kind::Dir => "directory",
                Kind::Symlink => "symbolic link",
                Kind::Char => "character special file",
                Kind::Block => "block special file",
                Kind::Fifo => "fifo",
                _ if s.size == 0 => "regular empty file",
                _ => "regular file",
            };
            let user = users
                .get(&s.uid)
                .cloned()
                .unwrap_or_else(|| "UNKNOWN".into());
            let group = groups
                .get(&s.gid)
                .cloned()
                .unwrap_or_else(|| "UNKNOWN".into());
            let fmt = format.clone().unwrap_or_else(|| {
                "  File: %N\n  Size: %s\tBlocks: %b\tIO Block: 4096\t%F\nAccess: (%a/%A)  Uid: (%u/%U)   Gid: (%g/%G)\nModify: %y\n".into()
            });
            let mut out = String::new();
            let mut chars = fmt.chars();
            while let Some(c) = chars.next() {
                if c != '%' {
                    out.push(c);
                    continue;
                }
                match chars.next() {
                    Some('n') => out.push_str(&f),
                    Some('N') => match (&s.kind, &s.link) {
                        (Kind::Symlink, Some(t)) => out.push_str(&format!("'{f}' -> '{t}'")),
                        _ => out.push_str(&format!("'{f}'")),
                    },
                    Some('s') => out.push_str(&s.size.to_string()),
                    Some('b') => out.push_str(&(blocks(&s) * 2).to_string()),
                    Some('a') => out.push_str(&format!("{:o}", s.mode)),
                    Some('A') => out.push_str(&mode_string(&s)),
                    Some('u') => out.push_str(&s.uid.to_string()),
                    Some('U') => out.push_str(&user),
                    Some('g') => out.push_str(&s.gid.to_string()),
                    Some('G') => out.push_str(&group),
                    Some('F') => out.push_str(kind),
                    Some('Y') => out.push_str(&s.mtime.to_string()),
                    Some('y') => {
                        out.push_str(&strftime("%Y-%m-%d %H:%M:%S.000000000 +0000", s.mtime))
                    }
                    Some('h') => out.push_str(&s.nlink.to_string()),
                    Some('%') => out.push('%'),
                    Some(o) => {
                        out.push('%');
                        out.push(o);
                    }
                    None => out.push('%'),
                }
            }
            if format.is_some() {
                out.push('\n');
            }
            io.out(&out);
        }
        code
    }
}

/// [`crate::sh::applets::cp::parse_flags`], printing busybox's message for an unknown flag
/// (`None`).
pub(super) fn split_flags(
    tool: &str,
    args: &[String],
    allowed: &str,
    io: &mut Io,
) -> Option<(String, Vec<String>)> {
    crate::sh::applets::cp::parse_flags(args, allowed)
        .map_err(|c| bad_option(io, tool, &format!("-{c}")))
        .ok()
}

pub(super) fn bad_option(io: &mut Io, tool: &str, opt: &str) -> i32 {
    let c = opt.trim_start_matches('-').chars().next().unwrap_or('-');
    io.err(&format!("{tool}: unrecognized option: {c}\n"));
    1
}

pub(super) fn usage(io: &mut Io, tool: &str, synopsis: &str) -> i32 {
    io.err(&format!("Usage: {tool} {synopsis}\n"));
    1
}

const DAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

/// A small `strftime` (UTC).
pub(super) fn strftime(fmt: &str, t: u64) -> String {
    let (y, m, d, hh, mm, ss, wd, yd) = civil(t);
    let mut out = String::new();
    let mut chars = fmt.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let mon = MONTHS.get((m - 1) as usize).unwrap_or(&"Jan");
        match chars.next() {
            Some('Y') => out.push_str(&y.to_string()),
            Some('y') => out.push_str(&format!("{:02}", y % 100)),
            Some('m') => out.push_str(&format!("{m:02}")),
            Some('d') => out.push_str(&format!("{d:02}")),
            Some('e') => out.push_str(&format!("{d:2}")),
            Some('H') => out.push_str(&format!("{hh:02}")),
            Some('M') => out.push_str(&format!("{mm:02}")),
            Some('S') => out.push_str(&format!("{ss:02}")),
            Some('s') => out.push_str(&t.to_string()),
            Some('a') => out.push_str(DAYS.get(wd as usize).unwrap_or(&"Sun")),
            Some('b' | 'h') => out.push_str(mon),
            Some('j') => out.push_str(&format!("{yd:03}")),
            Some('Z') => out.push_str("UTC"),
            Some('z') => out.push_str("+0000"),
            Some('F') => out.push_str(&format!("{y}-{m:02}-{d:02}")),
            Some('T') => out.push_str(&format!("{hh:02}:{mm:02}:{ss:02}")),
            Some('n') => out.push('\n'),
            Some('%') => out.push('%'),
            Some(o) => {
                out.push('%');
                out.push(o);
            }
            None => out.push('%'),
        }
    }
    out
}

/// The paths matching a glob pattern, relative ones against the working directory, in
/// sorted order; hidden names only for a pattern component starting with `.`.
/// `drwxr-xr-x`, with `s`/`S`/`t`/`T` for the special bits.
pub(super) fn mode_string(s: &Stat) -> String {
    s.kind.mode_string(s.mode)
}

/// 1K blocks a file takes (4K allocation units).
pub(super) fn blocks(s: &Stat) -> u64 {
    match s.kind {
        Kind::File | Kind::Dir => s.size.div_ceil(4096) * 4,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(
            strftime("%a %b %e %H:%M:%S %Z %Y", 0),
            "Thu Jan  1 00:00:00 UTC 1970"
        );
    }
}
