//! `docker tag SOURCE TARGET`: points a new reference at an image.

use super::{parse_flags, Usage};
use crate::cli::Ctx;
use crate::reference::Reference;

pub const USAGE: Usage = Usage {
    command: "docker tag",
    synopsis: "docker tag SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]",
    summary: "Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE",
    aliases: "docker image tag, docker tag",
    options: "",
};

pub const USAGE_IMAGE: Usage = Usage {
    command: "docker image tag",
    synopsis: "docker image tag SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]",
    ..USAGE
};

pub fn run(cx: &mut Ctx, args: &[String], usage: &Usage) -> i32 {
    let p = match parse_flags(cx, usage, args, &[]) {
        Ok(p) => p,
        Err(code) => return code,
    };
    if let Err(code) = super::check_args(cx, usage, &p, super::Args::Exactly(2)) {
        return code;
    }
    let (source, target) = (&p.args[0], &p.args[1]);
    let target_ref = match Reference::parse_normalized(target) {
        Ok(r) => r,
        Err(e) => {
            cx.io.err(&format!(
                "Error parsing reference: {target:?} is not a valid repository/tag: {e}\n"
            ));
            return 1;
        }
    };
    if target_ref.digest().is_some() {
        cx.io
            .err("refusing to create a tag with a digest reference\n");
        return 1;
    }
    if target_ref.familiar_name() == "sha256" {
        cx.io.err(
            "Error response from daemon: refusing to create an ambiguous tag using digest algorithm as name\n",
        );
        return 1;
    }
    let target_ref = if target_ref.tag().is_none() {
        target_ref.with_tag("latest")
    } else {
        target_ref
    };
    let Some(id) = cx.store.lookup(source) else {
        cx.io.err(&format!(
            "Error response from daemon: No such image: {}\n",
            super::with_latest(source)
        ));
        return 1;
    };
    cx.store.tag(target_ref, id, cx.now);
    0
}
