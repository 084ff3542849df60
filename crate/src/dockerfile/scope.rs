//! Docker's variable scoping, applied to a parsed Dockerfile without building it:
//!
//! - ARGs before the first FROM are global: only FROM (its image and `--platform`) sees them,
//!   with the platform args (BUILDPLATFORM, TARGETARCH...) that BuildKit sets for it.
//! - A stage sees its base image's ENV, then its own ENV and ARG instructions in order. A bare
//!   `ARG NAME` in a stage takes the global value of NAME (or the platform arg's).
//! - `--build-arg NAME=value` overrides a declared ARG's default; an undeclared build arg is
//!   not used, except the proxy args (HTTP_PROXY...), which RUN gets without declaration.
//! - ENV and ARG values are visible to the instructions after them in the stage; ARG values
//!   do not go into the image's config.
//!
//! [`StageScope::expand`] expands the words of ADD, COPY, ENV, EXPOSE, LABEL, STOPSIGNAL,
//! USER, VOLUME, WORKDIR and ARG defaults; RUN, CMD and ENTRYPOINT are left to the shell.

use super::error::{Error, ErrorKind, Result};
use super::instructions::{ArgDef, Command, Dockerfile, Instruction, Stage};
use super::parser::KeyValue;
use super::shell::{EnvMap, Lex};

/// The PATH BuildKit gives a Linux stage whose base image sets none.
pub const DEFAULT_PATH: &str = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/// Build args Docker accepts without an ARG instruction; RUN gets them as environment.
pub const PROXY_ARGS: [&str; 10] = [
    "HTTP_PROXY",
    "http_proxy",
    "HTTPS_PROXY",
    "https_proxy",
    "FTP_PROXY",
    "ftp_proxy",
    "NO_PROXY",
    "no_proxy",
    "ALL_PROXY",
    "all_proxy",
];

/// The platform args BuildKit defines in the global scope.
pub const PLATFORM_ARGS: [&str; 8] = [
    "BUILDPLATFORM",
    "BUILDOS",
    "BUILDARCH",
    "BUILDVARIANT",
    "TARGETPLATFORM",
    "TARGETOS",
    "TARGETARCH",
    "TARGETVARIANT",
];

/// An OS/architecture[/variant] platform.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Platform {
    pub os: String,
    pub arch: String,
    pub variant: String,
}

impl Default for Platform {
    /// linux/amd64.
    fn default() -> Self {
        Platform {
            os: "linux".into(),
            arch: "amd64".into(),
            variant: String::new(),
        }
    }
}

impl Platform {
    /// `os/arch[/variant]`.
    pub fn parse(s: &str) -> Option<Platform> {
        let mut parts = s.split('/');
        let os = parts.next().filter(|p| !p.is_empty())?;
        let arch = parts.next().filter(|p| !p.is_empty())?;
        let variant = parts.next().unwrap_or("");
        if parts.next().is_some() {
            return None;
        }
        Some(Platform {
            os: os.to_string(),
            arch: arch.to_string(),
            variant: variant.to_string(),
        })
    }

    pub fn format(&self) -> String {
        if self.variant.is_empty() {
            format!("{}/{}", self.os, self.arch)
        } else {
            format!("{}/{}/{}", self.os, self.arch, self.variant)
        }
    }
}

/// What the build was asked for.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BuildOptions {
    /// `--build-arg NAME=value`, in order (a later one wins).
    pub build_args: Vec<(String, String)>,
    pub build_platform: Platform,
    pub target_platform: Platform,
}

impl BuildOptions {
    pub fn build_arg(&self, name: &str) -> Option<&str> {
        self.build_args
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The platform args' values.
    pub fn platform_args(&self) -> Vec<(String, String)> {
        let b = &self.build_platform;
        let t = &self.target_platform;
        let values = [
            b.format(),
            b.os.clone(),
            b.arch.clone(),
            b.variant.clone(),
            t.format(),
            t.os.clone(),
            t.arch.clone(),
            t.variant.clone(),
        ];
        PLATFORM_ARGS
            .iter()
            .map(|k| k.to_string())
            .zip(values)
            .collect()
    }
}

/// An ordered set of variables: setting an existing name replaces its value in place.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Vars(pub Vec<(String, String)>);

impl Vars {
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn set(&mut self, name: &str, value: &str) {
        match self.0.iter_mut().find(|(k, _)| k == name) {
            Some(slot) => slot.1 = value.to_string(),
            None => self.0.push((name.to_string(), value.to_string())),
        }
    }

    fn env(&self) -> EnvMap {
        EnvMap::from_pairs(&self.0)
    }
}

/// The global scope: the platform args, then the ARGs before the first FROM.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GlobalScope {
    pub vars: Vars,
    /// The global ARG names that were declared (with or without a value).
    pub declared: Vec<String>,
}

impl GlobalScope {
    /// Resolves the global ARGs: a build arg wins over the default, which is expanded with
    /// the global args before it.
    pub fn new(
        meta_args: &[Instruction],
        opts: &BuildOptions,
        escape: char,
    ) -> Result<GlobalScope> {
        let mut vars = Vars::default();
        for (k, v) in opts.platform_args() {
            vars.set(&k, opts.build_arg(&k).unwrap_or(&v));
        }
        let lex = Lex::new(escape);
        let mut declared = Vec::new();
        for instr in meta_args {
            let Command::Arg(defs) = &instr.command else {
                continue;
            };
            for def in defs {
                declared.push(def.name.clone());
                let value = match (opts.build_arg(&def.name), &def.default) {
                    (Some(v), _) => Some(v.to_string()),
                    (None, Some(d)) => Some(
                        lex.process_word(d, &vars.env())
                            .map_err(|e| Error::new(instr.line, instr.end_line, e))?,
                    ),
                    (None, None) => None,
                };
                match value {
                    Some(v) => vars.set(&def.name, &v),
                    // Declared without a value: unset, even over a platform arg.
                    None => vars.0.retain(|(k, _)| k != &def.name),
                }
            }
        }
        Ok(GlobalScope { vars, declared })
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.vars.get(name)
    }
}

/// A stage's FROM, expanded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExpandedFrom {
    pub image: String,
    pub platform: Option<String>,
    pub stage_name: Option<String>,
    /// When the image names an earlier stage: its index.
    pub base_stage: Option<usize>,
}

/// Expands a stage's FROM with the global scope. `earlier` are the names of the stages
/// before it.
pub fn expand_from(
    stage: &Stage,
    global: &GlobalScope,
    escape: char,
    earlier: &[Option<String>],
) -> Result<ExpandedFrom> {
    let err = |kind: ErrorKind| Error::new(stage.line, stage.end_line, kind);
    let lex = Lex::new(escape);
    let env = global.vars.env();
    let image = lex
        .process_word(&stage.from.image, &env)
        .map_err(|e| err(e.into()))?;
    if image.is_empty() {
        return Err(err(ErrorKind::BlankBaseName {
            image: stage.from.image.clone(),
        }));
    }
    let platform = match &stage.from.platform {
        Some(p) => Some(lex.process_word(p, &env).map_err(|e| err(e.into()))?),
        None => None,
    };
    let base_stage = earlier
        .iter()
        .position(|n| n.as_deref().is_some_and(|n| n.eq_ignore_ascii_case(&image)));
    Ok(ExpandedFrom {
        image,
        platform,
        stage_name: stage.from.stage_name.clone(),
        base_stage,
    })
}

/// The variables of one stage as its instructions run.
#[derive(Clone, Debug)]
pub struct StageScope<'a> {
    lex: Lex,
    global: &'a GlobalScope,
    opts: &'a BuildOptions,
    /// What expansion sees: ENV and ARG values, in order.
    vars: Vars,
    /// The image config's environment: the base image's, then ENV instructions.
    pub image_env: Vars,
    /// The ARGs the stage declared, with their values (None: declared but unset).
    pub args: Vec<(String, Option<String>)>,
}

impl<'a> StageScope<'a> {
    /// A stage starting from its base image's environment.
    pub fn new(
        global: &'a GlobalScope,
        opts: &'a BuildOptions,
        escape: char,
        base_env: &[(String, String)],
    ) -> Self {
        let image_env = Vars(base_env.to_vec());
        StageScope {
            lex: Lex::new(escape),
            global,
            opts,
            vars: image_env.clone(),
            image_env,
            args: Vec::new(),
        }
    }

    /// A variable's value as the next instruction sees it.
    pub fn lookup(&self, name: &str) -> Option<&str> {
        self.vars.get(name)
    }

    /// What expansion sees (ENV and ARG values, in order), without the proxy args.
    pub fn vars(&self) -> &[(String, String)] {
        &self.vars.0
    }

    /// Continues a stage built on an earlier one (`FROM builder`): its variables and
    /// declared ARGs carry over, as BuildKit's stage state does.
    pub fn inherit(&mut self, vars: &[(String, String)], args: &[(String, Option<String>)]) {
        self.vars = Vars(vars.to_vec());
        self.args = args.to_vec();
    }

    /// The environment RUN gets: ENV and ARG values, and proxy build args.
    pub fn run_env(&self) -> Vec<(String, String)> {
        let mut env = self.vars.clone();
        for p in PROXY_ARGS {
            if env.get(p).is_none() {
                if let Some(v) = self.opts.build_arg(p) {
                    env.set(p, v);
                }
            }
        }
        env.0
    }

    fn word(&self, instr: &Instruction, w: &str) -> Result<String> {
        self.lex
            .process_word(w, &self.vars.env())
            .map_err(|e| Error::new(instr.line, instr.end_line, e))
    }

    fn opt_word(&self, instr: &Instruction, w: &Option<String>) -> Result<Option<String>> {
        w.as_ref().map(|w| self.word(instr, w)).transpose()
    }

    fn words(&self, instr: &Instruction, ws: &[String]) -> Result<Vec<String>> {
        ws.iter().map(|w| self.word(instr, w)).collect()
    }

    fn pairs(&self, instr: &Instruction, pairs: &[KeyValue]) -> Result<Vec<KeyValue>> {
        pairs
            .iter()
            .map(|kv| {
                Ok(KeyValue {
                    key: self.word(instr, &kv.key)?,
                    value: self.word(instr, &kv.value)?,
                    legacy: kv.legacy,
                })
            })
            .collect()
    }

    fn arg_value(&self, instr: &Instruction, def: &ArgDef) -> Result<Option<String>> {
        if let Some(v) = self.opts.build_arg(&def.name) {
            return Ok(Some(v.to_string()));
        }
        match &def.default {
            Some(d) => Ok(Some(self.word(instr, d)?)),
            // A bare ARG takes the global (or platform) value.
            None => Ok(self.global.get(&def.name).map(String::from)),
        }
    }

    /// The instruction with its words expanded, the scope updated for what follows.
    pub fn expand(&mut self, instr: &Instruction) -> Result<Instruction> {
        let mut out = instr.clone();
        out.command = match &instr.command {
            Command::Env(pairs) => {
                let pairs = self.pairs(instr, pairs)?;
                for kv in &pairs {
                    self.vars.set(&kv.key, &kv.value);
                    self.image_env.set(&kv.key, &kv.value);
                }
                Command::Env(pairs)
            }
            Command::Label(pairs) => Command::Label(self.pairs(instr, pairs)?),
            Command::Arg(defs) => {
                let mut expanded = Vec::new();
                for def in defs {
                    let value = self.arg_value(instr, def)?;
                    if let Some(v) = &value {
                        self.vars.set(&def.name, v);
                    }
                    self.args.push((def.name.clone(), value.clone()));
                    expanded.push(ArgDef {
                        default: value,
                        ..def.clone()
                    });
                }
                Command::Arg(expanded)
            }
            Command::Copy(c) | Command::Add(c) => {
                let mut c = c.clone();
                c.sources = self.words(instr, &c.sources)?;
                c.dest = self.word(instr, &c.dest)?;
                c.from = self.opt_word(instr, &c.from)?;
                c.chown = self.opt_word(instr, &c.chown)?;
                c.chmod = self.opt_word(instr, &c.chmod)?;
                c.checksum = self.opt_word(instr, &c.checksum)?;
                c.exclude = self.words(instr, &c.exclude)?;
                if matches!(instr.command, Command::Copy(_)) {
                    Command::Copy(c)
                } else {
                    Command::Add(c)
                }
            }
            Command::Workdir(w) => Command::Workdir(self.word(instr, w)?),
            Command::User(u) => Command::User(self.word(instr, u)?),
            Command::StopSignal(s) => Command::StopSignal(self.word(instr, s)?),
            Command::Volume(v) => Command::Volume(self.words(instr, v)?),
            Command::Expose(ports) => {
                let mut out = Vec::new();
                for p in ports {
                    let ws = self
                        .lex
                        .process_words(p, &self.vars.env())
                        .map_err(|e| Error::new(instr.line, instr.end_line, e))?;
                    out.extend(ws);
                }
                Command::Expose(out)
            }
            other => other.clone(),
        };
        Ok(out)
    }
}

/// A stage with its words expanded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExpandedStage {
    pub from: ExpandedFrom,
    pub commands: Vec<Instruction>,
    /// The image config's environment at the end of the stage.
    pub env: Vec<(String, String)>,
    /// The ARGs the stage declared and their values.
    pub args: Vec<(String, Option<String>)>,
}

/// Expands every stage of a Dockerfile. A stage built on an earlier stage starts from that
/// stage's environment; one built on an image starts from `PATH` alone (image configs are
/// not looked up here).
pub fn expand_stages(df: &Dockerfile, opts: &BuildOptions) -> Result<Vec<ExpandedStage>> {
    let escape = df.ast.escape;
    let global = GlobalScope::new(&df.meta_args, opts, escape)?;
    let mut out: Vec<ExpandedStage> = Vec::new();
    let mut names: Vec<Option<String>> = Vec::new();
    for stage in &df.stages {
        let from = expand_from(stage, &global, escape, &names)?;
        let base_env = match from.base_stage {
            Some(i) => out[i].env.clone(),
            None => vec![("PATH".to_string(), DEFAULT_PATH.to_string())],
        };
        let mut scope = StageScope::new(&global, opts, escape, &base_env);
        let mut commands = Vec::new();
        for instr in &stage.commands {
            commands.push(scope.expand(instr)?);
        }
        names.push(stage.from.stage_name.clone());
        out.push(ExpandedStage {
            from,
            commands,
            env: scope.image_env.0.clone(),
            args: scope.args.clone(),
        });
    }
    Ok(out)
}
