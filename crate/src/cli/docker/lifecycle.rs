//! `docker rename`, `pause`, `unpause` and `kill` (and their `docker container ...` forms):
//! docker/cli's command files for the output, moby's daemon for the errors.

use super::{check_args, parse_flags, require_args, Args, Usage};
use crate::cli::flags::value;
use crate::cli::Ctx;

/// An error text from Docker (the daemon's, or go-connections' for `-p`), as it prints it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DockerError(pub String);

impl std::fmt::Display for DockerError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for DockerError {}

impl From<String> for DockerError {
    fn from(s: String) -> DockerError {
        DockerError(s)
    }
}

impl PartialEq<&str> for DockerError {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

/// A usage in its `docker NAME` or `docker container NAME` form.
pub struct Forms {
    pub docker: Usage,
    pub container: Usage,
}

macro_rules! forms {
    ($name:literal, $args:literal, $summary:literal, $options:expr) => {
        Forms {
            docker: Usage {
                command: concat!("docker ", $name),
                synopsis: concat!("docker ", $name, " ", $args),
                summary: $summary,
                aliases: concat!("docker container ", $name, ", docker ", $name),
                options: $options,
            },
            container: Usage {
                command: concat!("docker container ", $name),
                synopsis: concat!("docker container ", $name, " ", $args),
                summary: $summary,
                aliases: concat!("docker container ", $name, ", docker ", $name),
                options: $options,
            },
        }
    };
}

/// docker/cli cli/command/container/attach.go.
pub const ATTACH: Forms = forms!(
    "attach",
    "[OPTIONS] CONTAINER",
    "Attach local standard input, output, and error streams to a running container",
    "      --detach-keys string   Override the key sequence for detaching a container\n      --no-stdin             Do not attach STDIN\n      --sig-proxy            Proxy all received signals to the process (default true)\n"
);
pub const RENAME: Forms = forms!("rename", "CONTAINER NEW_NAME", "Rename a container", "");
pub const PAUSE: Forms = forms!(
    "pause",
    "CONTAINER [CONTAINER...]",
    "Pause all processes within one or more containers",
    ""
);
pub const UNPAUSE: Forms = forms!(
    "unpause",
    "CONTAINER [CONTAINER...]",
    "Unpause all processes within one or more containers",
    ""
);
pub const KILL: Forms = forms!(
    "kill",
    "[OPTIONS] CONTAINER [CONTAINER...]",
    "Kill one or more running containers",
    "  -s, --signal string   Signal to send to the container\n"
);

/// `docker rename OLD NEW`: docker/cli rename.go prints the daemon's error, then
/// `Error: failed to rename container named OLD` (status 1); moby daemon/rename.go.
pub fn rename(cx: &mut Ctx, args: &[String], usage: &Usage) -> i32 {
    let p = match parse_flags(cx, usage, args, &[]) {
        Ok(p) => p,
        Err(code) => return code,
    };
    if let Err(code) = check_args(cx, usage, &p, Args::Exactly(2)) {
        return code;
    }
    let old = p.args[0].trim();
    let new = p.args[1].trim();
    if old.is_empty() || new.is_empty() {
        cx.io.err("Error: Neither old nor new names may be empty\n");
        return 1;
    }
    let failed = |cx: &mut Ctx, msg: &str| {
        cx.io.err(&format!(
            "Error response from daemon: {msg}\nError: failed to rename container named {old}\n"
        ));
        1
    };
    let i = match cx.containers.find(old) {
        Ok(i) => i,
        Err(e) => return failed(cx, &e.to_string()),
    };
    let new = if new.starts_with('/') {
        new.to_string()
    } else {
        format!("/{new}")
    };
    let current = cx
        .containers
        .get(i)
        .map(|c| format!("/{}", c.name))
        .unwrap_or_default();
    if current == new {
        return failed(
            cx,
            "Renaming a container with the same name as its current name",
        );
    }
    let bare = &new[1..];
    if !crate::containers::valid_name(bare) {
        return failed(cx, &format!("Error when allocating new name: Invalid container name ({new}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed"));
    }
    if let Some(other) = cx.containers.by_name(bare) {
        let id = other.id.hex();
        return failed(cx, &format!("Error when allocating new name: Conflict. The container name \"{new}\" is already in use by container \"{id}\". You have to remove (or rename) that container to be able to reuse that name."));
    }
    if let Some(c) = cx.containers.get_mut(i) {
        c.name = bare.to_string();
    }
    0
}

/// Runs `op` on each named container: its name on stdout when it succeeded, the daemon's
/// errors on stderr after them (docker/cli's errors.Join), status 1 when any failed.
fn each(
    cx: &mut Ctx,
    names: &[String],
    mut op: impl FnMut(&mut Ctx, usize, &str) -> Result<(), DockerError>,
) -> i32 {
    let mut errors = Vec::new();
    for name in names {
        let result = match cx.containers.find(name) {
            Ok(i) => op(cx, i, name),
            Err(e) => Err(DockerError(e.to_string())),
        };
        match result {
            Ok(()) => cx.io.out(&format!("{name}\n")),
            Err(e) => errors.push(format!("Error response from daemon: {e}\n")),
        }
    }
    let code = if errors.is_empty() { 0 } else { 1 };
    for e in errors {
        cx.io.err(&e);
    }
    code
}

/// `docker pause`: moby daemon/pause.go (not running, already paused).
pub fn pause(cx: &mut Ctx, args: &[String], usage: &Usage) -> i32 {
    let p = match parse_flags(cx, usage, args, &[]) {
        Ok(p) => p,
        Err(code) => return code,
    };
    if let Err(code) = require_args(cx, usage, &p, 1) {
        return code;
    }
    each(cx, &p.args, |cx, i, _| {
        let c = cx.containers.get_mut(i).ok_or_default()?;
        if !c.is_running() {
            return Err(format!("container {} is not running", c.id.hex()).into());
        }
        if c.paused {
            return Err(format!("Container {} is already paused", c.id.hex()).into());
        }
        c.paused = true;
        Ok(())
    })
}

/// `docker unpause`: moby daemon/unpause.go (not paused is checked first).
pub fn unpause(cx: &mut Ctx, args: &[String], usage: &Usage) -> i32 {
    let p = match parse_flags(cx, usage, args, &[]) {
        Ok(p) => p,
        Err(code) => return code,
    };
    if let Err(code) = require_args(cx, usage, &p, 1) {
        return code;
    }
    each(cx, &p.args, |cx, i, _| {
        let c = cx.containers.get_mut(i).ok_or_default()?;
        if !c.paused {
            return Err(format!("Container {} is not paused", c.id.hex()).into());
        }
        c.paused = false;
        Ok(())
    })
}

trait OrDefault<T> {
    fn ok_or_default(self) -> Result<T, DockerError>;
}

impl<T> OrDefault<T> for Option<T> {
    fn ok_or_default(self) -> Result<T, DockerError> {
        self.ok_or_else(|| DockerError("No such container".to_string()))
    }
}

/// Linux's signal numbers by name, as moby/sys/signal's SignalMap has them (without SIG).
const SIGNALS: &[(&str, i32)] = &[
    ("ABRT", 6),
    ("ALRM", 14),
    ("BUS", 7),
    ("CHLD", 17),
    ("CLD", 17),
    ("CONT", 18),
    ("FPE", 8),
    ("HUP", 1),
    ("ILL", 4),
    ("INT", 2),
    ("IO", 29),
    ("IOT", 6),
    ("KILL", 9),
    ("PIPE", 13),
    ("POLL", 29),
    ("PROF", 27),
    ("PWR", 30),
    ("QUIT", 3),
    ("SEGV", 11),
    ("STKFLT", 16),
    ("STOP", 19),
    ("SYS", 31),
    ("TERM", 15),
    ("TRAP", 5),
    ("TSTP", 20),
    ("TTIN", 21),
    ("TTOU", 22),
    ("URG", 23),
    ("USR1", 10),
    ("USR2", 12),
    ("VTALRM", 26),
    ("WINCH", 28),
    ("XCPU", 24),
    ("XFSZ", 25),
];

/// moby/sys/signal ParseSignal and ValidSignalForPlatform: a number, or a name with or
/// without `SIG` in any case (`RTMIN+N`, `RTMAX-N` too); the daemon's error otherwise.
pub fn parse_signal(raw: &str) -> Result<i32, DockerError> {
    let invalid = || DockerError(format!("invalid signal: {raw}"));
    let n = match raw.parse::<i64>() {
        Ok(0) => return Err(invalid()),
        Ok(n) => n,
        Err(_) => {
            let up = raw.to_ascii_uppercase();
            let name = up.strip_prefix("SIG").unwrap_or(&up);
            let rt = |prefix: &str, base: i64, sign: i64| -> Option<i64> {
                let rest = name.strip_prefix(prefix)?;
                if rest.is_empty() {
                    return Some(base);
                }
                let k: i64 = rest.get(1..)?.parse().ok()?;
                (rest.starts_with(if sign > 0 { '+' } else { '-' })
                    && (1..=15).contains(&k)
                    && !(sign < 0 && k > 14))
                    .then_some(base + sign * k)
            };
            match SIGNALS.iter().find(|(s, _)| *s == name) {
                Some((_, n)) => i64::from(*n),
                None => rt("RTMIN", 34, 1)
                    .or_else(|| rt("RTMAX", 64, -1))
                    .ok_or_else(invalid)?,
            }
        }
    };
    if (1..=31).contains(&n) || (34..=64).contains(&n) {
        Ok(n as i32)
    } else {
        Err(DockerError(format!(
            "the linux daemon does not support signal {n}"
        )))
    }
}

/// The image's STOPSIGNAL as a number, when it declares one.
pub fn stop_signal(c: &crate::containers::Container) -> Option<i32> {
    c.config
        .get("StopSignal")
        .and_then(serde_json::Value::as_str)
        .and_then(|s| parse_signal(s).ok())
}

/// `docker kill [-s SIGNAL]`: moby daemon/kill.go (the signal is checked before the
/// container; KILL by default; not running is an error).
pub fn kill(cx: &mut Ctx, args: &[String], usage: &Usage) -> i32 {
    let p = match parse_flags(cx, usage, args, &[value(Some('s'), "signal")]) {
        Ok(p) => p,
        Err(code) => return code,
    };
    if let Err(code) = require_args(cx, usage, &p, 1) {
        return code;
    }
    let signal = p.value("signal").unwrap_or("").to_string();
    let now = cx.now;
    each(cx, &p.args, |cx, i, _| {
        let sig = if signal.is_empty() {
            9
        } else {
            parse_signal(&signal)?
        };
        let c = cx.containers.get_mut(i).ok_or_default()?;
        if !c.is_running() {
            return Err(format!("container {} is not running", c.id.hex()).into());
        }
        let stop = stop_signal(c);
        c.signal(sig, stop, now);
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::parse_signal;

    #[test]
    fn signals_parse_as_moby_parses_them() {
        assert_eq!(parse_signal("KILL"), Ok(9));
        assert_eq!(parse_signal("sigterm"), Ok(15));
        assert_eq!(parse_signal("SIGHUP"), Ok(1));
        assert_eq!(parse_signal("15"), Ok(15));
        assert_eq!(parse_signal("RTMIN+2"), Ok(36));
        assert_eq!(parse_signal("RTMAX-1"), Ok(63));
        assert_eq!(parse_signal("RTMAX"), Ok(64));
        assert_eq!(
            parse_signal("0"),
            Err(super::DockerError("invalid signal: 0".into()))
        );
        assert_eq!(
            parse_signal("FOO"),
            Err(super::DockerError("invalid signal: FOO".into()))
        );
        assert_eq!(
            parse_signal("99"),
            Err(super::DockerError(
                "the linux daemon does not support signal 99".into()
            ))
        );
        assert_eq!(
            parse_signal("32"),
            Err(super::DockerError(
                "the linux daemon does not support signal 32".into()
            ))
        );
    }
}
