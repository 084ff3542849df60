//! `docker load`: reads an archive from `-i FILE` or standard input into the store.

use super::{parse_flags, Usage};
use crate::archive::LoadJob;
use crate::cli::flags::{flag, value, Spec};
use crate::cli::{CmdJob, Ctx, Exec};
use crate::content::Blob;
use crate::job::{HashOffload, Progress};

pub const USAGE: Usage = Usage {
    command: "docker load",
    synopsis: "docker load [OPTIONS]",
    summary: "Load an image from a tar archive or STDIN",
    aliases: "docker image load, docker load",
    options: "  -i, --input string             Read from tar archive file, instead of STDIN\n      --platform stringArray     Load only the given platform(s). Formatted as a comma-separated list of \"os[/arch[/variant]]\" (e.g., \"linux/amd64,linux/arm64/v8\").\n  -q, --quiet                    Suppress the load output\n",
};

pub const USAGE_IMAGE: Usage = Usage {
    command: "docker image load",
    synopsis: "docker image load [OPTIONS]",
    ..USAGE
};

const SPECS: &[Spec] = &[
    value(Some('i'), "input"),
    flag(Some('q'), "quiet"),
    value(None, "platform"),
];

pub fn run(cx: &mut Ctx, args: &[String], usage: &Usage) -> Exec {
    let p = match parse_flags(cx, usage, args, SPECS) {
        Ok(p) => p,
        Err(code) => return Exec::Done(code),
    };
    if let Err(code) = super::check_args(cx, usage, &p, super::Args::None) {
        return Exec::Done(code);
    }
    let (input, name): (Blob, &str) = match p.value("input") {
        Some(file) => match cx.host.blob(file) {
            Ok(b) => (b, file),
            Err(e) => {
                cx.io
                    .err(&format!("open {file}: {}\n", e.reason().to_lowercase()));
                return Exec::Done(1);
            }
        },
        None => match cx.io.stdin.take() {
            Some(b) => (Blob::from(b), "from standard input"),
            None => {
                cx.io.err("requested load from stdin, but stdin is empty\n");
                return Exec::Done(1);
            }
        },
    };
    let platforms = match super::pull::platforms_flag(cx, &p, cx.engine.containerd_store()) {
        Ok(p) => p,
        Err(code) => return Exec::Done(code),
    };
    let mut job = LoadJob::new(input, name, cx.memory).for_platforms(platforms);
    if cx.engine >= crate::engine::Engine::Docker29 {
        job = job.into_records(cx.now);
    }
    job.offload_hashing(cx.offload_hashing);
    Exec::Job(Box::new(LoadCmd { job }))
}

struct LoadCmd {
    job: LoadJob,
}

impl HashOffload for LoadCmd {
    fn hash_request(&self) -> Option<Blob> {
        self.job.hash_request()
    }
    fn provide_hash(&mut self, d: crate::digest::Digest) {
        self.job.provide_hash(d)
    }
    fn hash_hints(&self) -> Vec<Blob> {
        self.job.hash_hints()
    }
}

impl CmdJob for LoadCmd {
    fn step(&mut self, cx: &mut Ctx, budget: usize) -> Option<i32> {
        match self.job.step(cx.store, cx.now, budget) {
            Ok(None) => None,
            Ok(Some(lines)) => {
                // The layers were indexed as they were walked: the first look at one (the
                // explorer, a container) need not read it again.
                for (diff_id, index) in self.job.take_indexes() {
                    if let Some(layer) = cx.store.layer(&diff_id) {
                        cx.snapshots.adopt(layer, index);
                    }
                }
                cx.io.out(&lines);
                Some(0)
            }
            Err(e) => {
                cx.io.err(&format!("{e}\n"));
                Some(1)
            }
        }
    }

    fn progress(&self) -> Progress {
        self.job.progress()
    }
}
