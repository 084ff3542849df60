//! Typed instructions (BuildKit's `frontend/dockerfile/instructions`): each parsed node checked
//! for its arguments and flags, and the file split into build stages at each FROM, with the
//! ARGs before the first FROM kept apart as global (meta) args.

use super::error::{Error, ErrorKind, InstructionError, Result};
use super::flags::{FlagKind, Flags};
use super::heredoc::{chomp, parse_heredoc, Heredoc};
use super::parser::{parse, Args, Ast, KeyValue, Node};
use crate::go::duration::{parse_duration, Nanos};

/// What RUN, CMD, ENTRYPOINT and HEALTHCHECK CMD run: the shell form (one string, run by the
/// SHELL) or the exec form (a JSON array).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommandLine {
    pub args: Vec<String>,
    /// Shell form: `args` is one command string for the shell.
    pub prepend_shell: bool,
}

impl CommandLine {
    fn from_node(node: &Node, args: &[String]) -> CommandLine {
        let args = if args.is_empty() {
            Vec::new()
        } else if node.json {
            args.to_vec()
        } else {
            vec![args.join(" ")]
        };
        CommandLine {
            args,
            prepend_shell: !node.json,
        }
    }
}

/// A heredoc used as a COPY/ADD source: its delimiter (the file's name) and body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceContent {
    pub path: String,
    pub data: String,
    /// Variables in `data` are expanded at build time (the delimiter was not quoted).
    pub expand: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CopyCommand {
    /// Paths (or for ADD, URLs and git references) to copy.
    pub sources: Vec<String>,
    /// Heredoc sources.
    pub contents: Vec<SourceContent>,
    pub dest: String,
    /// `--from=` (COPY only): a stage name or index, or an image.
    pub from: Option<String>,
    pub chown: Option<String>,
    pub chmod: Option<String>,
    pub link: bool,
    /// `--parents` (COPY only).
    pub parents: bool,
    pub exclude: Vec<String>,
    /// ADD only: `--keep-git-dir`, `--checksum=`, `--unpack`.
    pub keep_git_dir: bool,
    pub checksum: Option<String>,
    pub unpack: Option<bool>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RunCommand {
    pub cmd: CommandLine,
    /// Heredoc bodies the command refers to.
    pub files: Vec<Heredoc>,
    /// `--mount=` specs, as written.
    pub mounts: Vec<String>,
    pub network: Option<String>,
    pub security: Option<String>,
    pub devices: Vec<String>,
    /// The flags given, sorted.
    pub flags_used: Vec<String>,
}

/// HEALTHCHECK: NONE, or CMD with its options (durations in nanoseconds; None when not given).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Healthcheck {
    None,
    Cmd {
        /// `["CMD", args...]` (exec form) or `["CMD-SHELL", "command"]`, as in an image config.
        test: Vec<String>,
        interval: Option<Nanos>,
        timeout: Option<Nanos>,
        start_period: Option<Nanos>,
        start_interval: Option<Nanos>,
        retries: Option<i64>,
    },
}

/// One name of an ARG, with its default if it has one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArgDef {
    pub name: String,
    pub default: Option<String>,
    /// A comment line above the ARG that starts with the name (`# NAME does ...`), less it.
    pub comment: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FromCommand {
    /// The base image or stage, unexpanded.
    pub image: String,
    /// `AS name`, lower-cased.
    pub stage_name: Option<String>,
    pub platform: Option<String>,
}

/// ONBUILD: the trigger is kept as written and parsed again when a child image builds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OnbuildCommand {
    /// The trigger instruction's text (heredoc bodies appended).
    pub expression: String,
    /// The trigger as parsed.
    pub trigger: Box<Node>,
}

/// An instruction's meaning.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    From(FromCommand),
    Arg(Vec<ArgDef>),
    Env(Vec<KeyValue>),
    Label(Vec<KeyValue>),
    Run(RunCommand),
    Cmd(CommandLine),
    /// None: `ENTRYPOINT []`, which clears it.
    Entrypoint(Option<CommandLine>),
    Shell(Vec<String>),
    Copy(CopyCommand),
    Add(CopyCommand),
    Workdir(String),
    User(String),
    Volume(Vec<String>),
    /// Sorted, as BuildKit sorts them.
    Expose(Vec<String>),
    StopSignal(String),
    Maintainer(String),
    Healthcheck(Healthcheck),
    Onbuild(OnbuildCommand),
}

impl Command {
    /// The instruction's name in upper case.
    pub fn name(&self) -> &'static str {
        match self {
            Command::From(_) => "FROM",
            Command::Arg(_) => "ARG",
            Command::Env(_) => "ENV",
            Command::Label(_) => "LABEL",
            Command::Run(_) => "RUN",
            Command::Cmd(_) => "CMD",
            Command::Entrypoint(_) => "ENTRYPOINT",
            Command::Shell(_) => "SHELL",
            Command::Copy(_) => "COPY",
            Command::Add(_) => "ADD",
            Command::Workdir(_) => "WORKDIR",
            Command::User(_) => "USER",
            Command::Volume(_) => "VOLUME",
            Command::Expose(_) => "EXPOSE",
            Command::StopSignal(_) => "STOPSIGNAL",
            Command::Maintainer(_) => "MAINTAINER",
            Command::Healthcheck(_) => "HEALTHCHECK",
            Command::Onbuild(_) => "ONBUILD",
        }
    }
}

/// Whether the front end expands variables in an instruction's words (Docker's list: ADD
/// COPY ENV EXPOSE FROM LABEL STOPSIGNAL USER VOLUME WORKDIR, and ARG defaults; ONBUILD's
/// trigger when it runs). RUN, CMD, ENTRYPOINT, SHELL, HEALTHCHECK and MAINTAINER are not.
pub fn expands_variables(keyword: &str) -> bool {
    matches!(
        keyword.to_ascii_lowercase().as_str(),
        "add"
            | "copy"
            | "env"
            | "expose"
            | "from"
            | "label"
            | "stopsignal"
            | "user"
            | "volume"
            | "workdir"
            | "arg"
    )
}

/// A typed instruction and where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Instruction {
    pub line: usize,
    pub end_line: usize,
    /// The instruction's text, continuation lines joined.
    pub source: String,
    pub command: Command,
}

/// A build stage: its FROM and the instructions after it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stage {
    pub from: FromCommand,
    pub line: usize,
    pub end_line: usize,
    pub source: String,
    /// A comment above FROM that starts with the stage's name, less it.
    pub comment: String,
    pub commands: Vec<Instruction>,
}

impl Stage {
    pub fn name(&self) -> Option<&str> {
        self.from.stage_name.as_deref()
    }
}

/// A parsed Dockerfile: the AST, the global ARGs and the stages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dockerfile {
    pub ast: Ast,
    /// ARG instructions before the first FROM.
    pub meta_args: Vec<Instruction>,
    pub stages: Vec<Stage>,
}

impl Dockerfile {
    /// Parses the text, types every instruction and splits the stages.
    pub fn parse(src: &str) -> Result<Dockerfile> {
        let ast = parse(src)?;
        let (meta_args, stages) = split_stages(&ast)?;
        Ok(Dockerfile {
            ast,
            meta_args,
            stages,
        })
    }

    /// The global ARG names and defaults, in order.
    pub fn global_args(&self) -> Vec<ArgDef> {
        self.meta_args
            .iter()
            .flat_map(|i| match &i.command {
                Command::Arg(a) => a.clone(),
                _ => Vec::new(),
            })
            .collect()
    }

    /// The index of the stage named `name` (stage names are case-insensitive).
    pub fn stage_index(&self, name: &str) -> Option<usize> {
        self.stages
            .iter()
            .position(|s| s.name().is_some_and(|n| n.eq_ignore_ascii_case(name)))
    }
}

/// BuildKit's `instructions.Parse`: global args, then stages.
pub fn split_stages(ast: &Ast) -> Result<(Vec<Instruction>, Vec<Stage>)> {
    let mut meta = Vec::new();
    let mut stages: Vec<Stage> = Vec::new();
    for node in &ast.children {
        let instr = parse_instruction(node)?;
        match instr.command {
            Command::From(from) => stages.push(Stage {
                comment: comment_for(&node.comments, from.stage_name.as_deref().unwrap_or("")),
                from,
                line: instr.line,
                end_line: instr.end_line,
                source: instr.source,
                commands: Vec::new(),
            }),
            Command::Arg(_) if stages.is_empty() => meta.push(instr),
            _ => match stages.last_mut() {
                Some(stage) => stage.commands.push(instr),
                None => {
                    return Err(Error::new(
                        node.start_line,
                        node.end_line,
                        ErrorKind::NoBuildStage,
                    ))
                }
            },
        }
    }
    Ok((meta, stages))
}

fn comment_for(comments: &[String], name: &str) -> String {
    if name.is_empty() {
        return String::new();
    }
    let prefix = format!("{name} ");
    comments
        .iter()
        .find_map(|c| c.strip_prefix(&prefix))
        .unwrap_or("")
        .to_string()
}

const ADD_FLAGS: &[(&str, FlagKind)] = &[
    ("chown", FlagKind::String),
    ("chmod", FlagKind::String),
    ("link", FlagKind::Bool),
    ("keep-git-dir", FlagKind::Bool),
    ("checksum", FlagKind::String),
    ("unpack", FlagKind::Bool),
    ("exclude", FlagKind::Strings),
];
const COPY_FLAGS: &[(&str, FlagKind)] = &[
    ("chown", FlagKind::String),
    ("from", FlagKind::String),
    ("chmod", FlagKind::String),
    ("link", FlagKind::Bool),
    ("parents", FlagKind::Bool),
    ("exclude", FlagKind::Strings),
];
const RUN_FLAGS: &[(&str, FlagKind)] = &[
    ("mount", FlagKind::Strings),
    ("network", FlagKind::String),
    ("security", FlagKind::String),
    ("device", FlagKind::Strings),
];
const HEALTHCHECK_FLAGS: &[(&str, FlagKind)] = &[
    ("interval", FlagKind::String),
    ("timeout", FlagKind::String),
    ("start-period", FlagKind::String),
    ("start-interval", FlagKind::String),
    ("retries", FlagKind::String),
];

fn at_least_one(cmd: &str) -> InstructionError {
    InstructionError::AtLeastOneArgument {
        instruction: cmd.to_string(),
    }
}

fn exactly_one(cmd: &str) -> InstructionError {
    InstructionError::ExactlyOneArgument {
        instruction: cmd.to_string(),
    }
}

/// Types one parsed node (BuildKit's `ParseInstruction`). Errors carry the node's lines.
pub fn parse_instruction(node: &Node) -> Result<Instruction> {
    let command = command(node).map_err(|m| Error::new(node.start_line, node.end_line, m))?;
    Ok(Instruction {
        line: node.start_line,
        end_line: node.end_line,
        source: node.original.trim().to_string(),
        command,
    })
}

fn no_flags(node: &Node) -> std::result::Result<Flags, InstructionError> {
    Flags::parse(&node.flags, &[]).map_err(InstructionError::Flag)
}

fn command(node: &Node) -> std::result::Result<Command, InstructionError> {
    let args = node.arg_strings();
    let kw = node.keyword();
    Ok(match kw.as_str() {
        "env" | "label" => {
            no_flags(node)?;
            let name = kw.to_ascii_uppercase();
            let pairs = match &node.args {
                Args::Pairs(p) => p.clone(),
                _ => Vec::new(),
            };
            if pairs.is_empty() {
                return Err(at_least_one(&name));
            }
            if pairs.iter().any(|kv| kv.key.is_empty()) {
                return Err(InstructionError::BlankName { instruction: name });
            }
            if kw == "env" {
                Command::Env(pairs)
            } else {
                Command::Label(pairs)
            }
        }
        "maintainer" | "workdir" | "user" | "stopsignal" => {
            let name = kw.to_ascii_uppercase();
            if args.len() != 1 {
                return Err(exactly_one(&name));
            }
            if kw != "stopsignal" {
                no_flags(node)?;
            }
            let a = args[0].clone();
            match kw.as_str() {
                "maintainer" => Command::Maintainer(a),
                "workdir" => Command::Workdir(a),
                "user" => Command::User(a),
                _ => Command::StopSignal(a),
            }
        }
        "add" | "copy" => {
            let name = kw.to_ascii_uppercase();
            if args.len() < 2 {
                return Err(InstructionError::NoDestination { instruction: name });
            }
            let flags = Flags::parse(
                &node.flags,
                if kw == "add" { ADD_FLAGS } else { COPY_FLAGS },
            )?;
            let mut c = sources_and_dest(node, &args, &name)?;
            c.chown = flags.opt_string("chown");
            c.chmod = flags.opt_string("chmod");
            c.link = flags.bool("link");
            c.exclude = flags.strings("exclude");
            if kw == "add" {
                c.keep_git_dir = flags.bool("keep-git-dir");
                c.checksum = flags.opt_string("checksum");
                c.unpack = flags.opt_bool("unpack");
                Command::Add(c)
            } else {
                c.from = flags.opt_string("from");
                c.parents = flags.bool("parents");
                Command::Copy(c)
            }
        }
        "from" => {
            let stage_name = build_stage_name(&args)?;
            let flags = Flags::parse(&node.flags, &[("platform", FlagKind::String)])?;
            Command::From(FromCommand {
                image: args[0].clone(),
                stage_name,
                platform: flags.opt_string("platform"),
            })
        }
        "onbuild" => {
            if args.is_empty() {
                return Err(at_least_one("ONBUILD"));
            }
            no_flags(node)?;
            let trigger = args[0].trim().to_ascii_uppercase();
            match trigger.as_str() {
                "ONBUILD" => return Err(InstructionError::ChainedOnbuild),
                "MAINTAINER" | "FROM" => {
                    return Err(InstructionError::ForbiddenTrigger { trigger })
                }
                _ => {}
            }
            let Args::Sub(inner) = &node.args else {
                return Err(at_least_one("ONBUILD"));
            };
            let mut expression = strip_onbuild(&node.original).to_string();
            for h in &node.heredocs {
                expression.push('\n');
                expression.push_str(&h.content);
                expression.push_str(&h.name);
            }
            let mut trigger = inner.clone();
            trigger.heredocs = node.heredocs.clone();
            Command::Onbuild(OnbuildCommand {
                expression,
                trigger,
            })
        }
        "run" => {
            let flags = Flags::parse(&node.flags, RUN_FLAGS)?;
            let network = flags.opt_string("network");
            if let Some(n) = &network {
                if !matches!(n.as_str(), "default" | "none" | "host") {
                    return Err(InstructionError::NetworkMode { mode: n.clone() });
                }
            }
            let security = flags.opt_string("security");
            if let Some(s) = &security {
                if !matches!(s.as_str(), "sandbox" | "insecure") {
                    return Err(InstructionError::SecurityMode { mode: s.clone() });
                }
            }
            Command::Run(RunCommand {
                cmd: CommandLine::from_node(node, &args),
                files: node.heredocs.clone(),
                mounts: flags.strings("mount"),
                network,
                security,
                devices: flags.strings("device"),
                flags_used: flags.used(),
            })
        }
        "cmd" => {
            no_flags(node)?;
            Command::Cmd(CommandLine::from_node(node, &args))
        }
        "entrypoint" => {
            no_flags(node)?;
            let cmd = CommandLine::from_node(node, &args);
            Command::Entrypoint(if cmd.args.is_empty() { None } else { Some(cmd) })
        }
        "healthcheck" => healthcheck(node, &args)?,
        "expose" => {
            if args.is_empty() {
                return Err(at_least_one("EXPOSE"));
            }
            no_flags(node)?;
            let mut ports = args;
            ports.sort();
            Command::Expose(ports)
        }
        "volume" => {
            if args.is_empty() {
                return Err(at_least_one("VOLUME"));
            }
            no_flags(node)?;
            let mut vols = Vec::new();
            for v in args {
                let v = v.trim();
                if v.is_empty() {
                    return Err(InstructionError::EmptyVolume);
                }
                vols.push(v.to_string());
            }
            Command::Volume(vols)
        }
        "arg" => {
            if args.is_empty() {
                return Err(at_least_one("ARG"));
            }
            no_flags(node)?;
            let mut defs = Vec::new();
            for a in args {
                let (name, default) = match a.split_once('=') {
                    Some(("", _)) => {
                        return Err(InstructionError::BlankName {
                            instruction: "ARG".into(),
                        })
                    }
                    Some((k, v)) => (k.to_string(), Some(v.to_string())),
                    None => (a, None),
                };
                defs.push(ArgDef {
                    comment: comment_for(&node.comments, &name),
                    name,
                    default,
                });
            }
            Command::Arg(defs)
        }
        "shell" => {
            no_flags(node)?;
            let cmd = CommandLine::from_node(node, &args);
            if cmd.args.is_empty() {
                return Err(at_least_one("SHELL"));
            }
            if !node.json {
                return Err(InstructionError::ShellNotJson);
            }
            Command::Shell(cmd.args)
        }
        _ => {
            return Err(InstructionError::UnknownInstruction {
                name: node.name.clone(),
            })
        }
    })
}

/// `(?i)^\s*ONBUILD\s*` removed.
fn strip_onbuild(original: &str) -> &str {
    let s = original.trim_start();
    match s.get(..7) {
        Some(w) if w.eq_ignore_ascii_case("onbuild") => s[7..].trim_start(),
        _ => original,
    }
}

fn build_stage_name(args: &[String]) -> std::result::Result<Option<String>, InstructionError> {
    if args.len() == 3 && args[1].eq_ignore_ascii_case("as") {
        let name = args[2].to_lowercase();
        let mut chars = name.chars();
        let ok = chars.next().is_some_and(|c| c.is_ascii_lowercase())
            && chars.all(|c| {
                c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '_' | '.')
            });
        if !ok {
            return Err(InstructionError::InvalidStageName {
                name: args[2].clone(),
            });
        }
        return Ok(Some(name));
    }
    if args.len() != 1 {
        return Err(InstructionError::FromArguments);
    }
    Ok(None)
}

fn sources_and_dest(
    node: &Node,
    args: &[String],
    name: &str,
) -> std::result::Result<CopyCommand, InstructionError> {
    let (srcs, dest) = args.split_at(args.len() - 1);
    let dest = dest[0].clone();
    if matches!(parse_heredoc(&dest), Ok(Some(_))) {
        return Err(InstructionError::HeredocDestination {
            instruction: name.to_string(),
        });
    }
    let mut c = CopyCommand {
        dest,
        ..CopyCommand::default()
    };
    for src in srcs {
        match parse_heredoc(src) {
            Ok(Some(h)) => {
                let found = node.heredocs.iter().rev().find(|d| d.name == h.name);
                let mut data = found.map(|d| d.content.clone()).unwrap_or_default();
                if h.chomp {
                    data = chomp(&data);
                }
                c.contents.push(SourceContent {
                    path: h.name,
                    data,
                    expand: h.expand,
                });
            }
            _ => c.sources.push(src.clone()),
        }
    }
    Ok(c)
}

fn interval(flags: &Flags, name: &str) -> std::result::Result<Option<Nanos>, InstructionError> {
    let Some(s) = flags.opt_string(name).filter(|s| !s.is_empty()) else {
        return Ok(None);
    };
    let d = parse_duration(&s).map_err(|e| InstructionError::InvalidDuration {
        flag: name.to_string(),
        reason: e.to_string(),
    })?;
    const MIN: Nanos = 1_000_000;
    if d != 0 && d < MIN {
        return Err(InstructionError::IntervalTooShort {
            flag: name.to_string(),
            min: MIN,
        });
    }
    Ok(Some(d))
}

fn healthcheck(node: &Node, args: &[String]) -> std::result::Result<Command, InstructionError> {
    if args.is_empty() {
        return Err(at_least_one("HEALTHCHECK"));
    }
    let typ = args[0].to_uppercase();
    let rest = &args[1..];
    if typ == "NONE" {
        if !rest.is_empty() {
            return Err(InstructionError::HealthcheckNoneArguments);
        }
        return Ok(Command::Healthcheck(Healthcheck::None));
    }
    let flags = Flags::parse(&node.flags, HEALTHCHECK_FLAGS)?;
    if typ != "CMD" {
        return Err(InstructionError::HealthcheckType { kind: typ });
    }
    let cmd = CommandLine::from_node(node, rest);
    if cmd.args.is_empty() {
        return Err(InstructionError::HealthcheckMissingCommand);
    }
    let mut test = vec![if node.json {
        "CMD".to_string()
    } else {
        "CMD-SHELL".to_string()
    }];
    test.extend(cmd.args);
    let retries = match flags.opt_string("retries").filter(|s| !s.is_empty()) {
        None => None,
        Some(r) => {
            let n: i64 = r
                .parse()
                .ok()
                .filter(|n: &i64| i32::try_from(*n).is_ok())
                .ok_or_else(|| InstructionError::InvalidRetries { value: r.clone() })?;
            if n < 0 {
                return Err(InstructionError::NegativeRetries { retries: n });
            }
            Some(n)
        }
    };
    Ok(Command::Healthcheck(Healthcheck::Cmd {
        test,
        interval: interval(&flags, "interval")?,
        timeout: interval(&flags, "timeout")?,
        start_period: interval(&flags, "start-period")?,
        start_interval: interval(&flags, "start-interval")?,
        retries,
    }))
}
