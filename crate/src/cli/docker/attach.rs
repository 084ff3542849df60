//! A terminal attached to a container, as `docker run` without `-d`, `docker exec -it`,
//! `docker start -a` and `docker attach` leave it:
//! - an interactive shell (`docker run -it busybox sh`, `docker exec -it web bash`): each
//!   line typed runs inside the container; the shell's prompt is printed as the real
//!   image's shell prints it (`container::sh::prompt`); `exit` or Ctrl-D returns to the
//!   host with the shell's status (a main process's exit ends the container);
//! - a main process that keeps running (a server, `sleep 30`, `tail -f`): the terminal is
//!   held until the process ends (the session clock passes a `sleep`) or Ctrl-C, which
//!   Docker forwards to the container (docker/cli run.go ForwardAllSignals): a server
//!   stops; `sleep` and `sh` as PID 1 ignore it and Docker keeps waiting.

use super::lifecycle;
use crate::cli::{Ask, CmdJob, Ctx, Exec, ShellInfo, Wait};
use crate::container::process::Main;
use crate::container::sh::{self, prompt::Style};
use crate::job::{HashOffload, Progress};
use crate::time::Timestamp;

/// SIGINT's number.
const SIGINT: i32 = 2;

/// An interactive shell in a container, waiting for its next line.
pub struct ShellAsk {
    /// The container's full ID (its index may change while the shell runs).
    id: String,
    name: String,
    /// The container's main process (its exit ends the container), or an exec'd one.
    main: bool,
    program: String,
    env: sh::Env,
    style: Style,
    /// `-t`: the shell prints prompts and the terminal echoes what is typed.
    tty: bool,
    hostname: String,
    key: u64,
}

impl ShellAsk {
    /// A shell started as `program` in the container at `index`, with `env`; `tty` is
    /// `-t` (without it the shell is not interactive and prints no prompt).
    pub fn new(
        cx: &mut Ctx,
        index: usize,
        main: bool,
        program: &str,
        mut env: sh::Env,
        tty: bool,
    ) -> Option<Box<ShellAsk>> {
        let key = cx.containers.next_key();
        let c = cx.containers.get(index)?;
        env.tty = tty;
        env.shell = program.rsplit('/').next().unwrap_or(program).to_string();
        Some(Box::new(ShellAsk {
            id: c.id.hex(),
            name: c.name.clone(),
            main,
            program: program.to_string(),
            style: Style::of(&c.rootfs, program),
            tty,
            hostname: c.id.short(),
            env,
            key,
        }))
    }

    fn prompt(&self) -> String {
        if self.tty {
            self.style.prompt(&self.env, &self.hostname, &self.program)
        } else {
            String::new()
        }
    }

    /// Prints the prompt (logged as the terminal shows it, for a main process with a TTY)
    /// and waits for the next line.
    pub fn ask(self: Box<Self>, cx: &mut Ctx) -> Exec {
        let question = self.prompt();
        self.log(cx, question.as_bytes());
        Exec::Prompt {
            question,
            then: self,
        }
    }

    /// Waits for the next line without printing a prompt (`docker attach`: the prompt
    /// was printed before).
    pub fn wait_silently(self: Box<Self>) -> Exec {
        Exec::Prompt {
            question: String::new(),
            then: self,
        }
    }

    /// What a main process with a TTY writes goes to its log as the terminal shows it.
    fn log(&self, cx: &mut Ctx, bytes: &[u8]) {
        if !self.main || bytes.is_empty() {
            return;
        }
        let now = cx.now;
        let tty = self.tty;
        if let Ok(i) = cx.containers.find(&self.id) {
            if let Some(c) = cx.containers.get_mut(i) {
                if tty {
                    let text = String::from_utf8_lossy(bytes).replace('\n', "\r\n");
                    c.log(now, false, text.as_bytes());
                } else {
                    c.log(now, false, bytes);
                }
            }
        }
    }

    /// The shell has exited with `code`: a main process ends its container.
    fn end(self: Box<Self>, cx: &mut Ctx, code: i32) -> Exec {
        if self.main {
            let now = cx.now;
            if let Ok(i) = cx.containers.find(&self.id) {
                if let Some(c) = cx.containers.get_mut(i) {
                    if c.is_running() {
                        c.rootfs.stop();
                        c.main = Main::None;
                        c.set_exited(code, now);
                    }
                }
                cx.containers.settle(now);
            }
        }
        Exec::Done(code)
    }

    /// bash says `exit` as it leaves, on `exit` and on Ctrl-D; ash and dash say nothing
    /// (the terminal then moves to a new line after Ctrl-D).
    fn farewell(&self, eof: bool) -> &'static str {
        match self.style {
            Style::DebianBash | Style::RedHatBash | Style::Bash if self.tty => "exit\n",
            _ if eof && self.tty => "\n",
            _ => "",
        }
    }
}

impl Ask for ShellAsk {
    fn answer(mut self: Box<Self>, cx: &mut Ctx, line: Option<&str>) -> Exec {
        let now = cx.now;
        let running = cx
            .containers
            .find(&self.id)
            .ok()
            .and_then(|i| cx.containers.get(i))
            .is_some_and(|c| c.is_running());
        if !running {
            // Killed or stopped from elsewhere: the shell went with it.
            let code = cx
                .containers
                .find(&self.id)
                .ok()
                .and_then(|i| cx.containers.get(i))
                .and_then(|c| match c.state {
                    crate::containers::State::Exited { code, .. } => Some(code),
                    _ => None,
                })
                .unwrap_or(137);
            return Exec::Done(code);
        }
        let Some(line) = line else {
            let bye = self.farewell(true);
            cx.io.err(bye);
            self.log(cx, bye.as_bytes());
            let status = self.env.status;
            return self.end(cx, status);
        };
        if self.tty {
            self.log(cx, format!("{line}\n").as_bytes());
        }
        let Ok(i) = cx.containers.find(&self.id) else {
            return Exec::Done(1);
        };
        let Some(c) = cx.containers.get_mut(i) else {
            return Exec::Done(1);
        };
        let (out, exit) = sh::run_interactive(
            &mut c.rootfs,
            line,
            &mut self.env,
            now.unix_seconds().max(0) as u64,
        );
        self.log(cx, &out.stdout);
        self.log(cx, &out.stderr);
        cx.io.write_output(&out);
        match exit {
            Some(code) => {
                let bye = self.farewell(false);
                cx.io.err(bye);
                self.log(cx, bye.as_bytes());
                self.end(cx, code)
            }
            None => self.ask(cx),
        }
    }

    fn interrupt(self: Box<Self>, cx: &mut Ctx) -> Exec {
        // An interactive shell drops the line and prompts again.
        // Without a TTY, Docker forwards SIGINT to the shell, which as PID 1 (or as a
        // shell reading its input) ignores it.
        // The front end echoes the key, as it echoes a typed line.
        self.log(cx, b"^C\n");
        self.ask(cx)
    }

    fn detach(&self, cx: &mut Ctx) -> Option<i32> {
        // docker/cli hijack.go: the detach keys end the attached streams; run.go and
        // attach.go return without an error, and the process keeps running.
        cx.io.out("\n");
        Some(0)
    }

    fn shell(&self) -> Option<ShellInfo> {
        Some(ShellInfo {
            key: self.key,
            container: self.name.clone(),
            program: self.program.clone(),
        })
    }

    fn complete(
        &self,
        containers: &crate::containers::Containers,
        line: &str,
    ) -> Option<crate::cli::complete::Completion> {
        let i = containers.find(&self.id).ok()?;
        let c = containers.get(i)?;
        Some(crate::cli::complete::in_container(
            &c.rootfs, &self.env, line,
        ))
    }
}

/// A container held in the foreground until its main process ends or Ctrl-C.
pub struct Hold {
    id: String,
    /// When its `sleep` ends, if it is one.
    until: Option<Timestamp>,
    /// Ctrl-C was ignored once: the next one lets go of the container.
    ignored: bool,
    /// The status the command ends with, once known.
    status: Option<i32>,
}

impl Hold {
    /// Holds the container at `index`, which is running.
    pub fn new(cx: &Ctx, index: usize) -> Option<Box<Hold>> {
        let c = cx.containers.get(index)?;
        let until = match c.main {
            Main::Sleep { until } => until,
            _ => None,
        };
        Some(Box::new(Hold {
            id: c.id.hex(),
            until,
            ignored: false,
            status: None,
        }))
    }
}

impl HashOffload for Hold {}

impl CmdJob for Hold {
    fn step(&mut self, cx: &mut Ctx, _budget: usize) -> Option<i32> {
        if let Some(s) = self.status {
            return Some(s);
        }
        let Ok(i) = cx.containers.find(&self.id) else {
            // A --rm container that ended is gone; it ended as its sleep did.
            return Some(0);
        };
        match cx.containers.get(i).map(|c| c.state) {
            Some(crate::containers::State::Exited { code, .. }) => Some(code),
            Some(crate::containers::State::Running { .. }) => None,
            _ => Some(0),
        }
    }

    fn progress(&self) -> Progress {
        Progress {
            label: "attached",
            done: 0,
            total: 0,
        }
    }

    fn wait(&self) -> Wait {
        if self.status.is_some() {
            return Wait::Busy;
        }
        match self.until {
            Some(t) => Wait::Until(t),
            None => Wait::Signal,
        }
    }

    fn interrupt(&mut self, cx: &mut Ctx) -> bool {
        let now = cx.now;
        let Ok(i) = cx.containers.find(&self.id) else {
            return false;
        };
        let Some(c) = cx.containers.get_mut(i) else {
            return false;
        };
        let signal = lifecycle::stop_signal(c);
        let logged = c.logs.len();
        match c.signal(SIGINT, signal, now) {
            Some(code) => {
                // What it wrote as it ended (nginx's notices) reaches the terminal.
                for l in c.logs.get(logged..).unwrap_or(&[]) {
                    if l.stderr {
                        cx.io.err(&l.text);
                    } else {
                        cx.io.out(&l.text);
                    }
                }
                cx.containers.settle(now);
                self.status = Some(code);
            }
            None if !self.ignored => {
                self.ignored = true;
                let what = match c.main {
                    Main::Sleep { .. } => "sleep",
                    Main::Shell => "the shell",
                    _ => "its program",
                };
                cx.io.err(&format!(
                    "layerlab: Docker forwarded SIGINT to the container, and {what}, as PID 1 with no handler for it, ignores it: Docker keeps waiting. Press Ctrl-C again to let go of the container (it keeps running; docker stop ends it).\n"
                ));
            }
            None => self.status = Some(130),
        }
        true
    }
}

/// `docker attach [--no-stdin] [--sig-proxy] [--detach-keys KEYS] CONTAINER`
/// (docker/cli attach.go): the container must be running and not paused; with its
/// standard input open (`-i`) and a shell as its main process, the lines typed go to that
/// shell (which printed its prompt before: nothing is printed until a line is typed);
/// otherwise the terminal is held as `docker run` holds it.
pub fn attach(cx: &mut Ctx, args: &[String], usage: &super::Usage) -> Exec {
    use crate::cli::flags::{flag, value};
    let p = match super::parse_flags(
        cx,
        usage,
        args,
        &[
            flag(None, "no-stdin"),
            flag(None, "sig-proxy"),
            value(None, "detach-keys"),
        ],
    ) {
        Ok(p) => p,
        Err(code) => return Exec::Done(code),
    };
    if let Err(code) = super::check_args(cx, usage, &p, super::Args::Exactly(1)) {
        return Exec::Done(code);
    }
    let Some(index) = super::run::find(cx, &p.args[0]) else {
        return Exec::Done(1);
    };
    let Some(c) = cx.containers.get(index) else {
        return Exec::Done(1);
    };
    if !c.is_running() {
        cx.io
            .err("You cannot attach to a stopped container, start it first\n");
        return Exec::Done(1);
    }
    if c.paused {
        cx.io
            .err("You cannot attach to a paused container, unpause it first\n");
        return Exec::Done(1);
    }
    if c.main == Main::Shell && c.open_stdin && !p.on("no-stdin") {
        let (program, tty) = (c.path.clone(), c.tty);
        let env = super::run::main_env(c);
        return match ShellAsk::new(cx, index, true, &program, env, tty) {
            Some(shell) => shell.wait_silently(),
            None => Exec::Done(1),
        };
    }
    match Hold::new(cx, index) {
        Some(hold) => Exec::Job(hold),
        None => Exec::Done(1),
    }
}
