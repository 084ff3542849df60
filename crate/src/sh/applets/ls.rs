//! `ls`: flags, long format, columns, sorting. busybox's formats and messages in
//! containers; on the host GNU's messages and layerlab's own long format for the host's
//! files, which have no times (`-rw-r--r-- 1 user user     1234 name`).

use super::civil::{civil, MONTHS};
use super::{Ctx, Flavour};
use crate::sh::fs::{Kind, Stat};
use std::collections::BTreeMap;

pub fn ls(args: &[String], cx: &mut Ctx) -> i32 {
    let gnu = cx.gnu();
    // GNU's ls exits 2 for a missing operand or a bad option, busybox's 1.
    let fail = if gnu { 2 } else { 1 };
    let Some((flags, operands)) = super::cp::split_flags(cx, "ls", args, "lna1ARdhrtSFCx") else {
        return fail;
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
        columns: (cx.tty || flags.contains('C'))
            && !flags.contains('1')
            && !flags.contains('l')
            && !flags.contains('n'),
    };
    let (users, groups) = cx.fs.owner_names();
    let lc = LsCx {
        users: &users,
        groups: &groups,
        now: cx.now,
        flavour: cx.flavour,
        tty: cx.tty,
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
        let st = if o.long || o.dirs || o.classify {
            cx.fs.lstat(op)
        } else {
            cx.fs.stat(op).or_else(|_| cx.fs.lstat(op))
        };
        match st {
            Ok(s) if s.is_dir() && !o.dirs => dirs.push((op.clone(), s)),
            Ok(s) => files.push((op.clone(), s)),
            Err(e) => {
                let msg = if gnu {
                    format!("ls: cannot access '{op}': {e}\n")
                } else {
                    format!("ls: {op}: {e}\n")
                };
                cx.err(&msg);
                code = fail;
            }
        }
    }
    sort_entries(&mut files, &o);
    sort_entries(&mut dirs, &o);
    let mut printed = false;
    if !files.is_empty() {
        print(&files, &o, &lc, cx);
        printed = true;
    }
    let headers = operands.len() > 1 || o.recursive;
    let mut queue: Vec<String> = dirs.into_iter().map(|(p, _)| p).collect();
    queue.reverse();
    while let Some(dir) = queue.pop() {
        if headers {
            cx.out(&format!("{}{dir}:\n", if printed { "\n" } else { "" }));
        }
        printed = true;
        let mut entries = match cx.fs.list(&dir) {
            Ok(e) => e,
            Err(e) => {
                let msg = if gnu {
                    format!("ls: cannot open directory '{dir}': {e}\n")
                } else {
                    format!("ls: {dir}: {e}\n")
                };
                cx.err(&msg);
                code = fail;
                continue;
            }
        };
        entries.retain(|(n, _)| o.all || o.almost || !n.starts_with('.'));
        if o.all {
            if let Ok(s) = cx.fs.stat(&dir) {
                let up = format!("{}/..", dir.trim_end_matches('/'));
                let parent = cx.fs.stat(&up).unwrap_or(s.clone());
                entries.push(("..".into(), parent));
                entries.push((".".into(), s));
            }
        }
        sort_entries(&mut entries, &o);
        if o.long && !gnu {
            let total: u64 = entries.iter().map(|(_, s)| blocks(s)).sum();
            cx.out(&format!("total {total}\n"));
        }
        print(&entries, &o, &lc, cx);
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

fn print(entries: &[(String, Stat)], o: &LsOpts, lc: &LsCx, cx: &mut Ctx) {
    let label = |name: &str, s: &Stat| {
        let mut n = visible(name, lc);
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
        let owner = |id: u64, m: &BTreeMap<u64, String>| {
            if o.numeric {
                id.to_string()
            } else {
                m.get(&id).cloned().unwrap_or_else(|| id.to_string())
            }
        };
        for (name, s) in entries {
            let mut line = match lc.flavour {
                Flavour::Gnu => {
                    let size = match (s.kind, s.device) {
                        (Kind::Char | Kind::Block, Some((ma, mi))) => format!("{ma}, {mi}"),
                        _ if o.human => human_gnu(s.size),
                        _ => s.size.to_string(),
                    };
                    format!(
                        "{} 1 {} {} {size:>8} {}",
                        s.kind.mode_string(s.mode),
                        owner(s.uid, lc.users),
                        owner(s.gid, lc.groups),
                        label(name, s)
                    )
                }
                Flavour::Busybox => {
                    let size = match (s.kind, s.device) {
                        (Kind::Char | Kind::Block, Some((ma, mi))) => format!("{ma:4}, {mi:3}"),
                        _ if o.human => format!("{:>7}", human(s.size)),
                        _ => format!("{:9}", s.size),
                    };
                    format!(
                        "{} {:4} {:<8} {:<8} {} {} {}",
                        s.kind.mode_string(s.mode),
                        s.nlink,
                        truncate8(&owner(s.uid, lc.users)),
                        truncate8(&owner(s.gid, lc.groups)),
                        size,
                        ls_time(s.mtime, lc.now),
                        label(name, s)
                    )
                }
            };
            if let (Kind::Symlink, Some(t)) = (s.kind, &s.link) {
                line.push_str(&format!(" -> {}", visible(t, lc)));
            }
            cx.out(&format!("{line}\n"));
        }
    } else if o.columns {
        let labels: Vec<String> = entries.iter().map(|(n, s)| label(n, s)).collect();
        cx.out(&columns(&labels, 80));
    } else {
        for (name, s) in entries {
            cx.out(&format!("{}\n", label(name, s)));
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
    flavour: Flavour,
    tty: bool,
}

/// A name as `ls` writes it. GNU's on a terminal: its `shell-escape` quoting
/// (`'a'$'\033''[2J'`). The host's `ls` lays names out as off a terminal (one a line, as
/// is), but its output reaches the page's terminal: a name with a control character is
/// written as GNU's `ls` writes it on a terminal, so that it cannot drive the terminal.
/// Busybox's: every control character as `?` (its `printable_string`), terminal or not.
fn visible(name: &str, lc: &LsCx) -> String {
    match lc.flavour {
        Flavour::Gnu if lc.tty || name.chars().any(char::is_control) => {
            crate::format::shell_escape(name)
        }
        Flavour::Gnu => name.to_string(),
        Flavour::Busybox => name
            .chars()
            .map(|c| if c.is_control() { '?' } else { c })
            .collect(),
    }
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
pub fn blocks(s: &Stat) -> u64 {
    match s.kind {
        Kind::File | Kind::Dir => s.size.div_ceil(4096) * 4,
        _ => 0,
    }
}

fn truncate8(s: &str) -> String {
    s.chars().take(8).collect()
}

/// The host's `ls -lh` sizes: powers of 1024, one decimal under 10, rounded up.
fn human_gnu(n: u64) -> String {
    const UNITS: [&str; 6] = ["", "K", "M", "G", "T", "P"];
    let mut v = n as f64;
    let mut i = 0;
    while v >= 1024.0 && i < UNITS.len() - 1 {
        v /= 1024.0;
        i += 1;
    }
    let unit = UNITS.get(i).copied().unwrap_or("");
    if i == 0 {
        n.to_string()
    } else if v < 10.0 {
        format!("{:.1}{unit}", (v * 10.0).ceil() / 10.0)
    } else {
        format!("{}{unit}", v.ceil() as u64)
    }
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
