//! The one interpreter both shells run: pipelines, connectors (`&&`, `||`, `;`),
//! redirections to and from a file system ([`Fs`]), `set -e` and pipefail, and
//! expansions when the caller supplies an [`Expander`].
//!
//! It is resumable: [`Interp`] keeps its place in the script (the pipeline, the command
//! in it, the bytes in the pipe, the last status), so a command may return a job that the
//! caller steps later with a byte budget ([`Exec::Job`]), or a question that the next
//! line answers ([`Exec::Prompt`]). The caller decides what a name runs (its built-ins,
//! `$PATH` in a rootfs, `docker`) through [`Runner`], and which shell's messages are
//! printed through [`Dialect`].

use crate::sh::expand::{self, Expander};
use crate::sh::fs::{self, Fs};
use crate::sh::parse::{Connector, RedirKind, Script};
use crate::stream::Stream;
use bytes::Bytes;

/// The streams of one command.
#[derive(Debug, Default)]
pub struct Io {
    /// Standard input: a pipe, a `<` file, or nothing (a terminal).
    pub stdin: Option<Bytes>,
    pub stdout: Stream,
    pub stderr: Vec<u8>,
    /// Standard error goes where standard output goes (`2>&1`): [`Io::err`] writes to
    /// `stdout`, in order with it.
    pub merged: bool,
    /// True when stdout goes to the terminal (no `>` and no pipe).
    pub stdout_is_terminal: bool,
    /// True when stdin is a file (`< FILE`), not a pipe.
    pub stdin_is_file: bool,
    /// True when the session's input is a terminal a person types into (the page), so
    /// that a command reading no pipe or file may ask for what it needs (`Password: `).
    pub stdin_is_terminal: bool,
    /// The order the bytes were written in: runs of (standard error?, length), as the
    /// terminal shows them interleaved. Bytes pushed into `stdout` or `stderr` directly
    /// are not in it; they count as written last.
    pub order: Vec<(bool, usize)>,
}

impl Io {
    /// Streams reading `stdin`, writing to memory.
    pub fn new(stdin: Option<Bytes>) -> Io {
        Io {
            stdin,
            ..Io::default()
        }
    }

    pub fn out(&mut self, s: &str) {
        crate::sh::applets::Sink::out(self, s.as_bytes());
    }

    pub fn err(&mut self, s: &str) {
        crate::sh::applets::Sink::err(self, s.as_bytes());
    }

    /// Standard input, once (nothing when there is none).
    pub fn take_stdin(&mut self) -> Bytes {
        self.stdin.take().unwrap_or_default()
    }

    pub(crate) fn mark(&mut self, err: bool, len: usize) {
        if len == 0 {
            return;
        }
        match self.order.last_mut() {
            Some((e, n)) if *e == err => *n += len,
            _ => self.order.push((err, len)),
        }
    }

    /// Moves what `io` wrote into these streams, in the order it was written.
    pub fn take_from(&mut self, io: &mut Io) {
        let stdout = std::mem::take(&mut io.stdout).into_bytes();
        let stderr = std::mem::take(&mut io.stderr);
        let (mut o, mut e) = (0usize, 0usize);
        for (err, n) in std::mem::take(&mut io.order) {
            if err {
                let end = (e + n).min(stderr.len());
                crate::sh::applets::Sink::err(self, &stderr[e..end]);
                e = end;
            } else {
                let end = (o + n).min(stdout.len());
                crate::sh::applets::Sink::out(self, &stdout[o..end]);
                o = end;
            }
        }
        crate::sh::applets::Sink::out(self, &stdout[o..]);
        crate::sh::applets::Sink::err(self, &stderr[e..]);
    }

    /// Writes what a finished command printed, in the order it printed it.
    pub fn write_output(&mut self, o: &crate::stream::Output) {
        for (err, bytes) in o.runs() {
            if err {
                crate::sh::applets::Sink::err(self, bytes);
            } else {
                crate::sh::applets::Sink::out(self, bytes);
            }
        }
    }

    /// Takes both streams as the terminal shows them: (stdout, stderr, order).
    pub fn take_all(&mut self) -> (Vec<u8>, Vec<u8>, Vec<(bool, usize)>) {
        let stdout = std::mem::take(&mut self.stdout).into_bytes().to_vec();
        let stderr = std::mem::take(&mut self.stderr);
        let mut order = std::mem::take(&mut self.order);
        // Bytes written directly come last.
        let (o, e) = order.iter().fold(
            (0, 0),
            |(o, e), &(err, n)| {
                if err {
                    (o, e + n)
                } else {
                    (o + n, e)
                }
            },
        );
        if stdout.len() > o {
            order.push((false, stdout.len() - o));
        }
        if stderr.len() > e {
            order.push((true, stderr.len() - e));
        }
        (stdout, stderr, order)
    }
}

impl crate::sh::applets::Sink for Io {
    fn out(&mut self, data: &[u8]) {
        self.mark(false, data.len());
        self.stdout.extend_from_slice(data);
    }
    fn out_bytes(&mut self, data: Bytes) {
        self.mark(false, data.len());
        self.stdout.push_bytes(data);
    }
    fn err(&mut self, data: &[u8]) {
        if self.merged {
            self.mark(false, data.len());
            self.stdout.extend_from_slice(data);
        } else {
            self.mark(true, data.len());
            self.stderr.extend_from_slice(data);
        }
    }
}

/// How a command started: finished at once, running as a job `J` the caller steps, or
/// asking a question whose answer (the next line, or the first line of standard input
/// when it is redirected) goes to `P`.
pub enum Exec<J, P> {
    Done(i32),
    Job(J),
    Prompt { question: String, then: P },
}

/// Whose messages the shell prints for its own errors.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    /// The host command line (bash-worded: `sh: x: command not found`).
    Host,
    /// busybox's ash.
    Ash,
    /// dash (`sh` when the image's `/bin/sh` links to it).
    Dash,
    /// GNU bash.
    Bash,
}

impl Dialect {
    /// A syntax error's line (the parser words it as bash does; ash has its own words,
    /// which the container shells print whatever their name).
    pub fn syntax_error(self, msg: &str) -> String {
        match self {
            Dialect::Host => format!("sh: {msg}\n"),
            _ => format!("sh: {}\n", ash_syntax_error(msg)),
        }
    }

    /// A command name found nowhere (status 127). `shell` is the name the shell was
    /// started as (dash prints it).
    pub fn not_found(self, shell: &str, name: &str) -> String {
        match self {
            Dialect::Host => format!("sh: {name}: command not found\n"),
            Dialect::Ash => format!("sh: {name}: not found\n"),
            Dialect::Dash => format!("{shell}: 1: {name}: not found\n"),
            Dialect::Bash => format!("bash: line 1: {name}: command not found\n"),
        }
    }

    /// `< FILE` cannot be read.
    fn cannot_read(self, target: &str, e: &fs::Error) -> String {
        match self {
            Dialect::Host => format!("sh: {target}: {}\n", e.reason()),
            _ => {
                let why = match e {
                    fs::Error::NotFound | fs::Error::NotDir => "no such file",
                    e => e.reason(),
                };
                format!("sh: can't open {target}: {why}\n")
            }
        }
    }

    /// `> FILE` cannot be opened.
    fn cannot_create(self, target: &str, e: &fs::Error) -> String {
        match self {
            Dialect::Host => format!("sh: {target}: {}\n", e.reason()),
            _ => {
                let why = match e {
                    fs::Error::NotFound | fs::Error::NotDir => "nonexistent directory",
                    e => e.reason(),
                };
                format!("sh: can't create {target}: {why}\n")
            }
        }
    }

    /// Writing a redirected stream failed: the message, and whether the command fails.
    fn write_failed(self, target: &str, e: &fs::Error) -> (String, bool) {
        match self {
            Dialect::Host => (format!("sh: {target}: {}\n", e.reason()), true),
            _ => (format!("sh: write error: {}\n", e.reason()), false),
        }
    }

    /// Whether reading `/dev/null` is answered by the shell itself: the host's files are
    /// a flat namespace without devices, a container reads its own `/dev/null`.
    fn reads_null_itself(self) -> bool {
        self == Dialect::Host
    }
}

/// ash's wording of the shared parser's (bash-worded) syntax errors.
fn ash_syntax_error(msg: &str) -> String {
    if msg.contains("matching") {
        return "syntax error: unterminated quoted string".into();
    }
    if let Some(tok) = msg
        .strip_prefix("syntax error near unexpected token `")
        .and_then(|t| t.strip_suffix('\''))
    {
        return if tok == "newline" {
            "syntax error: unexpected newline".into()
        } else {
            format!("syntax error: unexpected \"{tok}\"")
        };
    }
    msg.to_string()
}

/// What the interpreter asks of its caller: how a name runs, how a job steps, where
/// redirections go, and the shell's options and variables.
pub(crate) trait Runner {
    /// A long command's job.
    type Job;
    /// What a question's answer goes to.
    type Then;
    fn dialect(&self) -> Dialect;
    /// The files redirections read and write.
    fn files(&mut self) -> Box<dyn Fs + '_>;
    /// What expands words, or `None`: words are taken as typed.
    fn expander(&mut self) -> Option<&mut dyn Expander>;
    /// Errors the expander met since the last call (printed as `sh: ...`).
    fn take_expand_errors(&mut self) -> Vec<String> {
        Vec::new()
    }
    /// What command substitutions wrote to standard error since the last call, as they
    /// wrote it (it goes to the shell's standard error, before the command runs).
    fn take_substituted_stderr(&mut self) -> Vec<u8> {
        Vec::new()
    }
    /// Runs a command: `assigns` are its `NAME=value` prefixes (all of them when `argv`
    /// is empty), `argv` its expanded words.
    fn call(
        &mut self,
        assigns: Vec<(String, String)>,
        argv: Vec<String>,
        io: &mut Io,
    ) -> Exec<Self::Job, Self::Then>;
    /// Advances a job by about `budget` bytes; `Some(status)` when it has finished.
    fn step(&mut self, job: &mut Self::Job, io: &mut Io, budget: usize) -> Option<i32>;
    /// Gives a question's answer to the command that asked it: the line typed, or `None`
    /// at the end of input (Ctrl-D). The command may finish, ask again (an interactive
    /// shell asks for its next line) or go on as a job.
    fn answer(
        &mut self,
        then: Self::Then,
        io: &mut Io,
        line: Option<&str>,
    ) -> Exec<Self::Job, Self::Then>;
    /// Ctrl-C while a command waits for its answer: by default the command ends with
    /// status 130; an interactive shell prints `^C` and asks again.
    fn interrupt(&mut self, _then: Self::Then, io: &mut Io) -> Exec<Self::Job, Self::Then> {
        io.err("^C\n");
        Exec::Done(130)
    }
    /// Docker's detach keys (Ctrl-P Ctrl-Q) while a command waits for its next line: by
    /// default they are just typed text and the command keeps waiting.
    fn detach(&mut self, then: Self::Then, _io: &mut Io) -> Exec<Self::Job, Self::Then> {
        Exec::Prompt {
            question: String::new(),
            then,
        }
    }
    /// The memory budget a pipe's bytes, joined into one buffer for the next command,
    /// must fit (none: no limit).
    fn memory(&self) -> Option<crate::budget::Budget> {
        None
    }
    /// `$?` after a pipeline.
    fn set_status(&mut self, _status: i32) {}
    /// `set -e`.
    fn errexit(&self) -> bool {
        false
    }
    /// `set -o pipefail`.
    fn pipefail(&self) -> bool {
        false
    }
    /// Set by `exit`: the script ends with this status.
    fn exit_requested(&self) -> Option<i32> {
        None
    }
    /// Ends the shell (`set -e` after a failure).
    fn request_exit(&mut self, _status: i32) {}
    /// Enters (`true`) or leaves a subshell: each command of a pipeline of several runs
    /// in one, so its variables, `cd` and `exit` do not reach the shell.
    fn subshell(&mut self, _enter: bool) {}
}

/// Where a command's standard output or error goes.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Dest {
    Out,
    Err,
    Null,
    /// An opened file (its path as the file system resolved it), appended or truncated.
    File(String, bool),
}

/// Where a running command's streams go when it finishes.
struct Plan {
    out: Dest,
    err: Dest,
}

impl Plan {
    fn terminal() -> Plan {
        Plan {
            out: Dest::Out,
            err: Dest::Err,
        }
    }
}

/// How far [`Interp::poll`] got.
#[derive(Debug, PartialEq, Eq)]
pub enum Poll {
    /// A job is running: poll again.
    Pending,
    /// A command asked a question: give the answer to [`Interp::answer`].
    Asking,
    /// The script has ended with this status.
    Done(i32),
}

/// A script being run: where it is and what is in flight.
pub struct Interp<J, P> {
    script: Script,
    item: usize,
    cmd: usize,
    /// The previous command's output, for the next command of the pipeline.
    pipe: Option<Bytes>,
    /// The last pipeline's status (`$?`).
    status: i32,
    /// The last failing status in the current pipeline (for pipefail).
    failed: i32,
    active: Option<(J, Io, Plan)>,
    asking: Option<(P, Io, Plan)>,
    done: Option<i32>,
}

impl<J, P> Interp<J, P> {
    /// A script to run; `status` is `$?` before it (what an empty script returns).
    pub fn new(script: Script, status: i32) -> Interp<J, P> {
        Interp {
            script,
            item: 0,
            cmd: 0,
            pipe: None,
            status,
            failed: 0,
            active: None,
            asking: None,
            done: None,
        }
    }

    /// The running job and its streams, if any.
    pub fn job_io_mut(&mut self) -> Option<(&mut J, &mut Io)> {
        self.active.as_mut().map(|(j, io, _)| (j, io))
    }

    /// The running job, if any.
    pub fn job(&self) -> Option<&J> {
        self.active.as_ref().map(|(j, _, _)| j)
    }

    pub fn job_mut(&mut self) -> Option<&mut J> {
        self.active.as_mut().map(|(j, _, _)| j)
    }

    /// True while a question waits for its answer.
    pub fn is_asking(&self) -> bool {
        self.asking.is_some()
    }

    /// The command waiting for its answer, if any.
    pub fn asker(&self) -> Option<&P> {
        self.asking.as_ref().map(|(p, _, _)| p)
    }

    /// The last pipeline's status.
    pub fn status(&self) -> i32 {
        self.status
    }

    /// Runs until the script ends, a question is asked, or (with a budget other than
    /// `usize::MAX`) a job has taken one step. Output the script does not redirect goes
    /// to `out` (whose `stdin` the script's first command reads).
    pub(crate) fn poll<R: Runner<Job = J, Then = P>>(
        &mut self,
        r: &mut R,
        out: &mut Io,
        budget: usize,
    ) -> Poll {
        loop {
            if self.asking.is_some() {
                return Poll::Asking;
            }
            if let Some((mut job, mut io, plan)) = self.active.take() {
                match r.step(&mut job, &mut io, budget) {
                    None => {
                        // A job that writes to the terminal is seen as it goes (a
                        // container held in the foreground prints while it runs).
                        let len = self.script.items.get(self.item).map_or(1, |(p, _)| p.len());
                        if self.cmd + 1 >= len && plan.out == Dest::Out && plan.err == Dest::Err {
                            out.take_from(&mut io);
                        }
                        self.active = Some((job, io, plan));
                        return Poll::Pending;
                    }
                    Some(code) => self.finish(r, out, io, plan, code),
                }
                if budget != usize::MAX && self.done.is_none() {
                    // One job step per poll keeps each call short.
                    return Poll::Pending;
                }
                continue;
            }
            if let Some(code) = self.done {
                return Poll::Done(code);
            }
            self.start_command(r, out);
        }
    }

    /// Gives the pending question its answer; then [`Interp::poll`] goes on.
    pub(crate) fn answer<R: Runner<Job = J, Then = P>>(
        &mut self,
        r: &mut R,
        out: &mut Io,
        line: Option<&str>,
    ) {
        if let Some((then, mut io, plan)) = self.asking.take() {
            let next = r.answer(then, &mut io, line);
            self.resume(r, out, io, plan, next);
        }
    }

    /// Ctrl-C at the pending question (see [`Runner::interrupt`]).
    pub(crate) fn interrupt<R: Runner<Job = J, Then = P>>(&mut self, r: &mut R, out: &mut Io) {
        if let Some((then, mut io, plan)) = self.asking.take() {
            let next = r.interrupt(then, &mut io);
            self.resume(r, out, io, plan, next);
        }
    }

    /// Docker's detach keys at the pending question (see [`Runner::detach`]).
    pub(crate) fn detach<R: Runner<Job = J, Then = P>>(&mut self, r: &mut R, out: &mut Io) {
        if let Some((then, mut io, plan)) = self.asking.take() {
            let next = r.detach(then, &mut io);
            self.resume(r, out, io, plan, next);
        }
    }

    /// Goes on with what a command answered: finished, asking again, or a job.
    fn resume<R: Runner<Job = J, Then = P>>(
        &mut self,
        r: &mut R,
        out: &mut Io,
        mut io: Io,
        plan: Plan,
        next: Exec<J, P>,
    ) {
        match next {
            Exec::Done(code) => self.finish(r, out, io, plan, code),
            Exec::Job(job) => self.active = Some((job, io, plan)),
            Exec::Prompt { question, then } => {
                // What the command printed so far is shown before its next question.
                out.take_from(&mut io);
                crate::sh::applets::Sink::out(out, question.as_bytes());
                self.asking = Some((then, io, plan));
            }
        }
    }

    /// Expands, redirects and starts the next command.
    fn start_command<R: Runner<Job = J, Then = P>>(&mut self, r: &mut R, out: &mut Io) {
        let Some(pipeline) = self.script.items.get(self.item).map(|(p, _)| p) else {
            self.done = Some(self.status);
            return;
        };
        let len = pipeline.len();
        let Some(cmd) = pipeline.get(self.cmd).cloned() else {
            self.done = Some(self.status);
            return;
        };
        let last = self.cmd + 1 >= len;
        if len > 1 {
            r.subshell(true);
        }
        let (assigns, argv) = match r.expander() {
            None => (Vec::new(), cmd.literal_argv()),
            Some(x) => {
                let mut assigns = Vec::new();
                let mut words = cmd.argv.iter().peekable();
                while let Some((name, value)) = words.peek().and_then(|w| expand::assignment(w)) {
                    assigns.push((name, expand::single(x, &value)));
                    words.next();
                }
                let mut argv = Vec::new();
                for w in words {
                    argv.extend(expand::fields(x, w));
                }
                (assigns, argv)
            }
        };
        report_expansion(r, out);
        let dialect = r.dialect();
        let mut stdin = if self.cmd == 0 {
            out.stdin.take()
        } else {
            self.pipe.take()
        };
        let mut stdin_is_file = false;
        let mut plan = Plan::terminal();
        for redir in &cmd.redirs {
            let target = match r.expander() {
                Some(x) => expand::single(x, &redir.target),
                None => redir.target.literal(),
            };
            report_expansion(r, out);
            let append = matches!(redir.kind, RedirKind::Append | RedirKind::ErrAppend);
            match redir.kind {
                RedirKind::In if target == "/dev/null" && dialect.reads_null_itself() => {
                    stdin = Some(Bytes::new());
                    stdin_is_file = true;
                }
                RedirKind::In => match read_file(r, &target) {
                    Ok(b) => {
                        stdin = Some(b);
                        stdin_is_file = true;
                    }
                    Err(e) => {
                        out.err(&dialect.cannot_read(&target, &e));
                        return self.finish(r, out, Io::new(None), Plan::terminal(), 1);
                    }
                },
                RedirKind::Out | RedirKind::Append | RedirKind::Err | RedirKind::ErrAppend => {
                    // Every shell writes to these devices, the host's too (its own files
                    // are a flat namespace without a `/dev`).
                    let device = match target.as_str() {
                        "/dev/null" => Some(Dest::Null),
                        "/dev/stdout" | "/dev/fd/1" | "/proc/self/fd/1" => Some(Dest::Out),
                        "/dev/stderr" | "/dev/fd/2" | "/proc/self/fd/2" => Some(Dest::Err),
                        _ => None,
                    };
                    let dest = match device {
                        Some(d) => d,
                        None => {
                            let mut files = r.files();
                            match files.open_write(&target, append) {
                                Ok(()) => Dest::File(files.absolute(&target), append),
                                Err(e) => {
                                    drop(files);
                                    out.err(&dialect.cannot_create(&target, &e));
                                    return self.finish(r, out, Io::new(None), Plan::terminal(), 1);
                                }
                            }
                        }
                    };
                    if matches!(redir.kind, RedirKind::Out | RedirKind::Append) {
                        plan.out = dest;
                    } else {
                        plan.err = dest;
                    }
                }
                RedirKind::ErrToOut => plan.err = plan.out.clone(),
                RedirKind::OutToErr => plan.out = plan.err.clone(),
            }
        }
        let mut io = Io {
            stdin,
            stdout: Stream::new(),
            stderr: Vec::new(),
            merged: plan.out == plan.err,
            stdout_is_terminal: last && plan.out == Dest::Out && out.stdout_is_terminal,
            stdin_is_file,
            stdin_is_terminal: out.stdin_is_terminal,
            order: Vec::new(),
        };
        match r.call(assigns, argv, &mut io) {
            Exec::Done(code) => self.finish(r, out, io, plan, code),
            Exec::Job(job) => self.active = Some((job, io, plan)),
            Exec::Prompt { question, then } => match io.stdin.take() {
                Some(input) => {
                    // Redirected input answers the question, as it would for Docker: one
                    // line per question, then the end of input.
                    let text = String::from_utf8_lossy(&input).into_owned();
                    let mut lines = text.lines();
                    let (mut question, mut then) = (question, then);
                    loop {
                        io.stdout.extend_from_slice(question.as_bytes());
                        match r.answer(then, &mut io, lines.next()) {
                            Exec::Prompt {
                                question: q,
                                then: t,
                            } => (question, then) = (q, t),
                            other => {
                                self.resume(r, out, io, plan, other);
                                break;
                            }
                        }
                    }
                }
                None => self.resume(r, out, io, plan, Exec::Prompt { question, then }),
            },
        }
    }

    /// Routes a finished command's output and moves to the next command.
    fn finish<R: Runner<Job = J, Then = P>>(
        &mut self,
        r: &mut R,
        out: &mut Io,
        mut io: Io,
        plan: Plan,
        code: i32,
    ) {
        let len = self.script.items.get(self.item).map_or(1, |(p, _)| p.len());
        let last = self.cmd + 1 >= len;
        let mut code = code;
        if last && plan.out == Dest::Out && plan.err == Dest::Err {
            // Both to the terminal: in the order they were written.
            out.take_from(&mut io);
        }
        let mut stdout = std::mem::take(&mut io.stdout);
        let stderr = std::mem::take(&mut io.stderr);
        let mut streams: Vec<(Dest, Stream)> = Vec::new();
        if plan.out == plan.err {
            stdout.extend_from_slice(&stderr);
            streams.push((plan.out, stdout));
        } else {
            let mut err = Stream::new();
            err.extend_from_slice(&stderr);
            streams.push((plan.out, stdout));
            streams.push((plan.err, err));
        }
        let mut pipe = Stream::new();
        let dialect = r.dialect();
        for (dest, mut data) in streams {
            match dest {
                Dest::Out if last => {
                    out.mark(false, data.len());
                    out.stdout.append(&mut data)
                }
                Dest::Out => pipe.append(&mut data),
                Dest::Err => {
                    let bytes = data.into_bytes();
                    crate::sh::applets::Sink::err(out, &bytes);
                }
                Dest::Null => {}
                Dest::File(path, append) => {
                    let written = r.files().write_opened(&path, data.into_parts(), append);
                    if let Err(e) = written {
                        let (msg, fails) = dialect.write_failed(&path, &e);
                        out.err(&msg);
                        if fails {
                            code = 1;
                        }
                    }
                }
            }
        }
        if code != 0 {
            self.failed = code;
        }
        if len > 1 {
            r.subshell(false);
        }
        if !last {
            // The next command reads the pipe as one buffer, joined from the pieces written
            // to it. Past the memory budget the writer fails, as on a write error, and the
            // reader sees the end of input.
            let joined = if pipe.is_one_piece() {
                0
            } else {
                pipe.len() as u64
            };
            if let Some(e) = r.memory().and_then(|b| b.check("the pipe", joined).err()) {
                out.err(&format!("sh: {e}\n"));
                pipe = Stream::new();
                self.failed = 1;
            }
            self.pipe = Some(pipe.into_bytes());
            self.cmd += 1;
            return;
        }
        let status = if r.pipefail() && code == 0 {
            self.failed
        } else {
            code
        };
        self.failed = 0;
        self.cmd = 0;
        self.status = status;
        r.set_status(status);
        if let Some(exit) = r.exit_requested() {
            self.done = Some(exit);
            return;
        }
        let connector = self
            .script
            .items
            .get(self.item)
            .map_or(Connector::Always, |(_, c)| *c);
        // set -e: a failure ends the shell, unless `&&` or `||` tests it.
        if r.errexit() && status != 0 && connector == Connector::Always {
            r.request_exit(status);
            self.done = Some(status);
            return;
        }
        // Skip pipelines whose connector says not to run them; a skipped pipeline leaves
        // `$?` as it was: `false && a || b` runs b.
        loop {
            let conn = self
                .script
                .items
                .get(self.item)
                .map_or(Connector::Always, |(_, c)| *c);
            self.item += 1;
            if self.item >= self.script.items.len() {
                self.done = Some(status);
                break;
            }
            let run_next = match conn {
                Connector::Always => true,
                Connector::And => status == 0,
                Connector::Or => status != 0,
            };
            if run_next {
                break;
            }
        }
    }
}

/// Prints what expanding a command's words wrote to standard error: substitutions'
/// own output, then the expander's errors (`sh: ...`).
fn report_expansion<R: Runner>(r: &mut R, out: &mut Io) {
    let raw = r.take_substituted_stderr();
    if !raw.is_empty() {
        crate::sh::applets::Sink::err(out, &raw);
    }
    for e in r.take_expand_errors() {
        out.err(&format!("sh: {e}\n"));
    }
}

fn read_file<R: Runner>(r: &mut R, path: &str) -> fs::Result<Bytes> {
    r.files().read(path)
}

/// Runs a script to its end (for callers whose commands never return jobs or questions;
/// a question is answered with an empty line).
pub(crate) fn run_to_end<R: Runner>(r: &mut R, script: Script, status: i32, out: &mut Io) -> i32 {
    let mut interp: Interp<R::Job, R::Then> = Interp::new(script, status);
    loop {
        match interp.poll(r, out, usize::MAX) {
            Poll::Done(code) => return code,
            Poll::Pending => {}
            Poll::Asking => interp.answer(r, out, None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sh::fs::{Error, Kind, Stat};
    use crate::sh::parse::parse;
    use std::collections::BTreeMap;

    /// Files in a map, for the tests.
    #[derive(Default)]
    struct Files(BTreeMap<String, Vec<u8>>);

    impl Fs for Files {
        fn read(&self, path: &str) -> fs::Result<Bytes> {
            self.0
                .get(path)
                .map(|b| Bytes::from(b.clone()))
                .ok_or(Error::NotFound)
        }
        fn write(&mut self, path: &str, data: Bytes) -> fs::Result<()> {
            if path.contains('/') {
                return Err(Error::NotFound);
            }
            self.0.insert(path.into(), data.to_vec());
            Ok(())
        }
        fn append(&mut self, path: &str, data: &[u8]) -> fs::Result<()> {
            if path.contains('/') {
                return Err(Error::NotFound);
            }
            self.0
                .entry(path.into())
                .or_default()
                .extend_from_slice(data);
            Ok(())
        }
        fn stat(&self, path: &str) -> fs::Result<Stat> {
            let b = self.0.get(path).ok_or(Error::NotFound)?;
            Ok(Stat {
                kind: Kind::File,
                size: b.len() as u64,
                mode: 0o644,
                mtime: 0,
                uid: 0,
                gid: 0,
                nlink: 1,
                link: None,
                device: None,
            })
        }
        fn list(&self, _dir: &str) -> fs::Result<Vec<(String, Stat)>> {
            Err(Error::NotDir)
        }
        fn mkdir(&mut self, _path: &str, _mode: u32) -> fs::Result<()> {
            Err(Error::NotPermitted)
        }
        fn remove(&mut self, path: &str) -> fs::Result<()> {
            self.0.remove(path).map(|_| ()).ok_or(Error::NotFound)
        }
        fn remove_dir(&mut self, _path: &str) -> fs::Result<()> {
            Err(Error::NotDir)
        }
        fn rename(&mut self, _from: &str, _to: &str) -> fs::Result<()> {
            Err(Error::NotPermitted)
        }
    }

    /// Commands: `say WORDS` (stdout), `warn WORDS` (stderr), `up` (stdin upper-cased),
    /// `fail N`, `slow N` (a job of N steps), `ask` (a question; status 0 for `y`).
    struct Test {
        files: Files,
        dialect: Dialect,
        pipefail: bool,
        errexit: bool,
    }

    impl Test {
        fn new(dialect: Dialect) -> Test {
            Test {
                files: Files::default(),
                dialect,
                pipefail: false,
                errexit: false,
            }
        }

        fn run(&mut self, line: &str) -> (String, String, i32) {
            let mut out = Io::new(None);
            let code = match parse(line) {
                Ok(script) => run_to_end(self, script, 0, &mut out),
                Err(e) => {
                    out.err(&self.dialect.syntax_error(&e.0));
                    2
                }
            };
            (
                String::from_utf8_lossy(&out.stdout.into_bytes()).into_owned(),
                String::from_utf8_lossy(&out.stderr).into_owned(),
                code,
            )
        }
    }

    impl Runner for Test {
        type Job = u32;
        type Then = ();
        fn dialect(&self) -> Dialect {
            self.dialect
        }
        fn files(&mut self) -> Box<dyn Fs + '_> {
            Box::new(&mut self.files)
        }
        fn expander(&mut self) -> Option<&mut dyn Expander> {
            None
        }
        fn call(
            &mut self,
            _assigns: Vec<(String, String)>,
            argv: Vec<String>,
            io: &mut Io,
        ) -> Exec<u32, ()> {
            let rest = argv.get(1..).unwrap_or(&[]).join(" ");
            match argv.first().map(String::as_str) {
                Some("say") => io.out(&format!("{rest}\n")),
                Some("warn") => io.err(&format!("{rest}\n")),
                Some("up") => {
                    let s = String::from_utf8_lossy(&io.take_stdin()).to_uppercase();
                    io.out(&s);
                }
                Some("fail") => return Exec::Done(rest.parse().unwrap_or(1)),
                Some("slow") => return Exec::Job(rest.parse().unwrap_or(1)),
                Some("ask") => {
                    return Exec::Prompt {
                        question: "sure? ".into(),
                        then: (),
                    }
                }
                Some(name) => {
                    io.err(&self.dialect.not_found("sh", name));
                    return Exec::Done(127);
                }
                None => {}
            }
            Exec::Done(0)
        }
        fn step(&mut self, job: &mut u32, io: &mut Io, _budget: usize) -> Option<i32> {
            *job = job.saturating_sub(1);
            io.out(".");
            (*job == 0).then_some(0)
        }
        fn answer(&mut self, _then: (), io: &mut Io, line: Option<&str>) -> Exec<u32, ()> {
            let line = line.unwrap_or("");
            io.out(&format!("[{line}]\n"));
            Exec::Done(i32::from(line != "y"))
        }
        fn errexit(&self) -> bool {
            self.errexit
        }
        fn pipefail(&self) -> bool {
            self.pipefail
        }
    }

    impl<F: Fs + ?Sized> Fs for &mut F {
        fn read(&self, path: &str) -> fs::Result<Bytes> {
            (**self).read(path)
        }
        fn write(&mut self, path: &str, data: Bytes) -> fs::Result<()> {
            (**self).write(path, data)
        }
        fn append(&mut self, path: &str, data: &[u8]) -> fs::Result<()> {
            (**self).append(path, data)
        }
        fn stat(&self, path: &str) -> fs::Result<Stat> {
            (**self).stat(path)
        }
        fn list(&self, dir: &str) -> fs::Result<Vec<(String, Stat)>> {
            (**self).list(dir)
        }
        fn mkdir(&mut self, path: &str, mode: u32) -> fs::Result<()> {
            (**self).mkdir(path, mode)
        }
        fn remove(&mut self, path: &str) -> fs::Result<()> {
            (**self).remove(path)
        }
        fn remove_dir(&mut self, path: &str) -> fs::Result<()> {
            (**self).remove_dir(path)
        }
        fn rename(&mut self, from: &str, to: &str) -> fs::Result<()> {
            (**self).rename(from, to)
        }
    }

    #[test]
    fn pipelines_connectors_redirections() {
        let mut t = Test::new(Dialect::Host);
        assert_eq!(t.run("say a | up; say b"), ("A\nb\n".into(), "".into(), 0));
        assert_eq!(t.run("fail 3 && say no || say yes").0, "yes\n");
        assert_eq!(t.run("say x > f; warn y 2>> f; up < f").0, "X\nY\n");
        assert_eq!(t.run("warn e 2>&1 | up").0, "E\n");
        assert_eq!(t.run("say o 2>g 1>&2; up < g").0, "O\n");
        assert_eq!(t.run("say o 2>&1 >h").1, "");
        assert_eq!(
            t.run("up < nope; nosuch"),
            (
                "".into(),
                "sh: nope: No such file or directory\nsh: nosuch: command not found\n".into(),
                127
            )
        );
        assert_eq!(
            t.run("say x > d/f").1,
            "sh: d/f: No such file or directory\n"
        );
        assert_eq!(t.run("say 'a").2, 2);
    }

    #[test]
    fn container_dialect_options() {
        let mut t = Test::new(Dialect::Ash);
        assert_eq!(t.run("up < nope").1, "sh: can't open nope: no such file\n");
        assert_eq!(
            t.run("say > d/f").1,
            "sh: can't create d/f: nonexistent directory\n"
        );
        assert_eq!(t.run("say x > /dev/null; warn y 2>/dev/stdout").0, "y\n");
        assert_eq!(t.run("fail 2 | say").2, 0);
        t.pipefail = true;
        assert_eq!(t.run("fail 2 | say").2, 2);
        t.errexit = true;
        assert_eq!(
            t.run("fail 4 || say a; fail 5; say b"),
            ("a\n".into(), "".into(), 5)
        );
        assert_eq!(
            t.run("say 'a").1,
            "sh: syntax error: unterminated quoted string\n"
        );
    }

    #[test]
    fn jobs_and_questions_resume() {
        let mut t = Test::new(Dialect::Host);
        let mut interp: Interp<u32, ()> = Interp::new(parse("slow 3 | up; ask; say z").unwrap(), 0);
        let mut out = Io::new(None);
        assert_eq!(interp.poll(&mut t, &mut out, 10), Poll::Pending);
        assert_eq!(interp.job(), Some(&2));
        assert_eq!(interp.poll(&mut t, &mut out, 10), Poll::Pending);
        assert_eq!(interp.poll(&mut t, &mut out, 10), Poll::Pending);
        assert_eq!(interp.poll(&mut t, &mut out, 10), Poll::Asking);
        assert_eq!(out.stdout.len(), b"...sure? ".len());
        interp.answer(&mut t, &mut out, Some("y"));
        assert_eq!(interp.poll(&mut t, &mut out, 10), Poll::Done(0));
        let text = String::from_utf8_lossy(&out.stdout.into_bytes()).into_owned();
        assert_eq!(text, "...sure? [y]\nz\n");
        // Redirected input answers the question.
        assert_eq!(
            t.run("say n > a; ask < a"),
            ("sure? [n]\n".into(), "".into(), 1)
        );
    }
}
