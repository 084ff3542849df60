//! busybox's `ls` over the rootfs: flags, long format, columns, sorting.

use super::cmds::{civil, names, split_flags, MONTHS};
use super::{Io, Shell};
use crate::container::rootfs::Stat;
use crate::fs::Kind;
use std::collections::BTreeMap;

impl Shell<'_> {
    pub(super) fn ls(&mut self, args: &[String], io: &mut Io) -> i32 {
        let (flags, operands) = match split_flags("ls", args, "lna1ARdhrtSFCx", io) {
            Some(x) => x,
            None => return 1,
        };
        let o = LsOpts {
            long: flags.contains('l') || flags.contains('n'),
            numeric: flags.contains('n'),
            all: flags.contains('a'),
            almost: flags.contains('A'),
            recursive: flags.contains('R'),
            dirs: flags.contains('d'),
            human: flags.contains('h'),
            reverse: flags.contains('r'),
            by_time: flags.contains('t'),
            by_size: flags.contains('S'),
            classify: flags.contains('F'),
            columns: (self.env.tty || flags.contains('C'))
                && !flags.contains('1')
                && !flags.contains('l')
                && !flags.contains('n'),
        };
        let users = names(self.fs, "/etc/passwd");
        let groups = names(self.fs, "/etc/group");
        let cx = LsCx {
            users: &users,
            groups: &groups,
            now: self.now,
        };
        let operands = if operands.is_empty() {
            vec![".".to_string()]
        } else {
            operands
        };
        let mut code = 0;
        let mut files: Vec<(String, Stat)> = Vec::new();
        let mut dirs: Vec<(String, Stat)> = Vec::new();
        for op in &operands {
            let abs = self.env.abs(op);
            let st = if o.long || o.dirs || o.classify {
                self.fs.lstat(&abs)
            } else {
                self.fs.stat(&abs).or_else(|_| self.fs.lstat(&abs))
            };
            match st {
                Ok(s) if s.is_dir() && !o.dirs => dirs.push((op.clone(), s)),
                Ok(s) => files.push((op.clone(), s)),
                Err(e) => {
                    io.err(&format!("ls: {op}: {}\n", e.reason()));
                    code = 1;
                }
            }
        }
        sort_entries(&mut files, &o);
        sort_entries(&mut dirs, &o);
        let mut printed = false;
        if !files.is_empty() {
            self.ls_print(&files, &o, &cx, io);
            printed = true;
        }
        let headers = operands.len() > 1 || o.recursive;
        let mut queue: Vec<String> = dirs.into_iter().map(|(p, _)| p).collect();
        queue.reverse();
        while let Some(dir) = queue.pop() {
            if headers {
                io.out(&format!("{}{dir}:\n", if printed { "\n" } else { "" }));
            }
            printed = true;
            let abs = self.env.abs(&dir);
            let mut entries = match self.fs.read_dir(&abs) {
                Ok(e) => e,
                Err(e) => {
                    io.err(&format!("ls: {dir}: {}\n", e.reason()));
                    code = 1;
                    continue;
                }
            };
            entries.retain(|(n, _)| o.all || o.almost || !n.starts_with('.'));
            if o.all {
                if let Ok(s) = self.fs.stat(&abs) {
                    let parent = self.fs.stat(&format!("{abs}/..")).unwrap_or(s.clone());
                    entries.push(("..".into(), parent));
                    entries.push((".".into(), s));
                }
            }
            sort_entries(&mut entries, &o);
            if o.long {
                let total: u64 = entries.iter().map(|(_, s)| blocks(s)).sum();
                io.out(&format!("total {total}\n"));
            }
            self.ls_print(&entries, &o, &cx, io);
            if o.recursive {
                let subs: Vec<String> = entries
                    .iter()
                    .filter(|(n, s)| s.is_dir() && n != "." && n != "..")
                    .map(|(n, _)| format!("{}/{n}", dir.trim_end_matches('/')))
                    .collect();
                for s in subs.into_iter().rev() {
                    queue.push(s);
                }
            }
        }
        code
    }

    fn ls_print(&self, entries: &[(String, Stat)], o: &LsOpts, cx: &LsCx, io: &mut Io) {
        let label = |name: &str, s: &Stat| {
            let mut n = name.to_string();
            if o.classify {
                n.push_str(match s.kind {
                    Kind::Dir => "/",
                    Kind::Symlink => "@",
                    Kind::Fifo => "|",
                    _ if s.mode & 0o111 != 0 => "*",
                    _ => "",
                });
            }
            n
        };
        if o.long {
            for (name, s) in entries {
                let owner = |id: u64, m: &BTreeMap<u64, String>| {
                    if o.numeric {
                        id.to_string()
                    } else {
                        m.get(&id).cloned().unwrap_or_else(|| id.to_string())
                    }
                };
                let size = match (s.kind, s.device) {
                    (Kind::Char | Kind::Block, Some((ma, mi))) => format!("{ma:4}, {mi:3}"),
                    _ if o.human => format!("{:>7}", human(s.size)),
                    _ => format!("{:9}", s.size),
                };
                let mut line = format!(
                    "{} {:4} {:<8} {:<8} {} {} {}",
                    mode_string(s),
                    s.nlink,
                    truncate8(&owner(s.uid, cx.users)),
                    truncate8(&owner(s.gid, cx.groups)),
                    size,
                    ls_time(s.mtime, cx.now),
                    label(name, s)
                );
                if let (Kind::Symlink, Some(t)) = (s.kind, &s.link) {
                    line.push_str(&format!(" -> {t}"));
                }
                io.out(&format!("{line}\n"));
            }
        } else if o.columns {
            let labels: Vec<String> = entries.iter().map(|(n, s)| label(n, s)).collect();
            io.out(&columns(&labels, 80));
        } else {
            for (name, s) in entries {
                io.out(&format!("{}\n", label(name, s)));
            }
        }
    }
}

struct LsOpts {
    long: bool,
    numeric: bool,
    all: bool,
    almost: bool,
    recursive: bool,
    dirs: bool,
    human: bool,
    reverse: bool,
    by_time: bool,
    by_size: bool,
    classify: bool,
    columns: bool,
}

struct LsCx<'a> {
    users: &'a BTreeMap<u64, String>,
    groups: &'a BTreeMap<u64, String>,
    now: u64,
}

fn sort_entries(v: &mut [(String, Stat)], o: &LsOpts) {
    v.sort_by(|(a, sa), (b, sb)| {
        let by_name = a.as_bytes().cmp(b.as_bytes());
        let ord = if o.by_time {
            sb.mtime.cmp(&sa.mtime).then(by_name)
        } else if o.by_size {
            sb.size.cmp(&sa.size).then(by_name)
        } else {
            by_name
        };
        if o.reverse {
            ord.reverse()
        } else {
            ord
        }
    });
}

/// 1K blocks a file takes (4K allocation units), for `ls -l`'s `total`.
pub(super) fn blocks(s: &Stat) -> u64 {
    match s.kind {
        Kind::File | Kind::Dir => s.size.div_ceil(4096) * 4,
        _ => 0,
    }
}

fn truncate8(s: &str) -> String {
    s.chars().take(8).collect()
}

/// `drwxr-xr-x`, with `s`/`S`/`t`/`T` for the special bits.
pub(crate) fn mode_string(s: &Stat) -> String {
    s.kind.mode_string(s.mode)
}

/// busybox's `make_human_readable_str(size, 1, 0)`: `152`, `1.5K`, `4.0K`, `12.3M`.
fn human(size: u64) -> String {
    if size == 0 {
        return "0".into();
    }
    let units = ['K', 'M', 'G', 'T', 'P', 'E'];
    let mut val = size;
    let mut frac = 0u64;
    let mut unit: Option<char> = None;
    let mut i = 0;
    while val >= 1024 {
        frac = ((val % 1024) * 10 + 512) / 1024;
        val /= 1024;
        unit = units.get(i).copied();
        i += 1;
    }
    if frac >= 10 {
        val += 1;
        frac = 0;
    }
    match unit {
        None => val.to_string(),
        Some(u) => format!("{val}.{frac}{u}"),
    }
}

/// `ls -l`'s date: `Jun  1 12:00` within six months, `Jun  1  2023` otherwise (UTC).
fn ls_time(mtime: u64, now: u64) -> String {
    let (y, m, d, hh, mm, ..) = civil(mtime);
    let mon = MONTHS.get((m - 1) as usize).unwrap_or(&"Jan");
    let age = now as i64 - mtime as i64;
    if age < 3600 * 24 * 365 / 2 && age > -15 * 60 {
        format!("{mon} {d:2} {hh:02}:{mm:02}")
    } else {
        format!("{mon} {d:2} {y:5}")
    }
}

/// Names in columns down then across, as busybox `ls` lays them out on a terminal.
fn columns(names: &[String], width: usize) -> String {
    if names.is_empty() {
        return String::new();
    }
    let col = names.iter().map(|n| n.chars().count()).max().unwrap_or(0) + 2;
    let ncols = (width / col.max(1)).max(1);
    let nrows = names.len().div_ceil(ncols);
    let ncols = names.len().div_ceil(nrows.max(1));
    let mut out = String::new();
    for r in 0..nrows {
        for c in 0..ncols {
            let Some(n) = names.get(c * nrows + r) else {
                continue;
            };
            let last = c + 1 == ncols || names.get((c + 1) * nrows + r).is_none();
            if last {
                out.push_str(n);
            } else {
                out.push_str(&format!("{n:<col$}"));
            }
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_dates_and_columns() {
        assert_eq!(human(152), "152");
        assert_eq!(human(1500), "1.5K");
        assert_eq!(human(4096), "4.0K");
        assert_eq!(human(1_048_575), "1024.0K");
        assert_eq!(ls_time(1_700_000_000, 1_700_000_100), "Nov 14 22:13");
        assert_eq!(ls_time(1_600_000_000, 1_700_000_000), "Sep 13  2020");
        assert_eq!(
            columns(&["a".into(), "bb".into(), "c".into()], 8),
            "a   c\nbb\n"
        );
    }
}
