//! `docker save`: writes images to `-o FILE` or to standard output (redirected).

use super::{parse_flags, require_args, Usage};
use crate::archive::save::{SaveItem, SaveJob};
use crate::cli::flags::{value, Spec};
use crate::cli::{CmdJob, Ctx, Exec};
use crate::content::Blob;
use crate::digest::Digest;
use crate::error::Error;
use crate::job::{HashOffload, Progress};
use crate::reference::Reference;
use crate::store::Store;

pub const USAGE: Usage = Usage {
    command: "docker save",
    synopsis: "docker save [OPTIONS] IMAGE [IMAGE...]",
    summary: "Save one or more images to a tar archive (streamed to STDOUT by default)",
    aliases: "docker image save, docker save",
    options: "  -o, --output string            Write to a file, instead of STDOUT\n      --platform stringArray     Save only the given platform(s). Formatted as a comma-separated list of \"os[/arch[/variant]]\" (e.g., \"linux/amd64,linux/arm64/v8\")\n",
};

pub const USAGE_IMAGE: Usage = Usage {
    command: "docker image save",
    synopsis: "docker image save [OPTIONS] IMAGE [IMAGE...]",
    ..USAGE
};

const SPECS: &[Spec] = &[value(Some('o'), "output"), value(None, "platform")];

pub fn run(cx: &mut Ctx, args: &[String], usage: &Usage) -> Exec {
    let p = match parse_flags(cx, usage, args, SPECS) {
        Ok(p) => p,
        Err(code) => return Exec::Done(code),
    };
    if let Err(code) = require_args(cx, usage, &p, 1) {
        return Exec::Done(code);
    }
    let output = p.value("output").map(str::to_string);
    if output.is_none() && cx.io.stdout_is_terminal {
        cx.io
            .err("cowardly refusing to save to a terminal. Use the -o flag or redirect\n");
        return Exec::Done(1);
    }
    if let Some(o) = &output {
        if let Err(e) = crate::host::clean(o) {
            cx.io.err(&format!(
                "failed to save image: invalid output path: {o}: {}\n",
                e.reason()
            ));
            return Exec::Done(1);
        }
    }
    let items = match resolve(cx.store, &p.args) {
        Ok(items) => items,
        Err(e) => {
            cx.io.err(&format!("Error response from daemon: {e}\n"));
            return Exec::Done(1);
        }
    };
    // moby's errors come back before any byte is written.
    let containerd = cx.engine.containerd_store();
    let platforms = match super::pull::platforms_flag(cx, &p, cx.engine.containerd_store()) {
        Ok(p) => p,
        Err(code) => return Exec::Done(code),
    };
    let job = if containerd {
        match SaveJob::records(cx.store, &items, &platforms) {
            Ok(job) => job,
            Err(i) => {
                // moby's errPlatformNotFound, with the image's familiar name.
                let name = items[i]
                    .tags
                    .first()
                    .map(Reference::familiar)
                    .unwrap_or_else(|| items[i].id.to_string());
                cx.io.err(&format!(
                    "Error response from daemon: no suitable export target found: image with reference {name} was found but does not provide the specified platform ({})\n",
                    platforms.first().map(String::as_str).unwrap_or_default()
                ));
                return Exec::Done(1);
            }
        }
    } else {
        // moby v28.2.2 image/tarexport/save.go takeLayerReference.
        if let Some(wanted) = platforms.first() {
            let off = items
                .iter()
                .filter_map(|i| cx.store.image(&i.id))
                .any(|img| !crate::platform::matches(wanted, &img.config().platform()));
            if off {
                cx.io.err(&format!(
                    "Error response from daemon: no suitable export target found for platform {wanted}\n"
                ));
                return Exec::Done(1);
            }
        }
        SaveJob::new(cx.store, &items)
    };
    Exec::Job(Box::new(SaveCmd { job, output }))
}

/// Docker's rules: `name:tag` saves that tag; a bare name saves all its tags; an ID or ID
/// prefix saves the image untagged. The errors are the daemon's: `No such image: X` for an
/// ID or a name without tags, `reference does not exist` for a tag or digest.
fn resolve(store: &Store, names: &[String]) -> Result<Vec<SaveItem>, Error> {
    let not_found = |name: &str| Error::ImageNotFound {
        reference: name.to_string(),
    };
    let mut items: Vec<SaveItem> = Vec::new();
    let mut add = |id: Digest, tag: Option<Reference>| {
        let pos = match items.iter().position(|i| i.id == id) {
            Some(p) => p,
            None => {
                items.push(SaveItem {
                    id,
                    tags: Vec::new(),
                });
                items.len() - 1
            }
        };
        if let Some(t) = tag {
            if !items[pos].tags.contains(&t) {
                items[pos].tags.push(t);
            }
        }
    };
    for name in names {
        if let Some(d) = Digest::parse(name) {
            if store.image(&d).is_none() {
                return Err(not_found(name));
            }
            add(d, None);
            continue;
        }
        match Reference::parse_normalized(name) {
            Ok(r) if r.tag().is_none() && r.digest().is_none() => {
                let mut refs: Vec<(Reference, Digest)> = store
                    .tags()
                    .filter(|(t, _)| t.name() == r.name())
                    .map(|(t, d)| (t.clone(), *d))
                    .collect();
                refs.sort_by_key(|(t, _)| t.to_string());
                if refs.is_empty() {
                    match store.lookup(name) {
                        Some(id) => add(id, None),
                        None => return Err(not_found(name)),
                    }
                }
                for (t, d) in refs {
                    add(d, Some(t));
                }
            }
            Ok(r) => {
                let id = match r.digest() {
                    Some(d) => store.image(&d).map(|_| d),
                    None => store.resolve_tag(&r),
                };
                match id {
                    Some(id) => add(id, r.tag().map(|_| r.clone())),
                    None => {
                        return Err(Error::ReferenceNotFound {
                            reference: r.familiar(),
                        })
                    }
                }
            }
            Err(_) => match store.lookup(name) {
                Some(id) => add(id, None),
                None => return Err(not_found(name)),
            },
        }
    }
    Ok(items)
}

struct SaveCmd {
    job: SaveJob,
    output: Option<String>,
}

impl HashOffload for SaveCmd {}

impl CmdJob for SaveCmd {
    fn step(&mut self, cx: &mut Ctx, budget: usize) -> Option<i32> {
        match self.job.step(budget) {
            Ok(None) => None,
            Ok(Some(archive)) => Some(self.deliver(cx, archive)),
            Err(e) => {
                cx.io.err(&format!("Error response from daemon: {e}\n"));
                Some(1)
            }
        }
    }

    fn progress(&self) -> Progress {
        self.job.progress()
    }
}

impl SaveCmd {
    fn deliver(&self, cx: &mut Ctx, archive: Vec<Blob>) -> i32 {
        match &self.output {
            Some(name) => match cx.host.write_parts(name, archive) {
                Ok(()) => 0,
                Err(e) => {
                    cx.io
                        .err(&format!("failed to save image: {name}: {}\n", e.reason()));
                    1
                }
            },
            None => {
                // Standard output holds the archive: what is not in memory already must fit.
                let outside: u64 = archive
                    .iter()
                    .filter(|p| p.as_memory().is_none())
                    .map(Blob::len)
                    .sum();
                if let Err(e) = cx.memory.check("the archive's layers", outside) {
                    cx.io.err(&format!("Error response from daemon: {e}\n"));
                    return 1;
                }
                for part in archive {
                    match part.to_bytes() {
                        Ok(b) => cx.io.stdout.push_bytes(b),
                        Err(e) => {
                            cx.io.err(&format!("Error response from daemon: {e}\n"));
                            return 1;
                        }
                    }
                }
                0
            }
        }
    }
}
