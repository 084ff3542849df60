//! `docker build` (BuildKit through buildx, as Docker 28 runs it): a Dockerfile against a
//! build context, stage by stage, printing BuildKit's plain progress on standard error.
//! Layer steps (RUN, COPY, ADD, WORKDIR) are cached by what they depend on, so a rebuild
//! prints `CACHED` and gives the same image ID.
//!
//! - [`context`]: where the files come from; [`ignore`]: `.dockerignore`.
//! - [`stage`]: the instructions; [`copy`]: COPY and ADD; [`image`]: the config written.
//! - [`progress`]: the `#N ...` lines; [`suggest`]: "did you mean" for a mistyped instruction.
//! - [`error`]: why the input could not be read or a part of the solve failed, as data.

pub mod context;
mod copy;
pub mod error;
pub mod ignore;
pub mod image;
mod lint;
mod progress;
mod stage;
mod suggest;

use crate::digest::Digest;
use crate::dockerfile::instructions::{Command, Dockerfile, Instruction};
use crate::dockerfile::scope::{expand_from, BuildOptions, GlobalScope, StageScope};
use crate::dockerfile::shell::{EnvMap, Lex};
use crate::fs::Snapshots;
use crate::image::attestation::Attestation;
use crate::image::manifest::{Descriptor, Index, Manifest, MT_CONFIG};
use crate::image::target::{Content, Target, Written};
use crate::image::{ConfigFile, ContainerConfig, Image, Producer};
use crate::reference::Reference;
use crate::store::Layer;
use crate::store::Store;
use crate::time::Timestamp;

use context::Context;
use error::{Error, ResolveFailure};
use progress::Progress;
use stage::{State, StepEnv, StepError};
use std::collections::HashMap;

/// The Dockerfile's lines around an error, as BuildKit's `errdefs.Source.Print` shows
/// them: the first line's number in the heading, two lines of context around one line and
/// one around several (fewer at the start, where the rest goes after), `>>>` on the lines
/// of the instruction. Lines are the text split at `\n`, so a final newline makes a last
/// empty line.
fn excerpt(name: &str, src: &str, first: usize, last: usize) -> String {
    let lines: Vec<&str> = src.split('\n').collect();
    if first == 0 || first > lines.len() {
        return String::new();
    }
    let (mut start, mut end) = (first, last.clamp(first, lines.len()));
    let pad = if start == end { 4 } else { 2 };
    let mut p = 0;
    while p < pad {
        if start > 1 {
            start -= 1;
            p += 1;
        }
        if end != lines.len() {
            end += 1;
            p += 1;
        }
        p += 1;
    }
    let mut s = format!("{name}:{first}\n--------------------\n");
    for (i, line) in lines.iter().enumerate().take(end).skip(start - 1) {
        let n = i + 1;
        let mark = if (first..=last).contains(&n) {
            ">>>"
        } else {
            "   "
        };
        s.push_str(&format!(" {n:>3} | {mark} {line}\n"));
    }
    s.push_str("--------------------\n");
    s
}

struct Failure {
    vertex: Option<(usize, String)>,
    error: StepError,
    lines: Option<(usize, usize)>,
    /// The last line's message when it differs from the step's (BuildKit wraps some).
    summary: Option<String>,
}

impl Failure {
    /// An error at lines of the Dockerfile, outside any step.
    fn at(line: usize, end: usize, message: String) -> Failure {
        Failure {
            vertex: None,
            error: StepError::new(message),
            lines: Some((line, end)),
            summary: None,
        }
    }

    fn plain(message: impl Into<String>) -> Failure {
        Failure {
            vertex: None,
            error: StepError::new(message),
            lines: None,
            summary: None,
        }
    }
}

/// An image a FROM or `COPY --from` names, resolved.
struct Resolved {
    id: Digest,
    /// The normalized name (`docker.io/library/busybox:latest`).
    full: String,
    /// `name@sha256:...` when the build pulled it: BuildKit then names the FROM step with
    /// the manifest digest. A local image (moby's image store) resolves without one.
    pinned: Option<String>,
}

/// The image a FROM or `COPY --from` names, from the store or pulled from an in-page
/// registry (as `load metadata` does).
fn resolve_image(cx: &mut dyn Env, name: &str, pull: bool) -> Result<Resolved, Error> {
    let r = Reference::parse_normalized(name).map_err(|error| Error::InvalidImageName {
        name: name.to_string(),
        error,
    })?;
    let r = if r.tag().is_none() && r.digest().is_none() {
        r.with_tag("latest")
    } else {
        r
    };
    let full = r.to_string();
    if !pull {
        if let Some(id) = cx
            .store()
            .resolve_tag(&r)
            .or_else(|| cx.store().lookup(&full))
        {
            return Ok(Resolved {
                id,
                full,
                pinned: None,
            });
        }
    }
    if let Err(reason) = cx.pull(&r) {
        return Err(Error::ResolveMetadata {
            image: full,
            reason,
        });
    }
    let id = cx
        .store()
        .lookup(&full)
        .ok_or_else(|| Error::ResolveMetadata {
            image: full.clone(),
            reason: ResolveFailure::NotFound,
        })?;
    let pinned = match r.digest() {
        Some(_) => Some(full.clone()),
        None => cx
            .store()
            .digests_of(&id)
            .into_iter()
            .find(|d| d.name() == r.name())
            .and_then(|d| d.digest())
            .map(|d| format!("{full}@{d}")),
    };
    Ok(Resolved { id, full, pinned })
}

fn layer_command(i: &Instruction) -> bool {
    matches!(
        i.command,
        Command::Run(_) | Command::Copy(_) | Command::Add(_) | Command::Workdir(_)
    )
}

/// The stages the target needs, in file order.
fn needed(
    df: &Dockerfile,
    bases: &[Option<usize>],
    names: &[Option<String>],
    target: usize,
) -> Vec<usize> {
    let mut need = vec![false; df.stages.len()];
    let mut todo = vec![target];
    while let Some(i) = todo.pop() {
        if need[i] {
            continue;
        }
        need[i] = true;
        if let Some(b) = bases[i] {
            todo.push(b);
        }
        for instr in &df.stages[i].commands {
            if let Command::Copy(c) = &instr.command {
                if let Some(from) = &c.from {
                    let by_name = names
                        .iter()
                        .position(|n| n.as_deref().is_some_and(|n| n.eq_ignore_ascii_case(from)));
                    let by_index = from.parse::<usize>().ok().filter(|&k| k < i);
                    if let Some(k) = by_name.or(by_index) {
                        todo.push(k);
                    }
                }
            }
        }
    }
    (0..df.stages.len()).filter(|&i| need[i]).collect()
}

/// A step's name in the progress output, as BuildKit's `prefixCommand` input: the
/// instruction as written with the variables of the stage expanded (RUN keeps quotes and
/// unset variables as written), the keyword upper-cased, and for `RUN <<EOF` a summary of
/// the script.
fn step_name(instr: &Instruction, vars: &[(String, String)], escape: char) -> String {
    let mut text = instr.source.replace('\n', " ");
    let mut lex = Lex::new(escape);
    if let Command::Run(r) = &instr.command {
        lex.raw_quotes = true;
        lex.skip_unset_env = true;
        let line = r.cmd.args.join(" ");
        if let (true, Some(first), Ok(Some(_))) = (
            r.cmd.prepend_shell,
            r.files.first(),
            crate::dockerfile::heredoc::parse_heredoc(line.trim()),
        ) {
            let doc = first.content.trim();
            let mut lines = doc.lines();
            let head = lines.next().unwrap_or("");
            let more = if lines.next().is_some() { "..." } else { "" };
            text.push_str(&format!(" ({head}{more})"));
        }
    }
    let text = lex
        .process_word(&text, &EnvMap::from_pairs(vars))
        .unwrap_or(text);
    match text.split_once(' ') {
        Some((kw, rest)) => format!("{} {rest}", kw.to_ascii_uppercase()),
        None => text.to_ascii_uppercase(),
    }
}

/// The ARGs a RUN's history names (`RUN |2 A=1 B= ...`): every ARG the stage declared
/// (inherited ones too), once, with its current value (an ENV of the same name wins; none:
/// empty), as BuildKit's `runCommandString`.
fn history_args(scope: &StageScope) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for (k, _) in &scope.args {
        let v = scope.lookup(k).unwrap_or("").to_string();
        match out.iter_mut().find(|(name, _)| name == k) {
            Some(slot) => slot.1 = v,
            None => out.push((k.clone(), v)),
        }
    }
    out
}

/// What the command line asks of a build: its input and `docker build`'s options.
pub struct Request {
    pub input: Input,
    pub tags: Vec<Reference>,
    pub build_args: Vec<(String, String)>,
    pub labels: Vec<(String, String)>,
    pub target: Option<String>,
    pub no_cache: bool,
    pub pull: bool,
    /// `-q` or `--progress quiet`: no progress, the image ID on standard output.
    pub quiet: bool,
    /// Where the image goes: Docker 28's image store, or Docker 29's containerd store.
    pub exporter: Exporter,
}

/// What BuildKit's image exporter writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exporter {
    /// The classic store: the config, named by its digest.
    Moby,
    /// containerd's store (Docker 29): an OCI manifest of gzip layers and, with
    /// provenance (buildx's default `mode=min`), an index of it and its attestation.
    Containerd { provenance: bool },
}

/// What a build printed (BuildKit's progress and errors on stderr) and how it ended.
pub struct Outcome {
    pub stdout: String,
    pub stderr: String,
    pub code: i32,
}

/// What a build needs from the session: the store, the clock, and pulling a base image
/// that the store lacks (as `load metadata` does).
pub trait Env {
    fn store(&mut self) -> &mut Store;
    /// The store with the session's indexed layers and merged views.
    fn state(&mut self) -> (&mut Store, &mut Snapshots);
    fn now(&self) -> Timestamp;
    /// Pulls `r` into the store, quietly; why it failed, as containerd's resolver says.
    fn pull(&mut self, r: &Reference) -> Result<(), ResolveFailure>;
}

/// The build's input: the context and the Dockerfile.
pub struct Input {
    pub context: Context,
    pub dockerfile: String,
    pub dockerfile_name: String,
    /// The bytes of `.dockerignore` (read before it applies, and it may name itself).
    pub ignore_size: Option<u64>,
}

/// Runs a build: the steps, the image written to the store and tagged, and BuildKit's
/// output.
pub fn execute(cx: &mut dyn Env, req: &Request) -> Outcome {
    let quiet = req.quiet;
    let input = &req.input;
    let mut progress = Progress::new(quiet);
    let n = progress.vertex(&format!(
        "[internal] load build definition from {}",
        input.dockerfile_name
    ));
    progress.log(
        n,
        &format!(
            "transferring dockerfile: {} done",
            crate::format::human_size(input.dockerfile.len() as u64)
        ),
    );
    progress.done(n);
    let src = input.dockerfile.clone();
    let name = input.dockerfile_name.clone();
    let mut found = Vec::new();
    let result = solve(
        cx,
        &mut progress,
        input,
        &req.tags,
        &req.build_args,
        &req.labels,
        req.target.as_deref(),
        req.no_cache,
        req.pull,
        req.exporter,
        &mut found,
    );
    if let Err(f) = &result {
        if let Some((n, _)) = &f.vertex {
            progress.error(*n, &f.error.message);
        }
    }
    let mut err = progress.take();
    // BuildKit's checks: printed after the steps (and before a failure's excerpt).
    let warnings = if quiet {
        String::new()
    } else {
        lint::render(&found)
    };
    match result {
        Ok(id) => {
            err.push_str(&warnings);
            Outcome {
                stdout: if quiet {
                    format!("{id}\n")
                } else {
                    String::new()
                },
                stderr: err,
                code: 0,
            }
        }
        Err(f) => {
            // The box of the failed step's output is the progress display's.
            if let (Some((_, vname)), false) = (&f.vertex, quiet) {
                err.push_str(&format!("------\n > {vname}:\n"));
                for l in &f.error.output {
                    err.push_str(&format!("{l}\n"));
                }
                err.push_str("------\n");
            }
            if !warnings.is_empty() {
                err.push('\n');
                err.push_str(&warnings);
            }
            if let Some((a, b)) = f.lines {
                err.push_str(&excerpt(&name, &src, a, b));
            }
            let last = f.summary.as_deref().unwrap_or(&f.error.message);
            err.push_str(&format!(
                "ERROR: failed to build: failed to solve: {last}\n"
            ));
            Outcome {
                stdout: String::new(),
                stderr: err,
                code: 1,
            }
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn solve(
    cx: &mut dyn Env,
    progress: &mut Progress,
    input: &Input,
    tags: &[Reference],
    build_args: &[(String, String)],
    labels: &[(String, String)],
    target: Option<&str>,
    no_cache: bool,
    pull: bool,
    exporter: Exporter,
    warnings: &mut Vec<lint::Warning>,
) -> Result<Digest, Box<Failure>> {
    let fail_at = Failure::at;
    if input.dockerfile.is_empty() {
        return Err(Failure::plain("the Dockerfile cannot be empty").into());
    }
    // As BuildKit words it: the parser's errors as they are, an instruction's prefixed
    // with `dockerfile parse error on line N`, the stage structure's as they are.
    let located = |e: crate::dockerfile::error::Error, msg: String| Failure {
        lines: (e.line > 0).then_some((e.line, e.end_line)),
        ..Failure::plain(msg)
    };
    let ast = crate::dockerfile::parser::parse(&input.dockerfile).map_err(|e| {
        let msg = e.kind.to_string();
        located(e, msg)
    })?;
    for node in &ast.children {
        crate::dockerfile::instructions::parse_instruction(node).map_err(|e| {
            let msg = format!(
                "dockerfile parse error on line {}: {}",
                e.line,
                suggest::with_hint(&e.kind)
            );
            located(e, msg)
        })?;
    }
    let (meta_args, stages) = crate::dockerfile::instructions::split_stages(&ast).map_err(|e| {
        let msg = e.kind.to_string();
        located(e, msg)
    })?;
    let df = Dockerfile {
        ast,
        meta_args,
        stages,
    };
    *warnings = lint::check(&df);
    if df.stages.is_empty() {
        return Err(Failure::plain("dockerfile contains no stages to build").into());
    }
    let escape = df.ast.escape;
    let opts = BuildOptions {
        build_args: build_args.to_vec(),
        ..BuildOptions::default()
    };
    let global = GlobalScope::new(&df.meta_args, &opts, escape)
        .map_err(|e| fail_at(e.line, e.end_line, e.kind.to_string()))?;
    let names: Vec<Option<String>> = df
        .stages
        .iter()
        .map(|s| s.name().map(str::to_string))
        .collect();
    let mut froms = Vec::new();
    for (i, s) in df.stages.iter().enumerate() {
        froms.push(
            expand_from(s, &global, escape, &names[..i])
                .map_err(|e| fail_at(e.line, e.end_line, e.kind.to_string()))?,
        );
    }
    let target = match target {
        None => df.stages.len() - 1,
        Some(t) => names
            .iter()
            .position(|n| n.as_deref().is_some_and(|n| n.eq_ignore_ascii_case(t)))
            .ok_or_else(|| Failure::plain(format!("target stage \"{t}\" could not be found")))?,
    };
    let bases: Vec<Option<usize>> = froms.iter().map(|f| f.base_stage).collect();
    let order = needed(&df, &bases, &names, target);

    // The images the needed stages start from or copy from.
    let mut images: Vec<(String, usize, usize)> = Vec::new(); // (name, line, end line)
    for &i in &order {
        let f = &froms[i];
        if f.base_stage.is_none() && !f.image.eq_ignore_ascii_case("scratch") {
            images.push((f.image.clone(), df.stages[i].line, df.stages[i].end_line));
        }
        for instr in &df.stages[i].commands {
            if let Command::Copy(c) = &instr.command {
                if let Some(from) = &c.from {
                    let stage = names
                        .iter()
                        .any(|n| n.as_deref().is_some_and(|n| n.eq_ignore_ascii_case(from)))
                        || from.parse::<usize>().is_ok();
                    if !stage {
                        images.push((from.clone(), instr.line, instr.end_line));
                    }
                }
            }
        }
    }
    let mut resolved: HashMap<String, Resolved> = HashMap::new();
    for (img, line, end) in &images {
        if resolved.contains_key(img) {
            continue;
        }
        let full = Reference::parse_normalized(img)
            .map(|r| {
                if r.tag().is_none() && r.digest().is_none() {
                    r.with_tag("latest")
                } else {
                    r
                }
            })
            .map(|r| r.to_string())
            .unwrap_or_else(|_| img.clone());
        let n = progress.vertex(&format!("[internal] load metadata for {full}"));
        match resolve_image(cx, img, pull) {
            Ok(found) => {
                progress.done(n);
                resolved.insert(img.clone(), found);
            }
            Err(e) => {
                // The last line names the image as the Dockerfile wrote it.
                let summary = Some(format!("{img}: {e}"));
                return Err(Failure {
                    vertex: Some((n, format!("[internal] load metadata for {full}"))),
                    error: StepError::new(e.to_string()),
                    lines: Some((*line, *end)),
                    summary,
                }
                .into());
            }
        }
    }
    let n = progress.vertex("[internal] load .dockerignore");
    let ignore_size = input.ignore_size.unwrap_or(2);
    progress.log(
        n,
        &format!(
            "transferring context: {} done",
            crate::format::human_size(ignore_size)
        ),
    );
    progress.done(n);

    let multi = df.stages.len() > 1;
    let mut stages: Vec<Option<State>> = vec![None; df.stages.len()];
    let from_images: HashMap<String, Digest> =
        resolved.iter().map(|(k, r)| (k.clone(), r.id)).collect();
    // The context paths the build uses: what the client sends.
    let ctx_paths: Vec<String> = order
        .iter()
        .flat_map(|&i| df.stages[i].commands.iter())
        .filter_map(|c| match &c.command {
            Command::Copy(x) | Command::Add(x) if x.from.is_none() => Some(
                x.sources
                    .iter()
                    .filter(|s| stage::remote(s).is_none())
                    .cloned(),
            ),
            _ => None,
        })
        .flatten()
        .collect();
    let mut context_loaded = false;
    let now = cx.now();
    for &i in &order {
        let stage_def = &df.stages[i];
        let f = &froms[i];
        let prefix = if multi {
            format!(
                "{} ",
                names[i].clone().unwrap_or_else(|| format!("stage-{i}"))
            )
        } else {
            String::new()
        };
        let base_image = if f.base_stage.is_none() {
            resolved.get(&f.image)
        } else {
            None
        };
        let mut st = match (f.base_stage, base_image) {
            (Some(b), _) => {
                let mut s = stages[b].clone().unwrap_or_else(State::scratch);
                s.first_new = s.history.len();
                // Whether CMD was used is the stage's own (ENTRYPOINT resets an inherited CMD).
                s.cmd_set = false;
                s
            }
            (None, Some(r)) => State::from_image(cx.store(), &r.id)
                .map_err(|e| fail_at(stage_def.line, stage_def.end_line, e.to_string()))?,
            (None, None) => State::scratch(),
        };
        // The base's ONBUILD triggers run first; the new image does not keep them.
        let triggers: Vec<String> = st
            .config
            .get("OnBuild")
            .and_then(|v| v.as_array())
            .map(|a| {
                a.iter()
                    .filter_map(|t| t.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        st.config.remove("OnBuild");
        let mut commands: Vec<Instruction> = Vec::new();
        for t in &triggers {
            let parsed = crate::dockerfile::parser::parse(t).map_err(|e| {
                fail_at(
                    stage_def.line,
                    stage_def.end_line,
                    format!("failed to parse ONBUILD trigger: {}", e.kind),
                )
            })?;
            if parsed.children.len() != 1 {
                return Err(fail_at(
                    stage_def.line,
                    stage_def.end_line,
                    "onbuild trigger should be a single expression".into(),
                )
                .into());
            }
            for node in &parsed.children {
                let mut instr = crate::dockerfile::instructions::parse_instruction(node)
                    .map_err(|e| fail_at(stage_def.line, stage_def.end_line, e.kind.to_string()))?;
                instr.line = stage_def.line;
                instr.end_line = stage_def.end_line;
                commands.push(instr);
            }
        }
        let n_triggers = commands.len();
        commands.extend(stage_def.commands.iter().cloned());
        // BuildKit's step count: FROM an image, RUN/COPY/ADD/WORKDIR, and every trigger.
        let total = usize::from(base_image.is_some())
            + stage_def
                .commands
                .iter()
                .filter(|c| layer_command(c))
                .count()
            + n_triggers;
        let width = total.to_string().len();
        let mut k = 0;
        let mut label = |text: &str, trigger: bool| {
            k += 1;
            let onbuild = if trigger { "ONBUILD " } else { "" };
            format!("[{prefix}{k:>width$}/{total}] {onbuild}{text}")
        };
        if let Some(r) = base_image {
            let name = r.pinned.clone().unwrap_or_else(|| r.full.clone());
            let n = progress.vertex(&label(&format!("FROM {name}"), false));
            if r.pinned.is_some() {
                // A pull: its blobs downloaded, then extracted, as BuildKit reports them.
                progress.log(n, &format!("resolve {name} 0.0s done"));
                let store: &Store = cx.store();
                let blobs: Vec<(String, u64)> = store
                    .image(&r.id)
                    .map(|img| {
                        img.diff_ids()
                            .iter()
                            .filter_map(|d| store.layer(d))
                            .map(|l| (l.blob_digest.to_string(), l.blob.len()))
                            .collect()
                    })
                    .unwrap_or_default();
                for (digest, size) in &blobs {
                    let size = crate::format::human_size(*size);
                    progress.log(n, &format!("{digest} {size} / {size} 0.0s done"));
                }
                for (digest, _) in &blobs {
                    progress.log(n, &format!("extracting {digest} 0.0s done"));
                }
            }
            progress.done(n);
        }
        let needs_context = commands.iter().any(|c| matches!(&c.command, Command::Copy(x) | Command::Add(x) if x.from.is_none() && x.sources.iter().any(|s| stage::remote(s).is_none())));
        if needs_context && !context_loaded {
            context_loaded = true;
            let n = progress.vertex("[internal] load build context");
            progress.log(
                n,
                &format!(
                    "transferring context: {} done",
                    crate::format::human_size(copy::size_of(&input.context, &ctx_paths))
                ),
            );
            progress.done(n);
        }
        let base_env = st.env();
        let mut scope = StageScope::new(&global, &opts, escape, &base_env);
        if f.base_stage.is_some() {
            scope.inherit(&st.vars, &st.args);
        }
        for (j, instr) in commands.iter().enumerate() {
            let vars = scope.vars().to_vec();
            let mut expanded = scope
                .expand(instr)
                .map_err(|e| fail_at(e.line, e.end_line, e.kind.to_string()))?;
            if let Command::Copy(c) | Command::Add(c) = &mut expanded.command {
                for h in c.contents.iter_mut().filter(|h| h.expand) {
                    h.data = stage::expand_body(&h.data, &vars)
                        .map_err(|e| fail_at(instr.line, instr.end_line, e.to_string()))?;
                }
            }
            let makes_step = match &expanded.command {
                Command::Run(_) | Command::Copy(_) | Command::Add(_) => true,
                Command::Workdir(w) => stage::workdir_of(&st, w) != "/",
                _ => false,
            };
            let vertex = if makes_step {
                label(&step_name(instr, &vars, escape), j < n_triggers)
            } else {
                String::new()
            };
            let (store, snapshots) = cx.state();
            let mut env = StepEnv {
                store,
                progress: &mut *progress,
                snapshots,
                context: &input.context,
                stages: &stages,
                stage_names: &names,
                from_images: &from_images,
                now,
                no_cache,
                run_env: scope.run_env(),
                args: history_args(&scope),
                vertex: vertex.clone(),
            };
            stage::step(&mut st, &mut env, &expanded).map_err(|(n, error)| Failure {
                vertex: (n > 0).then_some((n, vertex.clone())),
                error,
                lines: Some((instr.line, instr.end_line)),
                summary: None,
            })?;
        }
        st.vars = scope.vars().to_vec();
        st.args = scope.args.clone();
        stages[i] = Some(st);
    }
    let mut st = stages[target].take().unwrap_or_else(State::scratch);
    if !labels.is_empty() {
        let mut l = st
            .config
            .get("Labels")
            .and_then(|v| v.as_object())
            .cloned()
            .unwrap_or_default();
        for (k, v) in labels {
            l.insert(k.clone(), serde_json::Value::String(v.clone()));
        }
        st.config
            .insert("Labels".into(), serde_json::Value::Object(l));
    }
    export(cx, progress, st, tags, exporter)
}

/// Writes the image into the store and names it: BuildKit's `exporting to image`.
fn export(
    cx: &mut dyn Env,
    progress: &mut Progress,
    mut st: State,
    tags: &[Reference],
    exporter: Exporter,
) -> Result<Digest, Box<Failure>> {
    let n = progress.vertex("exporting to image");
    let new_layers = st.layers.iter().any(|l| !cx.store().has_layer(&l.diff_id));
    progress.log(
        n,
        if new_layers {
            "exporting layers 0.0s done"
        } else {
            "exporting layers done"
        },
    );
    let first_new = st.first_new.min(st.history.len());
    let created = image::fill_times(&mut st.history, first_new, cx.now());
    let config = ConfigFile {
        architecture: st.architecture.clone(),
        variant: st.variant.clone(),
        os: st.os.clone(),
        author: st.author.clone(),
        created,
        config: ContainerConfig::from_map(&st.config),
        history: st.history.clone(),
        diff_ids: st.layers.iter().map(|l| l.diff_id).collect(),
        ..ConfigFile::empty()
    };
    let failed = |e: String| Failure {
        vertex: Some((n, "exporting to image".into())),
        ..Failure::plain(e)
    };
    let img =
        Image::from_config_file(&config, Producer::BuildKit).map_err(|e| failed(e.to_string()))?;
    let Exporter::Containerd { provenance } = exporter else {
        for l in st.layers {
            if !cx.store().has_layer(&l.diff_id) {
                cx.store().add_layer(l);
            }
        }
        let id = img.id();
        cx.store().add_image(img);
        progress.log(n, &format!("writing image {id} done"));
        let now = cx.now();
        for t in tags {
            cx.store().tag(t.clone(), id, now);
            progress.log(n, &format!("naming to {t} done"));
        }
        progress.done(n);
        return Ok(id);
    };
    // BuildKit's containerimage exporter into containerd's store (moby v29.7.2's
    // builder-next exporter): layers compressed with gzip, an OCI manifest, the
    // attestation and the index, the name, then the unpack.
    let mut layers = Vec::new();
    for l in st.layers {
        if let Some(stored) = cx.store().layer(&l.diff_id) {
            layers.push(stored.descriptor(false));
            continue;
        }
        let tar = l
            .blob
            .read(0..l.blob.len())
            .map_err(|e| failed(e.to_string()))?;
        let gz = bytes::Bytes::from(crate::registry::gzip(&tar));
        let stored = Layer::stored(gz, crate::compress::Compression::Gzip, &tar, l.diff_id);
        layers.push(stored.descriptor(false));
        cx.store().add_layer(stored);
    }
    let config_desc = Descriptor::new(MT_CONFIG, img.raw_config());
    let config_digest = config_desc.digest;
    let manifest = Target::written(&img, config_desc, layers, Written::BuildKit);
    let manifest_digest = manifest.digest();
    progress.log(n, &format!("exporting manifest {manifest_digest} done"));
    progress.log(n, &format!("exporting config {config_digest} done"));
    let target = if provenance {
        let platform = img.config().platform();
        let subject = match tags.first() {
            Some(t) => format!(
                "pkg:docker/{}@{}?platform={}",
                t.name(),
                t.tag().unwrap_or("latest"),
                platform.replace('/', "%2F")
            ),
            None => format!("pkg:docker/?platform={}", platform.replace('/', "%2F")),
        };
        let when = cx.now().to_rfc3339_nano();
        let attestation = Attestation::provenance(
            &subject,
            manifest.bytes(),
            serde_json::json!({
                "builder": { "id": "" },
                "buildType": "https://mobyproject.org/buildkit@v1",
                "invocation": {
                    "configSource": { "entryPoint": "Dockerfile" },
                    "parameters": { "frontend": "dockerfile.v0" },
                    "environment": { "platform": platform },
                },
                "metadata": {
                    "buildStartedOn": when,
                    "buildFinishedOn": when,
                    "completeness": { "parameters": false, "environment": true, "materials": false },
                    "reproducible": false,
                },
            }),
        );
        let attestation_digest = Digest::of(&attestation.manifest);
        progress.log(
            n,
            &format!("exporting attestation manifest {attestation_digest} done"),
        );
        let mut image_entry = manifest.members()[0].entry.clone();
        image_entry.variant = img.config().variant.clone().unwrap_or_default();
        let entries = vec![image_entry, attestation.entry(manifest_digest)];
        let index = Index {
            manifests: entries.clone(),
        };
        let mut t = Target::index(bytes::Bytes::from(index.to_bytes()), &entries);
        if let Some(c) = manifest.members()[0].content.clone() {
            t.set_present(&manifest_digest, c);
        }
        t.set_present(
            &attestation_digest,
            Content {
                layers: Manifest::parse(&attestation.manifest)
                    .map(|m| m.layers)
                    .unwrap_or_default(),
                manifest: attestation.manifest,
                config: attestation.config,
                diff_ids: Vec::new(),
                payloads: vec![attestation.statement],
            },
        );
        progress.log(n, &format!("exporting manifest list {} done", t.digest()));
        t
    } else {
        manifest
    };
    let mut img = img.with_target(target);
    let now = cx.now();
    img.set_last_tag_time(Some(now));
    let id = img.id();
    cx.store().add_image(img);
    for t in tags {
        cx.store().tag(t.clone(), id, now);
        progress.log(n, &format!("naming to {t} done"));
    }
    for t in tags {
        progress.log(n, &format!("unpacking to {t} done"));
    }
    progress.done(n);
    Ok(id)
}
