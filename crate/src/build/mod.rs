//! `docker build` (BuildKit through buildx, as Docker 28 runs it): a Dockerfile against a
//! build context, stage by stage, printing BuildKit's plain progress on standard error.
//! Layer steps (RUN, COPY, ADD, WORKDIR) are cached by what they depend on, so a rebuild
//! prints `CACHED` and gives the same image ID.
//!
//! - [`context`]: where the files come from; [`ignore`]: `.dockerignore`.
//! - [`stage`]: the instructions; [`copy`]: COPY and ADD; [`image`]: the config written.
//! - [`progress`]: the `#N ...` lines.

pub mod context;
mod copy;
pub mod ignore;
pub mod image;
mod progress;
mod stage;

use crate::digest::Digest;
use crate::docker::{check_args, parse_flags, Args, Usage};
use crate::dockerfile::instructions::{Command, Dockerfile, Instruction};
use crate::dockerfile::scope::{expand_from, BuildOptions, GlobalScope, StageScope};
use crate::image::Image;
use crate::reference::Reference;
use crate::shell::flags::{flag, value};
use crate::shell::{Ctx, Exec};
use bytes::Bytes;
use context::Context;
use progress::Progress;
use stage::{State, StepEnv, StepError};
use std::collections::HashMap;

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

/// The Dockerfile's lines around an error, as BuildKit shows them.
fn excerpt(name: &str, src: &str, first: usize, last: usize) -> String {
    let lines: Vec<&str> = src.lines().collect();
    if first == 0 || first > lines.len() {
        return String::new();
    }
    let last = last.clamp(first, lines.len());
    let from = first.saturating_sub(2).max(1);
    let to = (last + 2).min(lines.len());
    let head = if first == last { format!("{name}:{first}") } else { format!("{name}:{first}-{last}") };
    let mut s = format!("{head}\n--------------------\n");
    for (i, line) in lines.iter().enumerate().take(to).skip(from - 1) {
        let n = i + 1;
        let mark = if (first..=last).contains(&n) { ">>>" } else { "   " };
        s.push_str(&format!(" {n:>3} | {mark} {line}\n"));
    }
    s.push_str("--------------------\n");
    s
}

struct Failure {
    vertex: Option<(usize, String)>,
    error: StepError,
    lines: Option<(usize, usize)>,
}

struct Input {
    context: Context,
    dockerfile: String,
    dockerfile_name: String,
}

/// Finds the context and the Dockerfile: `-` (stdin: a Dockerfile, or a context tar), a
/// host file that is a tar, or a host directory.
fn prepare(cx: &mut Ctx, path: &str, file: Option<&str>) -> Result<Input, String> {
    let mtime = cx.now.unix_seconds().max(0) as u64;
    let mut context = if path == "-" {
        let stdin = cx.io.stdin.clone().unwrap_or_default();
        let is_tar = (stdin.len() >= 512 && &stdin[257..262] == b"ustar")
            || crate::compress::Compression::detect(&stdin) != crate::compress::Compression::None;
        if is_tar {
            Context::from_tar(stdin).map_err(|e| format!("ERROR: failed to build: failed to read context: {e}\n"))?
        } else {
            let text = String::from_utf8_lossy(&stdin).into_owned();
            return Ok(Input { context: Context::empty(), dockerfile: text, dockerfile_name: "Dockerfile".into() });
        }
    } else if cx.host.size(path).is_ok() {
        let blob = cx.host.read(path).map_err(|e| format!("ERROR: {path}: {}\n", e.reason()))?;
        Context::from_tar(blob).map_err(|e| format!("ERROR: failed to build: unable to prepare context: {path}: {e}\n"))?
    } else {
        Context::from_host_dir(&*cx.host, path, mtime)
            .ok_or_else(|| format!("ERROR: unable to prepare context: path \"{path}\" not found\n"))?
    };
    let (dockerfile, dockerfile_name) = match file {
        Some("-") => (String::from_utf8_lossy(&cx.io.stdin.clone().unwrap_or_default()).into_owned(), "Dockerfile".to_string()),
        // -f names a file from where the command runs, not inside the context.
        Some(f) => match cx.host.read(f) {
            Ok(b) => (String::from_utf8_lossy(&b).into_owned(), f.rsplit('/').next().unwrap_or(f).to_string()),
            Err(_) => return Err(format!("ERROR: failed to build: resolve : lstat {f}: no such file or directory\n")),
        },
        None => match context.files.get("Dockerfile") {
            Some(f) => (String::from_utf8_lossy(&f.data).into_owned(), "Dockerfile".to_string()),
            None => return Err("ERROR: failed to build: failed to solve: failed to read dockerfile: open Dockerfile: no such file or directory\n".into()),
        },
    };
    context.apply_dockerignore().map_err(|e| format!("ERROR: failed to build: failed to solve: {e}\n"))?;
    Ok(Input { context, dockerfile, dockerfile_name })
}

/// The image a FROM or `COPY --from` names, from the store or pulled from an in-page
/// registry (as `load metadata` does).
fn resolve_image(cx: &mut Ctx, name: &str, pull: bool) -> Result<(Digest, String), String> {
    let r = Reference::parse_normalized(name).map_err(|e| format!("failed to parse stage name \"{name}\": {e}"))?;
    let r = if r.tag().is_none() && r.digest().is_none() { r.with_tag("latest") } else { r };
    let full = r.to_string();
    if !pull {
        if let Some(id) = cx.store.resolve_tag(&r).or_else(|| cx.store.lookup(&full)) {
            return Ok((id, full));
        }
    }
    let (code, _, err) = crate::docker::pull::pull_aside(cx, &r);
    if code != 0 {
        let why = err.trim().trim_start_matches("Error response from daemon: ").to_string();
        return Err(format!("failed to resolve source metadata for {full}: {why}"));
    }
    cx.store.lookup(&full).map(|id| (id, full.clone())).ok_or_else(|| format!("failed to resolve source metadata for {full}: not found"))
}

fn layer_command(i: &Instruction) -> bool {
    matches!(i.command, Command::Run(_) | Command::Copy(_) | Command::Add(_) | Command::Workdir(_))
}

/// The stages the target needs, in file order.
fn needed(df: &Dockerfile, bases: &[Option<usize>], names: &[Option<String>], target: usize) -> Vec<usize> {
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
                    let by_name = names.iter().position(|n| n.as_deref().is_some_and(|n| n.eq_ignore_ascii_case(from)));
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
            Ok(r) if r.digest().is_none() => tags.push(if r.tag().is_none() { r.with_tag("latest") } else { r }),
            _ => {
                cx.io.err(&format!("ERROR: failed to build: invalid tag \"{t}\": invalid reference format\n"));
                return 1;
            }
        }
    }
    let mut build_args = Vec::new();
    for a in p.values("build-arg") {
        match a.split_once('=') {
            Some((k, v)) => build_args.push((k.to_string(), v.to_string())),
            None => {} // NAME alone takes the client's environment, which the page does not have
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
        Err(msg) => {
            cx.io.err(&msg);
            return 1;
        }
    };
    let mut progress = Progress::new(quiet);
    let n = progress.vertex(&format!("[internal] load build definition from {}", input.dockerfile_name));
    progress.log(n, &format!("transferring dockerfile: {} done", crate::format::human_size(input.dockerfile.len() as u64)));
    progress.done(n);
    let src = input.dockerfile.clone();
    let name = input.dockerfile_name.clone();
    let result = solve(cx, &mut progress, &input, &tags, &build_args, &labels, p.value("target"), p.on("no-cache"), p.on("pull"));
    if let Err(Failure { vertex: Some((n, _)), error, .. }) = &result {
        progress.error(*n, &error.message);
    }
    let mut err = progress.take();
    match result {
        Ok(id) => {
            cx.io.err(&err);
            if quiet {
                cx.io.out(&format!("{id}\n"));
            }
            0
        }
        Err(f) => {
            if let Some((_, vname)) = &f.vertex {
                err.push_str(&format!("------\n > {vname}:\n"));
                for l in &f.error.output {
                    err.push_str(&format!("{l}\n"));
                }
                err.push_str("------\n");
            }
            if let Some((a, b)) = f.lines {
                err.push_str(&excerpt(&name, &src, a, b));
            }
            err.push_str(&format!("ERROR: failed to build: failed to solve: {}\n", f.error.message));
            cx.io.err(&err);
            1
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn solve(
    cx: &mut Ctx,
    progress: &mut Progress,
    input: &Input,
    tags: &[Reference],
    build_args: &[(String, String)],
    labels: &[(String, String)],
    target: Option<&str>,
    no_cache: bool,
    pull: bool,
) -> Result<Digest, Failure> {
    let fail_at = |line: usize, end: usize, message: String| Failure { vertex: None, error: StepError::new(message), lines: Some((line, end)) };
    let df = Dockerfile::parse(&input.dockerfile).map_err(|e| {
        let msg = if e.line > 0 { format!("dockerfile parse error on line {}: {}", e.line, e.message) } else { e.message.clone() };
        Failure { vertex: None, error: StepError::new(msg), lines: (e.line > 0).then_some((e.line, e.end_line)) }
    })?;
    if df.stages.is_empty() {
        return Err(Failure { vertex: None, error: StepError::new("the Dockerfile (Dockerfile) cannot be empty"), lines: None });
    }
    let escape = df.ast.escape;
    let opts = BuildOptions { build_args: build_args.to_vec(), ..BuildOptions::default() };
    let global = GlobalScope::new(&df.meta_args, &opts, escape).map_err(|e| fail_at(e.line, e.end_line, e.message))?;
    let names: Vec<Option<String>> = df.stages.iter().map(|s| s.name().map(str::to_string)).collect();
    let mut froms = Vec::new();
    for (i, s) in df.stages.iter().enumerate() {
        froms.push(expand_from(s, &global, escape, &names[..i]).map_err(|e| fail_at(e.line, e.end_line, e.message))?);
    }
    let target = match target {
        None => df.stages.len() - 1,
        Some(t) => names
            .iter()
            .position(|n| n.as_deref().is_some_and(|n| n.eq_ignore_ascii_case(t)))
            .ok_or_else(|| Failure { vertex: None, error: StepError::new(format!("target stage \"{t}\" could not be found")), lines: None })?,
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
                    let stage = names.iter().any(|n| n.as_deref().is_some_and(|n| n.eq_ignore_ascii_case(from)))
                        || from.parse::<usize>().is_ok();
                    if !stage {
                        images.push((from.clone(), instr.line, instr.end_line));
                    }
                }
            }
        }
    }
    let mut resolved: HashMap<String, (Digest, String)> = HashMap::new();
    for (img, line, end) in &images {
        if resolved.contains_key(img) {
            continue;
        }
        let full = Reference::parse_normalized(img).map(|r| if r.tag().is_none() && r.digest().is_none() { r.with_tag("latest") } else { r }).map(|r| r.to_string()).unwrap_or_else(|_| img.clone());
        let n = progress.vertex(&format!("[internal] load metadata for {full}"));
        match resolve_image(cx, img, pull) {
            Ok(found) => {
                progress.done(n);
                resolved.insert(img.clone(), found);
            }
            Err(e) => {
                return Err(Failure { vertex: Some((n, format!("[internal] load metadata for {full}"))), error: StepError::new(e), lines: Some((*line, *end)) });
            }
        }
    }
    let n = progress.vertex("[internal] load .dockerignore");
    let ignore_size = input.context.files.get(".dockerignore").map_or(2, |f| f.data.len() as u64);
    progress.log(n, &format!("transferring context: {} done", crate::format::human_size(ignore_size)));
    progress.done(n);

    let multi = df.stages.len() > 1;
    let mut stages: Vec<Option<State>> = vec![None; df.stages.len()];
    let mut indexes = stage::Indexes::default();
    let from_images: HashMap<String, Digest> = resolved.iter().map(|(k, (id, _))| (k.clone(), *id)).collect();
    let mut context_loaded = false;
    let now = cx.now;
    for &i in &order {
        let stage_def = &df.stages[i];
        let f = &froms[i];
        let prefix = if multi { format!("{} ", names[i].clone().unwrap_or_else(|| format!("stage-{i}"))) } else { String::new() };
        let mut total = stage_def.commands.iter().filter(|c| layer_command(c)).count();
        let mut st = match (f.base_stage, resolved.get(&f.image)) {
            (Some(b), _) => {
                let mut s = stages[b].clone().unwrap_or_else(State::scratch);
                s.first_new = s.history.len();
                s
            }
            (None, Some((id, _))) => {
                total += 1;
                State::from_image(cx.store, id).map_err(|e| fail_at(stage_def.line, stage_def.end_line, e))?
            }
            (None, None) => State::scratch(),
        };
        let width = total.to_string().len();
        let mut k = 0;
        let mut label = |text: &str| {
            k += 1;
            format!("[{prefix}{k:>width$}/{total}] {text}")
        };
        if let (None, Some((_, full))) = (f.base_stage, resolved.get(&f.image)) {
            let n = progress.vertex(&label(&format!("FROM {full}")));
            progress.done(n);
        }
        // A base image's ONBUILD triggers run first; the new image does not keep them.
        let triggers: Vec<String> = st.config.get("OnBuild").and_then(|v| v.as_array()).map(|a| a.iter().filter_map(|t| t.as_str().map(str::to_string)).collect()).unwrap_or_default();
        st.config.remove("OnBuild");
        let mut commands: Vec<Instruction> = Vec::new();
        for t in &triggers {
            let parsed = crate::dockerfile::parser::parse(t).map_err(|e| fail_at(stage_def.line, stage_def.end_line, format!("failed to parse ONBUILD trigger: {}", e.message)))?;
            for node in &parsed.children {
                let mut instr = crate::dockerfile::instructions::parse_instruction(node).map_err(|e| fail_at(stage_def.line, stage_def.end_line, e.message))?;
                instr.line = stage_def.line;
                instr.end_line = stage_def.end_line;
                commands.push(instr);
            }
        }
        commands.extend(stage_def.commands.iter().cloned());
        let needs_context = commands.iter().any(|c| matches!(&c.command, Command::Copy(x) | Command::Add(x) if x.from.is_none() && !x.sources.is_empty()));
        if needs_context && !context_loaded {
            context_loaded = true;
            let n = progress.vertex("[internal] load build context");
            progress.log(n, &format!("transferring context: {} done", crate::format::human_size(input.context.transfer_size())));
            progress.done(n);
        }
        let base_env = st.env();
        let mut scope = StageScope::new(&global, &opts, escape, &base_env);
        for instr in &commands {
            let expanded = scope.expand(instr).map_err(|e| fail_at(e.line, e.end_line, e.message))?;
            let vertex = if layer_command(instr) { label(&instr.source.replace('\n', " ")) } else { String::new() };
            let args: Vec<(String, String)> = scope.args.iter().filter_map(|(k, v)| v.clone().map(|v| (k.clone(), v))).collect();
            let mut env = StepEnv {
                store: &mut *cx.store,
                progress: &mut *progress,
                indexes: &mut indexes,
                context: &input.context,
                stages: &stages,
                stage_names: &names,
                from_images: &from_images,
                now,
                no_cache,
                run_env: scope.run_env(),
                args,
                vertex: vertex.clone(),
            };
            stage::step(&mut st, &mut env, &expanded).map_err(|(n, error)| Failure {
                vertex: (n > 0).then_some((n, vertex.clone())),
                error,
                lines: Some((instr.line, instr.end_line)),
            })?;
        }
        stages[i] = Some(st);
    }
    let mut st = stages[target].take().unwrap_or_else(State::scratch);
    if !labels.is_empty() {
        let mut l = st.config.get("Labels").and_then(|v| v.as_object()).cloned().unwrap_or_default();
        for (k, v) in labels {
            l.insert(k.clone(), serde_json::Value::String(v.clone()));
        }
        st.config.insert("Labels".into(), serde_json::Value::Object(l));
    }
    export(cx, progress, st, tags)
}

/// Writes the image into the store and names it: BuildKit's `exporting to image`.
fn export(cx: &mut Ctx, progress: &mut Progress, mut st: State, tags: &[Reference]) -> Result<Digest, Failure> {
    let n = progress.vertex("exporting to image");
    let new_layers = st.layers.iter().any(|l| !cx.store.has_layer(&l.diff_id));
    progress.log(n, if new_layers { "exporting layers 0.0s done" } else { "exporting layers done" });
    let first_new = st.first_new.min(st.history.len());
    let created = image::fill_times(&mut st.history, first_new, cx.now);
    let diff_ids: Vec<String> = st.layers.iter().map(|l| l.diff_id.to_string()).collect();
    let bytes = image::config_bytes(&image::ImageParts {
        architecture: &st.architecture,
        os: &st.os,
        variant: st.variant.as_deref(),
        author: st.author.as_deref(),
        config: &st.config,
        created: &created,
        history: &st.history,
        diff_ids: &diff_ids,
    });
    let img = Image::from_config(Bytes::from(bytes), "build").map_err(|e| Failure { vertex: Some((n, "exporting to image".into())), error: StepError::new(e.to_string()), lines: None })?;
    for l in st.layers {
        if !cx.store.has_layer(&l.diff_id) {
            cx.store.add_layer(l);
        }
    }
    let id = img.id;
    cx.store.add_image(img);
    progress.log(n, &format!("writing image {id} done"));
    for t in tags {
        cx.store.tag(t.clone(), id, cx.now);
        progress.log(n, &format!("naming to {t} done"));
    }
    progress.done(n);
    Ok(id)
}
