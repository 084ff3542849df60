//! `docker build`'s command line: its flags, where the context and the Dockerfile come
//! from (host files or standard input), and the session as the build's [`Env`]. The build
//! itself is [`crate::build`].

use super::{check_args, parse_flags, Args, Usage};
use crate::build::error::{InputError, ResolveFailure};
use crate::build::{context::Context, Env, Input, Request};
use crate::cli::flags::{flag, value};
use crate::cli::{Ctx, Exec};
use crate::fs::Snapshots;
use crate::reference::Reference;
use crate::store::Store;
use crate::time::Timestamp;

pub const USAGE: Usage = Usage {
    command: "docker buildx build",
    synopsis: "docker buildx build [OPTIONS] PATH | URL | -",
    summary: "Start a build",
    aliases: "docker build, docker builder build, docker image build, docker buildx b",
    options: "      --build-arg stringArray         Set build-time variables
  -f, --file string                   Name of the Dockerfile (default: \"PATH/Dockerfile\")
      --label stringArray             Set metadata for an image
      --no-cache                      Do not use cache when building the image
      --platform stringArray          Set target platform for build
      --progress string               Set type of progress output (\"auto\", \"quiet\",
                                      \"plain\", \"tty\", \"rawjson\"). Use plain to show
                                      container output (default \"auto\")
      --pull                          Always attempt to pull all referenced images
  -q, --quiet                         Suppress the build output and print image ID on success
  -t, --tag stringArray               Image identifier (format: \"[registry/]repository[:tag]\")
      --target string                 Set the target build stage to build
",
};

pub fn run(cx: &mut Ctx, args: &[String]) -> Exec {
    Exec::Done(build(cx, args))
}

fn build(cx: &mut Ctx, args: &[String]) -> i32 {
    let specs = [
        value(Some('t'), "tag"),
        value(Some('f'), "file"),
        value(None, "build-arg"),
        value(None, "target"),
        flag(None, "no-cache"),
        value(None, "label"),
        flag(Some('q'), "quiet"),
        value(None, "progress"),
        flag(None, "pull"),
        value(None, "platform"),
        value(None, "provenance"),
    ];
    let p = match parse_flags(cx, &USAGE, args, &specs) {
        Ok(p) => p,
        Err(code) => return code,
    };
    if let Err(code) = check_args(cx, &USAGE, &p, Args::Exactly(1)) {
        return code;
    }
    let mut tags = Vec::new();
    for t in p.values("tag") {
        match Reference::parse_normalized(t) {
            Ok(r) if r.digest().is_none() => tags.push(if r.tag().is_none() {
                r.with_tag("latest")
            } else {
                r
            }),
            _ => {
                cx.io.err(&format!(
                    "ERROR: failed to build: invalid tag \"{t}\": invalid reference format\n"
                ));
                return 1;
            }
        }
    }
    let mut build_args = Vec::new();
    for a in p.values("build-arg") {
        // NAME alone takes the client's environment, which the page does not have.
        if let Some((k, v)) = a.split_once('=') {
            build_args.push((k.to_string(), v.to_string()));
        }
    }
    let mut labels = Vec::new();
    for l in p.values("label") {
        let (k, v) = l.split_once('=').unwrap_or((l.as_str(), ""));
        labels.push((k.to_string(), v.to_string()));
    }
    let quiet = p.on("quiet") || p.value("progress") == Some("quiet");
    let input = match prepare(cx, &p.args[0], p.value("file")) {
        Ok(i) => i,
        Err(e) => {
            cx.io.err(&format!("ERROR: {e}\n"));
            return 1;
        }
    };
    let req = Request {
        input,
        tags,
        build_args,
        labels,
        target: p.value("target").map(str::to_string),
        no_cache: p.on("no-cache"),
        pull: p.on("pull"),
        quiet,
        exporter: if cx.engine >= crate::engine::Engine::Docker29 {
            crate::build::Exporter::Containerd {
                // buildx's default is provenance mode=min; `--provenance=false` leaves it.
                provenance: !matches!(p.value("provenance"), Some("false" | "0")),
            }
        } else {
            crate::build::Exporter::Moby
        },
    };
    let out = crate::build::execute(cx, &req);
    cx.io.err(&out.stderr);
    cx.io.out(&out.stdout);
    out.code
}

/// Finds the context and the Dockerfile: `-` (stdin: a Dockerfile, or a context tar), a
/// host file that is a tar, or a host directory.
fn prepare(cx: &mut Ctx, path: &str, file: Option<&str>) -> Result<Input, InputError> {
    let mtime = cx.now.unix_seconds().max(0) as u64;
    let mut context = if path == "-" {
        let stdin = cx.io.stdin.clone().unwrap_or_default();
        let is_tar = (stdin.len() >= 512 && &stdin[257..262] == b"ustar")
            || crate::compress::Compression::detect(&stdin) != crate::compress::Compression::None;
        if is_tar {
            Context::from_tar(stdin, "the inflated context", cx.memory)
                .map_err(InputError::StdinContext)?
        } else {
            let text = String::from_utf8_lossy(&stdin).into_owned();
            return Ok(Input {
                context: Context::empty(),
                dockerfile: text,
                dockerfile_name: "Dockerfile".into(),
                ignore_size: None,
            });
        }
    } else if cx.host.size(path).is_ok() {
        let blob = cx.host.read(path).map_err(|error| InputError::HostRead {
            path: path.to_string(),
            error,
        })?;
        Context::from_tar(blob, "the inflated context", cx.memory).map_err(|error| {
            InputError::HostContext {
                path: path.to_string(),
                error,
            }
        })?
    } else {
        Context::from_host_dir(&*cx.host, path, mtime).ok_or_else(|| {
            InputError::ContextNotFound {
                path: path.to_string(),
            }
        })?
    };
    let (dockerfile, dockerfile_name) = match file {
        Some("-") => (
            String::from_utf8_lossy(&cx.io.stdin.clone().unwrap_or_default()).into_owned(),
            "Dockerfile".to_string(),
        ),
        // -f names a file from where the command runs, not inside the context.
        Some(f) => match cx.host.read(f) {
            Ok(b) => (
                String::from_utf8_lossy(&b).into_owned(),
                f.rsplit('/').next().unwrap_or(f).to_string(),
            ),
            Err(_) => {
                return Err(InputError::DockerfileNotFound {
                    file: f.to_string(),
                })
            }
        },
        None => match context.files.get("Dockerfile") {
            Some(f) => (
                String::from_utf8_lossy(&f.data).into_owned(),
                "Dockerfile".to_string(),
            ),
            None => return Err(InputError::NoDockerfile),
        },
    };
    let ignore_size = context
        .files
        .get(".dockerignore")
        .map(|f| f.data.len() as u64);
    context
        .apply_dockerignore()
        .map_err(InputError::Dockerignore)?;
    Ok(Input {
        context,
        dockerfile,
        dockerfile_name,
        ignore_size,
    })
}

impl Env for Ctx<'_> {
    fn store(&mut self) -> &mut Store {
        self.store
    }

    fn state(&mut self) -> (&mut Store, &mut Snapshots) {
        (self.store, self.snapshots)
    }

    fn now(&self) -> Timestamp {
        self.now
    }

    fn pull(&mut self, r: &Reference) -> Result<(), ResolveFailure> {
        let (code, _, err) = super::pull::pull_aside(self, r);
        if code == 0 {
            return Ok(());
        }
        // What containerd's resolver says (BuildKit asks the registry itself).
        Err(if err.contains("pull access denied") {
            ResolveFailure::AccessDenied
        } else if err.contains("not found") || err.contains("manifest unknown") {
            ResolveFailure::NotFound
        } else {
            ResolveFailure::Registry(
                err.trim()
                    .trim_start_matches("Error response from daemon: ")
                    .to_string(),
            )
        })
    }
}
