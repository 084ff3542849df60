//! The host command line as the interpreter (`crate::sh::interp`) sees it: the session's
//! state, the host files (with Docker's data root, see [`super::hostview`]), the
//! built-ins and `docker` as its commands, and a POSIX shell's expansions through the
//! shared expander (`crate::sh::expand`): variables (`X=web; docker logs $X`), `$?`,
//! `~`, `$(...)` and globs over the host's files, with field splitting of unquoted
//! expansions.
//!
//! A command substitution runs its script through the same interpreter to its end: a
//! `docker` command that is a job runs every step, and a question (`Are you sure?
//! [y/N]`) reads the end of input (no), as it would with standard input not a terminal.

use super::{dispatch, CmdJob, Continuation, Ctx, Exec, Io};
use crate::fs::Snapshots;
use crate::host::Host;
use crate::registry::Registries;
use crate::sh::expand::{self, Expander};
use crate::sh::interp::{Dialect, Interp, Poll, Runner};
use crate::store::Store;
use crate::time::Timestamp;
use std::collections::BTreeMap;

/// The host user's home directory: what `~` and `$HOME` expand to. The host's files are
/// its contents (`~/a.txt` is the host file `a.txt`).
pub const HOME: &str = "/home/user";

/// Nested command substitutions deeper than this fail (as a fork bomb's guard would).
const MAX_DEPTH: usize = 32;

/// The variables a session starts with.
pub fn initial_vars() -> BTreeMap<String, String> {
    BTreeMap::from([
        ("HOME".to_string(), HOME.to_string()),
        ("PWD".to_string(), HOME.to_string()),
        ("USER".to_string(), "user".to_string()),
    ])
}

pub(super) struct HostRunner<'a> {
    pub store: &'a mut Store,
    pub containers: &'a mut crate::containers::Containers,
    pub snapshots: &'a mut Snapshots,
    pub registries: &'a mut Registries,
    pub host: &'a mut dyn Host,
    pub now: Timestamp,
    pub offload_hashing: crate::job::HostHashing,
    pub history: &'a [String],
    pub lang: super::Lang,
    pub engine: crate::engine::Engine,
    /// The terminal's width (what a command sees is 0 when its output is not the terminal).
    pub columns: u16,
    pub memory: crate::budget::Budget,
    /// The shell's variables.
    pub vars: &'a mut BTreeMap<String, String>,
    /// `$?`.
    pub status: &'a mut i32,
    /// How many command substitutions are being run around this one.
    pub depth: usize,
    /// Errors met while expanding the current command (`sh: ...`).
    pub expand_errors: Vec<String>,
    /// What command substitutions wrote to standard error.
    pub substituted_stderr: Vec<u8>,
    /// The status of the last command substitution of the current command (an
    /// assignment-only command returns it).
    pub substituted_status: Option<i32>,
}

impl HostRunner<'_> {
    pub(super) fn cx<'b>(&'b mut self, io: &'b mut Io) -> Ctx<'b> {
        let columns = if io.stdout_is_terminal {
            self.columns
        } else {
            0
        };
        Ctx {
            store: &mut *self.store,
            containers: &mut *self.containers,
            snapshots: &mut *self.snapshots,
            registries: &mut *self.registries,
            host: &mut *self.host,
            now: self.now,
            io,
            offload_hashing: self.offload_hashing,
            history: self.history,
            lang: self.lang,
            engine: self.engine,
            columns,
            memory: self.memory,
        }
    }

    /// The host's files as commands see them.
    fn view(&mut self) -> super::hostview::HostView<'_> {
        super::hostview::HostView::new(
            &mut *self.host,
            &*self.store,
            &*self.containers,
            &mut *self.snapshots,
            self.now,
            self.engine,
        )
    }
}

impl Runner for HostRunner<'_> {
    type Job = Box<dyn CmdJob>;
    type Then = Continuation;

    fn dialect(&self) -> Dialect {
        Dialect::Host
    }

    fn files(&mut self) -> Box<dyn crate::sh::fs::Fs + '_> {
        Box::new(self.view())
    }

    fn memory(&self) -> Option<crate::budget::Budget> {
        Some(self.memory)
    }

    fn expander(&mut self) -> Option<&mut dyn Expander> {
        Some(self)
    }

    fn take_expand_errors(&mut self) -> Vec<String> {
        std::mem::take(&mut self.expand_errors)
    }

    fn take_substituted_stderr(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.substituted_stderr)
    }

    fn call(&mut self, assigns: Vec<(String, String)>, argv: Vec<String>, io: &mut Io) -> Exec {
        let substituted = self.substituted_status.take();
        if argv.is_empty() {
            // `X=web`: the shell's own variables. (Prefixes of a command, `X=1 cmd`, would
            // be its environment; the host's commands read none.)
            for (name, value) in assigns {
                self.vars.insert(name, value);
            }
            return Exec::Done(substituted.unwrap_or(0));
        }
        dispatch(&mut self.cx(io), &argv)
    }

    fn step(&mut self, job: &mut Self::Job, io: &mut Io, budget: usize) -> Option<i32> {
        job.step(&mut self.cx(io), budget)
    }

    fn answer(&mut self, then: Continuation, io: &mut Io, line: Option<&str>) -> Exec {
        then.answer(&mut self.cx(io), line)
    }

    fn interrupt(&mut self, then: Continuation, io: &mut Io) -> Exec {
        then.interrupt(&mut self.cx(io))
    }

    fn detach(&mut self, then: Continuation, io: &mut Io) -> Exec {
        match then.detach(&mut self.cx(io)) {
            Some(code) => Exec::Done(code),
            None => Exec::Prompt {
                question: String::new(),
                then,
            },
        }
    }

    fn set_status(&mut self, status: i32) {
        *self.status = status;
    }
}

impl Expander for HostRunner<'_> {
    fn var(&mut self, name: &str) -> Option<String> {
        match name {
            "?" => Some(self.status.to_string()),
            "$" => Some("1".into()),
            "!" | "-" | "@" | "*" => Some(String::new()),
            "#" => Some("0".into()),
            "0" => Some("sh".into()),
            n if n.chars().all(|c| c.is_ascii_digit()) => None,
            n => self.vars.get(n).cloned(),
        }
    }

    fn set_var(&mut self, name: &str, value: &str) {
        self.vars.insert(name.to_string(), value.to_string());
    }

    fn substitute(&mut self, cmd: &str) -> String {
        let mut io = Io::new(None);
        let status = if self.depth >= MAX_DEPTH {
            io.err("sh: command substitution nested too deeply\n");
            2
        } else {
            match crate::sh::parse::parse(cmd) {
                Err(e) => {
                    io.err(&Dialect::Host.syntax_error(&e.0));
                    2
                }
                Ok(script) => {
                    self.depth += 1;
                    // The substitution runs to its end here: no job may wait for the
                    // front end to hash a blob.
                    let offload = std::mem::take(&mut self.offload_hashing);
                    let mut interp: Interp<Box<dyn CmdJob>, Continuation> =
                        Interp::new(script, *self.status);
                    let status = loop {
                        match interp.poll(self, &mut io, usize::MAX) {
                            Poll::Done(code) => break code,
                            Poll::Pending => match interp.job().map(|j| j.wait()) {
                                // A container's sleep: the clock moves to its end.
                                Some(super::Wait::Until(t)) if t > self.now => {
                                    self.now = t;
                                    self.containers.settle(t);
                                }
                                // Held until Ctrl-C, which nobody can type here.
                                Some(super::Wait::Signal) => break 130,
                                _ => {}
                            },
                            // Standard input is not the terminal: the question (or a
                            // container's shell) reads the end of input.
                            Poll::Asking => interp.answer(self, &mut io, None),
                        }
                    };
                    self.depth -= 1;
                    self.offload_hashing = offload;
                    status
                }
            }
        };
        *self.status = status;
        self.substituted_status = Some(status);
        self.substituted_stderr.extend_from_slice(&io.stderr);
        String::from_utf8_lossy(&io.stdout.into_bytes()).into_owned()
    }

    fn glob(&mut self, pattern: &[(char, bool)]) -> Vec<String> {
        expand::glob(&self.view(), pattern)
    }

    fn error(&mut self, msg: &str) {
        self.expand_errors.push(msg.to_string());
    }
}
