//! One build stage: its base (an image, an earlier stage or scratch), then its
//! instructions in order. RUN runs in the built-in shell on a filesystem made of the
//! stage's layers and commits what changed; COPY, ADD and WORKDIR write files the same way;
//! the other instructions change the config and add a history entry. Layer steps are
//! looked up in the build cache first.

use super::context::Context;
use super::copy;
use super::error::Error;
use super::image::HISTORY_COMMENT;
use super::progress::Progress;
use crate::container::rootfs::Rootfs;
use crate::container::sh;
use crate::digest::Digest;
use crate::dockerfile::instructions::{
    Command, CommandLine, CopyCommand, Healthcheck, Instruction,
};
use crate::fs::Snapshots;
use crate::go::fmt::quote_list;
use crate::image::strings;
use crate::image::HistoryEntry;
use crate::store::{BuildRecord, Layer, Store};
use crate::time::Timestamp;
use serde_json::{json, Map, Value};
use std::collections::HashMap;

/// Why a step failed: the message, the output shown in the error box.
#[derive(Debug)]
pub struct StepError {
    pub message: String,
    pub output: Vec<String>,
}

impl StepError {
    pub fn new(message: impl Into<String>) -> StepError {
        StepError {
            message: message.into(),
            output: Vec::new(),
        }
    }
}

/// A stage as it is being built.
#[derive(Clone, Debug)]
pub struct State {
    pub config: Map<String, Value>,
    pub architecture: String,
    pub os: String,
    pub variant: Option<String>,
    pub author: Option<String>,
    pub layers: Vec<Layer>,
    pub history: Vec<HistoryEntry>,
    /// Where this build's own history entries begin.
    pub first_new: usize,
    /// The cache key of everything so far.
    pub key: Digest,
    pub shell: Vec<String>,
    /// ENTRYPOINT resets CMD unless CMD was set in this stage.
    pub cmd_set: bool,
    /// What a stage built on this one inherits: the variables (ENV and ARG values) and
    /// the ARGs declared, as BuildKit's stage state carries them.
    pub vars: Vec<(String, String)>,
    pub args: Vec<(String, Option<String>)>,
}

impl State {
    pub fn scratch() -> State {
        let mut config = Map::new();
        config.insert(
            "Env".into(),
            json!([format!("PATH={}", crate::dockerfile::scope::DEFAULT_PATH)]),
        );
        State {
            config,
            architecture: "amd64".into(),
            os: "linux".into(),
            variant: None,
            author: None,
            layers: Vec::new(),
            history: Vec::new(),
            first_new: 0,
            key: Digest::of(b"scratch"),
            shell: vec!["/bin/sh".into(), "-c".into()],
            cmd_set: false,
            vars: Vec::new(),
            args: Vec::new(),
        }
    }

    /// A stage on an image of the store.
    pub fn from_image(store: &Store, id: &Digest) -> Result<State, Error> {
        let image = store.image(id).ok_or(Error::BaseImageGone)?;
        let raw: Map<String, Value> =
            serde_json::from_slice(image.raw_config()).map_err(|e| Error::BaseConfig {
                reason: e.to_string(),
            })?;
        let mut layers = Vec::new();
        for d in image.diff_ids() {
            layers.push(store.layer(d).cloned().ok_or(Error::BaseLayerMissing)?);
        }
        let mut config = raw
            .get("config")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        // BuildKit makes sure every stage has PATH.
        let env = strings(config.get("Env"));
        if !env
            .iter()
            .any(|e| e.split_once('=').map_or(e.as_str(), |(k, _)| k) == "PATH")
        {
            let mut env = env;
            env.push(format!("PATH={}", crate::dockerfile::scope::DEFAULT_PATH));
            config.insert("Env".into(), json!(env));
        }
        let history: Vec<HistoryEntry> = raw
            .get("history")
            .and_then(Value::as_array)
            .map(|a| a.iter().map(HistoryEntry::from_json).collect())
            .unwrap_or_default();
        let s = |k: &str| raw.get(k).and_then(Value::as_str).map(str::to_string);
        let shell = Some(strings(config.get("Shell")))
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| vec!["/bin/sh".into(), "-c".into()]);
        Ok(State {
            first_new: history.len(),
            config,
            architecture: s("architecture").unwrap_or_else(|| "amd64".into()),
            os: s("os").unwrap_or_else(|| "linux".into()),
            variant: s("variant"),
            author: s("author"),
            layers,
            history,
            key: Digest::of(format!("image {id}").as_bytes()),
            shell,
            cmd_set: false,
            vars: Vec::new(),
            args: Vec::new(),
        })
    }

    /// The image config's environment as (name, value) pairs.
    pub fn env(&self) -> Vec<(String, String)> {
        strings(self.config.get("Env"))
            .iter()
            .map(|kv| match kv.split_once('=') {
                Some((k, v)) => (k.to_string(), v.to_string()),
                None => (kv.clone(), String::new()),
            })
            .collect()
    }

    fn set_env(&mut self, key: &str, value: &str) {
        let mut env = strings(self.config.get("Env"));
        let item = format!("{key}={value}");
        match env
            .iter_mut()
            .find(|e| e.split_once('=').map_or(e.as_str(), |(k, _)| k) == key)
        {
            Some(e) => *e = item,
            None => env.push(item),
        }
        self.config.insert("Env".into(), json!(env));
    }

    pub(super) fn workdir(&self) -> String {
        self.config
            .get("WorkingDir")
            .and_then(Value::as_str)
            .filter(|w| !w.is_empty())
            .unwrap_or("/")
            .to_string()
    }

    fn user(&self) -> String {
        self.config
            .get("User")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string()
    }

    fn push_history(&mut self, created_by: String, layer: bool, created: Option<Timestamp>) {
        self.history.push(HistoryEntry {
            created: created.map(|t| t.to_rfc3339_nano()),
            author: None,
            created_by,
            comment: HISTORY_COMMENT.into(),
            empty_layer: !layer,
        });
    }
}

/// What a step needs from the build around it.
pub struct StepEnv<'a> {
    pub store: &'a mut Store,
    pub progress: &'a mut Progress,
    /// The session's indexed layers and merged views.
    pub snapshots: &'a mut Snapshots,
    pub context: &'a Context,
    /// Finished stages by index, for `COPY --from=`; and their names.
    pub stages: &'a [Option<State>],
    pub stage_names: &'a [Option<String>],
    /// Images named by `COPY --from=` that are not stages, resolved in advance.
    pub from_images: &'a HashMap<String, Digest>,
    pub now: Timestamp,
    pub no_cache: bool,
    /// `RUN`'s environment (ENV and ARG values) at this step.
    pub run_env: Vec<(String, String)>,
    /// The ARGs in scope with values, for RUN's history (`|2 A=1 B=2 /bin/sh -c ...`).
    pub args: Vec<(String, String)>,
    /// The vertex's name: `[2/4] RUN make` (with the stage's name in multi-stage files).
    pub vertex: String,
}

fn key(prev: &Digest, parts: &[&str]) -> Digest {
    let mut text = prev.to_string();
    for p in parts {
        text.push('\0');
        text.push_str(p);
    }
    Digest::of(text.as_bytes())
}

fn abs(workdir: &str, path: &str) -> String {
    if path.starts_with('/') {
        path.to_string()
    } else if workdir.ends_with('/') {
        format!("{workdir}{path}")
    } else {
        format!("{workdir}/{path}")
    }
}

/// Runs a layer step: from the cache when it has the key, else by `make` on a filesystem of
/// the stage's layers; the changes become the step's layer. Returns the vertex number.
fn layer_step(
    st: &mut State,
    env: &mut StepEnv,
    step_key: Digest,
    created_by: String,
    make: impl FnOnce(&mut Rootfs, &mut Progress, usize) -> Result<(), StepError>,
) -> Result<(), (usize, StepError)> {
    let n = env.progress.vertex(&env.vertex);
    let cached = if env.no_cache {
        None
    } else {
        env.store.cached_step(&step_key).cloned()
    };
    let record = match cached {
        Some(r) => {
            env.progress.cached(n);
            r
        }
        None => {
            let layers: Vec<&Layer> = st.layers.iter().collect();
            let union = env
                .snapshots
                .union(&layers)
                .map_err(|e| (n, StepError::new(e.to_string())))?;
            let mut fs = Rootfs::bare(union);
            fs.set_memory(env.snapshots.memory());
            make(&mut fs, env.progress, n).map_err(|e| (n, e))?;
            let tar = fs
                .commit_layer(env.snapshots.memory())
                .map_err(|e| (n, StepError::new(e.to_string())))?;
            let layer = (!tar.iter().all(|&b| b == 0)).then(|| Layer::from_tar(tar));
            let r = BuildRecord {
                layer,
                created: env.now,
            };
            env.store.cache_step(step_key, r.clone());
            env.progress.done(n);
            r
        }
    };
    st.key = step_key;
    let has_layer = record.layer.is_some();
    if let Some(l) = record.layer {
        st.layers.push(l);
    }
    st.push_history(created_by, has_layer, Some(record.created));
    Ok(())
}

/// What a RUN runs, as BuildKit's `dispatchRun` makes it: the argv, what the history
/// records, and (for layerlab's shell, which has no here-documents) the standard input that
/// stands in for a here-document.
struct RunPlan {
    argv: Vec<String>,
    shown: String,
    stdin: bytes::Bytes,
}

/// The `<<WORD` tokens of a command line, as byte ranges, and the line without them.
fn strip_heredoc_words(line: &str) -> (String, usize) {
    let mut out = String::new();
    let mut removed = 0;
    let mut rest = line;
    while !rest.is_empty() {
        let ws = rest.len() - rest.trim_start().len();
        out.push_str(&rest[..ws]);
        rest = &rest[ws..];
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let word = &rest[..end];
        if matches!(crate::dockerfile::heredoc::parse_heredoc(word), Ok(Some(_))) {
            removed += 1;
        } else {
            out.push_str(word);
        }
        rest = &rest[end..];
    }
    (out, removed)
}

/// The variables of a here-document body, expanded as BuildKit expands COPY's (no quote
/// processing; layerlab's stand-in for the shell's own expansion of the body).
pub(super) fn expand_body(body: &str, vars: &[(String, String)]) -> Result<String, Error> {
    let mut lex = crate::dockerfile::shell::Lex::new('\\');
    lex.skip_process_quotes = true;
    lex.process_word(body, &crate::dockerfile::shell::EnvMap::from_pairs(vars))
        .map_err(Error::Expand)
}

fn plan_run(
    shell: &[String],
    run: &crate::dockerfile::instructions::RunCommand,
    vars: &[(String, String)],
) -> Result<RunPlan, StepError> {
    let with_shell = |script: String| {
        let mut a = shell.to_vec();
        a.push(script);
        a
    };
    if !run.cmd.prepend_shell {
        let argv = run.cmd.args.clone();
        return Ok(RunPlan {
            shown: argv.join(" "),
            argv,
            stdin: bytes::Bytes::new(),
        });
    }
    let line = run.cmd.args.join(" ");
    let Some(first) = run.files.first() else {
        let argv = with_shell(line);
        return Ok(RunPlan {
            shown: argv.join(" "),
            argv,
            stdin: bytes::Bytes::new(),
        });
    };
    if let Ok(Some(h)) = crate::dockerfile::heredoc::parse_heredoc(line.trim()) {
        // `RUN <<EOF`: the body is the script.
        let body = if h.chomp {
            crate::dockerfile::heredoc::chomp(&first.content)
        } else {
            first.content.clone()
        };
        if let Some(interp) = body.strip_prefix("#!").and_then(|b| b.lines().next()) {
            // BuildKit writes the body to a file and runs it.
            let prog = interp.split_whitespace().next().unwrap_or("");
            let name = prog.rsplit('/').next().unwrap_or(prog);
            if !matches!(name, "sh" | "ash" | "bash" | "dash" | "env")
                || (name == "env"
                    && !interp
                        .split_whitespace()
                        .nth(1)
                        .is_some_and(|p| matches!(p, "sh" | "bash" | "ash" | "dash")))
            {
                return Err(StepError::new(format!(
                    "the here-document runs {}: layerlab runs scripts only with its built-in shell (sh), not programs such as {name}",
                    interp.trim()
                )));
            }
            let shown = with_shell(format!("/dev/pipes/{}", first.name)).join(" ");
            return Ok(RunPlan {
                argv: with_shell(body),
                shown,
                stdin: bytes::Bytes::new(),
            });
        }
        let argv = with_shell(body);
        return Ok(RunPlan {
            shown: argv.join(" "),
            argv,
            stdin: bytes::Bytes::new(),
        });
    }
    // A command with here-documents: BuildKit gives the shell the line with the bodies
    // after it. layerlab's shell has no here-documents, so the body becomes standard input.
    let mut full = line.clone();
    for f in &run.files {
        full.push('\n');
        full.push_str(&f.content);
        full.push_str(&f.name);
    }
    let shown = with_shell(full).join(" ");
    let (stripped, removed) = strip_heredoc_words(&line);
    if run.files.len() > 1 || removed != 1 || first.fd > 0 {
        return Err(StepError::new(
            "layerlab's shell has no here-documents; it stands in for one here-document on standard input, not for several (write the files with COPY <<EOF instead)",
        ));
    }
    let body = if first.chomp {
        crate::dockerfile::heredoc::chomp(&first.content)
    } else {
        first.content.clone()
    };
    let body = if first.expand {
        expand_body(&body, vars).map_err(|e| StepError::new(e.to_string()))?
    } else {
        body
    };
    Ok(RunPlan {
        argv: with_shell(stripped),
        shown,
        stdin: bytes::Bytes::from(body),
    })
}

fn run_step(
    st: &mut State,
    env: &mut StepEnv,
    run: &crate::dockerfile::instructions::RunCommand,
) -> Result<(), (usize, StepError)> {
    let RunPlan { argv, shown, stdin } =
        plan_run(&st.shell, run, &env.run_env).map_err(|e| (0, e))?;
    let created_by = if env.args.is_empty() {
        format!("RUN {shown} # buildkit")
    } else {
        let pairs: Vec<String> = env.args.iter().map(|(k, v)| format!("{k}={v}")).collect();
        format!(
            "RUN |{} {} {shown} # buildkit",
            pairs.len(),
            pairs.join(" ")
        )
    };
    let user = st.user();
    let workdir = st.workdir();
    let mut run_env = env.run_env.clone();
    if !run_env.iter().any(|(k, _)| k == "PATH") {
        run_env.push(("PATH".into(), crate::dockerfile::scope::DEFAULT_PATH.into()));
    }
    let env_text: Vec<String> = run_env.iter().map(|(k, v)| format!("{k}={v}")).collect();
    let step_key = key(
        &st.key,
        &[
            "RUN",
            &serde_json::to_string(&argv).unwrap_or_default(),
            &env_text.join("\n"),
            &user,
            &workdir,
            &String::from_utf8_lossy(&stdin),
        ],
    );
    let now = env.now.unix_seconds().max(0) as u64;
    layer_step(st, env, step_key, created_by, |fs, progress, n| {
        if !user.is_empty() {
            let (uid, gid) = crate::container::user::resolve(fs, &user).map_err(StepError::new)?;
            fs.set_user(uid, gid);
        }
        let mut shell_env = sh::Env::new(run_env, &workdir);
        let out = sh::exec_with_stdin(fs, &argv, &mut shell_env, now, stdin);
        let mut text = String::from_utf8_lossy(&out.stdout).into_owned();
        text.push_str(&String::from_utf8_lossy(&out.stderr));
        progress.output(n, &text);
        if out.code != 0 {
            let mut output: Vec<String> = text.lines().map(|l| format!("0.000 {l}")).collect();
            if out.code == 126 {
                output.push(
                    "layerlab: the build stopped at a program the simulator cannot run (see above); its built-in shell runs sh, ls, cat, echo, mkdir, cp, mv, rm, chmod and friends, not programs from images such as apt-get or npm".to_string(),
                );
            }
            let keep = output.len().saturating_sub(10);
            return Err(StepError {
                message: format!(
                    "process {} did not complete successfully: exit code: {}",
                    crate::go::strconv::quote(&shown),
                    out.code
                ),
                output: output.split_off(keep),
            });
        }
        Ok(())
    })
}

fn parse_chmod(s: &str) -> Result<u32, StepError> {
    u32::from_str_radix(s, 8)
        .ok()
        .filter(|m| *m <= 0o7777)
        .ok_or_else(|| {
            StepError::new(format!(
                "invalid chmod parameter: '{s}'. it should be octal string and between 0 and 07777"
            ))
        })
}

/// A source BuildKit takes from the network: an http(s) URL or a git reference.
pub(super) fn remote(src: &str) -> Option<&'static str> {
    let git = src.starts_with("git@")
        || src.starts_with("git://")
        || ((src.starts_with("https://") || src.starts_with("http://"))
            && (src.contains(".git#") || src.ends_with(".git")));
    if git {
        Some("git ref")
    } else if src.starts_with("http://") || src.starts_with("https://") {
        Some("URL")
    } else {
        None
    }
}

fn copy_step(
    st: &mut State,
    env: &mut StepEnv,
    c: &CopyCommand,
    add: bool,
) -> Result<(), (usize, StepError)> {
    let what = if add { "ADD" } else { "COPY" };
    // Checked as BuildKit's dispatch does, before any step runs.
    let chmod = c
        .chmod
        .as_deref()
        .map(parse_chmod)
        .transpose()
        .map_err(|e| (0, e))?;
    for s in &c.sources {
        match remote(s) {
            Some(kind) if !add => {
                return Err((
                    0,
                    StepError::new(format!("source can't be a {kind} for COPY")),
                ))
            }
            Some(_) => {
                let n = env.progress.vertex(&env.vertex);
                return Err((n, StepError::new(format!("ADD {s}: the page has no network access, so layerlab cannot download from a URL or clone a git repository; put the file in the build context and ADD it from there"))));
            }
            None => {}
        }
    }
    // Where the sources come from: the context, an earlier stage, or an image.
    let owned;
    let tree: &Context = match &c.from {
        None => env.context,
        Some(from) => {
            let by_name = env
                .stage_names
                .iter()
                .position(|n| n.as_deref().is_some_and(|n| n.eq_ignore_ascii_case(from)));
            let by_index = from.parse::<usize>().ok();
            let state = by_name
                .or(by_index)
                .and_then(|i| env.stages.get(i))
                .and_then(Option::as_ref);
            let layers = match state {
                Some(s) => s.layers.clone(),
                None => match env
                    .from_images
                    .get(from)
                    .and_then(|id| State::from_image(env.store, id).ok())
                {
                    Some(s) => s.layers,
                    None => {
                        let n = env.progress.vertex(&env.vertex);
                        return Err((
                            n,
                            StepError::new(format!("{from}: no stage or image of that name")),
                        ));
                    }
                },
            };
            let layers: Vec<&Layer> = layers.iter().collect();
            let union = env
                .snapshots
                .union(&layers)
                .map_err(|e| (0, StepError::new(e.to_string())))?;
            owned = Context::from_union(&union);
            &owned
        }
    };
    // Here-document sources are files of their own (BuildKit's Mkfile with mode 0644).
    let mut heredocs = Context::default();
    for h in &c.contents {
        heredocs.files.insert(
            h.path.clone(),
            super::context::File {
                kind: crate::fs::layer::Kind::File,
                mode: 0o644,
                uid: 0,
                gid: 0,
                mtime: env.now.unix_seconds().max(0) as u64,
                data: bytes::Bytes::from(h.data.clone()),
                link: None,
            },
        );
    }
    let workdir = st.workdir();
    let dest_is_dir =
        c.dest.ends_with('/') || c.dest == "." || c.dest.is_empty() || c.dest.ends_with("/.");
    let dest = abs(&workdir, &c.dest);
    // The history text, as BuildKit's dispatchCopy writes it (no --from, no --link).
    let mut created_by = what.to_string();
    if c.parents {
        created_by.push_str(" --parents");
    }
    if let Some(o) = &c.chown {
        created_by.push_str(&format!(" --chown={o}"));
    }
    if let Some(m) = &c.chmod {
        created_by.push_str(&format!(" --chmod={m}"));
    }
    let mut shown: Vec<String> = c.sources.clone();
    shown.extend(c.contents.iter().map(|h| format!("<<{}", h.path)));
    for x in &shown {
        created_by.push(' ');
        created_by.push_str(x);
    }
    created_by.push_str(&format!(" {} # buildkit", c.dest));
    let sum = copy::checksum(tree, &c.sources);
    let doc_sum = copy::checksum(
        &heredocs,
        &c.contents
            .iter()
            .map(|h| h.path.clone())
            .collect::<Vec<_>>(),
    );
    let flags = format!("{:?} {:?} {}", c.chown, c.chmod, c.parents);
    let step_key = key(
        &st.key,
        &[
            what,
            &shown.join("\n"),
            &dest,
            &flags,
            &sum.to_string(),
            &doc_sum.to_string(),
        ],
    );
    let now = env.now.unix_seconds().max(0) as u64;
    let sources = c.sources.clone();
    let doc_names: Vec<String> = c.contents.iter().map(|h| h.path.clone()).collect();
    let chown = c.chown.clone();
    let memory = env.snapshots.memory();
    layer_step(st, env, step_key, created_by, |fs, _, _| {
        let owner = match &chown {
            Some(spec) => Some(crate::container::user::resolve(fs, spec).map_err(StepError::new)?),
            None => None,
        };
        let opts = copy::Options {
            owner,
            chmod,
            unpack: add,
            now,
            memory,
        };
        copy::copy(fs, tree, &sources, &dest, dest_is_dir, &opts)
            .map_err(|e| StepError::new(e.to_string()))?;
        let doc_opts = copy::Options {
            unpack: false,
            ..opts
        };
        copy::copy(fs, &heredocs, &doc_names, &dest, dest_is_dir, &doc_opts)
            .map_err(|e| StepError::new(e.to_string()))?;
        Ok(())
    })
}

/// A WORKDIR's directory, as BuildKit normalizes it against the current one.
pub(super) fn workdir_of(st: &State, dir: &str) -> String {
    let wd = clean_abs(&abs(&st.workdir(), dir));
    if wd.is_empty() {
        "/".into()
    } else {
        wd
    }
}

fn clean_abs(path: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                out.pop();
            }
            s => out.push(s),
        }
    }
    format!("/{}", out.join("/"))
}

fn workdir_step(st: &mut State, env: &mut StepEnv, dir: &str) -> Result<(), (usize, StepError)> {
    let wd = workdir_of(st, dir);
    st.config
        .insert("WorkingDir".into(), Value::String(wd.clone()));
    if wd == "/" {
        // No mkdir, so no step and no layer.
        st.push_history("WORKDIR /".into(), false, None);
        return Ok(());
    }
    let user = st.user();
    let step_key = key(&st.key, &["WORKDIR", &wd, &user]);
    let now = env.now.unix_seconds().max(0) as u64;
    layer_step(st, env, step_key, format!("WORKDIR {wd}"), |fs, _, _| {
        if fs.stat(&wd).is_ok_and(|s| s.is_dir()) {
            return Ok(());
        }
        // The directories mkdir -p creates belong to the stage's USER.
        let mut created = Vec::new();
        let mut at = String::new();
        for seg in wd.split('/').filter(|s| !s.is_empty()) {
            at.push('/');
            at.push_str(seg);
            if !fs.exists(&at) {
                created.push(at.clone());
            }
        }
        fs.mkdir_all(&wd, 0o755, now)
            .map_err(|e| StepError::new(e.to_string()))?;
        if !user.is_empty() {
            let (uid, gid) = crate::container::user::resolve(fs, &user).map_err(StepError::new)?;
            for d in &created {
                fs.chown(d, Some(uid), Some(gid), false)
                    .map_err(|e| StepError::new(e.to_string()))?;
            }
        }
        Ok(())
    })
}

fn command_of(st: &State, c: &CommandLine) -> Vec<String> {
    if c.prepend_shell {
        let mut v = st.shell.clone();
        v.push(c.args.join(" "));
        v
    } else {
        c.args.clone()
    }
}

/// Go's `%v` of a string slice: `[a b]`.
fn go_list(items: &[String]) -> String {
    format!("[{}]", items.join(" "))
}

fn expose_ports(ports: &[String]) -> Result<Vec<String>, StepError> {
    let mut out = Vec::new();
    for p in ports {
        let (range, proto) = match p.split_once('/') {
            Some((r, proto)) => (r, proto.to_ascii_lowercase()),
            None => (p.as_str(), "tcp".to_string()),
        };
        let bad = || StepError::new(format!("invalid containerPort: {range}"));
        let (lo, hi) = match range.split_once('-') {
            Some((a, b)) => (
                a.parse::<u16>().map_err(|_| bad())?,
                b.parse::<u16>().map_err(|_| bad())?,
            ),
            None => {
                let n = range.parse::<u16>().map_err(|_| bad())?;
                (n, n)
            }
        };
        if hi < lo {
            return Err(bad());
        }
        for n in lo..=hi {
            out.push(format!("{n}/{proto}"));
        }
    }
    Ok(out)
}

/// Applies one instruction (already expanded) to the stage.
pub fn step(
    st: &mut State,
    env: &mut StepEnv,
    instr: &Instruction,
) -> Result<(), (usize, StepError)> {
    let meta = |st: &mut State, text: String| st.push_history(text, false, None);
    match &instr.command {
        Command::Run(r) => return run_step(st, env, r),
        Command::Copy(c) => return copy_step(st, env, c, false),
        Command::Add(c) => return copy_step(st, env, c, true),
        Command::Workdir(d) => return workdir_step(st, env, d),
        Command::From(_) => {}
        Command::Arg(defs) => {
            let items: Vec<String> = defs
                .iter()
                .map(|d| match &d.default {
                    Some(v) => format!("{}={v}", d.name),
                    None => d.name.clone(),
                })
                .collect();
            meta(st, format!("ARG {}", items.join(" ")));
        }
        Command::Env(pairs) => {
            for kv in pairs {
                st.set_env(&kv.key, &kv.value);
            }
            let items: Vec<String> = pairs
                .iter()
                .map(|kv| format!("{}={}", kv.key, kv.value))
                .collect();
            meta(st, format!("ENV {}", items.join(" ")));
        }
        Command::Label(pairs) => {
            let mut labels = st
                .config
                .get("Labels")
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default();
            for kv in pairs {
                labels.insert(kv.key.clone(), Value::String(kv.value.clone()));
            }
            st.config.insert("Labels".into(), Value::Object(labels));
            let items: Vec<String> = pairs
                .iter()
                .map(|kv| format!("{}={}", kv.key, kv.value))
                .collect();
            meta(st, format!("LABEL {}", items.join(" ")));
        }
        Command::Cmd(c) => {
            let cmd = command_of(st, c);
            st.config.insert("Cmd".into(), json!(cmd));
            st.config.insert("ArgsEscaped".into(), Value::Bool(true));
            st.cmd_set = true;
            meta(st, format!("CMD {}", quote_list(&cmd)));
        }
        Command::Entrypoint(c) => {
            let ep = c.as_ref().map(|c| command_of(st, c)).unwrap_or_default();
            st.config.insert("Entrypoint".into(), json!(ep));
            if !st.cmd_set {
                st.config.remove("Cmd");
            }
            meta(st, format!("ENTRYPOINT {}", quote_list(&ep)));
        }
        Command::Shell(s) => {
            st.shell = s.clone();
            st.config.insert("Shell".into(), json!(s));
            meta(st, format!("SHELL {}", go_list(s)));
        }
        Command::User(u) => {
            st.config.insert("User".into(), Value::String(u.clone()));
            meta(st, format!("USER {u}"));
        }
        Command::Volume(v) => {
            let mut vols = st
                .config
                .get("Volumes")
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default();
            for p in v {
                if p.is_empty() {
                    let n = env.progress.vertex(&env.vertex);
                    return Err((
                        n,
                        StepError::new("VOLUME specified can not be an empty string"),
                    ));
                }
                vols.insert(p.clone(), json!({}));
            }
            st.config.insert("Volumes".into(), Value::Object(vols));
            meta(st, format!("VOLUME {}", go_list(v)));
        }
        Command::Expose(ports) => {
            let ports = expose_ports(ports).map_err(|e| (0, e))?;
            let mut exposed = st
                .config
                .get("ExposedPorts")
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default();
            for p in &ports {
                exposed.insert(p.clone(), json!({}));
            }
            st.config
                .insert("ExposedPorts".into(), Value::Object(exposed));
            let mut sorted = ports.clone();
            sorted.sort();
            sorted.dedup();
            let shown: Vec<String> = sorted.iter().map(|p| format!("{p}:{{}}")).collect();
            meta(st, format!("EXPOSE map[{}]", shown.join(" ")));
        }
        Command::StopSignal(s) => {
            st.config
                .insert("StopSignal".into(), Value::String(s.clone()));
            meta(st, format!("STOPSIGNAL {s}"));
        }
        Command::Maintainer(m) => {
            st.author = Some(m.clone());
            meta(st, format!("MAINTAINER {m}"));
        }
        Command::Healthcheck(h) => {
            let (value, shown) = match h {
                Healthcheck::None => (
                    json!({"Test": ["NONE"]}),
                    "&{[\"NONE\"] \"0s\" \"0s\" \"0s\" \"0s\" '\\x00'}".to_string(),
                ),
                Healthcheck::Cmd {
                    test,
                    interval,
                    timeout,
                    start_period,
                    start_interval,
                    retries,
                } => {
                    let mut m = Map::new();
                    m.insert("Test".into(), json!(test));
                    let d = |v: &Option<i64>| v.unwrap_or(0);
                    if let Some(i) = interval {
                        m.insert("Interval".into(), json!(i));
                    }
                    if let Some(t) = timeout {
                        m.insert("Timeout".into(), json!(t));
                    }
                    if let Some(s) = start_period {
                        m.insert("StartPeriod".into(), json!(s));
                    }
                    if let Some(s) = start_interval {
                        m.insert("StartInterval".into(), json!(s));
                    }
                    if let Some(r) = retries {
                        m.insert("Retries".into(), json!(r));
                    }
                    let fmt = crate::go::duration::format_duration;
                    let shown = format!(
                        "&{{{} {:?} {:?} {:?} {:?} '\\x{:02x}'}}",
                        quote_list(test),
                        fmt(d(interval)),
                        fmt(d(timeout)),
                        fmt(d(start_period)),
                        fmt(d(start_interval)),
                        retries.unwrap_or(0)
                    );
                    (Value::Object(m), shown)
                }
            };
            st.config.insert("Healthcheck".into(), value);
            meta(st, format!("HEALTHCHECK {shown}"));
        }
        Command::Onbuild(o) => {
            let mut triggers = strings(st.config.get("OnBuild"));
            triggers.push(o.expression.clone());
            // BuildKit keeps the trigger in the config only: no history entry.
            st.config.insert("OnBuild".into(), json!(triggers));
        }
    }
    Ok(())
}
