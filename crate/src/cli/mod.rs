//! The session: one interpreter for every front end. It takes a line as typed, runs it
//! against the store and the host files, and returns stdout, stderr and an exit status.
//! Long commands run as jobs in budgeted steps (`start`, then `poll` until done).

pub mod docker;
pub mod flags;

mod builtins;
pub mod complete;
mod textutils;

use crate::fs::Snapshots;
use crate::host::{Host, HostError};
use crate::job::{HashOffload, Progress};
use crate::registry::Registries;
use crate::sh::parse::{self, Connector, RedirKind, Script, SimpleCommand};
use crate::store::Store;
use crate::stream;
pub use crate::stream::Output;
use crate::time::Timestamp;
use bytes::Bytes;
use std::cell::{RefCell, RefMut};

/// A redirection whose file cannot be opened (`< missing`, `> bad/name`); renders as the
/// shell reports it: `sh: missing: No such file or directory`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RedirectError {
    pub target: String,
    pub error: HostError,
}

impl std::fmt::Display for RedirectError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "sh: {}: {}", self.target, self.error.reason())
    }
}

impl std::error::Error for RedirectError {}

/// The streams of one command.
pub struct Io {
    /// Standard input: a pipe, a `<` file, or nothing (a terminal).
    pub stdin: Option<Bytes>,
    pub stdout: stream::Stream,
    pub stderr: Vec<u8>,
    /// True when stdout goes to the terminal (no `>` and no pipe).
    pub stdout_is_terminal: bool,
    /// True when stdin is a file (`< FILE`), not a pipe.
    pub stdin_is_file: bool,
}

impl crate::sh::applets::Sink for Io {
    fn out(&mut self, data: &[u8]) {
        self.stdout.extend_from_slice(data);
    }
    fn out_bytes(&mut self, data: Bytes) {
        self.stdout.push_bytes(data);
    }
    fn err(&mut self, data: &[u8]) {
        self.stderr.extend_from_slice(data);
    }
}

impl Io {
    pub fn out(&mut self, s: &str) {
        self.stdout.extend_from_slice(s.as_bytes());
    }
    pub fn err(&mut self, s: &str) {
        self.stderr.extend_from_slice(s.as_bytes());
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
pub enum Exec {
    Done(i32),
    Job(Box<dyn CmdJob>),
    Prompt {
        question: String,
        then: Continuation,
    },
}

pub struct Session {
    store: Store,
    containers: crate::containers::Containers,
    /// Behind a cell so that the views, which only read the session, can fill it.
    snapshots: RefCell<Snapshots>,
    registries: Registries,
    host: Box<dyn Host>,
    now: Timestamp,
    history: Vec<String>,
    running: Option<Running>,
    /// A line stopped at a question, waiting for the next line as its answer.
    suspended: Option<(Running, Continuation, Io, SimpleCommand)>,
    finished: Option<Output>,
    offload_hashing: bool,
}

struct Running {
    script: Script,
    item: usize,
    cmd: usize,
    pipe: Option<Bytes>,
    last: i32,
    active: Option<(Box<dyn CmdJob>, Io, SimpleCommand)>,
    out: Output,
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
            running: None,
            suspended: None,
            finished: None,
            offload_hashing: false,
        }
    }

    pub fn set_now(&mut self, now: Timestamp) {
        self.now = now;
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

    /// What a command sees of the session.
    fn cx<'a>(&'a mut self, io: &'a mut Io) -> Ctx<'a> {
        Ctx {
            store: &mut self.store,
            containers: &mut self.containers,
            snapshots: self.snapshots.get_mut(),
            registries: &mut self.registries,
            host: self.host.as_mut(),
            now: self.now,
            io,
            offload_hashing: self.offload_hashing,
            history: &self.history,
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
        if let Some((mut r, then, mut io, cmd)) = self.suspended.take() {
            let code = {
                let mut cx = self.cx(&mut io);
                then(&mut cx, line)
            };
            self.finish_command(&mut r, &cmd, io, code);
            self.running = Some(r);
            return;
        }
        if !line.trim().is_empty() {
            self.history.push(line.to_string());
        }
        match parse::parse(line) {
            Ok(script) => {
                self.running = Some(Running {
                    script,
                    item: 0,
                    cmd: 0,
                    pipe: None,
                    last: 0,
                    active: None,
                    out: Output::default(),
                })
            }
            Err(e) => {
                self.finished = Some(Output {
                    stdout: Vec::new(),
                    stderr: format!("sh: {}\n", e.0).into_bytes(),
                    code: 2,
                })
            }
        }
    }

    /// Abandons the running line. A job's changes are only committed in its last step, so
    /// the store is as it was before the line's current command.
    pub fn cancel(&mut self) {
        if let Some((mut r, ..)) = self.suspended.take() {
            r.out.code = 130;
            self.finished = Some(Output {
                stdout: Vec::new(),
                stderr: b"^C\n".to_vec(),
                code: 130,
            });
            return;
        }
        if let Some(mut r) = self.running.take() {
            r.out.stderr.extend_from_slice(b"^C\n");
            r.out.code = 130;
            self.finished = Some(r.out);
        }
    }

    pub fn progress(&self) -> Option<Progress> {
        self.running
            .as_ref()
            .and_then(|r| r.active.as_ref())
            .map(|(job, _, _)| job.progress())
    }

    /// The blob the running job wants hashed by the host, if any.
    pub fn hash_request(&self) -> Option<Bytes> {
        self.running
            .as_ref()
            .and_then(|r| r.active.as_ref())
            .and_then(|(job, _, _)| job.hash_request())
    }

    pub fn provide_hash(&mut self, d: crate::digest::Digest) {
        if let Some((job, _, _)) = self.running.as_mut().and_then(|r| r.active.as_mut()) {
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
        loop {
            if let Some((mut job, mut io, cmd)) = r.active.take() {
                let mut cx = self.cx(&mut io);
                match job.step(&mut cx, budget) {
                    None => {
                        r.active = Some((job, io, cmd));
                        self.running = Some(r);
                        return false;
                    }
                    Some(code) => self.finish_command(&mut r, &cmd, io, code),
                }
                if budget != usize::MAX {
                    // One job step per poll keeps each call short.
                    if r.item >= r.script.items.len() {
                        break;
                    }
                    self.running = Some(r);
                    return false;
                }
                continue;
            }
            let Some((pipeline, _)) = r.script.items.get(r.item) else {
                break;
            };
            let Some(cmd) = pipeline.get(r.cmd).cloned() else {
                break;
            };
            let last_in_pipe = r.cmd + 1 == pipeline.len();
            match self.open_io(&cmd, &mut r, last_in_pipe) {
                Err(e) => {
                    r.out.stderr.extend_from_slice(format!("{e}\n").as_bytes());
                    let io = Io {
                        stdin: None,
                        stdout: stream::Stream::new(),
                        stderr: Vec::new(),
                        stdout_is_terminal: true,
                        stdin_is_file: false,
                    };
                    self.advance(&mut r, io, &cmd, 1, true);
                }
                Ok(mut io) => {
                    let exec = {
                        let mut cx = self.cx(&mut io);
                        dispatch(&mut cx, &cmd.literal_argv())
                    };
                    match exec {
                        Exec::Done(code) => self.finish_command(&mut r, &cmd, io, code),
                        Exec::Job(job) => r.active = Some((job, io, cmd)),
                        Exec::Prompt { question, then } => {
                            if let Some(input) = io.stdin.take() {
                                // Redirected input answers the question, as it would for Docker.
                                let text = String::from_utf8_lossy(&input);
                                let answer = text.lines().next().unwrap_or("").to_string();
                                io.stdout.extend_from_slice(question.as_bytes());
                                let code = {
                                    let mut cx = self.cx(&mut io);
                                    then(&mut cx, &answer)
                                };
                                self.finish_command(&mut r, &cmd, io, code);
                            } else {
                                r.out.stdout.extend_from_slice(question.as_bytes());
                                let out = std::mem::take(&mut r.out);
                                self.suspended = Some((r, then, io, cmd));
                                self.finished = Some(out);
                                return true;
                            }
                        }
                    }
                }
            }
        }
        self.finished = Some(r.out);
        true
    }

    fn open_io(
        &self,
        cmd: &SimpleCommand,
        r: &mut Running,
        last_in_pipe: bool,
    ) -> Result<Io, RedirectError> {
        let mut stdin = r.pipe.take();
        let mut stdin_is_file = false;
        let mut to_terminal = last_in_pipe;
        for redir in &cmd.redirs {
            let target = redir.target.literal();
            match redir.kind {
                RedirKind::In => match self.host.read(&target) {
                    Ok(b) => {
                        stdin = Some(b);
                        stdin_is_file = true;
                    }
                    Err(error) => return Err(RedirectError { target, error }),
                },
                RedirKind::Out | RedirKind::Append => {
                    crate::host::clean(&target).map_err(|error| RedirectError { target, error })?;
                    to_terminal = false;
                }
                RedirKind::OutToErr => to_terminal = false,
                _ => {}
            }
        }
        Ok(Io {
            stdin,
            stdout: stream::Stream::new(),
            stderr: Vec::new(),
            stdout_is_terminal: to_terminal,
            stdin_is_file,
        })
    }

    /// Routes a finished command's output and moves to the next command.
    fn finish_command(&mut self, r: &mut Running, cmd: &SimpleCommand, io: Io, code: i32) {
        self.advance(r, io, cmd, code, false);
    }

    fn advance(
        &mut self,
        r: &mut Running,
        io: Io,
        cmd: &SimpleCommand,
        code: i32,
        failed_redirect: bool,
    ) {
        let pipeline_len = r.script.items[r.item].0.len();
        let last_in_pipe = r.cmd + 1 == pipeline_len;
        let mut stdout = io.stdout;
        let mut stderr = stream::Stream::new();
        stderr.extend_from_slice(&io.stderr);
        let mut code = code;
        if !failed_redirect {
            let mut out_target: Option<(String, bool)> = None;
            let mut err_target: Option<(String, bool)> = None;
            let mut err_to_out = false;
            let mut out_to_err = false;
            for redir in &cmd.redirs {
                let target = redir.target.literal();
                match redir.kind {
                    RedirKind::Out => out_target = Some((target, false)),
                    RedirKind::Append => out_target = Some((target, true)),
                    RedirKind::Err => err_target = Some((target, false)),
                    RedirKind::ErrAppend => err_target = Some((target, true)),
                    RedirKind::ErrToOut => err_to_out = true,
                    RedirKind::OutToErr => out_to_err = true,
                    RedirKind::In => {}
                }
            }
            if err_to_out {
                stdout.append(&mut stderr);
            } else if out_to_err {
                stderr.append(&mut stdout);
            }
            if let Some((name, append)) = &err_target {
                if let Err(e) = write_host(
                    self.host.as_mut(),
                    name,
                    std::mem::take(&mut stderr),
                    *append,
                ) {
                    stderr = stream::Stream::new();
                    stderr.extend_from_slice(format!("sh: {name}: {}\n", e.reason()).as_bytes());
                    code = 1;
                }
            }
            if let Some((name, append)) = &out_target {
                if let Err(e) = write_host(
                    self.host.as_mut(),
                    name,
                    std::mem::take(&mut stdout),
                    *append,
                ) {
                    stderr.extend_from_slice(format!("sh: {name}: {}\n", e.reason()).as_bytes());
                    code = 1;
                }
            }
        }
        r.out.stderr.extend_from_slice(&stderr.into_bytes());
        if last_in_pipe {
            r.out.stdout.extend_from_slice(&stdout.into_bytes());
            r.last = code;
            r.out.code = code;
            r.cmd = 0;
            // Skip pipelines whose connector says not to run them.
            loop {
                let conn = r.script.items[r.item].1;
                r.item += 1;
                if r.item >= r.script.items.len() {
                    break;
                }
                let run_next = match conn {
                    Connector::Always => true,
                    Connector::And => r.last == 0,
                    Connector::Or => r.last != 0,
                };
                if run_next {
                    break;
                }
            }
        } else {
            r.pipe = Some(stdout.into_bytes());
            r.cmd += 1;
        }
    }
}

fn write_host(
    host: &mut dyn Host,
    name: &str,
    data: stream::Stream,
    append: bool,
) -> Result<(), HostError> {
    if append {
        host.append(name, &data.into_bytes())
    } else {
        host.write_parts(name, data.into_parts())
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
        // The host expands nothing: `$X`, globs and `~` reach the command as typed.
        let o = s.run("echo $X \"$Y\" ${Z} $(ls) '*' * ~");
        assert_eq!(o.stdout_text(), "$X $Y ${Z} $(ls) * * ~\n");
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
}
