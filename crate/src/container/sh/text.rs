//! busybox's text applets: `echo`, `printf`, `test`/`[`, `head`, `tail`, `wc`, `grep`,
//! `sort`, `uniq`, `seq`. Inputs are the named rootfs files or standard input.

use super::cmds::{bad_option, usage};
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
            "echo" => echo(args, io),
            "printf" => printf(args, io),
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
            "uniq" => self.uniq(args, io),
            "seq" => seq(args, io),
            "cut" => self.cut(args, io),
            "tr" => tr(args, io),
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

    fn uniq(&mut self, args: &[String], io: &mut Io) -> i32 {
        let (flags, files) = match super::cmds::split_flags("uniq", args, "cdui", io) {
            Some(x) => x,
            None => return 1,
        };
        let (ins, ok) = self.inputs("uniq", files.get(..1).unwrap_or(&[]), io, false);
        let data: Vec<u8> = ins.into_iter().flat_map(|(_, d)| d.to_vec()).collect();
        let text = String::from_utf8_lossy(&data);
        let mut groups: Vec<(String, usize)> = Vec::new();
        for l in text.lines() {
            match groups.last_mut() {
                Some((prev, n))
                    if prev == l
                        || (flags.contains('i') && prev.to_lowercase() == l.to_lowercase()) =>
                {
                    *n += 1
                }
                _ => groups.push((l.to_string(), 1)),
            }
        }
        for (l, n) in groups {
            if (flags.contains('d') && n < 2) || (flags.contains('u') && n > 1) {
                continue;
            }
            if flags.contains('c') {
                io.out(&format!("{n:7} {l}\n"));
            } else {
                io.out(&format!("{l}\n"));
            }
        }
        i32::from(!ok)
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

/// A `tr` set: ranges, classes and escapes expanded.
fn tr_set(s: &str) -> Vec<char> {
    let (expanded, _) = escapes(s);
    let mut out = Vec::new();
    let chars: Vec<char> = expanded.chars().collect();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        if c == '[' && chars.get(i + 1) == Some(&':') {
            let rest: String = chars.get(i + 2..).unwrap_or(&[]).iter().collect();
            if let Some(end) = rest.find(":]") {
                let class: Box<dyn Fn(char) -> bool> = match rest.get(..end).unwrap_or("") {
                    "upper" => Box::new(|c: char| c.is_ascii_uppercase()),
                    "lower" => Box::new(|c: char| c.is_ascii_lowercase()),
                    "digit" => Box::new(|c: char| c.is_ascii_digit()),
                    "alpha" => Box::new(|c: char| c.is_ascii_alphabetic()),
                    "alnum" => Box::new(|c: char| c.is_ascii_alphanumeric()),
                    "space" => Box::new(|c: char| c.is_ascii_whitespace()),
                    "punct" => Box::new(|c: char| c.is_ascii_punctuation()),
                    _ => Box::new(|_| false),
                };
                out.extend((0u8..128).map(char::from).filter(|c| class(*c)));
                i += end + 4;
                continue;
            }
        }
        if let (Some('-'), Some(&hi)) = (chars.get(i + 1), chars.get(i + 2)) {
            if c <= hi {
                out.extend((c..=hi).take(65536));
                i += 3;
                continue;
            }
        }
        out.push(c);
        i += 1;
    }
    out
}

fn tr(args: &[String], io: &mut Io) -> i32 {
    let delete = args.iter().any(|a| a == "-d");
    let squeeze = args.iter().any(|a| a == "-s");
    let sets: Vec<&String> = args
        .iter()
        .filter(|a| !(a.starts_with('-') && a.len() > 1))
        .collect();
    let Some(first) = sets.first() else {
        return usage(io, "tr", "[-cds] STRING1 [STRING2]");
    };
    let from = tr_set(first);
    let to = sets.get(1).map(|s| tr_set(s)).unwrap_or_default();
    let input = String::from_utf8_lossy(&std::mem::take(&mut io.stdin)).into_owned();
    let mut out = String::with_capacity(input.len());
    let mut last: Option<char> = None;
    for c in input.chars() {
        let mapped = match from.iter().position(|f| *f == c) {
            Some(_) if delete => None,
            Some(k) => Some(to.get(k).or(to.last()).copied().unwrap_or(c)),
            None => Some(c),
        };
        if let Some(m) = mapped {
            let squeezable = squeeze
                && (if delete || to.is_empty() {
                    from.contains(&m)
                } else {
                    to.contains(&m)
                });
            if squeezable && last == Some(m) {
                continue;
            }
            out.push(m);
            last = Some(m);
        }
    }
    io.out(&out);
    0
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

/// Processes backslash escapes (`echo -e`, `printf`'s format and `%b`). Returns the
/// text and whether `\c` asked to stop all output.
fn escapes(s: &str) -> (String, bool) {
    let mut out = String::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('a') => out.push('\x07'),
            Some('b') => out.push('\x08'),
            Some('e') => out.push('\x1b'),
            Some('f') => out.push('\x0c'),
            Some('v') => out.push('\x0b'),
            Some('\\') => out.push('\\'),
            Some('c') => return (out, true),
            Some('0') => {
                let mut v = 0u32;
                for _ in 0..3 {
                    match chars.peek().and_then(|c| c.to_digit(8)) {
                        Some(d) => {
                            v = v * 8 + d;
                            chars.next();
                        }
                        None => break,
                    }
                }
                out.push(char::from_u32(v).unwrap_or('\0'));
            }
            Some('x') => {
                let mut v = 0u32;
                let mut any = false;
                for _ in 0..2 {
                    match chars.peek().and_then(|c| c.to_digit(16)) {
                        Some(d) => {
                            v = v * 16 + d;
                            any = true;
                            chars.next();
                        }
                        None => break,
                    }
                }
                if any {
                    out.push(char::from_u32(v).unwrap_or('\0'));
                } else {
                    out.push_str("\\x");
                }
            }
            Some(o) => {
                out.push('\\');
                out.push(o);
            }
            None => out.push('\\'),
        }
    }
    (out, false)
}

fn echo(args: &[String], io: &mut Io) -> i32 {
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
        io.out(&t);
        if stop {
            return 0;
        }
    } else {
        io.out(&text);
    }
    if newline {
        io.out("\n");
    }
    0
}

fn printf(args: &[String], io: &mut Io) -> i32 {
    let Some((format, mut rest)) = args.split_first() else {
        return usage(io, "printf", "FORMAT [ARG]...");
    };
    let mut code = 0;
    loop {
        let used_before = rest.len();
        let mut out = String::new();
        let mut chars = format.chars().peekable();
        let mut stop = false;
        while let Some(c) = chars.next() {
            if c == '\\' {
                let mut esc = String::from("\\");
                if let Some(n) = chars.next() {
                    esc.push(n);
                    if n == '0' || n == 'x' {
                        while let Some(&d) = chars.peek() {
                            if d.is_ascii_hexdigit() && esc.len() < 5 {
                                esc.push(d);
                                chars.next();
                            } else {
                                break;
                            }
                        }
                    }
                }
                let (t, s) = escapes(&esc);
                out.push_str(&t);
                if s {
                    stop = true;
                    break;
                }
                continue;
            }
            if c != '%' {
                out.push(c);
                continue;
            }
            let mut spec = String::new();
            while let Some(&d) = chars.peek() {
                if "-+ #0123456789.".contains(d) {
                    spec.push(d);
                    chars.next();
                } else {
                    break;
                }
            }
            let Some(conv) = chars.next() else {
                out.push('%');
                break;
            };
            if conv == '%' {
                out.push('%');
                continue;
            }
            let arg = rest.first().cloned();
            rest = rest.get(1..).unwrap_or(&[]);
            let arg = arg.unwrap_or_default();
            let (left, zero, width, prec) = parse_spec(&spec);
            let body = match conv {
                's' => match prec {
                    Some(p) => arg.chars().take(p).collect(),
                    None => arg,
                },
                'b' => {
                    let (t, s) = escapes(&arg);
                    if s {
                        stop = true;
                    }
                    t
                }
                'c' => arg.chars().next().map(String::from).unwrap_or_default(),
                'd' | 'i' | 'u' | 'x' | 'X' | 'o' => {
                    let v = match parse_int(&arg) {
                        Some(v) => v,
                        None => {
                            io.err(&format!("printf: invalid number '{arg}'\n"));
                            code = 1;
                            0
                        }
                    };
                    match conv {
                        'x' => format!("{v:x}"),
                        'X' => format!("{v:X}"),
                        'o' => format!("{v:o}"),
                        _ => v.to_string(),
                    }
                }
                'f' | 'e' | 'g' => {
                    let v: f64 = arg.trim().parse().unwrap_or(0.0);
                    let p = prec.unwrap_or(6);
                    match conv {
                        'e' => format!("{v:.p$e}"),
                        _ => format!("{v:.p$}"),
                    }
                }
                other => {
                    io.err(&format!("printf: %{other}: invalid format\n"));
                    return 1;
                }
            };
            let pad = width.saturating_sub(body.chars().count());
            if left {
                out.push_str(&body);
                out.push_str(&" ".repeat(pad));
            } else if zero && matches!(conv, 'd' | 'i' | 'u' | 'x' | 'X' | 'o' | 'f') {
                let (sign, digits) = match body.strip_prefix('-') {
                    Some(d) => ("-", d.to_string()),
                    None => ("", body.clone()),
                };
                out.push_str(sign);
                out.push_str(&"0".repeat(pad));
                out.push_str(&digits);
            } else {
                out.push_str(&" ".repeat(pad));
                out.push_str(&body);
            }
            if stop {
                break;
            }
        }
        io.out(&out);
        if stop || rest.is_empty() || rest.len() == used_before {
            break;
        }
    }
    code
}

fn parse_spec(spec: &str) -> (bool, bool, usize, Option<usize>) {
    let left = spec.contains('-');
    let (w, p) = match spec.split_once('.') {
        Some((w, p)) => (w, Some(p.parse().unwrap_or(0))),
        None => (spec, None),
    };
    let digits: String = w.chars().skip_while(|c| "-+ #".contains(*c)).collect();
    let zero = digits.starts_with('0');
    (
        left,
        zero,
        digits.parse().unwrap_or(0).min(4096),
        p.map(|p: usize| p.min(4096)),
    )
}

fn parse_int(s: &str) -> Option<i64> {
    let t = s.trim();
    if t.is_empty() {
        return Some(0);
    }
    if let Some(c) = t.strip_prefix(['\'', '"']) {
        return c.chars().next().map(|c| c as i64);
    }
    let (neg, body) = match t.strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    let v = if let Some(h) = body.strip_prefix("0x").or_else(|| body.strip_prefix("0X")) {
        i64::from_str_radix(h, 16).ok()?
    } else if body.len() > 1 && body.starts_with('0') {
        i64::from_str_radix(body.get(1..)?, 8).ok()?
    } else {
        body.parse().ok()?
    };
    Some(if neg { -v } else { v })
}

fn seq(args: &[String], io: &mut Io) -> i32 {
    let nums: Vec<f64> = match args
        .iter()
        .map(|a| a.parse::<f64>())
        .collect::<Result<_, _>>()
    {
        Ok(v) => v,
        Err(_) => {
            io.err(&format!("seq: invalid number '{}'\n", args.join(" ")));
            return 1;
        }
    };
    let (first, step, last) = match nums.as_slice() {
        [l] => (1.0, 1.0, *l),
        [f, l] => (*f, 1.0, *l),
        [f, s, l] => (*f, *s, *l),
        _ => return usage(io, "seq", "[-w] [-s SEP] [FIRST [INC]] LAST"),
    };
    if step == 0.0 {
        return 0;
    }
    let mut x = first;
    let mut n = 0;
    while (step > 0.0 && x <= last) || (step < 0.0 && x >= last) {
        io.out(&format!("{x}\n"));
        x += step;
        n += 1;
        if n >= 100_000 {
            break;
        }
    }
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_formats() {
        assert_eq!(
            escapes("a\\tb\\n\\x41\\0101\\c rest"),
            ("a\tb\nAA".to_string(), true)
        );
        assert_eq!(parse_int("0x10"), Some(16));
        assert_eq!(parse_int("010"), Some(8));
        assert_eq!(parse_int("'A"), Some(65));
        assert_eq!(
            tr_set("a-c[:digit:]\\n"),
            "abc0123456789\n".chars().collect::<Vec<_>>()
        );
    }
}
