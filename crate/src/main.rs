//! `layerlab --host DIR [--now RFC3339] [--lang en|zh] [--memory-limit SIZE] [--tty|--no-tty]
//! [--docker 28|29] [--network [--registry-mirror URL]... [--insecure-registry HOST]...]`: reads command lines
//! from standard input, runs them in one session, and prints what they print. Exit status 0
//! when every line succeeded, else 1 (2 for a bad argument). Without `--network`, registries
//! are the session's simulated ones. Commands print as Docker's do when their standard
//! output is a terminal or not, as this process's is; `--tty` and `--no-tty` say which (a
//! terminal is `$COLUMNS` wide, else 80). `--docker` says which Docker the session answers as
//! (see `layerlab::engine`): 29, as a fresh install has it, unless told 28.

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
use layerlab::{host::DirHost, time::Timestamp, Session};
#[cfg(not(target_arch = "wasm32"))]
use std::io::{BufRead, Write};

#[cfg(not(target_arch = "wasm32"))]
const USAGE: &str = "usage: layerlab --host DIR [--now RFC3339] [--lang en|zh] [--memory-limit SIZE] [--tty|--no-tty] [--docker 29|28] [--network [--registry-mirror URL]... [--insecure-registry HOST]...] < commands";

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    let mut host_dir = None;
    let mut now = None;
    let mut lang = layerlab::cli::Lang::En;
    let mut memory_limit = None;
    let mut network = false;
    let mut engine = layerlab::engine::Engine::Docker29;
    let mut terminal = std::io::IsTerminal::is_terminal(&std::io::stdout());
    let mut net_config = layerlab::registry::network::NetworkConfig::default();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--host" => host_dir = args.next(),
            "--now" => match args.next().as_deref().and_then(Timestamp::parse_rfc3339) {
                Some(t) => now = Some(t),
                None => fail("--now takes an RFC 3339 time such as 2024-01-01T00:00:00Z"),
            },
            "--lang" => lang = layerlab::cli::Lang::parse(&args.next().unwrap_or_default()),
            "--memory-limit" => {
                match args
                    .next()
                    .as_deref()
                    .and_then(layerlab::budget::parse_size)
                {
                    Some(n) => memory_limit = Some(n),
                    None => fail(
                        "--memory-limit takes a size such as 512MiB, 2GiB, 1g or a number of bytes",
                    ),
                }
            }
            "--docker" => match args
                .next()
                .as_deref()
                .and_then(layerlab::engine::Engine::parse)
            {
                Some(e) => engine = e,
                None => fail("--docker takes 28 or 29"),
            },
            "--tty" => terminal = true,
            "--no-tty" => terminal = false,
            "--network" => network = true,
            "--registry-mirror" => match args.next() {
                Some(u) if u.starts_with("http://") || u.starts_with("https://") => {
                    net_config.mirrors.push(u)
                }
                _ => fail("--registry-mirror takes a URL such as http://127.0.0.1:5000"),
            },
            "--insecure-registry" => match args.next() {
                Some(h) if !h.is_empty() => net_config.insecure.push(h),
                _ => fail("--insecure-registry takes a host such as registry.example:5000"),
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
    session.set_lang(lang);
    session.set_terminal(terminal);
    session.set_engine(engine);
    if let Some(n) = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<u16>().ok())
        .filter(|&n| n > 0)
    {
        session.set_columns(n);
    }
    if let Some(n) = memory_limit {
        session.set_memory_limit(n);
    }
    if network {
        session.set_network(layerlab::registry::network::Network::new(
            Box::new(layerlab::net_native::NativeTransport::new()),
            net_config,
        ));
    } else if !net_config.mirrors.is_empty() || !net_config.insecure.is_empty() {
        fail("--registry-mirror and --insecure-registry need --network");
    }
    let mut all_ok = true;
    // Lines typed while a container holds the terminal wait until it lets go, as a
    // terminal's type-ahead does.
    let mut queued: std::collections::VecDeque<String> = Default::default();
    let mut input = std::io::stdin().lock().lines();
    loop {
        let line = match queued.pop_front() {
            Some(l) => Some(l),
            None => input.next().and_then(Result::ok),
        };
        let held = session.is_running();
        let code = match line.as_deref() {
            // The end of input is Ctrl-D: it leaves a container's shell (one per end of
            // input, so the shells are left one by one) and ends the session otherwise.
            None if session.awaiting_answer() && !held => {
                session.eof();
                drive(&mut session, now)
            }
            None => break,
            // A line `^C` (or the character itself) is Ctrl-C, `^D` is Ctrl-D, as the
            // page's keys.
            Some("^C" | "\u{3}") => {
                if session.interrupt() {
                    drive(&mut session, now)
                } else {
                    print(&session.take_output())
                }
            }
            Some("^D" | "\u{4}") => {
                session.eof();
                drive(&mut session, now)
            }
            Some("^P^Q" | "\u{10}\u{11}") => {
                session.detach();
                drive(&mut session, now)
            }
            Some(l) if held => {
                queued.push_back(l.to_string());
                if queued.len() > 1 {
                    // Nothing will let go of the terminal: stop reading.
                    break;
                }
                continue;
            }
            Some(l) => {
                // A fixed clock only moves forward (a foreground `sleep` moved it).
                session.set_now(match now {
                    Some(t) => t.max(session.now()),
                    None => wall_clock(),
                });
                session.start(l);
                drive(&mut session, now)
            }
        };
        if code != 0 {
            all_ok = false;
        }
    }
    std::process::exit(if all_ok { 0 } else { 1 });
}

/// Runs the line to its end, or until it is held by a container or waits for input;
/// prints what it printed and returns its status (0 while it is held).
#[cfg(not(target_arch = "wasm32"))]
fn drive(session: &mut Session, fixed: Option<Timestamp>) -> i32 {
    use layerlab::cli::Wait;
    while !session.poll(usize::MAX) {
        match session.waiting() {
            Wait::Busy => {}
            Wait::Until(t) => match fixed {
                // A fixed clock jumps to the time waited for.
                Some(_) => session.set_now(t),
                None => {
                    let now = wall_clock();
                    if t.0 > now.0 {
                        let ns = (t.0 - now.0).min(1_000_000_000) as u64;
                        std::thread::sleep(std::time::Duration::from_nanos(ns));
                    }
                    session.set_now(wall_clock());
                }
            },
            Wait::Signal => break,
        }
        // What a held container prints is shown as it comes.
        print(&session.take_output());
    }
    print(&session.take_output())
}

/// Writes a line's output; returns its status.
#[cfg(not(target_arch = "wasm32"))]
fn print(out: &layerlab::Output) -> i32 {
    let mut stdout = std::io::stdout().lock();
    let mut stderr = std::io::stderr().lock();
    for (err, bytes) in out.runs() {
        if err {
            let _ = stderr.write_all(bytes);
            let _ = stderr.flush();
        } else {
            let _ = stdout.write_all(bytes);
            let _ = stdout.flush();
        }
    }
    out.code
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
