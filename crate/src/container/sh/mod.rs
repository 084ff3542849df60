//! A shell that runs command lines inside a container's [`Rootfs`], as busybox's `ash`
//! would: the shared parser (`crate::sh::parse`) for quoting, pipes, `&&`, `||`, `;`
//! and redirections, expansions of variables, `$?`, `$(...)` and globs, and
//! busybox's applets written in Rust over the rootfs.
//!
//! How a program name is found, as in a container:
//! - ash's own builtins always run: `echo`, `printf`, `test`/`[`, `cd`, `pwd`, `export`,
//!   `unset`, `exit`, `true`, `false`, `:`, `set`, `eval`, `exec`, `type`, `read`;
//! - any other name is looked up in `$PATH` in the rootfs (a name with a `/` is a path).
//!   Missing: `sh: NAME: not found`, status 127. Found and one of the applets layerlab
//!   implements (`ls`, `cat`, `cp`, ... see [`APPLETS`]): the applet runs, whatever the
//!   file is (busybox's behaviour, also in images whose `ls` is GNU's). Found but not an
//!   applet: layerlab does not execute programs from images; it says so on one line and
//!   returns 126 (see [`UNSUPPORTED`]).
//!
//! [`exec`] runs an argv as `docker run IMAGE ARGV...` does (no shell): a program missing
//! from the rootfs is the OCI runtime error Docker prints, with status 127.
//!
//! `bash` and `dash` (and `sh` when the image's `/bin/sh` links to dash) run the same
//! interpreter with their own "not found" messages. The applets always behave as
//! busybox's (an image's GNU `ls` is not imitated).
//!
//! Not supported: compound commands (`if`, `for`, `while`, `case`, functions, `{ }`,
//! `( )`), here-documents, background jobs, `>&N` for N other than 1 and 2. Commands run
//! as root, without permission checks.

mod cmds;
mod fs;
pub mod prompt;
mod text;

use super::rootfs::Rootfs;
use crate::sh::expand::{self, Expander};
use crate::sh::interp::{self, Dialect, Runner};
use crate::sh::parse;
pub use crate::stream::Output;
use bytes::Bytes;

/// What layerlab prints for a program the image has but layerlab cannot run (after the
/// program's name and `: `).
pub const UNSUPPORTED: &str =
    "layerlab does not run programs from images, only the commands it implements";

/// The applets layerlab implements, run when their name is found in `$PATH`.
pub const APPLETS: &[&str] = &[
    "basename", "busybox", "cat", "chmod", "chown", "cp", "cut", "date", "dirname", "env", "false",
    "find", "grep", "head", "hostname", "id", "ln", "ls", "mkdir", "mv", "printf", "pwd",
    "readlink", "realpath", "rm", "rmdir", "seq", "sh", "ash", "bash", "dash", "sleep", "sort",
    "stat", "tail", "tee", "test", "touch", "tr", "true", "uname", "uniq", "wc", "which", "whoami",
    "echo", "[", "[[",
];

/// The builtins of the shell itself: they need no file in the image.
pub const SHELL_BUILTINS: &[&str] = &[
    ":", "[", "cd", "echo", "eval", "exec", "exit", "export", "false", "printf", "pwd", "read",
    "set", "test", "true", "type", "unset",
];

/// Docker's default `PATH`.
pub const DEFAULT_PATH: &str = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/// A process's environment: exported variables in order, shell variables, the working
/// directory, and the last exit status.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Env {
    /// Exported variables, in the order the process got them (`env` prints them so).
    pub vars: Vec<(String, String)>,
    /// Variables set in the shell but not exported.
    pub locals: Vec<(String, String)>,
    /// Absolute working directory.
    pub cwd: String,
    /// `$?`.
    pub status: i32,
    /// `$0`, `$1`, ...
    pub args: Vec<String>,
    /// Set once a `sh` runs: `env` then lists variables in ash's order and `SHLVL` and
    /// `PWD` are exported.
    pub in_shell: bool,
    /// True for `docker run -t`: `ls` prints columns.
    pub tty: bool,
    /// The shell that reads the lines (`sh`, `bash`, `dash`): its error messages are
    /// used. `sh` is dash when the image's `/bin/sh` links to it, busybox's ash otherwise.
    pub shell: String,
    /// `set -e`: a failing command (not one tested by `&&` or `||`) ends the shell.
    pub errexit: bool,
    /// `set -o pipefail`: a pipeline fails when any of its commands does.
    pub pipefail: bool,
}

impl Env {
    /// An environment with these exported variables, in `cwd` (`/` when empty).
    pub fn new(vars: Vec<(String, String)>, cwd: &str) -> Env {
        Env {
            vars,
            locals: Vec::new(),
            cwd: if cwd.is_empty() {
                "/".into()
            } else {
                cwd.into()
            },
            status: 0,
            args: vec!["sh".into()],
            in_shell: false,
            tty: false,
            shell: "sh".into(),
            errexit: false,
            pipefail: false,
        }
    }

    /// Applies shell options as `set` and `sh` take them (`-e`, `+e`, `-o pipefail`,
    /// `-euxo pipefail`...). Returns how many arguments were options and whether `-c` was
    /// one of them, or the bad letter.
    pub fn set_options(&mut self, args: &[String]) -> Result<(usize, bool), char> {
        let mut i = 0;
        let mut command = false;
        while let Some(a) = args.get(i) {
            let on = a.starts_with('-');
            let Some(letters) = a
                .strip_prefix('-')
                .or_else(|| a.strip_prefix('+'))
                .filter(|l| !l.is_empty() && *l != "-")
            else {
                if a == "--" {
                    i += 1;
                }
                break;
            };
            i += 1;
            for ch in letters.chars() {
                match ch {
                    'e' => self.errexit = on,
                    'o' => {
                        match args.get(i).map(String::as_str) {
                            Some("errexit") => self.errexit = on,
                            Some("pipefail") => self.pipefail = on,
                            _ => {}
                        }
                        i += 1;
                    }
                    'c' => command |= on,
                    'x' | 'u' | 'v' | 'f' | 'l' | 'i' | 's' | 'a' | 'b' | 'h' | 'm' | 'n' | 'C' => {
                    }
                    other => return Err(other),
                }
            }
        }
        Ok((i, command))
    }

    /// A variable's value (exported or not).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.vars
            .iter()
            .chain(self.locals.iter())
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Sets a variable: exported ones stay exported, new ones are shell variables.
    pub fn set(&mut self, name: &str, value: &str) {
        if let Some(slot) = self.vars.iter_mut().find(|(k, _)| k == name) {
            slot.1 = value.to_string();
        } else if let Some(slot) = self.locals.iter_mut().find(|(k, _)| k == name) {
            slot.1 = value.to_string();
        } else {
            self.locals.push((name.to_string(), value.to_string()));
        }
    }

    /// Exports a variable, with a new value or the one it has.
    pub fn export(&mut self, name: &str, value: Option<&str>) {
        let old = self.get(name).map(str::to_string);
        self.locals.retain(|(k, _)| k != name);
        let v = value.map(str::to_string).or(old);
        match self.vars.iter_mut().find(|(k, _)| k == name) {
            Some(slot) => {
                if let Some(v) = v {
                    slot.1 = v;
                }
            }
            None => self.vars.push((name.to_string(), v.unwrap_or_default())),
        }
    }

    pub fn unset(&mut self, name: &str) {
        self.vars.retain(|(k, _)| k != name);
        self.locals.retain(|(k, _)| k != name);
    }

    /// What ash does when it starts: `SHLVL` goes up by one and `PWD` is exported.
    pub fn enter_shell(&mut self) {
        let level = self
            .get("SHLVL")
            .and_then(|v| v.parse::<i64>().ok())
            .unwrap_or(0);
        self.export("SHLVL", Some(&(level + 1).to_string()));
        let cwd = self.cwd.clone();
        self.export("PWD", Some(&cwd));
        self.in_shell = true;
    }

    /// The exported variables as the process lists them: in the order given, or, inside
    /// ash, in the order of ash's variable hash table (how `sh -c env` prints them).
    pub fn environ(&self) -> Vec<(String, String)> {
        if !self.in_shell {
            return self.vars.clone();
        }
        let bucket = |name: &str| {
            let b = name.as_bytes();
            let mut h = u32::from(b.first().copied().unwrap_or(0)) << 4;
            for c in b {
                h = h.wrapping_add(u32::from(*c));
            }
            h % 39
        };
        let mut v: Vec<(usize, &(String, String))> = self.vars.iter().enumerate().collect();
        // Newer variables go to the head of their bucket's list.
        v.sort_by(|(i, a), (j, b)| bucket(&a.0).cmp(&bucket(&b.0)).then(j.cmp(i)));
        v.into_iter().map(|(_, kv)| kv.clone()).collect()
    }

    /// `path` made absolute against the working directory.
    pub fn abs(&self, path: &str) -> String {
        if path.starts_with('/') {
            path.to_string()
        } else if self.cwd.ends_with('/') {
            format!("{}{path}", self.cwd)
        } else {
            format!("{}/{path}", self.cwd)
        }
    }
}

/// How a program name resolves in a rootfs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Program {
    /// A shell builtin, or an applet found in `$PATH`: layerlab runs it.
    Builtin(String),
    /// A file layerlab cannot run (its absolute path).
    Unsupported(String),
    /// Nothing by that name.
    Missing,
}

/// Finds `name` as a shell would: shell builtins first (when `shell`), then `$PATH`.
pub fn lookup(fs: &Rootfs, env: &Env, name: &str, shell: bool) -> Program {
    if shell && SHELL_BUILTINS.contains(&name) {
        return Program::Builtin(name.to_string());
    }
    let found = if name.contains('/') {
        let p = env.abs(name);
        fs.stat(&p).ok().filter(|s| !s.is_dir()).map(|_| p)
    } else if name.is_empty() {
        None
    } else {
        let path = env.get("PATH").unwrap_or(DEFAULT_PATH).to_string();
        path.split(':')
            .map(|d| if d.is_empty() { "." } else { d })
            .map(|d| env.abs(&format!("{}/{name}", d.trim_end_matches('/'))))
            .find(|p| fs.stat(p).is_ok_and(|s| !s.is_dir()))
    };
    let Some(path) = found else {
        return Program::Missing;
    };
    let base = name.rsplit('/').next().unwrap_or(name);
    if APPLETS.contains(&base) {
        Program::Builtin(base.to_string())
    } else {
        Program::Unsupported(path)
    }
}

/// The OCI runtime error `docker run` prints when the program is not in the image.
pub fn oci_not_found(name: &str) -> String {
    let what = if name.contains('/') {
        format!("exec: \"{name}\": stat {name}: no such file or directory")
    } else {
        format!("exec: \"{name}\": executable file not found in $PATH")
    };
    format!("docker: Error response from daemon: failed to create task for container: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: {what}: unknown.\n")
}

/// Runs a command line in an interactive shell's session (`SHLVL` and `PWD` set up on
/// first use; `env.shell` names the shell). `env` carries variables, the working
/// directory and `$?` across lines. For `docker run IMAGE sh -c CMD`, use [`exec`] with
/// the argv: that is what Docker runs.
pub fn run(fs: &mut Rootfs, line: &str, env: &mut Env, now: u64) -> Output {
    if !env.in_shell {
        env.enter_shell();
    }
    let mut sh = Shell::new(fs, env, now);
    let mut io = Io::new(None);
    let code = sh.script(line, &mut io);
    sh.env.status = code;
    output(io, code)
}

/// Runs a line typed into an interactive shell (`docker run -it IMAGE sh`): as [`run`],
/// and, when the line ran `exit` (or `set -e` ended the shell), the status the shell
/// exits with.
pub fn run_interactive(
    fs: &mut Rootfs,
    line: &str,
    env: &mut Env,
    now: u64,
) -> (Output, Option<i32>) {
    if !env.in_shell {
        env.enter_shell();
    }
    let mut sh = Shell::new(fs, env, now);
    let mut io = Io::new(None);
    let code = sh.script(line, &mut io);
    let exit = sh.exit;
    sh.env.status = code;
    (output(io, code), exit)
}

/// Runs an argv as the container's process (`docker run IMAGE ARGV...`, `docker exec`):
/// no shell parses it. A program missing from the image gives Docker's OCI error and
/// status 127; one layerlab cannot run gives status 126.
pub fn exec(fs: &mut Rootfs, argv: &[String], env: &mut Env, now: u64) -> Output {
    exec_with_stdin(fs, argv, env, now, Bytes::new())
}

/// [`exec`] with bytes on standard input (`docker run -i IMAGE ... < file`).
pub fn exec_with_stdin(
    fs: &mut Rootfs,
    argv: &[String],
    env: &mut Env,
    now: u64,
    stdin: Bytes,
) -> Output {
    let Some(name) = argv.first() else {
        return Output {
            stdout: Vec::new(),
            stderr: b"docker: Error response from daemon: no command specified.\n".to_vec(),
            code: 125,
            order: Vec::new(),
        };
    };
    match lookup(fs, env, name, false) {
        Program::Missing => Output {
            stdout: Vec::new(),
            stderr: oci_not_found(name).into_bytes(),
            code: 127,
            order: Vec::new(),
        },
        Program::Unsupported(path) => Output {
            stdout: Vec::new(),
            stderr: format!("{path}: {UNSUPPORTED}\n").into_bytes(),
            code: 126,
            order: Vec::new(),
        },
        Program::Builtin(_) => {
            let mut sh = Shell::new(fs, env, now);
            let mut io = Io::new(Some(stdin));
            let code = sh.call(argv, &mut io);
            sh.env.status = code;
            output(io, code)
        }
    }
}

/// A command's streams (with `merged`, what goes to stderr goes to stdout: `2>&1`).
pub(crate) use crate::sh::interp::Io;

/// What a finished command printed.
fn output(mut io: Io, code: i32) -> Output {
    let (stdout, stderr, order) = io.take_all();
    Output {
        stdout,
        stderr,
        code,
        order,
    }
}

/// Which flavour of the shared applets runs inside containers: busybox's, in every
/// image (the rule the container shell has always followed: an image's GNU tools are
/// not imitated).
pub(crate) fn applet_flavour() -> crate::sh::applets::Flavour {
    crate::sh::applets::Flavour::Busybox
}

/// Nested shells and substitutions deeper than this fail (a fork bomb's guard).
const MAX_DEPTH: usize = 32;

/// The interpreter's state for one process.
pub(crate) struct Shell<'a> {
    pub fs: &'a mut Rootfs,
    pub env: &'a mut Env,
    pub now: u64,
    pub depth: usize,
    /// Set by `exit`: the script stops with this status.
    pub exit: Option<i32>,
    /// Errors met while expanding the current command.
    expand_errors: Vec<String>,
    /// The environments and `exit`s of the shells around the subshells being run (one
    /// for each command of a pipeline).
    outer: Vec<(Env, Option<i32>)>,
}

impl<'a> Shell<'a> {
    pub fn new(fs: &'a mut Rootfs, env: &'a mut Env, now: u64) -> Shell<'a> {
        Shell {
            fs,
            env,
            now,
            depth: 0,
            exit: None,
            expand_errors: Vec::new(),
            outer: Vec::new(),
        }
    }

    /// A shell for a subshell or a nested `sh`: same filesystem, its own environment.
    fn nested<'b>(&'b mut self, env: &'b mut Env) -> Shell<'b> {
        Shell {
            fs: &mut *self.fs,
            env,
            now: self.now,
            depth: self.depth + 1,
            exit: None,
            expand_errors: Vec::new(),
            outer: Vec::new(),
        }
    }

    /// Runs a command line; returns its status.
    pub fn script(&mut self, line: &str, io: &mut Io) -> i32 {
        if self.depth > MAX_DEPTH {
            io.err("sh: too many nested shells\n");
            return 2;
        }
        let script = match parse::parse(line) {
            Ok(s) => s,
            Err(e) => {
                io.err(&self.dialect().syntax_error(&e.0));
                return 2;
            }
        };
        let status = self.env.status;
        interp::run_to_end(self, script, status, io)
    }

    fn dialect(&self) -> Dialect {
        match self.env.shell.as_str() {
            "bash" => Dialect::Bash,
            "dash" => Dialect::Dash,
            "sh" if self
                .fs
                .readlink("/bin/sh")
                .is_ok_and(|t| t.ends_with("dash")) =>
            {
                Dialect::Dash
            }
            _ => Dialect::Ash,
        }
    }

    /// A command with `NAME=value` prefixes: the names are set in the shell when no
    /// command follows, exported to the command otherwise.
    fn assign_and_call(
        &mut self,
        assigns: Vec<(String, String)>,
        argv: &[String],
        io: &mut Io,
    ) -> i32 {
        if argv.is_empty() {
            for (k, v) in &assigns {
                self.env.set(k, v);
            }
            return 0;
        }
        if assigns.is_empty() {
            return self.call(argv, io);
        }
        let mut env = self.env.clone();
        for (k, v) in &assigns {
            env.export(k, Some(v));
        }
        let mut sub = self.nested(&mut env);
        sub.depth -= 1;
        let s = sub.call(argv, io);
        if let Some(e) = sub.exit {
            self.exit = Some(e);
        }
        s
    }

    /// Runs an expanded argv: a builtin, an applet found in `$PATH`, or an error.
    pub fn call(&mut self, argv: &[String], io: &mut Io) -> i32 {
        let Some(name) = argv.first() else {
            return 0;
        };
        let args = argv.get(1..).unwrap_or(&[]);
        match lookup(self.fs, self.env, name, true) {
            Program::Builtin(applet) => self.applet(&applet, name, args, io),
            Program::Unsupported(_) => {
                io.err(&format!("sh: {name}: {UNSUPPORTED}\n"));
                126
            }
            Program::Missing => {
                io.err(&self.dialect().not_found(&self.env.shell, name));
                127
            }
        }
    }

    /// Runs one of the shared applets over the rootfs, from the working directory.
    pub(crate) fn shared(
        &mut self,
        f: fn(&[String], &mut crate::sh::applets::Ctx) -> i32,
        args: &[String],
        io: &mut Io,
    ) -> i32 {
        let stdin = io.take_stdin();
        let mut fs = fs::ShellFs {
            root: &mut *self.fs,
            cwd: self.env.cwd.clone(),
            now: self.now,
        };
        let mut cx = crate::sh::applets::Ctx {
            stdin,
            stdin_is_file: false,
            io,
            fs: &mut fs,
            flavour: applet_flavour(),
            tty: self.env.tty,
            now: self.now,
        };
        f(args, &mut cx)
    }

    fn applet(&mut self, applet: &str, name: &str, args: &[String], io: &mut Io) -> i32 {
        match applet {
            ":" | "true" => 0,
            "false" => 1,
            "sh" | "ash" | "bash" | "dash" => self.sh(name, args, io),
            "busybox" => match args.split_first() {
                Some((a, rest)) if APPLETS.contains(&a.as_str()) && a != "busybox" => {
                    self.applet(a, a, rest, io)
                }
                Some((a, _)) => {
                    io.err(&format!("{a}: applet not found\n"));
                    127
                }
                None => {
                    io.out("BusyBox multi-call binary (layerlab's built-in commands).\n");
                    0
                }
            },
            "cd" => self.cd(args, io),
            "exit" => {
                let code = match args.first() {
                    None => self.env.status,
                    Some(a) => match a.parse::<i64>() {
                        Ok(n) => (n & 255) as i32,
                        Err(_) => {
                            io.err(&format!("sh: exit: Illegal number: {a}\n"));
                            2
                        }
                    },
                };
                self.exit = Some(code);
                code
            }
            "export" => {
                if args.is_empty() || args.iter().all(|a| a == "-p") {
                    let mut vars = self.env.vars.clone();
                    vars.sort();
                    for (k, v) in vars {
                        io.out(&format!("export {k}={}\n", sh_quote(&v)));
                    }
                    return 0;
                }
                for a in args {
                    match a.split_once('=') {
                        Some((k, v)) => self.env.export(k, Some(v)),
                        None => self.env.export(a, None),
                    }
                }
                0
            }
            "unset" => {
                for a in args.iter().filter(|a| !a.starts_with('-')) {
                    self.env.unset(a);
                }
                0
            }
            "set" => {
                if args
                    .first()
                    .is_some_and(|a| a.starts_with('-') || a.starts_with('+'))
                {
                    return match self.env.set_options(args) {
                        Ok(_) => 0,
                        Err(c) => {
                            io.err(&format!("sh: set: illegal option -{c}\n"));
                            2
                        }
                    };
                }
                if args.is_empty() {
                    let mut all: Vec<(String, String)> = self
                        .env
                        .vars
                        .iter()
                        .chain(self.env.locals.iter())
                        .cloned()
                        .collect();
                    all.sort();
                    for (k, v) in all {
                        io.out(&format!("{k}={}\n", sh_quote(&v)));
                    }
                }
                0
            }
            "eval" => {
                let line = args.join(" ");
                self.script(&line, io)
            }
            "exec" => {
                if args.is_empty() {
                    return 0;
                }
                let s = self.call(args, io);
                self.exit = Some(s);
                s
            }
            "type" => {
                let mut code = 0;
                for a in args {
                    match lookup(self.fs, self.env, a, true) {
                        Program::Builtin(_) if SHELL_BUILTINS.contains(&a.as_str()) => {
                            io.out(&format!("{a} is a shell builtin\n"))
                        }
                        Program::Missing => {
                            io.out(&format!("{a}: not found\n"));
                            code = 127;
                        }
                        _ => {
                            let p = which(self.fs, self.env, a).unwrap_or_else(|| a.clone());
                            io.out(&format!("{a} is {p}\n"));
                        }
                    }
                }
                code
            }
            "read" => {
                let input = io.take_stdin();
                let line = input.split(|b| *b == b'\n').next().unwrap_or(&[]);
                let text = String::from_utf8_lossy(line).into_owned();
                let names: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
                let mut parts = text.split_whitespace();
                for (k, n) in names.iter().enumerate() {
                    let v = if k + 1 == names.len() {
                        parts.by_ref().collect::<Vec<_>>().join(" ")
                    } else {
                        parts.next().unwrap_or("").to_string()
                    };
                    self.env.set(n, &v);
                }
                i32::from(input.is_empty())
            }
            _ => self.tool(applet, name, args, io),
        }
    }

    /// `sh [OPTIONS] -c CMD [ARG0 ARGS...]`, `sh FILE`, or `sh` reading its script from
    /// stdin. Options may be combined as Dockerfiles' SHELL and RUN write them (`-ec`,
    /// `-euxo pipefail`); `-e` and `-o pipefail` apply, the others are accepted.
    fn sh(&mut self, name: &str, args: &[String], io: &mut Io) -> i32 {
        let mut env = self.env.clone();
        env.enter_shell();
        env.shell = name.rsplit('/').next().unwrap_or(name).to_string();
        // Options are the new shell's own: `-e` and `-o pipefail` apply, the others are
        // accepted; `-c` makes the first argument the script.
        env.errexit = false;
        env.pipefail = false;
        let (i, command) = match env.set_options(args) {
            Ok(found) => found,
            Err(other) => {
                io.err(&format!("sh: illegal option -{other}\n"));
                return 2;
            }
        };
        let args = args.get(i..).unwrap_or(&[]);
        let (script, argv0, rest) = match args.first().map(String::as_str) {
            _ if command => {
                let Some(cmd) = args.first() else {
                    io.err("sh: -c requires an argument\n");
                    return 2;
                };
                let argv0 = args.get(1).cloned().unwrap_or_else(|| "sh".into());
                (cmd.clone(), argv0, args.get(2..).unwrap_or(&[]).to_vec())
            }
            Some(file) if !file.starts_with('-') => match self.fs.read_file(&self.env.abs(file)) {
                Ok(b) => (
                    String::from_utf8_lossy(&b).into_owned(),
                    file.to_string(),
                    args.get(1..).unwrap_or(&[]).to_vec(),
                ),
                Err(e) => {
                    io.err(&format!("sh: can't open '{file}': {}\n", e.reason()));
                    return 2;
                }
            },
            _ => {
                let input = io.take_stdin();
                (
                    String::from_utf8_lossy(&input).into_owned(),
                    "sh".into(),
                    Vec::new(),
                )
            }
        };
        env.args = std::iter::once(argv0).chain(rest).collect();
        let mut sub = self.nested(&mut env);
        let code = sub.script(&script, io);
        sub.exit.unwrap_or(code)
    }

    fn cd(&mut self, args: &[String], io: &mut Io) -> i32 {
        let target = match args.first().map(String::as_str) {
            None => self.env.get("HOME").unwrap_or("/").to_string(),
            Some("-") => self.env.get("OLDPWD").unwrap_or("/").to_string(),
            Some(d) => d.to_string(),
        };
        let abs = self.env.abs(&target);
        match self.fs.stat(&abs) {
            Ok(s) if s.is_dir() => {
                let new = logical_clean(&abs);
                let old = std::mem::replace(&mut self.env.cwd, new.clone());
                self.env.set("OLDPWD", &old);
                if self.env.get("PWD").is_some() {
                    self.env.set("PWD", &new);
                }
                if args.first().map(String::as_str) == Some("-") {
                    io.out(&format!("{new}\n"));
                }
                0
            }
            Ok(_) => {
                io.err(&format!("sh: cd: can't cd to {target}: Not a directory\n"));
                2
            }
            Err(e) => {
                io.err(&format!("sh: cd: can't cd to {target}: {}\n", e.reason()));
                2
            }
        }
    }
}

impl Expander for Shell<'_> {
    fn var(&mut self, name: &str) -> Option<String> {
        match name {
            "?" => Some(self.env.status.to_string()),
            "$" => Some("1".into()),
            "!" | "-" => Some(String::new()),
            "#" => Some(self.env.args.len().saturating_sub(1).to_string()),
            "@" | "*" => Some(self.env.args.get(1..).unwrap_or(&[]).join(" ")),
            n if n.chars().all(|c| c.is_ascii_digit()) => {
                let i: usize = n.parse().ok()?;
                self.env.args.get(i).cloned()
            }
            n => self.env.get(n).map(str::to_string),
        }
    }

    fn set_var(&mut self, name: &str, value: &str) {
        self.env.set(name, value);
    }

    fn substitute(&mut self, cmd: &str) -> String {
        let mut env = self.env.clone();
        let mut sub = self.nested(&mut env);
        let mut io = Io::new(None);
        let status = sub.script(cmd, &mut io);
        self.env.status = status;
        self.expand_errors.extend(
            String::from_utf8_lossy(&io.stderr)
                .lines()
                .map(|l| l.strip_prefix("sh: ").unwrap_or(l).to_string()),
        );
        String::from_utf8_lossy(&io.stdout.into_bytes()).into_owned()
    }

    fn glob(&mut self, pattern: &[(char, bool)]) -> Vec<String> {
        let fs = fs::ShellFs {
            root: &mut *self.fs,
            cwd: self.env.cwd.clone(),
            now: self.now,
        };
        expand::glob(&fs, pattern)
    }

    fn error(&mut self, msg: &str) {
        self.expand_errors.push(msg.to_string());
    }
}

/// Commands inside containers finish at once: they have no jobs and ask no questions.
pub(crate) enum Never {}

impl Runner for Shell<'_> {
    type Job = Never;
    type Then = Never;

    fn dialect(&self) -> Dialect {
        Shell::dialect(self)
    }

    fn files(&mut self) -> Box<dyn crate::sh::fs::Fs + '_> {
        Box::new(fs::ShellFs {
            root: &mut *self.fs,
            cwd: self.env.cwd.clone(),
            now: self.now,
        })
    }

    fn expander(&mut self) -> Option<&mut dyn Expander> {
        Some(self)
    }

    fn take_expand_errors(&mut self) -> Vec<String> {
        std::mem::take(&mut self.expand_errors)
    }

    fn call(
        &mut self,
        assigns: Vec<(String, String)>,
        argv: Vec<String>,
        io: &mut Io,
    ) -> interp::Exec<Never, Never> {
        interp::Exec::Done(self.assign_and_call(assigns, &argv, io))
    }

    fn step(&mut self, job: &mut Never, _io: &mut Io, _budget: usize) -> Option<i32> {
        match *job {}
    }

    fn answer(
        &mut self,
        then: Never,
        _io: &mut Io,
        _line: Option<&str>,
    ) -> interp::Exec<Never, Never> {
        match then {}
    }

    fn set_status(&mut self, status: i32) {
        self.env.status = status;
    }

    fn errexit(&self) -> bool {
        self.env.errexit
    }

    fn pipefail(&self) -> bool {
        self.env.pipefail
    }

    fn exit_requested(&self) -> Option<i32> {
        self.exit
    }

    fn request_exit(&mut self, status: i32) {
        self.exit = Some(status);
    }

    fn subshell(&mut self, enter: bool) {
        if enter {
            self.outer.push((self.env.clone(), self.exit.take()));
            self.depth += 1;
        } else if let Some((env, exit)) = self.outer.pop() {
            *self.env = env;
            self.exit = exit;
            self.depth = self.depth.saturating_sub(1);
        }
    }
}

/// `'value'` quoting as ash's `export -p` and `set` print it.
fn sh_quote(v: &str) -> String {
    format!("'{}'", v.replace('\'', "'\"'\"'"))
}

/// An absolute path with `.` and `..` taken lexically (what `cd` keeps as `PWD`).
pub(crate) fn logical_clean(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for c in path.split('/') {
        match c {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            c => parts.push(c),
        }
    }
    format!("/{}", parts.join("/"))
}

/// The path `$PATH` finds `name` at.
pub(crate) fn which(fs: &Rootfs, env: &Env, name: &str) -> Option<String> {
    if name.contains('/') {
        return fs.stat(&env.abs(name)).ok().map(|_| name.to_string());
    }
    let path = env.get("PATH").unwrap_or(DEFAULT_PATH).to_string();
    path.split(':')
        .filter(|d| !d.is_empty())
        .map(|d| format!("{}/{name}", d.trim_end_matches('/')))
        .find(|p| fs.stat(p).is_ok_and(|s| !s.is_dir()))
}
