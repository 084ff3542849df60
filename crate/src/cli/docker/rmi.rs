//! `docker rmi` / `docker image rm`: untag, then delete images and the layers only they
//! used, with moby's conflict rules (daemon/images/image_delete.go).

use super::{parse_flags, require_args, Usage};
use crate::cli::flags::{flag, value, Spec};
use crate::cli::Ctx;
use crate::containers::Containers;
use crate::digest::Digest;
use crate::reference::{ParseReferenceError, Reference};
use crate::store::Store;
use std::fmt;

pub const USAGE: Usage = Usage {
    command: "docker rmi",
    synopsis: "docker rmi [OPTIONS] IMAGE [IMAGE...]",
    summary: "Remove one or more images",
    aliases: "docker image rm, docker image remove, docker rmi",
    options: "  -f, --force              Force removal of the image\n      --no-prune           Do not delete untagged parents\n      --platform strings   Remove only the given platform variant. Formatted as \"os[/arch[/variant]]\" (e.g., \"linux/amd64\")\n",
};

pub const USAGE_IMAGE: Usage = Usage {
    command: "docker image rm",
    synopsis: "docker image rm [OPTIONS] IMAGE [IMAGE...]",
    ..USAGE
};

const SPECS: &[Spec] = &[
    flag(Some('f'), "force"),
    flag(None, "no-prune"),
    value(None, "platform"),
];

/// Why one image was not removed, as the daemon reports it (the command line prefixes
/// `Error response from daemon: `); moby's daemon/images/image_delete.go texts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DeleteError {
    /// Neither a reference nor an ID (prefix) of an image; the reference as Docker shows
    /// it (`nosuch:latest`).
    ImageNotFound {
        reference: String,
    },
    /// The image's last reference, which a container uses, without `-f`.
    ReferenceInUse {
        reference: String,
        container: String,
        image: String,
    },
    /// An image a running container uses (even with `-f`).
    /// Another image names this one as its parent (moby's hard conflict).
    HasChildren {
        image: String,
    },
    UsedByRunning {
        image: String,
        container: String,
    },
    /// An image a stopped container uses, without `-f`.
    UsedByStopped {
        image: String,
        container: String,
    },
    /// An ID naming an image tagged in several repositories, without `-f`.
    MultipleRepositories {
        image: String,
    },
    /// A name that is not a reference.
    Reference(ParseReferenceError),
    /// Docker 29: the image's last name, which a container uses, without `-f`.
    InUse {
        reference: String,
        container: String,
        image: String,
    },
    /// A `--platform` delete the daemon refuses, with its text.
    Platform(String),
}

impl fmt::Display for DeleteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DeleteError::ImageNotFound { reference } => write!(f, "No such image: {reference}"),
            DeleteError::ReferenceInUse {
                reference,
                container,
                image,
            } => write!(
                f,
                "conflict: unable to remove repository reference \"{reference}\" (must force) - container {container} is using its referenced image {image}"
            ),
            DeleteError::HasChildren { image } => write!(
                f,
                "conflict: unable to delete {image} (cannot be forced) - image has dependent child images"
            ),
            DeleteError::UsedByRunning { image, container } => write!(
                f,
                "conflict: unable to delete {image} (cannot be forced) - image is being used by running container {container}"
            ),
            DeleteError::UsedByStopped { image, container } => write!(
                f,
                "conflict: unable to delete {image} (must be forced) - image is being used by stopped container {container}"
            ),
            DeleteError::MultipleRepositories { image } => write!(
                f,
                "conflict: unable to delete {image} (must be forced) - image is referenced in multiple repositories"
            ),
            DeleteError::Reference(e) => write!(f, "{e}"),
            DeleteError::Platform(msg) => write!(f, "{msg}"),
            DeleteError::InUse {
                reference,
                container,
                image,
            } => write!(
                f,
                "conflict: unable to delete {reference} (must be forced) - container {container} is using its referenced image {image}"
            ),
        }
    }
}

impl std::error::Error for DeleteError {}

/// One line of `docker rmi` output.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Record {
    Untagged(String),
    Deleted(Digest),
}

pub fn run(cx: &mut Ctx, args: &[String], usage: &Usage) -> i32 {
    let p = match parse_flags(cx, usage, args, SPECS) {
        Ok(p) => p,
        Err(code) => return code,
    };
    if let Err(code) = require_args(cx, usage, &p, 1) {
        return code;
    }
    let force = p.on("force");
    let mut errors = Vec::new();
    let mut fatal = false;
    let containerd = cx.engine >= crate::engine::Engine::Docker29;
    // Both CLIs take a list.
    let platforms = match super::pull::platforms_flag(cx, &p, true) {
        Ok(p) => p,
        Err(code) => return code,
    };
    for name in &p.args {
        let deleted = match (containerd, platforms.is_empty()) {
            (true, true) => delete_record(cx.store, cx.containers, name, force, !p.on("no-prune")),
            (true, false) => delete_platforms(cx.store, name, &platforms, force),
            (false, _) => check_platform(cx.store, name, &platforms)
                .and_then(|()| delete(cx.store, cx.containers, name, force, !p.on("no-prune"))),
        };
        match deleted {
            Ok(records) => {
                for r in records {
                    match r {
                        Record::Untagged(t) => cx.io.out(&format!("Untagged: {t}\n")),
                        Record::Deleted(d) => cx.io.out(&format!("Deleted: {d}\n")),
                    }
                }
            }
            Err(e) => {
                fatal |= !matches!(e, DeleteError::ImageNotFound { .. });
                errors.push(format!("Error response from daemon: {e}"));
            }
        }
    }
    if errors.is_empty() {
        return 0;
    }
    cx.io.err(&format!("{}\n", errors.join("\n")));
    // With -f, images that do not exist are reported but do not fail the command.
    if force && !fatal {
        0
    } else {
        1
    }
}

/// Docker 28: the image must be of the one platform asked for (moby v28.2.2
/// daemon/images/image_delete.go and image.go `GetImage`); the delete is then as without it.
fn check_platform(store: &Store, name: &str, platforms: &[String]) -> Result<(), DeleteError> {
    let wanted = match platforms {
        [] => return Ok(()),
        [one] => one,
        _ => {
            return Err(DeleteError::Platform(
                "multiple platforms are not supported".into(),
            ))
        }
    };
    let Some(img) = store.lookup(name).and_then(|id| store.image(&id)) else {
        return Ok(());
    };
    let actual = img.config().platform();
    if crate::platform::matches(wanted, &actual) {
        return Ok(());
    }
    let shown =
        Reference::parse_normalized(name).map_or_else(|_| name.to_string(), |r| r.familiar());
    Err(DeleteError::Platform(format!(
        "image with reference {shown} was found but its platform ({actual}) does not match the specified platform ({wanted})"
    )))
}

/// Docker 29 (moby docker-v29.7.2 daemon/containerd/image_delete.go
/// `deleteImagePlatforms`): only with `-f`; each platform's manifest in the store, its
/// config and its layers go (`Deleted:` for the manifest), and the record stays.
fn delete_platforms(
    store: &mut Store,
    name: &str,
    platforms: &[String],
    force: bool,
) -> Result<Vec<Record>, DeleteError> {
    if !force {
        // moby's text, its dash included.
        return Err(DeleteError::Platform(
            "Content will be removed from all images referencing this variant. Use \u{2014}-force to force delete.".into(),
        ));
    }
    let id = store
        .lookup(name)
        .ok_or_else(|| DeleteError::ImageNotFound {
            reference: super::with_latest(name),
        })?;
    let mut out = Vec::new();
    for wanted in platforms {
        let img = store.image(&id).ok_or_else(|| DeleteError::ImageNotFound {
            reference: super::with_latest(name),
        })?;
        let manifest = img.target().and_then(|t| {
            t.present()
                .find(|(e, _)| {
                    e.attests.is_none()
                        && crate::platform::normalize(wanted)
                            == crate::platform::normalize(&e.platform())
                })
                .map(|(e, _)| e.descriptor.digest)
        });
        let Some(manifest) = manifest else {
            let shown = store
                .tags_of(&id)
                .first()
                .map_or_else(|| id.to_string(), |t| t.familiar());
            return Err(DeleteError::Platform(format!(
                "failed to delete platform {wanted} for image {id}: image with reference {shown} was found but does not provide the specified platform ({wanted})"
            )));
        };
        store.remove_platform(&id, &manifest);
        out.push(Record::Deleted(manifest));
    }
    Ok(out)
}

/// Is `name` an ID or ID prefix of `id` (rather than a reference)?
/// moby's isSingleReference: every reference is of one repository and at most one is a
/// tag (a tag and its `name@digest` count as one name).
fn is_single_reference(refs: &[Reference]) -> bool {
    if refs.len() <= 1 {
        return refs.len() == 1;
    }
    let mut tag: Option<&Reference> = None;
    let mut canonical: std::collections::BTreeSet<String> = Default::default();
    for r in refs {
        if r.digest().is_some() {
            canonical.insert(r.name());
        } else if tag.is_none() {
            tag = Some(r);
        } else {
            return false;
        }
    }
    let single = tag.or(refs.first());
    canonical.len() == 1 && single.is_some_and(|s| canonical.contains(&s.name()))
}

fn is_id_prefix(id: &Digest, name: &str) -> bool {
    let hex = name.strip_prefix("sha256:").unwrap_or(name);
    !hex.is_empty() && id.hex().starts_with(hex)
}

/// Every reference to an image, tags and digests, in Docker's (familiar string) order.
pub(super) fn references(store: &Store, id: &Digest) -> Vec<Reference> {
    let mut refs: Vec<Reference> = store
        .tags_of(id)
        .into_iter()
        .chain(store.digests_of(id))
        .cloned()
        .collect();
    refs.sort_by_key(|r| r.familiar());
    refs
}

pub(super) fn remove_reference(store: &mut Store, r: &Reference) {
    if r.digest().is_some() {
        store.remove_digest(r);
    } else {
        store.untag(r);
    }
}

/// Deletes one image by reference or ID, returning the records Docker prints.
pub fn delete(
    store: &mut Store,
    containers: &Containers,
    name: &str,
    force: bool,
    prune: bool,
) -> Result<Vec<Record>, DeleteError> {
    let Some(id) = store.lookup(name) else {
        // Docker swallows the prefix search's own error: unknown and ambiguous look alike.
        return Err(DeleteError::ImageNotFound {
            reference: super::with_latest(name),
        });
    };
    let mut records = Vec::new();
    let refs = references(store, &id);
    let users = containers.using(&id);
    let running = users.iter().find(|c| c.is_running()).map(|c| c.id.short());
    let stopped = users.iter().find(|c| !c.is_running()).map(|c| c.id.short());
    let user = running.clone().or(stopped.clone());
    if !is_id_prefix(&id, name) {
        if let (Some(c), true, false) = (&user, is_single_reference(&refs), force) {
            return Err(DeleteError::ReferenceInUse {
                reference: name.to_string(),
                container: c.clone(),
                image: id.short(),
            });
        }
        // A reference: remove it; the image goes only when nothing else names it.
        let r = Reference::parse_normalized(name).map_err(DeleteError::Reference)?;
        let r = match (r.tag(), r.digest()) {
            (_, Some(d)) => r.with_digest(d),
            (None, None) => r.with_tag("latest"),
            _ => r,
        };
        remove_reference(store, &r);
        records.push(Record::Untagged(r.familiar()));
        // With the repository's last tag gone, its digest references go too.
        if r.digest().is_none() && !store.tags_of(&id).iter().any(|t| t.name() == r.name()) {
            for d in references(store, &id)
                .into_iter()
                .filter(|d| d.digest().is_some() && d.name() == r.name())
            {
                store.remove_digest(&d);
                records.push(Record::Untagged(d.familiar()));
            }
        }
        // With no name left, the image is deleted quietly: a container still using it, or
        // an image made from it, keeps it, without an error.
        if !references(store, &id).is_empty() || user.is_some() || !store.children(&id).is_empty() {
            return Ok(records);
        }
    } else {
        if !store.children(&id).is_empty() {
            return Err(DeleteError::HasChildren { image: id.short() });
        }
        containers_conflict(&id, &running, &stopped, force)?;
        let tags = refs.iter().filter(|r| r.digest().is_none()).count();
        let one_repo = refs
            .iter()
            .all(|r| refs.first().is_some_and(|f| f.name() == r.name()));
        if !(force || tags <= 1 && one_repo) {
            return Err(DeleteError::MultipleRepositories { image: id.short() });
        }
        for r in &refs {
            remove_reference(store, r);
            records.push(Record::Untagged(r.familiar()));
        }
    }
    let parent = store.parent(&id);
    let removal = store.remove_image(&id);
    records.push(Record::Deleted(id));
    records.extend(removal.chains.into_iter().map(Record::Deleted));
    if prune {
        prune_parents(store, containers, parent, &mut records);
    }
    Ok(records)
}

/// A delete by ID and the containers using the image: a running one's conflict cannot be
/// forced, a stopped one's can (moby's checkImageDeleteConflict, in both stores).
fn containers_conflict(
    id: &Digest,
    running: &Option<String>,
    stopped: &Option<String>,
    force: bool,
) -> Result<(), DeleteError> {
    if let Some(c) = running {
        return Err(DeleteError::UsedByRunning {
            image: id.short(),
            container: c.clone(),
        });
    }
    if let (Some(c), false) = (stopped, force) {
        return Err(DeleteError::UsedByStopped {
            image: id.short(),
            container: c.clone(),
        });
    }
    Ok(())
}

/// Deletes one image of containerd's store (Docker 29) by name or ID, as moby v29.7.2
/// `daemon/containerd/image_delete.go` does: a name that other names of the image share
/// the image with is untagged alone, with no container check; the image's last name, or
/// its ID, deletes every name and then the image, printed as one `Deleted:` line (its
/// content goes quietly). A container using the image stops a delete by name (`-f`
/// untags it and leaves the image dangling); by ID, a stopped container's conflict can be
/// forced and a running one's cannot.
pub fn delete_record(
    store: &mut Store,
    containers: &Containers,
    name: &str,
    force: bool,
    prune: bool,
) -> Result<Vec<Record>, DeleteError> {
    let not_found = || DeleteError::ImageNotFound {
        reference: super::with_latest(name),
    };
    let id = store.lookup(name).ok_or_else(not_found)?;
    let all = references(store, &id);
    let users = containers.using(&id);
    let running = users.iter().find(|c| c.is_running()).map(|c| c.id.short());
    let stopped = users.iter().find(|c| !c.is_running()).map(|c| c.id.short());
    let by_id = is_id_prefix(&id, name) || Digest::parse(name).is_some();
    let mut records = Vec::new();
    if !by_id {
        let r = Reference::parse_normalized(name).map_err(DeleteError::Reference)?;
        let r = match (r.tag(), r.digest()) {
            (None, None) => r.with_tag("latest"),
            _ => r,
        };
        // The names that count as this one: the name itself, and the repository's digest
        // names when it has no other tag (getSameReferences).
        let other_tag = all
            .iter()
            .any(|x| x.name() == r.name() && x.digest().is_none() && *x != r);
        let same: Vec<Reference> = all
            .iter()
            .filter(|x| {
                **x == r
                    || (x.name() == r.name()
                        && (r.digest().is_some() || (x.digest().is_some() && !other_tag)))
            })
            .cloned()
            .collect();
        if same.is_empty() {
            return Err(not_found());
        }
        if same.len() != all.len() {
            for x in &same {
                remove_reference(store, x);
                records.push(Record::Untagged(x.familiar()));
            }
            return Ok(records);
        }
        if let Some(c) = running.clone().or(stopped.clone()) {
            if !force {
                return Err(DeleteError::InUse {
                    reference: r.familiar(),
                    container: c,
                    image: id.short(),
                });
            }
            // softImageDelete: the name goes, the image stays, dangling.
            for x in &same {
                remove_reference(store, x);
            }
            records.push(Record::Untagged(r.familiar()));
            return Ok(records);
        }
    } else {
        containers_conflict(&id, &running, &stopped, force)?;
        if all.len() > 1 && !force {
            return Err(DeleteError::MultipleRepositories { image: id.short() });
        }
    }
    for x in &all {
        remove_reference(store, x);
        records.push(Record::Untagged(x.familiar()));
    }
    records.push(Record::Deleted(id));
    // An image a container still uses keeps its content (the container's snapshot needs
    // it); an image with a child made by commit stays as its dangling parent.
    if users.is_empty() && store.children(&id).is_empty() {
        let parent = store.parent(&id);
        store.remove_record(&id);
        // Dangling parents follow (the classic builder's and commit's parent label).
        let mut next = parent.filter(|_| prune);
        while let Some(p) = next {
            let dangling = references(store, &p).is_empty()
                && containers.using(&p).is_empty()
                && store.children(&p).is_empty()
                && store.image(&p).is_some();
            if !dangling {
                break;
            }
            next = store.parent(&p);
            store.remove_record(&p);
            records.push(Record::Deleted(p));
        }
    }
    Ok(records)
}

/// After a delete, moby deletes the parent too, quietly, while it is left with no name,
/// no other child and no container (unless `--no-prune`). Returns the bytes freed.
pub(super) fn prune_parents(
    store: &mut Store,
    containers: &Containers,
    mut parent: Option<Digest>,
    records: &mut Vec<Record>,
) -> u64 {
    let mut reclaimed = 0;
    while let Some(p) = parent {
        let unused = references(store, &p).is_empty()
            && store.children(&p).is_empty()
            && containers.using(&p).is_empty();
        if !unused || store.image(&p).is_none() {
            break;
        }
        parent = store.parent(&p);
        let removal = store.remove_image(&p);
        reclaimed += removal.reclaimed;
        records.push(Record::Deleted(p));
        records.extend(removal.chains.into_iter().map(Record::Deleted));
    }
    reclaimed
}
