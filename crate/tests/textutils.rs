//! The text utilities against the real programs: every command line of
//! `textutils/cases.rs` runs on the host command line (expecting what GNU coreutils 9.1
//! and GNU grep 3.8 print) and inside a busybox container (expecting what busybox 1.35
//! prints). The expectations were recorded by running the real tools (`textutils/gen.py`,
//! `LC_ALL=C`), not written by hand.

use bytes::Bytes;
use layerlab::host::{Host, MemHost};
use layerlab::Session;

pub struct Case {
    pub cmd: &'static str,
    pub gnu: (&'static str, &'static str, i32),
    pub busybox: (&'static str, &'static str, i32),
}

mod cases {
    use super::Case;
    include!("textutils/cases.rs");
}
use cases::{CASES, FILES};

fn host_session() -> Session {
    let mut host = MemHost::new();
    for (name, data) in FILES {
        host.write(name, Bytes::from_static(data.as_bytes()))
            .expect("fixture");
    }
    Session::new(Box::new(host))
}

#[test]
fn host_command_line_prints_what_gnu_prints() {
    let mut failures = Vec::new();
    for case in CASES {
        let mut s = host_session();
        let o = s.run(case.cmd);
        let got = (o.stdout_text(), o.stderr_text(), o.code);
        let want = (case.gnu.0.to_string(), case.gnu.1.to_string(), case.gnu.2);
        if got != want {
            failures.push(format!("{}\n  got  {got:?}\n  want {want:?}", case.cmd));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// `'...'` quoting for the host command line.
fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

/// The shell commands that write the fixture files in the container's `/w`.
fn setup_script() -> String {
    // The demo busybox image has every applet the cases use, as the real one does.
    let mut s = String::from("mkdir -p /w/d && cd /w");
    for (name, data) in FILES {
        s.push_str(&format!(
            " && printf {} > {name}",
            quote(&data.replace('\n', "\\n"))
        ));
    }
    s
}

#[test]
fn busybox_container_prints_what_busybox_prints() {
    let mut s = Session::new(Box::new(MemHost::new()));
    let o = s.run("docker pull busybox");
    assert_eq!(o.code, 0, "{}", o.stderr_text());
    let mut failures = Vec::new();
    for case in CASES {
        let script = format!("{} && {}", setup_script(), case.cmd);
        let o = s.run(&format!("docker run --rm busybox sh -c {}", quote(&script)));
        let got = (o.stdout_text(), o.stderr_text(), o.code);
        let want = (
            case.busybox.0.to_string(),
            case.busybox.1.to_string(),
            case.busybox.2,
        );
        if got != want {
            failures.push(format!("{}\n  got  {got:?}\n  want {want:?}", case.cmd));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
