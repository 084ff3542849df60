//! `layerlab --host DIR [--now RFC3339]`: reads command lines from standard input, runs
//! them in one session, and prints what the terminal would show. Exit status 0 when every
//! line succeeded, else 1.

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
use layerlab::{host::DirHost, time::Timestamp, Session};
#[cfg(not(target_arch = "wasm32"))]
use std::io::{BufRead, Write};

#[cfg(not(target_arch = "wasm32"))]
const USAGE: &str = "usage: layerlab --host DIR [--now RFC3339] < commands";

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    let mut host_dir = None;
    let mut now = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--host" => host_dir = args.next(),
            "--now" => match args.next().as_deref().and_then(Timestamp::parse_rfc3339) {
                Some(t) => now = Some(t),
                None => fail("--now takes an RFC 3339 time such as 2024-01-01T00:00:00Z"),
            },
            "-h" | "--help" => {
                println!("{USAGE}");
                return;
            }
            other => fail(&format!("unknown argument {other:?}\n{USAGE}")),
        }
    }
    let Some(dir) = host_dir else { fail(USAGE) };
    if !std::path::Path::new(&dir).is_dir() {
        fail(&format!("--host {dir}: not a directory"));
    }
    let mut session = Session::new(Box::new(DirHost::new(dir)));
    let stdin = std::io::stdin();
    let mut stdout = std::io::stdout().lock();
    let mut stderr = std::io::stderr().lock();
    let mut all_ok = true;
    for line in stdin.lock().lines() {
        let Ok(line) = line else { break };
        session.set_now(now.unwrap_or_else(wall_clock));
        let out = session.run(&line);
        let _ = stdout.write_all(&out.stdout);
        let _ = stdout.flush();
        let _ = stderr.write_all(&out.stderr);
        if out.code != 0 {
            all_ok = false;
        }
    }
    std::process::exit(if all_ok { 0 } else { 1 });
}

#[cfg(not(target_arch = "wasm32"))]
fn wall_clock() -> Timestamp {
    let d = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    Timestamp(d.as_nanos() as i128)
}

#[cfg(not(target_arch = "wasm32"))]
fn fail(msg: &str) -> ! {
    eprintln!("layerlab: {msg}");
    std::process::exit(2);
}
