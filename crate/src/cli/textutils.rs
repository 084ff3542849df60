//! The host-only file filters: `gzip`, `gunzip`, `sha256sum`, `mv`, `cp`. Each reads its
//! files or standard input and writes standard output, with GNU coreutils' messages.
//! (`grep`, `head`, `tail`, `wc`, `sort` and `cat` are the shared `crate::sh::applets`.)

use super::{CmdJob, Ctx, Exec};
use crate::content::Blob;
use crate::digest::Hasher;
use crate::job::{HashOffload, Progress};
use bytes::Bytes;
use std::collections::VecDeque;
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
        let read = crate::sh::fs::Fs::read(&cx.files(), f);
        match read {
            Ok(b) => out.push((f.clone(), b)),
            Err(e) => {
                cx.io.err(&format!("{tool}: {f}: {}\n", e.reason()));
                code = 1;
            }
        }
    }
    (out, code)
}

pub fn sha256sum(cx: &mut Ctx, args: &[String]) -> Exec {
    let files: Vec<String> = args
        .iter()
        .filter(|a| !a.starts_with('-') || *a == "-")
        .cloned()
        .collect();
    if files.is_empty() || files == ["-"] {
        let data = cx.io.stdin.take().unwrap_or_default();
        cx.io
            .out(&format!("{}  -\n", crate::digest::Digest::of(&data).hex()));
        return Exec::Done(0);
    }
    let view = cx.files();
    let inputs: Vec<_> = files
        .into_iter()
        .map(|f| {
            // A host file is hashed as a stream: it may be larger than memory holds.
            let blob = match view.blob(&f) {
                Some(blob) => blob,
                None => crate::sh::fs::Fs::read(&view, &f).map(Blob::from),
            };
            (f, blob)
        })
        .collect();
    drop(view);
    let total = inputs
        .iter()
        .filter_map(|(_, b)| b.as_ref().ok())
        .map(Blob::len)
        .sum();
    Exec::Job(Box::new(Sha256Sum {
        inputs: inputs.into(),
        current: None,
        code: 0,
        done: 0,
        total,
    }))
}

/// `sha256sum FILE...`: each file hashed front to back, about a budget's worth of bytes per
/// step, so that a file of gigabytes is neither held nor hashed in one long call (the page
/// stays responsive and Cancel works). Each line is printed when its file is done.
struct Sha256Sum {
    inputs: VecDeque<(String, crate::sh::fs::Result<Blob>)>,
    /// The file being hashed, its blob, the hash so far and how far it got.
    current: Option<(String, Blob, Hasher, u64)>,
    code: i32,
    done: u64,
    total: u64,
}

impl HashOffload for Sha256Sum {}

impl CmdJob for Sha256Sum {
    fn step(&mut self, cx: &mut Ctx, budget: usize) -> Option<i32> {
        let mut left = budget as u64;
        loop {
            let Some((name, blob, hasher, at)) = &mut self.current else {
                match self.inputs.pop_front() {
                    None => return Some(self.code),
                    Some((name, Ok(blob))) => self.current = Some((name, blob, Hasher::new(), 0)),
                    Some((name, Err(e))) => {
                        cx.io.err(&format!("sha256sum: {name}: {}\n", e.reason()));
                        self.code = 1;
                    }
                }
                continue;
            };
            if *at < blob.len() {
                if left == 0 {
                    return None;
                }
                // At most what the blob's own reader asks for at a time.
                match blob.read(*at..*at + left.min(crate::content::CHUNK)) {
                    Ok(chunk) => {
                        hasher.update(&chunk);
                        *at += chunk.len() as u64;
                        self.done += chunk.len() as u64;
                        left = left.saturating_sub(chunk.len() as u64);
                    }
                    Err(e) => {
                        cx.io.err(&format!("sha256sum: {name}: {e}\n"));
                        self.code = 1;
                        self.current = None;
                    }
                }
                continue;
            }
            if let Some((name, _, hasher, _)) = self.current.take() {
                cx.io.out(&format!("{}  {name}\n", hasher.finish().hex()));
            }
        }
    }

    fn progress(&self) -> Progress {
        Progress {
            label: "Hashing",
            done: self.done,
            total: self.total,
        }
    }
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
            crate::compress::decompress_all(data.clone(), &name, cx.memory, None).map_err(|e| {
                match e {
                    crate::error::Error::Memory(e) => format!("{tool}: {e}\n"),
                    e => format!("{tool}: {name}: not in gzip format ({e})\n"),
                }
            })
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
