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

use crate::budget::Budget;
use crate::fs::Snapshots;
use crate::host::Host;
use crate::job::{HashOffload, Progress};
use crate::registry::Registries;
use crate::sh::interp::{Dialect, Interp, Poll};
use crate::sh::parse::{self, Script};
use crate::store::Store;
pub use crate::stream::Output;
use crate::time::Timestamp;
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
            self.engine,
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
    /// What the front end hashes itself (see [`HashOffload`]).
    pub offload_hashing: crate::job::HostHashing,
    /// The lines typed so far (for `history`).
    pub history: &'a [String],
    /// The language of layerlab's own texts (`help`); Docker's stay English.
    pub lang: Lang,
    /// The Docker the session answers as.
    pub engine: crate::engine::Engine,
    /// The terminal's width in columns when standard output is one (else 0), for what
    /// Docker aligns to it.
    pub columns: u16,
    /// How much data whose size the user controls a command may hold in memory.
    pub memory: Budget,
}

/// The language the page teaches in, for layerlab's own texts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Lang {
    #[default]
    En,
    Zh,
}

impl Lang {
    /// `zh`, `zh-CN`... is Chinese; anything else English.
    pub fn parse(tag: &str) -> Lang {
        if tag.to_ascii_lowercase().starts_with("zh") {
            Lang::Zh
        } else {
            Lang::En
        }
    }
}

/// A command that needs more than one step.
pub trait CmdJob: HashOffload {
    /// Advances by about `budget` bytes; `Some(status)` when finished.
    fn step(&mut self, cx: &mut Ctx, budget: usize) -> Option<i32>;
    fn progress(&self) -> Progress;
    /// What the job waits for between steps: nothing (it works), a time on the session
    /// clock (a foreground `sleep 5`, `docker stop`'s timeout), or a signal (a server in
    /// the foreground, `docker logs -f`).
    fn wait(&self) -> Wait {
        Wait::Busy
    }
    /// Ctrl-C while the job runs. `false`: the line is abandoned (the job's changes are
    /// only committed in its last step). `true`: the job took it (Docker forwards the
    /// signal to the container) and its next step says how it goes on.
    fn interrupt(&mut self, _cx: &mut Ctx) -> bool {
        false
    }
}

/// What a running job waits for (see [`CmdJob::wait`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Wait {
    Busy,
    Until(Timestamp),
    Signal,
}

/// A command waiting for the next line typed: a question (`[y/N]`) or an interactive
/// shell in a container.
pub trait Ask {
    /// The line typed, or `None` at the end of input (Ctrl-D).
    fn answer(self: Box<Self>, cx: &mut Ctx, line: Option<&str>) -> Exec;
    /// Ctrl-C: a question ends with status 130; a shell prints `^C` and asks again.
    fn interrupt(self: Box<Self>, cx: &mut Ctx) -> Exec {
        cx.io.err("^C\n");
        Exec::Done(130)
    }
    /// Docker's detach keys (Ctrl-P Ctrl-Q): a container's shell lets go of the terminal
    /// and keeps running; anything else keeps waiting.
    /// `Some(status)` when the command ends there.
    fn detach(&self, _cx: &mut Ctx) -> Option<i32> {
        None
    }
    /// The container shell that asks, if it is one.
    fn shell(&self) -> Option<ShellInfo> {
        None
    }
    /// The answer is not echoed as it is typed (a password).
    fn secret(&self) -> bool {
        false
    }
    /// Completions for the text before the cursor, when the asker completes its lines.
    fn complete(
        &self,
        _containers: &crate::containers::Containers,
        _line: &str,
    ) -> Option<complete::Completion> {
        None
    }
}

/// A question whose answer is one line (end of input answers "").
impl<F: FnOnce(&mut Ctx, &str) -> i32> Ask for F {
    fn answer(self: Box<Self>, cx: &mut Ctx, line: Option<&str>) -> Exec {
        Exec::Done((*self)(cx, line.unwrap_or("")))
    }
}

/// The interactive shell a line is typed into, for the front end: its prompt is already
/// printed; the front end keeps a history per shell (`key`) and completes in it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct ShellInfo {
    /// Unique per shell started in the session.
    pub key: u64,
    /// The container's name.
    pub container: String,
    /// The program (`sh`, `bash`).
    pub program: String,
}

/// The rest of a command that waits for the next line typed.
pub type Continuation = Box<dyn Ask>;

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
    offload_hashing: crate::job::HostHashing,
    lang: Lang,
    engine: crate::engine::Engine,
    /// The terminal's width in columns.
    columns: u16,
    /// The memory budget (see [`crate::budget`]); the snapshot service has a copy.
    memory: Budget,
    /// Lines come from a person at a terminal (the page), not from a script.
    interactive: bool,
    /// What lines print goes to a terminal (standard output is a TTY).
    terminal: bool,
}

/// A line being run: the interpreter's place in it, and the output so far.
struct Running {
    interp: Interp<Box<dyn CmdJob>, Continuation>,
    out: Io,
}

impl Running {
    fn new(script: Script, status: i32, interactive: bool, terminal: bool) -> Running {
        Running {
            interp: Interp::new(script, status),
            out: Io {
                stdout_is_terminal: terminal,
                stdin_is_terminal: interactive,
                ..Io::default()
            },
        }
    }

    /// The output so far, taken. It is joined into one buffer for the terminal: past the
    /// memory budget, standard output is dropped for one line saying so (status 1).
    fn take_output(&mut self, code: i32, memory: Budget) -> Output {
        let mut code = code;
        let held = self.out.stdout.len() as u64;
        if let Err(e) = memory.check("the output for the terminal", held) {
            self.out.stdout = crate::stream::Stream::new();
            self.out.order.retain(|(err, _)| *err);
            self.out.err(&format!("layerlab: {e}\n"));
            if code == 0 {
                code = 1;
            }
        }
        let (stdout, stderr, order) = self.out.take_all();
        Output {
            stdout,
            stderr,
            code,
            order,
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
            offload_hashing: Default::default(),
            lang: Lang::En,
            engine: crate::engine::Engine::default(),
            columns: 80,
            memory: Budget::default(),
            interactive: false,
            terminal: true,
        }
    }

    /// Says whether what lines print goes to a terminal (the page's is one; the native
    /// binary's standard output may be a pipe). Docker decides on this how `pull` and
    /// `push` show progress and whether `save` may write to standard output.
    pub fn set_terminal(&mut self, on: bool) {
        self.terminal = on;
    }

    /// Says which Docker the session answers as. A session keeps the engine it started
    /// with; the front ends set it before the first line.
    pub fn set_engine(&mut self, engine: crate::engine::Engine) {
        self.engine = engine;
    }

    pub fn engine(&self) -> crate::engine::Engine {
        self.engine
    }

    /// Says how wide the terminal is (80 columns unless told).
    pub fn set_columns(&mut self, columns: u16) {
        self.columns = columns;
    }

    /// Says that lines are typed by a person at a terminal (the page): commands may ask
    /// for what they need, as Docker's do when standard input is a terminal.
    pub fn set_interactive(&mut self, on: bool) {
        self.interactive = on;
    }

    /// Whether the pending question's answer is not shown as it is typed (a password).
    pub fn answer_is_secret(&self) -> bool {
        self.suspended
            .as_ref()
            .and_then(|r| r.interp.asker())
            .is_some_and(|a| a.secret())
    }

    /// The memory budget: how much data whose size the user controls (an inflated layer,
    /// an inflated archive, a tar being built, a file being viewed) one command may hold.
    /// The default is [`crate::budget::NATIVE_DEFAULT`] natively and
    /// [`crate::budget::PAGE_DEFAULT`] in wasm32; what would pass it stops with one line.
    pub fn set_memory_limit(&mut self, bytes: u64) {
        self.set_memory_budget(self.memory.with_limit(bytes));
    }

    /// Makes `pull`, `push`, `login` and `logout` reach real registries through
    /// `network` instead of the simulated ones. Credentials saved by an earlier
    /// `docker login` (the host's `.docker/config.json`) are loaded.
    pub fn set_network(&mut self, mut network: crate::registry::network::Network) {
        if let Ok(bytes) = self.host.read(crate::registry::credentials::CONFIG_FILE) {
            for (host, c) in crate::registry::credentials::parse(&bytes) {
                network.set_credentials(&host, Some(c));
            }
        }
        self.registries.set_network(network);
    }

    /// Goes back to the simulated registries.
    pub fn clear_network(&mut self) {
        self.registries.clear_network();
    }

    /// Sets the limit and where it applies (the error's advice differs in the page).
    pub fn set_memory_budget(&mut self, memory: Budget) {
        self.memory = memory;
        self.snapshots.get_mut().set_memory(memory);
    }

    pub fn memory_budget(&self) -> Budget {
        self.memory
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

    /// The language of layerlab's own texts (`help`).
    pub fn set_lang(&mut self, lang: Lang) {
        self.lang = lang;
    }

    /// Lets the front end hash blobs itself (see [`HashOffload`]).
    pub fn offload_hashing(&mut self, how: crate::job::HostHashing) {
        self.offload_hashing = how;
    }

    /// Runs a whole line to the end, moving the session clock forward to whatever time a
    /// job waits for (a foreground `sleep 5` ends 5 s later). A line held until a signal
    /// (a server in the foreground) stops there: [`Session::is_running`] is then true and
    /// [`Session::take_output`] gives what it printed so far; [`Session::interrupt`] is
    /// Ctrl-C, [`Session::finish`] goes on.
    pub fn run(&mut self, line: &str) -> Output {
        self.start(line);
        self.finish()
    }

    /// Polls the running line to its end (or until it is held, see [`Session::run`]).
    pub fn finish(&mut self) -> Output {
        while !self.poll(usize::MAX) {
            match self.waiting() {
                Wait::Busy => {}
                Wait::Until(t) => {
                    if t > self.now {
                        self.set_now(t);
                    }
                }
                Wait::Signal => break,
            }
        }
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
            lang: self.lang,
            engine: self.engine,
            columns: self.columns,
            memory: self.memory,
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

    /// The container shell the next line is typed into, if the session is in one.
    pub fn shell(&self) -> Option<ShellInfo> {
        self.suspended
            .as_ref()
            .and_then(|r| r.interp.asker())
            .and_then(|a| a.shell())
    }

    /// Begins running a line; a line already running is abandoned. When a question is
    /// pending (or a container's shell reads), the line is its answer and the suspended
    /// line goes on.
    pub fn start(&mut self, line: &str) {
        self.running = None;
        self.finished = None;
        if let Some(mut r) = self.suspended.take() {
            // Answers and lines typed into a container's shell are not the host's history.
            r.interp.answer(&mut self.runner(), &mut r.out, Some(line));
            self.running = Some(r);
            return;
        }
        if !line.trim().is_empty() {
            self.history.push(line.to_string());
        }
        match parse::parse(line) {
            Ok(script) => {
                self.running = Some(Running::new(
                    script,
                    self.status,
                    self.interactive,
                    self.terminal,
                ))
            }
            Err(e) => {
                self.status = 2;
                self.finished = Some(Output {
                    stdout: Vec::new(),
                    stderr: Dialect::Host.syntax_error(&e.0).into_bytes(),
                    code: 2,
                    order: Vec::new(),
                })
            }
        }
    }

    /// The end of input (Ctrl-D) at a question or a container's shell: the shell exits
    /// with its last status, a question gets no answer. Poll afterwards, as after
    /// [`Session::start`]. Nothing happens when nothing waits for input.
    pub fn eof(&mut self) {
        self.finished = None;
        if let Some(mut r) = self.suspended.take() {
            r.interp.answer(&mut self.runner(), &mut r.out, None);
            self.running = Some(r);
        }
    }

    /// Ctrl-C. At a question the line ends (status 130); in a container's shell the shell
    /// prints `^C` and asks again; a job that takes signals (a container held in the
    /// foreground) gets it and goes on; any other running line is abandoned, as
    /// [`Session::cancel`] does. Returns true when the line goes on: poll it.
    pub fn interrupt(&mut self) -> bool {
        if let Some(mut r) = self.suspended.take() {
            self.finished = None;
            r.interp.interrupt(&mut self.runner(), &mut r.out);
            self.running = Some(r);
            return true;
        }
        let Some(mut r) = self.running.take() else {
            return false;
        };
        let taken = match r.interp.job_io_mut() {
            Some((job, io)) => {
                let mut runner = self.runner();
                job.interrupt(&mut runner.cx(io))
            }
            None => false,
        };
        self.running = Some(r);
        if !taken {
            self.cancel();
        }
        taken
    }

    /// Docker's detach keys, Ctrl-P Ctrl-Q, in a container's shell: the terminal lets go
    /// of the container, which keeps running. Poll afterwards.
    pub fn detach(&mut self) {
        if let Some(mut r) = self.suspended.take() {
            self.finished = None;
            r.interp.detach(&mut self.runner(), &mut r.out);
            self.running = Some(r);
        }
    }

    /// What the running line's job waits for (see [`CmdJob::wait`]).
    pub fn waiting(&self) -> Wait {
        self.running
            .as_ref()
            .and_then(|r| r.interp.job())
            .map_or(Wait::Busy, |job| job.wait())
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
                order: Vec::new(),
            });
            return;
        }
        if let Some(mut r) = self.running.take() {
            r.out.stderr.extend_from_slice(b"^C\n");
            self.finished = Some(r.take_output(130, self.memory));
        }
    }

    pub fn progress(&self) -> Option<Progress> {
        self.running
            .as_ref()
            .and_then(|r| r.interp.job())
            .map(|job| job.progress())
    }

    /// The blob the running job wants hashed by the host, if any.
    pub fn hash_request(&self) -> Option<crate::content::Blob> {
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

    /// The blobs in host files the running job will want hashed, the next one first.
    pub fn hash_hints(&self) -> Vec<crate::content::Blob> {
        self.running
            .as_ref()
            .and_then(|r| r.interp.job())
            .map(|job| job.hash_hints())
            .unwrap_or_default()
    }

    pub fn is_running(&self) -> bool {
        self.running.is_some()
    }

    /// The output of the finished line (empty if none); while a line is held, what it
    /// has printed so far (status 0).
    pub fn take_output(&mut self) -> Output {
        if let Some(f) = self.finished.take() {
            return f;
        }
        match self.running.as_mut() {
            Some(r) => r.take_output(0, self.memory),
            None => Output::default(),
        }
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
                self.finished = Some(r.take_output(status, self.memory));
                self.suspended = Some(r);
                true
            }
            Poll::Done(code) => {
                let output = r.take_output(code, self.memory);
                self.status = output.code;
                self.finished = Some(output);
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
