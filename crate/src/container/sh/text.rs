//! busybox's text applets: `echo`, `printf`, `test`/`[`, `head`, `tail`, `wc`, `grep`,
//! `sort`, `uniq`, `seq`. Inputs are the named rootfs files or standard input.

use super::cmds::bad_option;
use super::{Io, Shell};
use crate::fs::Kind;
use crate::sh::applets;

impl Shell<'_> {
    pub(super) fn text_tool(
        &mut self,
        applet: &str,
        name: &str,
        args: &[String],
        io: &mut Io,
    ) -> i32 {
        match applet {
            "echo" => self.shared(applets::echo::echo, args, io),
            "printf" => self.shared(applets::printf::printf, args, io),
            "test" | "[" | "[[" => {
                let args = if applet == "test" {
                    args
                } else {
                    let close = if applet == "[" { "]" } else { "]]" };
                    match args.split_last() {
                        Some((last, rest)) if last == close => rest,
                        _ => {
                            io.err(&format!("sh: {name}: missing {close}\n"));
                            return 2;
                        }
                    }
                };
                self.test(args, io)
            }
            "head" => self.shared(applets::head::head, args, io),
            "tail" => self.shared(applets::tail::tail, args, io),
            "wc" => self.shared(applets::wc::wc, args, io),
            "grep" => self.shared(applets::grep::grep, args, io),
            "sort" => self.shared(applets::sort::sort, args, io),
            "uniq" => self.shared(applets::uniq::uniq, args, io),
            "seq" => self.shared(applets::seq::seq, args, io),
            "cut" => self.cut(args, io),
            "tr" => self.shared(applets::tr::tr, args, io),
            _ => {
                io.err(&format!("sh: {name}: not found\n"));
                127
            }
        }
    }

    fn test(&mut self, args: &[String], io: &mut Io) -> i32 {
        match self.eval_test(args) {
            Ok(true) => 0,
            Ok(false) => 1,
            Err(msg) => {
                io.err(&format!("sh: {msg}\n"));
                2
            }
        }
    }

    /// POSIX `test` by argument count, with `!`, `-a`, `-o` on top.
    fn eval_test(&mut self, args: &[String]) -> Result<bool, String> {
        let a: Vec<&str> = args.iter().map(String::as_str).collect();
        if let Some(i) = a.iter().position(|x| *x == "-o") {
            if i > 0 {
                let (l, r) = (
                    args.get(..i).unwrap_or(&[]),
                    args.get(i + 1..).unwrap_or(&[]),
                );
                return Ok(self.eval_test(l)? || self.eval_test(r)?);
            }
        }
        if let Some(i) = a.iter().position(|x| *x == "-a") {
            if i > 0 && a.len() != 3 {
                let (l, r) = (
                    args.get(..i).unwrap_or(&[]),
                    args.get(i + 1..).unwrap_or(&[]),
                );
                return Ok(self.eval_test(l)? && self.eval_test(r)?);
            }
        }
        match a.as_slice() {
            [] => Ok(false),
            [s] => Ok(!s.is_empty()),
            ["!", ..] => Ok(!self.eval_test(args.get(1..).unwrap_or(&[]))?),
            [op, arg] => self.unary(op, arg),
            [l, op, r] => binary(l, op, r),
            _ => Err("test: syntax error".into()),
        }
    }

    fn unary(&mut self, op: &str, arg: &str) -> Result<bool, String> {
        let path = self.env.abs(arg);
        let st = || self.fs.stat(&path);
        Ok(match op {
            "-z" => arg.is_empty(),
            "-n" => !arg.is_empty(),
            "-e" | "-a" => st().is_ok(),
            "-f" => st().is_ok_and(|s| s.kind == Kind::File),
            "-d" => st().is_ok_and(|s| s.is_dir()),
            "-s" => st().is_ok_and(|s| s.size > 0 && s.kind == Kind::File || s.is_dir()),
            "-r" | "-w" => st().is_ok(),
            "-x" => st().is_ok_and(|s| s.mode & 0o111 != 0 || s.is_dir()),
            "-L" | "-h" => self.fs.lstat(&path).is_ok_and(|s| s.kind == Kind::Symlink),
            "-c" => st().is_ok_and(|s| s.kind == Kind::Char),
            "-b" => st().is_ok_and(|s| s.kind == Kind::Block),
            "-p" => st().is_ok_and(|s| s.kind == Kind::Fifo),
            "-u" => st().is_ok_and(|s| s.mode & 0o4000 != 0),
            "-g" => st().is_ok_and(|s| s.mode & 0o2000 != 0),
            "-k" => st().is_ok_and(|s| s.mode & 0o1000 != 0),
            "!" => arg.is_empty(),
            _ => return Err(format!("test: {op}: unknown operand")),
        })
    }
}

impl Shell<'_> {
    fn cut(&mut self, args: &[String], io: &mut Io) -> i32 {
        let mut delim = '\t';
        let mut list: Option<(String, bool)> = None;
        let mut only_delimited = false;
        let mut files = Vec::new();
        let mut it = args.iter();
        while let Some(a) = it.next() {
            let (flag, inline) = match a.strip_prefix('-') {
                Some(f) if !f.is_empty() => (f.get(..1).unwrap_or(""), f.get(1..).unwrap_or("")),
                _ => {
                    files.push(a.clone());
                    continue;
                }
            };
            let mut value = || {
                if inline.is_empty() {
                    it.next().cloned()
                } else {
                    Some(inline.to_string())
                }
            };
            match flag {
                "d" => delim = value().and_then(|d| d.chars().next()).unwrap_or('\t'),
                "f" => list = value().map(|l| (l, true)),
                "c" | "b" => list = value().map(|l| (l, false)),
                "s" => only_delimited = true,
                _ => return bad_option(io, "cut", a),
            }
        }
        let Some((list, fields)) = list else {
            io.err("cut: expected a list of bytes, characters, or fields\n");
            return 1;
        };
        let mut ranges = Vec::new();
        for part in list.split(',') {
            let (a, b) = match part.split_once('-') {
                Some((a, b)) => (a.parse().unwrap_or(1), b.parse().unwrap_or(usize::MAX)),
                None => match part.parse::<usize>() {
                    Ok(n) => (n, n),
                    Err(_) => {
                        io.err(&format!("cut: invalid range '{part}'\n"));
                        return 1;
                    }
                },
            };
            if a == 0 {
                io.err("cut: fields and positions are numbered from 1\n");
                return 1;
            }
            ranges.push((a, b));
        }
        let wanted = |k: usize| ranges.iter().any(|(a, b)| *a <= k && k <= *b);
        let (ins, ok) = self.inputs("cut", &files, io, false);
        for (_, data) in ins {
            for line in String::from_utf8_lossy(&data).lines() {
                if fields {
                    if !line.contains(delim) {
                        if !only_delimited {
                            io.out(&format!("{line}\n"));
                        }
                        continue;
                    }
                    let picked: Vec<&str> = line
                        .split(delim)
                        .enumerate()
                        .filter(|(k, _)| wanted(k + 1))
                        .map(|(_, f)| f)
                        .collect();
                    io.out(&format!("{}\n", picked.join(&delim.to_string())));
                } else {
                    let picked: String = line
                        .chars()
                        .enumerate()
                        .filter(|(k, _)| wanted(k + 1))
                        .map(|(_, c)| c)
                        .collect();
                    io.out(&format!("{picked}\n"));
                }
            }
        }
        i32::from(!ok)
    }
}

fn binary(l: &str, op: &str, r: &str) -> Result<bool, String> {
    let num = |s: &str| -> Result<i64, String> {
        s.trim()
            .parse::<i64>()
            .map_err(|_| format!("test: {s}: bad number"))
    };
    Ok(match op {
        "=" | "==" => l == r,
        "!=" => l != r,
        "<" => l < r,
        ">" => l > r,
        "-eq" => num(l)? == num(r)?,
        "-ne" => num(l)? != num(r)?,
        "-lt" => num(l)? < num(r)?,
        "-le" => num(l)? <= num(r)?,
        "-gt" => num(l)? > num(r)?,
        "-ge" => num(l)? >= num(r)?,
        "-a" => !l.is_empty() && !r.is_empty(),
        "-o" => !l.is_empty() || !r.is_empty(),
        _ => return Err(format!("test: {op}: unknown operand")),
    })
}
