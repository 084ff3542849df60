//! `dive IMAGE`: wagoodman/dive's non-interactive modes on an image of the store.
//! `--ci` prints dive 0.12's CI report and fails (status 1) when a rule does;
//! `--json [FILE]` writes dive's export (to standard output when no file is given). The
//! numbers are dive's own ([`crate::fs::efficiency`]); the texts and number formats are
//! those of its Go code (`runtime/run.go`, `runtime/ci`, `runtime/export`).

use crate::cli::{Ctx, Exec};
use crate::fs::efficiency::{self, Analysis};
use crate::image::Image;
use std::fmt;

/// dive's version as `dive --version` prints it.
const VERSION: &str = "dive 0.12.0";

const DEFAULT_LOWEST_EFFICIENCY: &str = "0.9";
const DEFAULT_HIGHEST_WASTED_BYTES: &str = "disabled";
const DEFAULT_HIGHEST_USER_WASTED_PERCENT: &str = "0.1";

const USAGE: &str = "Usage:
  dive [IMAGE] [flags]

Flags:
      --ci                                Skip the interactive TUI and validate against CI rules (same as env var CI=true)
      --ci-config string                  If CI=true in the environment, use the given yaml to drive validation rules. (default \".dive-ci\")
  -h, --help                              help for dive
      --highestUserWastedPercent string   (only valid with --ci given) highest allowable percentage of bytes wasted (as a ratio between 0-1), otherwise CI validation will fail. (default \"0.1\")
      --highestWastedBytes string         (only valid with --ci given) highest allowable bytes wasted, otherwise CI validation will fail. (default \"disabled\")
  -i, --ignore-errors                     ignore image parsing errors and run the analysis anyway
  -j, --json string                       Skip the interactive TUI and write the layer analysis statistics to a given file (to standard output when no file is given).
      --lowestEfficiency string           (only valid with --ci given) lowest allowable image efficiency (as a ratio between 0-1), otherwise CI validation will fail. (default \"0.9\")
  -v, --version                           display version number
";

const LONG: &str = "This tool provides a way to discover and explore the contents of a docker image. Additionally the tool estimates
the amount of wasted space and identifies the offending files from the image.

";

/// A command line cobra/pflag refuses, with their texts.
#[derive(Clone, Debug, PartialEq, Eq)]
enum ArgsError {
    /// A flag that takes a value, last on the line.
    NeedsArgument {
        flag: String,
    },
    /// A boolean flag given a value `strconv.ParseBool` refuses.
    InvalidBool {
        value: String,
        flag: String,
    },
    UnknownFlag {
        flag: String,
    },
    /// An unknown `-x`, named with the word it was in.
    UnknownShorthand {
        shorthand: String,
        word: String,
    },
    /// More than one image.
    TooManyArgs {
        count: usize,
    },
}

impl fmt::Display for ArgsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ArgsError::NeedsArgument { flag } => write!(f, "flag needs an argument: {flag}"),
            ArgsError::InvalidBool { value, flag } => write!(
                f,
                "invalid argument \"{value}\" for \"{flag}\" flag: strconv.ParseBool: parsing \"{value}\": invalid syntax"
            ),
            ArgsError::UnknownFlag { flag } => write!(f, "unknown flag: {flag}"),
            ArgsError::UnknownShorthand { shorthand, word } => {
                write!(f, "unknown shorthand flag: '{shorthand}' in {word}")
            }
            ArgsError::TooManyArgs { count } => {
                write!(f, "accepts at most 1 arg(s), received {count}")
            }
        }
    }
}

/// A number Go's `strconv.ParseFloat` or go-humanize's `ParseBytes` refuses, with their
/// texts.
#[derive(Clone, Debug, PartialEq, Eq)]
enum NumberError {
    FloatSyntax {
        input: String,
    },
    FloatRange {
        input: String,
    },
    /// A size suffix go-humanize does not know (`5 zz`).
    SizeName {
        name: String,
    },
    /// A size of 2^64 bytes or more.
    TooLarge {
        input: String,
    },
}

impl fmt::Display for NumberError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NumberError::FloatSyntax { input } => {
                write!(f, "strconv.ParseFloat: parsing {input:?}: invalid syntax")
            }
            NumberError::FloatRange { input } => {
                write!(
                    f,
                    "strconv.ParseFloat: parsing {input:?}: value out of range"
                )
            }
            NumberError::SizeName { name } => write!(f, "unhandled size name: {name}"),
            NumberError::TooLarge { input } => write!(f, "too large: {input}"),
        }
    }
}

/// A CI rule value dive refuses before analysing.
#[derive(Clone, Debug, PartialEq, Eq)]
enum RuleError {
    /// Not a number (a ratio, or for `highestWastedBytes` a size).
    Invalid { value: String, error: NumberError },
    /// A ratio outside 0 to 1.
    OutOfRange { rule: String, value: String },
}

impl fmt::Display for RuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RuleError::Invalid { value, error } => {
                write!(f, "invalid config value ('{value}'): {error}")
            }
            RuleError::OutOfRange { rule, value } => write!(
                f,
                "{rule} config value is outside allowed range (0-1), given '{value}'"
            ),
        }
    }
}

/// The command line, parsed.
#[derive(Default, Debug)]
struct Options {
    image: Option<String>,
    ci: bool,
    /// `Some(None)`: `--json` without a file (standard output).
    json: Option<Option<String>>,
    ci_config: Option<String>,
    lowest_efficiency: Option<String>,
    highest_wasted_bytes: Option<String>,
    highest_user_wasted_percent: Option<String>,
    help: bool,
    version: bool,
}

/// Runs `dive ARGS`.
pub fn run(cx: &mut Ctx, args: &[String]) -> Exec {
    Exec::Done(dive(cx, args))
}

fn dive(cx: &mut Ctx, args: &[String]) -> i32 {
    let opts = match parse(args) {
        Ok(o) => o,
        Err(msg) => {
            cx.io.err(&format!("Error: {msg}\n{USAGE}\n"));
            return 1;
        }
    };
    if opts.help {
        cx.io.out(&format!("{LONG}{USAGE}"));
        return 0;
    }
    let Some(name) = opts.image.clone().filter(|n| !n.is_empty()) else {
        if opts.version {
            cx.io.out(&format!("{VERSION}\n"));
            return 0;
        }
        cx.io
            .out(&format!("No image argument given\n{LONG}{USAGE}"));
        return 1;
    };
    // CI rules: a flag given wins over the config file, which wins over the default.
    let mut rules = [
        opts.lowest_efficiency.clone(),
        opts.highest_wasted_bytes.clone(),
        opts.highest_user_wasted_percent.clone(),
    ];
    if opts.ci {
        let file = opts.ci_config.as_deref().unwrap_or(".dive-ci");
        match cx.host.read(file) {
            Ok(bytes) => {
                cx.io.out(&format!("  Using CI config: {file}\n"));
                let from_file = ci_config(&String::from_utf8_lossy(&bytes));
                for (r, f) in rules.iter_mut().zip(from_file) {
                    if r.is_none() {
                        *r = f;
                    }
                }
            }
            Err(_) => cx.io.out("  Using default CI config\n"),
        }
    }
    let to_stdout = matches!(opts.json, Some(None));
    if !to_stdout {
        cx.io.out(&format!(
            "Image Source: docker://{name}\nFetching image... (this can take a while for large images)\n"
        ));
    }
    let Some(id) = cx.store.lookup(&name) else {
        cx.io.err(&format!(
            "cannot fetch image\nError response from daemon: No such image: {}\n",
            super::with_latest(&name)
        ));
        return 1;
    };
    let Some(image) = cx.store.image(&id).cloned() else {
        return 1;
    };
    if !to_stdout {
        cx.io.out("Analyzing image...\n");
    }
    let layers = match cx.snapshots.image_layers(cx.store, &image) {
        Ok(l) => l,
        Err(e) => {
            cx.io.err(&format!("cannot analyze image\n{e}\n"));
            return 1;
        }
    };
    let analysis = efficiency::analyze(&layers);
    if let Some(file) = opts.json {
        let json = export(&image, &analysis);
        match file {
            None => cx.io.out(&format!("{json}\n")),
            Some(f) => {
                cx.io.out(&format!("Exporting image to '{f}'...\n"));
                if let Err(e) = cx.host.write(&f, json.into_bytes().into()) {
                    cx.io.err(&format!(
                        "cannot open export file\nopen {f}: {}\n",
                        e.reason()
                    ));
                    return 1;
                }
            }
        }
        return 0;
    }
    cx.io.out(&summary(&analysis));
    if opts.ci {
        let values = [
            rules[0].as_deref().unwrap_or(DEFAULT_LOWEST_EFFICIENCY),
            rules[1].as_deref().unwrap_or(DEFAULT_HIGHEST_WASTED_BYTES),
            rules[2]
                .as_deref()
                .unwrap_or(DEFAULT_HIGHEST_USER_WASTED_PERCENT),
        ];
        let (report, pass) = evaluate(&analysis, values);
        cx.io.out(&format!("{report}\n"));
        return if pass { 0 } else { 1 };
    }
    // Without --ci or --json dive opens its explorer, which a terminal line cannot show.
    cx.io.out(&inefficient_files(&analysis));
    cx.io.err(
        "dive: the interactive explorer is the Explorer tab of the page; here, use --ci to check the rules or --json to export\n",
    );
    0
}

/// Parses dive's flags (pflag rules: `--flag value`, `--flag=value`, `-j value`, `-jvalue`,
/// `--` ends flags). `--json` takes the next word as its file unless that word is the
/// only image name given.
fn parse(args: &[String]) -> Result<Options, ArgsError> {
    let mut o = Options::default();
    let mut positional: Vec<String> = Vec::new();
    let mut json_took_next = false;
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        i += 1;
        if a == "--" {
            positional.extend(args[i..].iter().cloned());
            break;
        }
        let (flag, inline) = if let Some(long) = a.strip_prefix("--") {
            match long.split_once('=') {
                Some((f, v)) => (format!("--{f}"), Some(v.to_string())),
                None => (a.clone(), None),
            }
        } else if a.len() > 1 && a.starts_with('-') {
            let mut chars = a[1..].chars();
            let c = chars.next().unwrap_or('-');
            let rest: String = chars.collect();
            let rest = rest.strip_prefix('=').map(str::to_string).unwrap_or(rest);
            (
                format!("-{c}"),
                if rest.is_empty() { None } else { Some(rest) },
            )
        } else {
            positional.push(a.clone());
            continue;
        };
        let mut value = |name: &str, inline: Option<String>| -> Result<String, ArgsError> {
            if let Some(v) = inline {
                return Ok(v);
            }
            match args.get(i) {
                Some(v) => {
                    i += 1;
                    Ok(v.clone())
                }
                None => Err(ArgsError::NeedsArgument {
                    flag: name.to_string(),
                }),
            }
        };
        let boolean = |inline: Option<String>, name: &str| -> Result<bool, ArgsError> {
            match inline.as_deref() {
                None => Ok(true),
                Some("1" | "t" | "T" | "true" | "TRUE" | "True") => Ok(true),
                Some("0" | "f" | "F" | "false" | "FALSE" | "False") => Ok(false),
                Some(v) => Err(ArgsError::InvalidBool {
                    value: v.to_string(),
                    flag: name.to_string(),
                }),
            }
        };
        match flag.as_str() {
            "--help" | "-h" => o.help = boolean(inline, "-h, --help")?,
            "--version" | "-v" => o.version = boolean(inline, "-v, --version")?,
            "--ci" => o.ci = boolean(inline, "--ci")?,
            "--ignore-errors" | "-i" => {
                boolean(inline, "-i, --ignore-errors")?;
            }
            "--json" | "-j" => {
                if let Some(v) = inline {
                    o.json = Some(Some(v));
                } else if let Some(next) = args.get(i).filter(|n| !n.starts_with('-')) {
                    o.json = Some(Some(next.clone()));
                    json_took_next = true;
                    i += 1;
                } else {
                    o.json = Some(None);
                }
            }
            "--ci-config" => o.ci_config = Some(value("--ci-config", inline)?),
            "--lowestEfficiency" => {
                o.lowest_efficiency = Some(value("--lowestEfficiency", inline)?)
            }
            "--highestWastedBytes" => {
                o.highest_wasted_bytes = Some(value("--highestWastedBytes", inline)?)
            }
            "--highestUserWastedPercent" => {
                o.highest_user_wasted_percent = Some(value("--highestUserWastedPercent", inline)?)
            }
            f if f.starts_with("--") => {
                return Err(ArgsError::UnknownFlag {
                    flag: f.to_string(),
                })
            }
            f => {
                return Err(ArgsError::UnknownShorthand {
                    shorthand: f.trim_start_matches('-').to_string(),
                    word: a.clone(),
                });
            }
        }
    }
    if json_took_next && positional.is_empty() {
        // `dive --json IMAGE`: the word after --json was the image.
        if let Some(Some(img)) = o.json.take() {
            positional.push(img);
        }
        o.json = Some(None);
    }
    if positional.len() > 1 {
        return Err(ArgsError::TooManyArgs {
            count: positional.len(),
        });
    }
    o.image = positional.into_iter().next();
    Ok(o)
}

/// The three rule values a `.dive-ci` file sets (`rules:` then `  key: value`).
fn ci_config(text: &str) -> [Option<String>; 3] {
    let mut out: [Option<String>; 3] = [None, None, None];
    let mut in_rules = false;
    for line in text.lines() {
        let content = match line.find(" #") {
            Some(i) => &line[..i],
            None if line.trim_start().starts_with('#') => "",
            None => line,
        };
        if content.trim().is_empty() {
            continue;
        }
        let indented = content.starts_with(' ') || content.starts_with('\t');
        let Some((key, value)) = content.trim().split_once(':') else {
            continue;
        };
        if !indented {
            in_rules = key.trim() == "rules" && value.trim().is_empty();
            continue;
        }
        if !in_rules {
            continue;
        }
        let value = value.trim();
        let value = value
            .strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .or_else(|| value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
            .unwrap_or(value)
            .to_string();
        let slot = match key.trim().to_lowercase().as_str() {
            "lowestefficiency" => 0,
            "highestwastedbytes" => 1,
            "highestuserwastedpercent" => 2,
            _ => continue,
        };
        if let Some(s) = out.get_mut(slot) {
            *s = Some(value);
        }
    }
    out
}

/// The three lines dive prints before its CI report.
fn summary(a: &Analysis) -> String {
    format!(
        "  efficiency: {} %\n  wastedBytes: {} bytes ({})\n  userWastedPercent: {} %\n",
        go_fixed(a.efficiency * 100.0, 4),
        a.wasted_bytes,
        humanize_bytes(a.wasted_bytes),
        go_fixed(a.wasted_user_percent * 100.0, 4),
    )
}

/// dive's inefficient files table, largest first.
fn inefficient_files(a: &Analysis) -> String {
    let mut s = String::from("Inefficient Files:\n");
    s.push_str(&format!(
        "{:>5}  {:>12}  {}\n",
        "Count", "Wasted Space", "File Path"
    ));
    if a.inefficiencies.is_empty() {
        s.push_str("None\n");
    }
    for f in a.largest_first() {
        s.push_str(&format!(
            "{:>5}  {:>12}  {}\n",
            f.count,
            humanize_bytes(f.size),
            f.path
        ));
    }
    s
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Status {
    Pass,
    Fail,
    Skip,
    Misconfigured,
    Configured,
}

impl Status {
    fn text(self) -> &'static str {
        match self {
            Status::Pass => "PASS",
            Status::Fail => "FAIL",
            Status::Skip => "SKIP",
            Status::Misconfigured => "MISCONFIGURED",
            Status::Configured => "CONFIGURED   ",
        }
    }
}

/// dive's CI evaluator: the report (Inefficient Files, Results, the Result line) and
/// whether the image passed.
fn evaluate(a: &Analysis, values: [&str; 3]) -> (String, bool) {
    const NAMES: [&str; 3] = [
        "lowestEfficiency",
        "highestWastedBytes",
        "highestUserWastedPercent",
    ];
    let mut results: Vec<(&str, Status, String)> = Vec::new();
    let mut misconfigured = false;
    for (name, value) in NAMES.iter().zip(values) {
        if value == "disabled" {
            results.push((name, Status::Configured, "rule disabled".into()));
            continue;
        }
        match validate(name, value) {
            Ok(()) => results.push((name, Status::Configured, "test".into())),
            Err(e) => {
                misconfigured = true;
                results.push((name, Status::Misconfigured, e.to_string()));
            }
        }
    }
    let mut report = String::new();
    if misconfigured {
        report.push_str("Inefficient Files:\nCount  Wasted Space  File Path\nNone\n");
    } else {
        report.push_str(&inefficient_files(a));
        results.clear();
        for (name, value) in NAMES.iter().zip(values) {
            if value == "disabled" {
                results.push((name, Status::Skip, "rule disabled".into()));
                continue;
            }
            let (status, msg) = rule(name, value, a);
            results.push((name, status, msg));
        }
    }
    report.push_str("Results:\n");
    results.sort_by(|x, y| x.0.cmp(y.0));
    for (name, status, msg) in &results {
        if msg.is_empty() {
            report.push_str(&format!("  {}: {name}\n", status.text()));
        } else {
            report.push_str(&format!("  {}: {name}: {msg}\n", status.text()));
        }
    }
    if misconfigured {
        report.push_str("CI Misconfigured\n");
        return (report, false);
    }
    let count = |s: Status| results.iter().filter(|r| r.1 == s).count();
    let (pass, fail, skip) = (
        count(Status::Pass),
        count(Status::Fail),
        count(Status::Skip),
    );
    report.push_str(&format!(
        "Result:{} [Total:{}] [Passed:{pass}] [Failed:{fail}] [Warn:0] [Skipped:{skip}]\n",
        if fail > 0 { "FAIL" } else { "PASS" },
        results.len()
    ));
    (report, fail == 0)
}

fn validate(name: &str, value: &str) -> Result<(), RuleError> {
    let invalid = |error| RuleError::Invalid {
        value: value.to_string(),
        error,
    };
    if name == "highestWastedBytes" {
        return parse_bytes(value).map(|_| ()).map_err(invalid);
    }
    let v = parse_float(value).map_err(invalid)?;
    if !(0.0..=1.0).contains(&v) {
        return Err(RuleError::OutOfRange {
            rule: name.to_string(),
            value: value.to_string(),
        });
    }
    Ok(())
}

fn rule(name: &str, value: &str, a: &Analysis) -> (Status, String) {
    let invalid = |error| {
        let e = RuleError::Invalid {
            value: value.to_string(),
            error,
        };
        (Status::Fail, e.to_string())
    };
    match name {
        "lowestEfficiency" => match parse_float(value) {
            Err(e) => invalid(e),
            Ok(t) if t > a.efficiency => (
                Status::Fail,
                format!(
                    "image efficiency is too low (efficiency={} < threshold={})",
                    go_v(a.efficiency),
                    go_v(t)
                ),
            ),
            Ok(_) => (Status::Pass, String::new()),
        },
        "highestWastedBytes" => match parse_bytes(value) {
            Err(e) => invalid(e),
            Ok(t) if a.wasted_bytes > t => (
                Status::Fail,
                format!(
                    "too many bytes wasted (wasted-bytes={} > threshold={t})",
                    a.wasted_bytes
                ),
            ),
            Ok(_) => (Status::Pass, String::new()),
        },
        _ => match parse_float(value) {
            Err(e) => invalid(e),
            Ok(t) if t < a.wasted_user_percent => (
                Status::Fail,
                format!(
                    "too many bytes wasted, relative to the user bytes added (%-user-wasted-bytes={} > threshold={})",
                    go_v(a.wasted_user_percent),
                    go_v(t)
                ),
            ),
            Ok(_) => (Status::Pass, String::new()),
        },
    }
}

/// dive's export (`runtime/export`), as Go's `json.MarshalIndent(v, "", "  ")` writes it.
fn export(image: &Image, a: &Analysis) -> String {
    let mut s = String::from("{\n  \"layer\": [");
    let history = image.layer_history();
    for (idx, diff_id) in image.diff_ids().iter().enumerate() {
        // dive pairs each layer with the next history entry that made a layer; its
        // digestId is that layer's diffID.
        let (created_by, digest) = match history.get(idx).copied().flatten() {
            Some((_, h)) => (
                h.created_by.clone().unwrap_or_default(),
                diff_id.to_string(),
            ),
            None => ("(missing)".to_string(), String::new()),
        };
        let command = command(&created_by);
        s.push_str(if idx == 0 { "\n" } else { ",\n" });
        s.push_str(&format!(
            "    {{\n      \"index\": {idx},\n      \"id\": {},\n      \"digestId\": {},\n      \"sizeBytes\": {},\n      \"command\": {}\n    }}",
            json_string(&diff_id.hex()),
            json_string(&digest),
            a.layer_sizes.get(idx).copied().unwrap_or(0),
            json_string(&command)
        ));
    }
    s.push_str(if image.diff_ids().is_empty() {
        "],\n"
    } else {
        "\n  ],\n"
    });
    s.push_str(&format!(
        "  \"image\": {{\n    \"sizeBytes\": {},\n    \"inefficientBytes\": {},\n    \"efficiencyScore\": {},\n    \"fileReference\": [",
        a.size_bytes,
        a.wasted_bytes,
        json_float(a.efficiency)
    ));
    for (i, f) in a.largest_first().enumerate() {
        s.push_str(if i == 0 { "\n" } else { ",\n" });
        s.push_str(&format!(
            "      {{\n        \"count\": {},\n        \"sizeBytes\": {},\n        \"file\": {}\n      }}",
            f.count,
            f.size,
            json_string(&f.path)
        ));
    }
    s.push_str(if a.inefficiencies.is_empty() {
        "]\n  }\n}"
    } else {
        "\n    ]\n  }\n}"
    });
    s
}

/// A layer's command as dive shows it: the history's `created_by` without the legacy
/// builder's `/bin/sh -c ` prefix.
pub(crate) fn command(created_by: &str) -> String {
    created_by
        .strip_prefix("/bin/sh -c ")
        .unwrap_or(created_by)
        .to_string()
}

/// A string as Go's encoding/json writes it (HTML characters escaped).
fn json_string(s: &str) -> String {
    crate::go::json::string(s, true)
}

/// A float64 as Go's encoding/json writes it; dive's NaN (an empty image) as 0.
fn json_float(f: f64) -> String {
    crate::go::json::float(f).unwrap_or_else(|| "0".into())
}

/// Go's `%v` of a float64.
fn go_v(f: f64) -> String {
    crate::go::fmt::sprint_float(f)
}

/// Go's `%.Nf` (NaN and infinities as Go spells them).
fn go_fixed(f: f64, prec: usize) -> String {
    if f.is_nan() {
        return "NaN".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "+Inf" } else { "-Inf" }.into();
    }
    format!("{f:.prec$}")
}

/// go-humanize's `Bytes`: SI units, one decimal under 10 (`32 kB`, `6.4 kB`, `131 B`).
fn humanize_bytes(s: u64) -> String {
    const SIZES: [&str; 7] = ["B", "kB", "MB", "GB", "TB", "PB", "EB"];
    if s < 10 {
        return format!("{s} B");
    }
    let e = ((s as f64).ln() / 1000f64.ln()).floor();
    let suffix = SIZES.get(e as usize).copied().unwrap_or("EB");
    let val = ((s as f64) / 1000f64.powf(e) * 10.0 + 0.5).floor() / 10.0;
    if val < 10.0 {
        format!("{val:.1} {suffix}")
    } else {
        format!("{val:.0} {suffix}")
    }
}

/// Go's `strconv.ParseFloat(s, 64)`, with its error text.
fn parse_float(s: &str) -> Result<f64, NumberError> {
    let lower = s.to_ascii_lowercase();
    let literal_inf = matches!(lower.trim_start_matches(['+', '-']), "inf" | "infinity");
    match s.parse::<f64>() {
        Ok(v) if v.is_infinite() && !literal_inf => Err(NumberError::FloatRange {
            input: s.to_string(),
        }),
        Ok(v) => Ok(v),
        Err(_) => Err(NumberError::FloatSyntax {
            input: s.to_string(),
        }),
    }
}

/// go-humanize's `ParseBytes` (`20MB`, `1.5 GiB`, `1000`), with its error texts.
fn parse_bytes(s: &str) -> Result<u64, NumberError> {
    let digits = s
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_digit() || *c == '.' || *c == ','))
        .map_or(s.len(), |(i, _)| i);
    let num = s[..digits].replace(',', "");
    let f = parse_float(&num)?;
    let extra = s[digits..].trim().to_lowercase();
    let m: f64 = match extra.as_str() {
        "" | "b" => 1.0,
        "kib" | "ki" => 1024.0,
        "kb" | "k" => 1e3,
        "mib" | "mi" => 1024f64.powi(2),
        "mb" | "m" => 1e6,
        "gib" | "gi" => 1024f64.powi(3),
        "gb" | "g" => 1e9,
        "tib" | "ti" => 1024f64.powi(4),
        "tb" | "t" => 1e12,
        "pib" | "pi" => 1024f64.powi(5),
        "pb" | "p" => 1e15,
        "eib" | "ei" => 1024f64.powi(6),
        "eb" | "e" => 1e18,
        _ => return Err(NumberError::SizeName { name: extra }),
    };
    let f = f * m;
    if f >= u64::MAX as f64 {
        return Err(NumberError::TooLarge {
            input: s.to_string(),
        });
    }
    Ok(f as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_number_formats() {
        assert_eq!(humanize_bytes(32025), "32 kB");
        assert_eq!(humanize_bytes(12810), "13 kB");
        assert_eq!(humanize_bytes(6405), "6.4 kB");
        assert_eq!(humanize_bytes(131), "131 B");
        assert_eq!(humanize_bytes(0), "0 B");
        assert_eq!(humanize_bytes(1_000_000), "1.0 MB");
        assert_eq!(go_v(0.4834911001404049), "0.4834911001404049");
        assert_eq!(go_v(0.1), "0.1");
        assert_eq!(go_v(1.0), "1");
        assert_eq!(go_v(0.00001), "1e-05");
        assert_eq!(json_float(0.9844212134184309), "0.9844212134184309");
        assert_eq!(json_float(1.0), "1");
        assert_eq!(json_float(1e-7), "1e-7");
        assert_eq!(go_fixed(98.44212134184309, 4), "98.4421");
        assert_eq!(go_fixed(f64::NAN, 4), "NaN");
        assert_eq!(
            json_string("a && <b>\n"),
            "\"a \\u0026\\u0026 \\u003cb\\u003e\\n\""
        );
        assert_eq!(parse_bytes("20MB"), Ok(20_000_000));
        assert_eq!(parse_bytes("1B"), Ok(1));
        assert_eq!(parse_bytes("50kB"), Ok(50_000));
        assert_eq!(parse_bytes("1,000"), Ok(1000));
        let err = |s: &str| parse_bytes(s).unwrap_err().to_string();
        assert_eq!(
            err("abc"),
            "strconv.ParseFloat: parsing \"\": invalid syntax"
        );
        assert_eq!(err("5 zz"), "unhandled size name: zz");
        assert_eq!(
            err("99999999999999999999"),
            "too large: 99999999999999999999"
        );
        assert_eq!(
            validate("lowestEfficiency", "2").unwrap_err().to_string(),
            "lowestEfficiency config value is outside allowed range (0-1), given '2'"
        );
        assert_eq!(
            validate("lowestEfficiency", "x").unwrap_err().to_string(),
            "invalid config value ('x'): strconv.ParseFloat: parsing \"x\": invalid syntax"
        );
    }

    #[test]
    fn flags() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        let o = parse(&s(&["img", "--json"])).unwrap();
        assert_eq!((o.image.as_deref(), o.json), (Some("img"), Some(None)));
        let o = parse(&s(&["--json", "img"])).unwrap();
        assert_eq!((o.image.as_deref(), o.json), (Some("img"), Some(None)));
        let o = parse(&s(&["--json", "out.json", "img"])).unwrap();
        assert_eq!(o.json, Some(Some("out.json".into())));
        let o = parse(&s(&[
            "img",
            "-j",
            "o.json",
            "--ci",
            "--lowestEfficiency=0.5",
        ]))
        .unwrap();
        assert_eq!(o.json, Some(Some("o.json".into())));
        assert!(o.ci);
        assert_eq!(o.lowest_efficiency.as_deref(), Some("0.5"));
        assert!(parse(&s(&["a", "b"])).is_err());
        let err = |v: &[&str]| parse(&s(v)).unwrap_err().to_string();
        assert_eq!(err(&["--nope"]), "unknown flag: --nope");
        assert_eq!(err(&["--ci-config"]), "flag needs an argument: --ci-config");
        assert_eq!(err(&["-x1"]), "unknown shorthand flag: 'x' in -x1");
        assert_eq!(err(&["a", "b"]), "accepts at most 1 arg(s), received 2");
        assert_eq!(
            err(&["--ci=maybe"]),
            "invalid argument \"maybe\" for \"--ci\" flag: strconv.ParseBool: parsing \"maybe\": invalid syntax"
        );
    }

    #[test]
    fn reads_dive_ci_files() {
        let c = ci_config(
            "rules:\n  # comment\n  lowestEfficiency: 0.95 # inline\n  highestWastedBytes: \"20MB\"\n  highestUserWastedPercent: 0.20\nother:\n  lowestEfficiency: 1\n",
        );
        assert_eq!(
            c,
            [
                Some("0.95".to_string()),
                Some("20MB".to_string()),
                Some("0.20".to_string())
            ]
        );
    }
}
