//! `docker logs`: what a container's main process wrote (docker/cli v28.2.2
//! cli/command/container/logs.go; moby daemon/logs.go for --tail, --since, --until and the
//! timestamps, written as jsonmessage.RFC3339NanoFixed).

use super::run::find;
use super::{parse_flags, Usage};
use crate::cli::flags::{flag, value, Spec};
use crate::cli::Ctx;
use crate::time::Timestamp;

pub const USAGE: Usage = Usage {
    command: "docker logs",
    synopsis: "docker logs [OPTIONS] CONTAINER",
    summary: "Fetch the logs of a container",
    aliases: "docker container logs, docker logs",
    options: "      --details        Show extra details provided to logs\n  -f, --follow         Follow log output\n      --since string   Show logs since timestamp (e.g.\n                       \"2013-01-02T13:23:37Z\") or relative (e.g. \"42m\"\n                       for 42 minutes)\n  -n, --tail string    Number of lines to show from the end of the logs\n                       (default \"all\")\n  -t, --timestamps     Show timestamps\n      --until string   Show logs before a timestamp (e.g.\n                       \"2013-01-02T13:23:37Z\") or relative (e.g. \"42m\"\n                       for 42 minutes)\n",
};

pub const USAGE_CONTAINER: Usage = Usage {
    command: "docker container logs",
    synopsis: "docker container logs [OPTIONS] CONTAINER",
    ..USAGE
};

const SPECS: &[Spec] = &[
    flag(None, "details"),
    flag(Some('f'), "follow"),
    value(None, "since"),
    value(Some('n'), "tail"),
    flag(Some('t'), "timestamps"),
    value(None, "until"),
];

/// docker/api/types/time GetTimestamp: an RFC 3339 time, Unix seconds, or a Go duration
/// before now.
fn time_arg(s: &str, now: Timestamp) -> Option<Timestamp> {
    if let Some(t) = Timestamp::parse_rfc3339(s) {
        return Some(t);
    }
    if let Ok(secs) = s.parse::<f64>() {
        return Some(Timestamp((secs * 1e9) as i128));
    }
    crate::go::duration::parse_duration(s)
        .ok()
        .map(|d| Timestamp(now.0 - i128::from(d)))
}

/// jsonmessage.RFC3339NanoFixed: nanoseconds always nine digits.
fn fixed_nano(t: Timestamp) -> String {
    let secs = t.0.div_euclid(1_000_000_000);
    let nanos = t.0.rem_euclid(1_000_000_000);
    let base = Timestamp::from_unix_seconds(secs as i64).to_rfc3339();
    format!("{}.{nanos:09}Z", base.trim_end_matches('Z'))
}

pub fn run(cx: &mut Ctx, args: &[String], usage: &Usage) -> crate::cli::Exec {
    use crate::cli::Exec;
    let p = match parse_flags(cx, usage, args, SPECS) {
        Ok(p) => p,
        Err(code) => return Exec::Done(code),
    };
    if let Err(code) = super::check_args(cx, usage, &p, super::Args::Exactly(1)) {
        return Exec::Done(code);
    }
    let now = cx.now;
    let since = match p.value("since").map(|s| (s, time_arg(s, now))) {
        Some((s, None)) => {
            cx.io.err(&format!(
                "invalid value for \"since\": failed to parse value as time or duration: \"{s}\"\n"
            ));
            return Exec::Done(1);
        }
        Some((_, t)) => t,
        None => None,
    };
    let until = match p.value("until").map(|s| (s, time_arg(s, now))) {
        Some((s, None)) => {
            cx.io.err(&format!(
                "invalid value for \"until\": failed to parse value as time or duration: \"{s}\"\n"
            ));
            return Exec::Done(1);
        }
        Some((_, t)) => t,
        None => None,
    };
    let Some(i) = find(cx, &p.args[0]) else {
        return Exec::Done(1);
    };
    let Some(c) = cx.containers.get(i) else {
        return Exec::Done(1);
    };
    let (id, shown, running) = (c.id.hex(), c.logs.len(), c.is_running());
    let mut lines: Vec<_> = c
        .logs
        .iter()
        .filter(|l| since.is_none_or(|s| l.time.0 >= s.0))
        .filter(|l| until.is_none_or(|u| l.time.0 <= u.0))
        .cloned()
        .collect();
    // moby: a negative or unparsable --tail shows everything.
    if let Some(n) = p
        .value("tail")
        .filter(|t| *t != "all")
        .and_then(|t| t.parse::<i64>().ok())
        .filter(|n| *n >= 0)
    {
        let n = n as usize;
        if lines.len() > n {
            lines.drain(..lines.len() - n);
        }
    }
    let timestamps = p.on("timestamps");
    write_lines(cx, &lines, timestamps);
    if p.on("follow") && running && until.is_none() {
        return Exec::Job(Box::new(Follow {
            id,
            shown,
            timestamps,
        }));
    }
    Exec::Done(0)
}

fn write_lines(cx: &mut Ctx, lines: &[crate::containers::LogLine], timestamps: bool) {
    for l in lines {
        let text = if timestamps {
            format!("{} {}", fixed_nano(l.time), l.text)
        } else {
            l.text.clone()
        };
        if l.stderr {
            cx.io.err(&text);
        } else {
            cx.io.out(&text);
        }
    }
}

/// `docker logs -f`: what the container writes next, until it stops (moby's follow ends
/// with the container) or Ctrl-C.
struct Follow {
    id: String,
    /// Log lines shown so far.
    shown: usize,
    timestamps: bool,
}

impl crate::job::HashOffload for Follow {}

impl crate::cli::CmdJob for Follow {
    fn step(&mut self, cx: &mut Ctx, _budget: usize) -> Option<i32> {
        let Ok(i) = cx.containers.find(&self.id) else {
            return Some(0);
        };
        let (new, running) = match cx.containers.get(i) {
            Some(c) => (
                c.logs.get(self.shown..).unwrap_or(&[]).to_vec(),
                c.is_running(),
            ),
            None => return Some(0),
        };
        self.shown += new.len();
        write_lines(cx, &new, self.timestamps);
        (!running).then_some(0)
    }

    fn progress(&self) -> crate::job::Progress {
        crate::job::Progress {
            label: "following",
            done: 0,
            total: 0,
        }
    }

    fn wait(&self) -> crate::cli::Wait {
        crate::cli::Wait::Signal
    }
}
