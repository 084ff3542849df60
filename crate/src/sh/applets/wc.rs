//! `wc [-lwcmL] [FILE]...`: newline, word and byte counts (`-m` characters, `-L` the
//! longest line), and a total when there are several inputs. The columns are as wide
//! as GNU makes them (from the inputs' sizes, at least 7 for non-files) or as busybox
//! makes them (9, or no padding for one count of one input).

use super::{read_input, Ctx, Flavour};
use crate::sh::fs::Error;

/// The counts of one input: lines, words, characters, bytes, longest line.
type Counts = [u64; 5];

fn count(data: &[u8]) -> Counts {
    let lines = data.iter().filter(|b| **b == b'\n').count() as u64;
    let words = data
        .split(|b| b" \t\n\x0b\x0c\r".contains(b))
        .filter(|w| !w.is_empty())
        .count() as u64;
    let chars = String::from_utf8_lossy(data).chars().count() as u64;
    let longest = data
        .split(|b| *b == b'\n')
        .map(|l| {
            // Tabs advance to the next multiple of 8, as wc -L counts them.
            let mut w = 0u64;
            for c in String::from_utf8_lossy(l).chars() {
                w = if c == '\t' { (w / 8 + 1) * 8 } else { w + 1 };
            }
            w
        })
        .max()
        .unwrap_or(0);
    [lines, words, chars, data.len() as u64, longest]
}

pub fn wc(args: &[String], cx: &mut Ctx) -> i32 {
    let mut want = [false; 5];
    let mut files = Vec::new();
    let mut done = false;
    for a in args {
        match a.strip_prefix('-') {
            Some(f) if !done && !f.is_empty() => {
                if f == "-" {
                    done = true;
                    continue;
                }
                for c in f.chars() {
                    match c {
                        'l' => want[0] = true,
                        'w' => want[1] = true,
                        'm' => want[2] = true,
                        'c' => want[3] = true,
                        'L' => want[4] = true,
                        _ => {
                            cx.bad_option("wc", c);
                            return 1;
                        }
                    }
                }
            }
            _ => files.push(a.clone()),
        }
    }
    if !want.contains(&true) {
        want = [true, true, false, true, false];
    }
    let columns = want.iter().filter(|w| **w).count();
    let named = !files.is_empty();
    let inputs = super::operands_or_stdin(&files);
    // Read everything first: GNU sizes the columns from all the inputs.
    let mut rows: Vec<(String, Option<Counts>, bool)> = Vec::new();
    let mut code = 0;
    let mut first_failed = false;
    for (k, f) in inputs.iter().enumerate() {
        match read_input(cx, f) {
            Ok(input) => rows.push((f.clone(), Some(count(&input.data)), input.regular)),
            Err(Error::IsDir) => {
                code = 1;
                cx.err(&format!("wc: {f}: Is a directory\n"));
                rows.push((f.clone(), Some([0; 5]), false));
            }
            Err(e) => {
                code = 1;
                first_failed |= k == 0;
                cx.err(&format!("wc: {f}: {}\n", e.reason()));
                rows.push((f.clone(), None, false));
            }
        }
    }
    let mut total = [0u64; 5];
    for (_, c, _) in &rows {
        if let Some(c) = c {
            for (t, v) in total.iter_mut().zip(c) {
                *t += v;
            }
            total[4] = total[4].max(c[4]);
        }
    }
    let width = match cx.flavour {
        Flavour::Gnu if columns == 1 && inputs.len() == 1 => 1,
        Flavour::Gnu if first_failed => 1,
        Flavour::Gnu => {
            let mut min = 1;
            let mut size = 0u64;
            for (_, c, regular) in &rows {
                match c {
                    Some(c) if *regular => size += c[3],
                    Some(_) => min = 7,
                    None => {}
                }
            }
            size.to_string().len().max(min)
        }
        Flavour::Busybox if columns == 1 && files.len() <= 1 => 0,
        Flavour::Busybox => 9,
    };
    let line = |c: &Counts, name: Option<&str>| {
        let cols: Vec<String> = want
            .iter()
            .zip(c)
            .filter(|(w, _)| **w)
            .map(|(_, v)| format!("{v:>width$}"))
            .collect();
        let mut s = cols.join(" ");
        if let Some(n) = name {
            s.push(' ');
            s.push_str(n);
        }
        s.push('\n');
        s
    };
    let mut out = String::new();
    for (name, c, _) in &rows {
        if let Some(c) = c {
            out.push_str(&line(c, named.then_some(name.as_str())));
        }
    }
    if inputs.len() > 1 {
        out.push_str(&line(&total, Some("total")));
    }
    cx.out(&out);
    code
}
