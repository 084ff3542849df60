//! The session: one interpreter for every front end. It takes a line as typed, runs it
//! against the store and the host files, and returns stdout, stderr and an exit status.
//! Long commands run as jobs in budgeted steps (`start`, then `poll` until done).

pub mod docker;
pub mod flags;

mod builtins;
pub mod complete;
pub mod hostview;
mod runner;
mod textutils;

use crate::fs::Snapshots;
use crate::host::Host;
use crate::job::{HashOffload, Progress};
use crate::registry::Registries;
use crate::sh::interp::{Dialect, Interp, Poll};
use crate::sh::parse::{self, Script};
use crate::store::Store;
pub use crate::stream::Output;
use crate::time::Timestamp;
use bytes::Bytes;
use runner::HostRunner;
use std::cell::{RefCell, RefMut};

pub use crate::sh::interp::Io;

impl Ctx<'_> {
    /// The host's files as commands see them, Docker's data root included.
    pub fn files(&mut self) -> hostview::HostView<'_> {
        hostview::HostView::new(
            &mut *self.host,
            &*self.store,
            &*self.containers,
            &mut *self.snapshots,
            self.now,
        )
    }
}

/// What a command sees: the state, its streams, and the clock.
pub struct Ctx<'a> {
    pub store: &'a mut Store,
    pub containers: &'a mut crate::containers::Containers,
    /// Indexed layers and merged views, shared by containers, build and dive.
    pub snapshots: &'a mut Snapshots,
    pub registries: &'a mut Registries,
    pub host: &'a mut dyn Host,
    pub now: Timestamp,
    pub io: &'a mut Io,
    /// The front end hashes uncompressed blobs itself (see [`HashOffload`]).
    pub offload_hashing: bool,
    /// The lines typed so far (for `history`).
    pub history: &'a [String],
}

/// A command that needs more than one step.
pub trait CmdJob: HashOffload {
    /// Advances by about `budget` bytes; `Some(status)` when finished.
    fn step(&mut self, cx: &mut Ctx, budget: usize) -> Option<i32>;
    fn progress(&self) -> Progress;
}

/// The rest of a command that asked the user a question: it gets the answer line.
pub type Continuation = Box<dyn FnOnce(&mut Ctx, &str) -> i32>;

/// How a command started: finished at once, running as a job, or asking a question whose
/// answer is the next line typed (or the first line of standard input when redirected).
pub type Exec = crate::sh::interp::Exec<Box<dyn CmdJob>, Continuation>;

pub struct Session {
    store: Store,
    containers: crate::containers::Containers,
    /// Behind a cell so that the views, which only read the session, can fill it.
    snapshots: RefCell<Snapshots>,
    registries: Registries,
    host: Box<dyn Host>,
    now: Timestamp,
    history: Vec<String>,
    /// The host shell's variables (`X=web`), with `HOME` and `USER` set at the start.
    vars: std::collections::BTreeMap<String, String>,
    /// The last line's status (`$?`).
    status: i32,
    running: Option<Running>,
    /// A line stopped at a question, waiting for the next line as its answer.
    suspended: Option<Running>,
    finished: Option<Output>,
    offload_hashing: bool,
}

/// A line being run: the interpreter's place in it, and the output so far.
struct Running {
    interp: Interp<Box<dyn CmdJob>, Continuation>,
    out: Io,
}

impl Running {
    fn new(script: Script, status: i32) -> Running {
        Running {
            interp: Interp::new(script, status),
            out: Io {
                stdout_is_terminal: true,
                ..Io::default()
            },
        }
    }

    /// The output so far, taken.
    fn take_output(&mut self, code: i32) -> Output {
        Output {
            stdout: std::mem::take(&mut self.out.stdout).into_bytes().to_vec(),
            stderr: std::mem::take(&mut self.out.stderr),
            code,
        }
    }
}

impl Session {
    pub fn new(host: Box<dyn Host>) -> Session {
        Session {
            store: Store::new(),
            containers: crate::containers::Containers::new(),
            snapshots: RefCell::new(Snapshots::default()),
            registries: Registries::new(),
            host,
            now: Timestamp::default(),
            history: Vec::new(),
            vars: runner::initial_vars(),
            status: 0,
            running: None,
            suspended: None,
            finished: None,
            offload_hashing: false,
        }
    }

    pub fn set_now(&mut self, now: Timestamp) {
        self.now = now;
        self.containers.settle(now);
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The session's containers (read-only).
    pub fn containers(&self) -> &crate::containers::Containers {
        &self.containers
    }

    /// The session's indexed layers and merged views (see [`Snapshots`]).
    pub fn snapshots(&self) -> RefMut<'_, Snapshots> {
        self.snapshots.borrow_mut()
    }

    /// The session clock.
    pub fn now(&self) -> Timestamp {
        self.now
    }

    pub fn host(&self) -> &dyn Host {
        self.host.as_ref()
    }

    pub fn host_mut(&mut self) -> &mut dyn Host {
        self.host.as_mut()
    }

    /// Lets the front end hash uncompressed blobs itself (see [`HashOffload`]).
    pub fn offload_hashing(&mut self, on: bool) {
        self.offload_hashing = on;
    }

    /// Runs a whole line to the end.
    pub fn run(&mut self, line: &str) -> Output {
        self.start(line);
        while !self.poll(usize::MAX) {}
        self.take_output()
    }

    /// The interpreter's view of the session.
    fn runner(&mut self) -> HostRunner<'_> {
        HostRunner {
            store: &mut self.store,
            containers: &mut self.containers,
            snapshots: self.snapshots.get_mut(),
            registries: &mut self.registries,
            host: self.host.as_mut(),
            now: self.now,
            offload_hashing: self.offload_hashing,
            history: &self.history,
            vars: &mut self.vars,
            status: &mut self.status,
            depth: 0,
            expand_errors: Vec::new(),
            substituted_stderr: Vec::new(),
            substituted_status: None,
        }
    }

    /// True when the last line stopped at a question (`Are you sure...? [y/N]`): the next
    /// line given to `start` is its answer.
    pub fn awaiting_answer(&self) -> bool {
        self.suspended.is_some()
    }

    /// Begins running a line; a line already running is abandoned. When a question is
    /// pending, the line is its answer and the suspended line goes on.
    pub fn start(&mut self, line: &str) {
        self.running = None;
        self.finished = None;
        if let Some(mut r) = self.suspended.take() {
            r.interp.answer(&mut self.runner(), &mut r.out, line);
            self.running = Some(r);
            return;
        }
        if !line.trim().is_empty() {
            self.history.push(line.to_string());
        }
        match parse::parse(line) {
            Ok(script) => self.running = Some(Running::new(script, self.status)),
            Err(e) => {
                self.status = 2;
                self.finished = Some(Output {
                    stdout: Vec::new(),
                    stderr: Dialect::Host.syntax_error(&e.0).into_bytes(),
                    code: 2,
                })
            }
        }
    }

    /// Abandons the running line. A job's changes are only committed in its last step, so
    /// the store is as it was before the line's current command.
    pub fn cancel(&mut self) {
        self.status = 130;
        if self.suspended.take().is_some() {
            self.finished = Some(Output {
                stdout: Vec::new(),
                stderr: b"^C\n".to_vec(),
                code: 130,
            });
            return;
        }
        if let Some(mut r) = self.running.take() {
            r.out.stderr.extend_from_slice(b"^C\n");
            self.finished = Some(r.take_output(130));
        }
    }

    pub fn progress(&self) -> Option<Progress> {
        self.running
            .as_ref()
            .and_then(|r| r.interp.job())
            .map(|job| job.progress())
    }

    /// The blob the running job wants hashed by the host, if any.
    pub fn hash_request(&self) -> Option<Bytes> {
        self.running
            .as_ref()
            .and_then(|r| r.interp.job())
            .and_then(|job| job.hash_request())
    }

    pub fn provide_hash(&mut self, d: crate::digest::Digest) {
        if let Some(job) = self.running.as_mut().and_then(|r| r.interp.job_mut()) {
            job.provide_hash(d);
        }
    }

    pub fn is_running(&self) -> bool {
        self.running.is_some()
    }

    /// The output of the finished line (empty if none).
    pub fn take_output(&mut self) -> Output {
        self.finished.take().unwrap_or_default()
    }

    /// Does about `budget` bytes of work; true when the line has finished.
    pub fn poll(&mut self, budget: usize) -> bool {
        let Some(mut r) = self.running.take() else {
            return true;
        };
        match r.interp.poll(&mut self.runner(), &mut r.out, budget) {
            Poll::Pending => {
                self.running = Some(r);
                false
            }
            Poll::Asking => {
                let status = r.interp.status();
                self.finished = Some(r.take_output(status));
                self.suspended = Some(r);
                true
            }
            Poll::Done(code) => {
                self.status = code;
                self.finished = Some(r.take_output(code));
                true
            }
        }
    }
}

fn dispatch(cx: &mut Ctx, argv: &[String]) -> Exec {
    let Some(name) = argv.first() else {
        return Exec::Done(0);
    };
    let args = &argv[1..];
    match name.as_str() {
        "docker" => docker::run(cx, args),
        _ => builtins::run(cx, name, args),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::host::MemHost;

    #[test]
    fn lists_and_redirections() {
        let mut s = Session::new(Box::new(MemHost::new()));
        let o = s.run("echo hi > a.txt && cat a.txt; nosuch || echo fallback");
        assert_eq!(o.stdout_text(), "hi\nfallback\n");
        assert_eq!(o.stderr_text(), "sh: nosuch: command not found\n");
        assert_eq!(o.code, 0);
        let o = s.run("echo more >> a.txt; cat < a.txt");
        assert_eq!(o.stdout_text(), "hi\nmore\n");
        let o = s.run("cat nope 2> err.txt; cat err.txt");
        assert_eq!(o.stdout_text(), "cat: nope: No such file or directory\n");
        let o = s.run("false && echo no");
        assert_eq!((o.stdout_text().as_str(), o.code), ("", 1));
        let o = s.run("nosuch");
        assert_eq!(o.code, 127);
        let o = s.run("echo 'unterminated");
        assert_eq!(o.code, 2);
        let o = s.run("echo err >&2; echo out 2>e.txt 1>&2; cat e.txt");
        assert_eq!(o.stderr_text(), "err\n");
        assert_eq!(o.stdout_text(), "out\n");
        let o = s.run("echo a\necho b");
        assert_eq!(o.stdout_text(), "a\nb\n");
        let o = s.run("cat < missing.tar");
        assert_eq!(
            o.stderr_text(),
            "sh: missing.tar: No such file or directory\n"
        );
        assert_eq!(o.code, 1);
    }

    #[test]
    fn host_expansions() {
        let mut s = Session::new(Box::new(MemHost::new()));
        s.run("echo hi > a.txt; echo x > b.txt; echo y > c.log");
        let o = s.run("X=web; echo $X \"$X\" '$X' ${X}s ${U:-none} \"$U\"x");
        assert_eq!(o.stdout_text(), "web web $X webs none x\n");
        assert_eq!(
            s.run("echo *.txt '*' \"*\" [ab].txt q*").stdout_text(),
            "a.txt b.txt * * a.txt b.txt q*\n"
        );
        assert_eq!(
            s.run("echo ~ ~/a.txt").stdout_text(),
            "/home/user /home/user/a.txt\n"
        );
        assert_eq!(
            s.run("cat ~/a.txt /home/user/b.txt").stdout_text(),
            "hi\nx\n"
        );
        s.run("false");
        assert_eq!(s.run("echo $?").stdout_text(), "1\n");
        assert_eq!(s.run("echo $?").stdout_text(), "0\n");
        let o = s.run("Y='a  b'; printf '[%s]' $Y \"$Y\" $(echo 1   2) \"$(echo 1   2)\"");
        assert_eq!(o.stdout_text(), "[a][b][a  b][1][2][1 2]");
        let o = s.run("echo [$(nosuch)]");
        assert_eq!(o.stdout_text(), "[]\n");
        assert_eq!(o.stderr_text(), "sh: nosuch: command not found\n");
        assert_eq!(o.code, 0);
        assert_eq!(s.run("X=$(false); echo $?").stdout_text(), "1\n");
        assert_eq!(s.run("echo $(echo $(echo deep))").stdout_text(), "deep\n");
        // A question inside `$(...)` reads the end of input: no.
        let o = s.run("echo [$(docker image prune)]");
        assert!(
            o.stdout_text().starts_with("[WARNING!"),
            "{}",
            o.stdout_text()
        );
        assert!(!s.awaiting_answer());
    }

    #[test]
    fn host_dev_null() {
        let mut s = Session::new(Box::new(MemHost::new()));
        let o = s.run("echo gone > /dev/null; echo kept >> /dev/null; cat nope 2>/dev/null");
        assert_eq!(
            (o.stdout_text().as_str(), o.stderr_text().as_str()),
            ("", "")
        );
        assert_eq!(o.code, 1);
        let o = s.run("cat nope > /dev/null 2>&1 || echo failed; wc -c < /dev/null");
        assert_eq!(o.stdout_text(), "failed\n0\n");
        assert_eq!(o.stderr_text(), "");
        let o = s.run("echo to-out > /dev/stdout; echo to-err > /dev/stderr");
        assert_eq!(o.stdout_text(), "to-out\n");
        assert_eq!(o.stderr_text(), "to-err\n");
        // No host file was created for any of them.
        let o = s.run("ls");
        assert_eq!(o.stdout_text(), "");
    }
}
