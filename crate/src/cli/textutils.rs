//! The text and file filters a terminal user pipes into: `grep`, `head`, `tail`, `wc`,
//! `sort`, `gzip`, `gunzip`, `sha256sum`, `mv`, `cp`. Each reads its files or standard
//! input and writes standard output, with GNU coreutils' messages.

use super::Ctx;
use crate::regex::regex_match;
use bytes::Bytes;
use std::io::Write;

/// The inputs of a filter: the named host files, or standard input when none.
fn inputs(cx: &mut Ctx, tool: &str, files: &[String]) -> (Vec<(String, Bytes)>, i32) {
    if files.is_empty() || files == ["-"] {
        return (
            vec![("-".to_string(), cx.io.stdin.take().unwrap_or_default())],
            0,
        );
    }
    let mut out = Vec::new();
    let mut code = 0;
    for f in files {
        match cx.host.read(f) {
            Ok(b) => out.push((f.clone(), b)),
            Err(e) => {
                cx.io.err(&format!("{tool}: {f}: {}\n", e.reason()));
                code = if tool == "grep" { 2 } else { 1 };
            }
        }
    }
    (out, code)
}

/// Lines without their terminators; a last line without a newline still counts.
fn lines(data: &[u8]) -> Vec<&[u8]> {
    let mut v: Vec<&[u8]> = data.split(|&b| b == b'\n').collect();
    if v.last().is_some_and(|l| l.is_empty()) {
        v.pop();
    }
    v
}

fn count_arg(tool: &str, v: &str) -> Result<usize, String> {
    v.trim_start_matches('+')
        .parse()
        .map_err(|_| format!("{tool}: invalid number of lines: '{v}'\n"))
}

/// Parses `-n N`, `-nN`, `-N` and `--lines=N` for head and tail.
fn line_count(tool: &str, args: &[String]) -> Result<(usize, Vec<String>), String> {
    let mut n = 10;
    let mut files = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        if a == "-n" {
            let v = args
                .get(i + 1)
                .ok_or(format!("{tool}: option requires an argument -- 'n'\n"))?;
            n = count_arg(tool, v)?;
            i += 1;
        } else if let Some(v) = a.strip_prefix("-n").or_else(|| a.strip_prefix("--lines=")) {
            n = count_arg(tool, v)?;
        } else if a.len() > 1 && a.starts_with('-') && a[1..].bytes().all(|c| c.is_ascii_digit()) {
            n = count_arg(tool, &a[1..])?;
        } else if a.starts_with('-') && a != "-" {
            return Err(format!(
                "{tool}: invalid option -- '{}'\n",
                a.trim_start_matches('-')
            ));
        } else {
            files.push(a.clone());
        }
        i += 1;
    }
    Ok((n, files))
}

pub fn head_tail(cx: &mut Ctx, tool: &str, args: &[String]) -> i32 {
    let (n, files) = match line_count(tool, args) {
        Ok(x) => x,
        Err(e) => {
            cx.io.err(&e);
            return 1;
        }
    };
    let (ins, code) = inputs(cx, tool, &files);
    let many = ins.len() > 1;
    for (k, (name, data)) in ins.iter().enumerate() {
        if many {
            cx.io.out(&format!(
                "{}==> {name} <==\n",
                if k > 0 { "\n" } else { "" }
            ));
        }
        let ls = lines(data);
        let picked = if tool == "head" {
            &ls[..n.min(ls.len())]
        } else {
            &ls[ls.len().saturating_sub(n)..]
        };
        for l in picked {
            cx.io.stdout.extend_from_slice(l);
            cx.io.stdout.push(b'\n');
        }
    }
    code
}

pub fn wc(cx: &mut Ctx, args: &[String]) -> i32 {
    let mut want = (false, false, false);
    let mut files = Vec::new();
    for a in args {
        match a.as_str() {
            "-l" | "--lines" => want.0 = true,
            "-w" | "--words" => want.1 = true,
            "-c" | "--bytes" => want.2 = true,
            s if s.starts_with('-') && s.len() > 1 => {
                for c in s[1..].chars() {
                    match c {
                        'l' => want.0 = true,
                        'w' => want.1 = true,
                        'c' => want.2 = true,
                        _ => {
                            cx.io.err(&format!("wc: invalid option -- '{c}'\n"));
                            return 1;
                        }
                    }
                }
            }
            _ => files.push(a.clone()),
        }
    }
    if want == (false, false, false) {
        want = (true, true, true);
    }
    let (ins, code) = inputs(cx, "wc", &files);
    let mut rows = Vec::new();
    let mut total = (0, 0, 0);
    for (name, data) in &ins {
        let l = data.iter().filter(|&&b| b == b'\n').count();
        let w = data
            .split(|b| b.is_ascii_whitespace())
            .filter(|s| !s.is_empty())
            .count();
        let c = data.len();
        total = (total.0 + l, total.1 + w, total.2 + c);
        rows.push((name.clone(), (l, w, c)));
    }
    if rows.len() > 1 {
        rows.push(("total".to_string(), total));
    }
    let fields = |v: (usize, usize, usize)| {
        let mut f = Vec::new();
        if want.0 {
            f.push(v.0);
        }
        if want.1 {
            f.push(v.1);
        }
        if want.2 {
            f.push(v.2);
        }
        f
    };
    // GNU wc pads to the width of the largest number when more than one column or file.
    let single = rows.len() == 1 && fields((0, 0, 0)).len() == 1;
    let width = if single {
        0
    } else {
        total.2.max(total.0).max(total.1).to_string().len()
    };
    for (name, v) in rows {
        let cols: Vec<String> = fields(v).iter().map(|x| format!("{x:>width$}")).collect();
        let label = if name == "-" {
            String::new()
        } else {
            format!(" {name}")
        };
        cx.io.out(&format!("{}{label}\n", cols.join(" ")));
    }
    code
}

pub fn sort(cx: &mut Ctx, args: &[String]) -> i32 {
    let (mut rev, mut num, mut uniq) = (false, false, false);
    let mut files = Vec::new();
    for a in args {
        if a.starts_with('-') && a.len() > 1 {
            for c in a[1..].chars() {
                match c {
                    'r' => rev = true,
                    'n' => num = true,
                    'u' => uniq = true,
                    _ => {
                        cx.io.err(&format!("sort: invalid option -- '{c}'\n"));
                        return 2;
                    }
                }
            }
        } else {
            files.push(a.clone());
        }
    }
    let (ins, code) = inputs(cx, "sort", &files);
    let mut all: Vec<Vec<u8>> = ins
        .iter()
        .flat_map(|(_, d)| lines(d).into_iter().map(<[u8]>::to_vec))
        .collect();
    let key = |l: &[u8]| -> f64 {
        let s = String::from_utf8_lossy(l);
        let t = s.trim_start();
        let end = t
            .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-'))
            .unwrap_or(t.len());
        t[..end].parse().unwrap_or(0.0)
    };
    if num {
        all.sort_by(|a, b| {
            key(a)
                .partial_cmp(&key(b))
                .unwrap_or(std::cmp::Ordering::Equal)
                .then(a.cmp(b))
        });
    } else {
        all.sort();
    }
    if uniq {
        all.dedup();
    }
    if rev {
        all.reverse();
    }
    for l in all {
        cx.io.stdout.extend_from_slice(&l);
        cx.io.stdout.push(b'\n');
    }
    code
}

pub fn sha256sum(cx: &mut Ctx, args: &[String]) -> i32 {
    let files: Vec<String> = args
        .iter()
        .filter(|a| !a.starts_with('-') || *a == "-")
        .cloned()
        .collect();
    let (ins, code) = inputs(cx, "sha256sum", &files);
    for (name, data) in ins {
        cx.io.out(&format!(
            "{}  {name}\n",
            crate::digest::Digest::of(&data).hex()
        ));
    }
    code
}

pub fn gzip(cx: &mut Ctx, tool: &str, args: &[String]) -> i32 {
    let mut decompress = tool == "gunzip";
    let mut to_stdout = false;
    let mut keep = false;
    let mut level = flate2::Compression::default();
    let mut files = Vec::new();
    for a in args {
        match a.as_str() {
            "--fast" => level = flate2::Compression::fast(),
            "--best" => level = flate2::Compression::best(),
            "-d" | "--decompress" => decompress = true,
            "-c" | "--stdout" => to_stdout = true,
            "-k" | "--keep" => keep = true,
            "-f" | "-q" => {}
            s if s.starts_with('-') && s.len() > 1 && s != "-" => {
                for c in s[1..].chars() {
                    match c {
                        'd' => decompress = true,
                        'c' => to_stdout = true,
                        'k' => keep = true,
                        'f' | 'q' => {}
                        '1'..='9' => level = flate2::Compression::new(c as u32 - '0' as u32),
                        _ => {
                            cx.io.err(&format!("{tool}: invalid option -- '{c}'\n"));
                            return 1;
                        }
                    }
                }
            }
            _ => files.push(a.clone()),
        }
    }
    let from_stdin = files.is_empty() || files == ["-"];
    if from_stdin && cx.io.stdin.is_none() && cx.io.stdout_is_terminal && !decompress {
        cx.io.err(&format!(
            "{tool}: compressed data not written to a terminal. Use -f to force compression.\n"
        ));
        return 1;
    }
    let (ins, mut code) = inputs(cx, tool, &files);
    for (name, data) in ins {
        let result = if decompress {
            crate::compress::decompress_all(data.clone(), &name, crate::archive::MAX_ARCHIVE)
                .map_err(|e| format!("{tool}: {name}: not in gzip format ({e})\n"))
        } else {
            let mut e = flate2::write::GzEncoder::new(Vec::new(), level);
            let _ = e.write_all(&data);
            e.finish().map_err(|e| format!("{tool}: {name}: {e}\n"))
        };
        let out = match result {
            Ok(o) => o,
            Err(msg) => {
                cx.io.err(&msg);
                code = 1;
                continue;
            }
        };
        if name == "-" || to_stdout {
            cx.io.stdout.extend_from_slice(&out);
            continue;
        }
        let target = if decompress {
            match name
                .strip_suffix(".gz")
                .or_else(|| name.strip_suffix(".tgz"))
            {
                Some(stem) if name.ends_with(".tgz") => format!("{stem}.tar"),
                Some(stem) => stem.to_string(),
                None => {
                    cx.io
                        .err(&format!("{tool}: {name}: unknown suffix -- ignored\n"));
                    code = 2;
                    continue;
                }
            }
        } else {
            format!("{name}.gz")
        };
        if let Err(e) = cx.host.write(&target, Bytes::from(out)) {
            cx.io.err(&format!("{tool}: {target}: {}\n", e.reason()));
            code = 1;
            continue;
        }
        if !keep {
            let _ = cx.host.remove(&name);
        }
    }
    code
}

/// `cp SRC DST` and `mv SRC DST` between host files.
pub fn copy_move(cx: &mut Ctx, tool: &str, args: &[String]) -> i32 {
    let names: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
    if names.len() < 2 {
        let what = if names.is_empty() {
            "missing file operand".to_string()
        } else {
            format!("missing destination file operand after '{}'", names[0])
        };
        cx.io.err(&format!(
            "{tool}: {what}\nTry '{tool} --help' for more information.\n"
        ));
        return 1;
    }
    if names.len() > 2 {
        cx.io.err(&format!(
            "{tool}: target '{}': Not a directory\n",
            names[names.len() - 1]
        ));
        return 1;
    }
    let (src, dst) = (names[0], names[1]);
    let data = match cx.host.read(src) {
        Ok(d) => d,
        Err(e) => {
            let verb = if tool == "mv" {
                "cannot stat"
            } else {
                "cannot stat"
            };
            cx.io
                .err(&format!("{tool}: {verb} '{src}': {}\n", e.reason()));
            return 1;
        }
    };
    if let Err(e) = cx.host.write(dst, data) {
        cx.io.err(&format!(
            "{tool}: cannot create regular file '{dst}': {}\n",
            e.reason()
        ));
        return 1;
    }
    if tool == "mv" && crate::host::clean(src) != crate::host::clean(dst) {
        let _ = cx.host.remove(src);
    }
    0
}

pub fn grep(cx: &mut Ctx, args: &[String]) -> i32 {
    let (mut invert, mut icase, mut count, mut number, mut quiet) =
        (false, false, false, false, false);
    let mut pattern: Option<String> = None;
    let mut files = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        if a == "-e" {
            pattern = args.get(i + 1).cloned();
            i += 2;
            continue;
        }
        if a.starts_with('-') && a.len() > 1 && pattern.is_none()
            || (a.starts_with('-') && a.len() > 1 && !files.is_empty())
        {
            for c in a[1..].chars() {
                match c {
                    'v' => invert = true,
                    'i' => icase = true,
                    'c' => count = true,
                    'n' => number = true,
                    'q' => quiet = true,
                    'E' | 'F' | 'G' => {}
                    _ => {
                        cx.io.err(&format!("grep: invalid option -- '{c}'\nUsage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n"));
                        return 2;
                    }
                }
            }
        } else if pattern.is_none() {
            pattern = Some(a.clone());
        } else {
            files.push(a.clone());
        }
        i += 1;
    }
    let Some(pattern) = pattern else {
        cx.io.err(
            "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n",
        );
        return 2;
    };
    let pattern = if icase {
        pattern.to_lowercase()
    } else {
        pattern
    };
    let (ins, err_code) = inputs(cx, "grep", &files);
    let many = ins.len() > 1;
    let mut matched = false;
    for (name, data) in ins {
        let mut n = 0;
        for (k, l) in lines(&data).iter().enumerate() {
            let text = String::from_utf8_lossy(l);
            let hay = if icase {
                text.to_lowercase()
            } else {
                text.to_string()
            };
            if regex_match(&pattern, &hay) != invert {
                n += 1;
                matched = true;
                if quiet || count {
                    continue;
                }
                let prefix = if many {
                    format!("{name}:")
                } else {
                    String::new()
                };
                let num = if number {
                    format!("{}:", k + 1)
                } else {
                    String::new()
                };
                cx.io.out(&format!("{prefix}{num}{text}\n"));
            }
        }
        if count && !quiet {
            let prefix = if many {
                format!("{name}:")
            } else {
                String::new()
            };
            cx.io.out(&format!("{prefix}{n}\n"));
        }
    }
    if err_code != 0 && !matched {
        return 2;
    }
    if matched {
        0
    } else {
        1
    }
}

#[cfg(test)]
mod tests {
    use crate::regex::regex_match;

    #[test]
    fn regex_subset() {
        assert!(regex_match("nginx", "docker.io/nginx:1"));
        assert!(regex_match("^REPO", "REPOSITORY  TAG"));
        assert!(!regex_match("^TAG", "REPOSITORY  TAG"));
        assert!(regex_match("1\\.16$", "nginx:1.16"));
        assert!(regex_match("a.*c", "abbbc"));
        assert!(regex_match("[0-9]+MB", "size 133MB"));
        assert!(!regex_match("[^a-z]", "abc"));
        assert!(regex_match("colou?r", "color"));
        assert!(regex_match("", "anything"));
    }
}
