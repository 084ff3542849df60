//! The commands both shells run, each written once: the host command line calls them
//! with the host's files and [`Flavour::Gnu`] (GNU coreutils' and GNU grep's messages
//! and formats), the shell inside containers with the container's rootfs and
//! [`Flavour::Busybox`]. Where the two programs print differently, the flavour picks
//! the text; the logic is shared.

pub mod cat;
pub mod civil;
pub mod cp;
pub mod echo;
pub mod find;
pub mod grep;
pub mod head;
pub mod ls;
pub mod mkdir;
pub mod mode;
pub mod path;
pub mod printf;
pub mod rm;
pub mod seq;
pub mod sort;
pub mod tail;
pub mod tr;
pub mod uniq;
pub mod wc;

use super::fs::{Error, Fs};
use bytes::Bytes;

/// Whose behaviour an applet imitates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flavour {
    /// GNU coreutils 9 and GNU grep 3 (the host command line).
    Gnu,
    /// busybox 1.36 (inside containers).
    Busybox,
}

/// Where an applet writes.
pub trait Sink {
    fn out(&mut self, data: &[u8]);
    /// Writes bytes the sink may keep without copying (`cat` of a large file).
    fn out_bytes(&mut self, data: Bytes) {
        self.out(&data);
    }
    fn err(&mut self, data: &[u8]);
}

/// What an applet runs with: its standard input, its output streams, the files it may
/// name, and whose messages to print.
pub struct Ctx<'a> {
    pub stdin: Bytes,
    /// True when standard input is a regular file (`< FILE`): GNU `wc` sizes its columns
    /// from the file's size then.
    pub stdin_is_file: bool,
    pub io: &'a mut dyn Sink,
    pub fs: &'a mut dyn Fs,
    pub flavour: Flavour,
    /// Standard output is a terminal (`docker run -t`): `ls` prints columns.
    pub tty: bool,
    /// Seconds since the epoch (`ls -l` dates).
    pub now: u64,
}

impl Ctx<'_> {
    pub fn out(&mut self, s: &str) {
        self.io.out(s.as_bytes());
    }

    pub fn err(&mut self, s: &str) {
        self.io.err(s.as_bytes());
    }

    /// Standard input, once (a second read gets nothing, as from a drained pipe).
    pub fn take_stdin(&mut self) -> Bytes {
        std::mem::take(&mut self.stdin)
    }

    pub fn gnu(&self) -> bool {
        self.flavour == Flavour::Gnu
    }

    /// `TOOL: invalid option -- 'c'` and GNU's hint, or busybox's line.
    pub fn bad_option(&mut self, tool: &str, c: char) {
        let msg = match self.flavour {
            Flavour::Gnu => format!(
                "{tool}: invalid option -- '{c}'\nTry '{tool} --help' for more information.\n"
            ),
            Flavour::Busybox => format!("{tool}: unrecognized option: {c}\n"),
        };
        self.err(&msg);
    }

    /// A missing operand: GNU's `TOOL: WHAT` and its hint (`WHAT` is usually `missing
    /// operand`), or busybox's `Usage: TOOL SYNOPSIS`. Returns the status, 1.
    pub fn usage(&mut self, tool: &str, synopsis: &str, what: &str) -> i32 {
        let msg = match self.flavour {
            Flavour::Gnu => {
                format!("{tool}: {what}\nTry '{tool} --help' for more information.\n")
            }
            Flavour::Busybox => format!("Usage: {tool} {synopsis}\n"),
        };
        self.err(&msg);
        1
    }

    /// `TOOL: option requires an argument -- 'c'`, and GNU's hint.
    pub fn missing_argument(&mut self, tool: &str, c: char) {
        let mut msg = format!("{tool}: option requires an argument -- '{c}'\n");
        if self.gnu() {
            msg.push_str(&format!("Try '{tool} --help' for more information.\n"));
        }
        self.err(&msg);
    }
}

/// One input of a filter: its name (`-` for standard input) and its bytes.
pub struct Input {
    pub name: String,
    pub data: Bytes,
    /// Whether the input is a regular file (GNU `wc`'s column widths use it).
    pub regular: bool,
}

/// Reads an input: the file, or standard input for `-`.
pub fn read_input(cx: &mut Ctx, name: &str) -> Result<Input, Error> {
    if name == "-" {
        return Ok(Input {
            name: "-".into(),
            data: cx.take_stdin(),
            regular: cx.stdin_is_file,
        });
    }
    let data = cx.fs.read(name)?;
    Ok(Input {
        name: name.to_string(),
        data,
        regular: true,
    })
}

/// The operands, or `-` (standard input) when there are none.
pub fn operands_or_stdin(files: &[String]) -> Vec<String> {
    if files.is_empty() {
        vec!["-".to_string()]
    } else {
        files.to_vec()
    }
}

/// Lines with their terminators (the last may lack one).
pub fn lines_with_ends(data: &[u8]) -> Vec<&[u8]> {
    data.split_inclusive(|b| *b == b'\n').collect()
}

/// Lines without their terminators; a last line without a newline still counts.
pub fn lines(data: &[u8]) -> Vec<&[u8]> {
    let mut v: Vec<&[u8]> = data.split(|&b| b == b'\n').collect();
    if v.last().is_some_and(|l| l.is_empty()) {
        v.pop();
    }
    v
}

/// A `-n`-style count: digits with an optional sign; `None` when not a number.
pub fn parse_count(v: &str) -> Option<(char, u64)> {
    let (sign, digits) = match v.chars().next() {
        Some(s @ ('+' | '-')) => (s, v.get(1..).unwrap_or("")),
        _ => (' ', v),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // Counts past u64 saturate, as GNU treats them as "everything".
    Some((sign, digits.parse().unwrap_or(u64::MAX)))
}

/// An applet's flags and operands split GNU-style (options may follow operands; `--`
/// ends them). `with_value` lists the letters that take a value (`-n 5`, `-n5`).
pub enum Arg {
    Flag(char),
    Value(char, String),
    Operand(String),
}

/// Splits `args`; `Err(c)` for a flag letter missing its value.
pub fn parse_args(args: &[String], with_value: &str) -> Result<Vec<Arg>, char> {
    let mut out = Vec::new();
    let mut i = 0;
    let mut done = false;
    while let Some(a) = args.get(i) {
        i += 1;
        if done || a == "-" || !a.starts_with('-') {
            out.push(Arg::Operand(a.clone()));
            continue;
        }
        if a == "--" {
            done = true;
            continue;
        }
        let letters: Vec<char> = a.chars().skip(1).collect();
        let mut k = 0;
        while let Some(&c) = letters.get(k) {
            k += 1;
            if with_value.contains(c) {
                let rest: String = letters.get(k..).unwrap_or(&[]).iter().collect();
                let value = if !rest.is_empty() {
                    rest
                } else if let Some(v) = args.get(i) {
                    i += 1;
                    v.clone()
                } else {
                    return Err(c);
                };
                out.push(Arg::Value(c, value));
                break;
            }
            out.push(Arg::Flag(c));
        }
    }
    Ok(out)
}
