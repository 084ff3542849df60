//! BuildKit's build checks (the warnings Docker prints after a build: `1 warning found
//! (use docker --debug to expand)`): the rules learners meet most, with BuildKit's names
//! and texts.

use crate::dockerfile::instructions::{Command, Dockerfile, Instruction};

/// One warning: `Rule: message (line N)`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    pub line: usize,
    pub text: String,
}

const SECRET_TOKENS: &[&str] = &[
    "apikey",
    "auth",
    "credential",
    "credentials",
    "key",
    "password",
    "pword",
    "passwd",
    "secret",
    "token",
];

fn is_secret_name(name: &str) -> bool {
    let tokens: Vec<String> = name.split('_').map(str::to_ascii_lowercase).collect();
    tokens.iter().any(|t| SECRET_TOKENS.contains(&t.as_str()))
        && !tokens.iter().any(|t| t == "public")
}

fn keyword(source: &str) -> &str {
    source.split_whitespace().next().unwrap_or("")
}

fn casing(word: &str) -> Option<bool> {
    if word.chars().any(char::is_alphabetic) && word == word.to_ascii_uppercase() {
        Some(true)
    } else if word == word.to_ascii_lowercase() {
        Some(false)
    } else {
        None
    }
}

/// The warnings of a Dockerfile, in line order.
pub fn check(df: &Dockerfile) -> Vec<Warning> {
    let mut out = Vec::new();
    let mut warn = |line: usize, rule: &str, msg: String| {
        out.push(Warning {
            line,
            text: format!("{rule}: {msg} (line {line})"),
        })
    };
    // Instruction keywords in one casing.
    let mut words: Vec<(usize, String)> = df
        .meta_args
        .iter()
        .map(|i| (i.line, keyword(&i.source).to_string()))
        .collect();
    for s in &df.stages {
        words.push((s.line, keyword(&s.source).to_string()));
        words.extend(
            s.commands
                .iter()
                .map(|i| (i.line, keyword(&i.source).to_string())),
        );
    }
    let upper = words
        .iter()
        .filter(|(_, w)| casing(w) == Some(true))
        .count();
    let lower = words
        .iter()
        .filter(|(_, w)| casing(w) == Some(false))
        .count();
    let majority_upper = upper >= lower;
    for (line, w) in &words {
        if casing(w) != Some(majority_upper) {
            let which = if majority_upper {
                "uppercase"
            } else {
                "lowercase"
            };
            warn(
                *line,
                "ConsistentInstructionCasing",
                format!("Command '{w}' should match the case of the command majority ({which})"),
            );
        }
    }
    for s in &df.stages {
        let toks: Vec<&str> = s.source.split_whitespace().collect();
        if let Some(pos) = toks
            .iter()
            .position(|t| t.eq_ignore_ascii_case("as"))
            .filter(|&p| p >= 2)
        {
            let (from, as_word) = (toks[0], toks[pos]);
            if casing(from).is_some() && casing(as_word) != casing(from) {
                warn(
                    s.line,
                    "FromAsCasing",
                    format!("'{as_word}' and '{from}' keywords' casing do not match"),
                );
            }
            if let Some(name) = toks.get(pos + 1) {
                if name.to_ascii_lowercase() != *name {
                    warn(
                        s.line,
                        "StageNameCasing",
                        format!("Stage name '{name}' should be lowercase"),
                    );
                }
            }
        }
        let mut workdir_set = false;
        let mut last: Vec<(&'static str, usize)> = Vec::new();
        let mut shell_set = false;
        for i in &s.commands {
            stage_rules(i, &mut warn, &mut workdir_set, &mut shell_set, &mut last);
        }
    }
    for i in &df.meta_args {
        if let Command::Arg(defs) = &i.command {
            for d in defs.iter().filter(|d| is_secret_name(&d.name)) {
                warn(
                    i.line,
                    "SecretsUsedInArgOrEnv",
                    format!(
                        "Do not use ARG or ENV instructions for sensitive data (ARG \"{}\")",
                        d.name
                    ),
                );
            }
        }
    }
    out.sort_by_key(|w| w.line);
    out
}

fn stage_rules(
    i: &Instruction,
    warn: &mut impl FnMut(usize, &str, String),
    workdir_set: &mut bool,
    shell_set: &mut bool,
    last: &mut Vec<(&'static str, usize)>,
) {
    let mut once = |name: &'static str, line: usize, warn: &mut dyn FnMut(usize, &str, String)| {
        if let Some(prev) = last.iter().find(|(n, _)| *n == name).map(|(_, l)| *l) {
            warn(prev, "MultipleInstructionsDisallowed", format!("Multiple {name} instructions should not be used in the same stage because only the last one will be used"));
        }
        last.retain(|(n, _)| *n != name);
        last.push((name, line));
    };
    match &i.command {
        Command::Cmd(c) | Command::Entrypoint(Some(c)) => {
            let name = if matches!(i.command, Command::Cmd(_)) {
                "CMD"
            } else {
                "ENTRYPOINT"
            };
            once(name, i.line, warn);
            if c.prepend_shell && !*shell_set {
                warn(i.line, "JSONArgsRecommended", format!("JSON arguments recommended for {name} to prevent unintended behavior related to OS signals"));
            }
        }
        Command::Entrypoint(None) => once("ENTRYPOINT", i.line, warn),
        Command::Healthcheck(_) => once("HEALTHCHECK", i.line, warn),
        Command::Shell(_) => *shell_set = true,
        Command::Env(pairs) | Command::Label(pairs) => {
            let name = if matches!(i.command, Command::Env(_)) {
                "ENV"
            } else {
                "LABEL"
            };
            if pairs.iter().any(|kv| kv.legacy) {
                warn(i.line, "LegacyKeyValueFormat", format!("\"{name} key=value\" should be used instead of legacy \"{name} key value\" format"));
            }
            if name == "ENV" {
                for kv in pairs.iter().filter(|kv| is_secret_name(&kv.key)) {
                    warn(
                        i.line,
                        "SecretsUsedInArgOrEnv",
                        format!(
                            "Do not use ARG or ENV instructions for sensitive data (ENV \"{}\")",
                            kv.key
                        ),
                    );
                }
            }
        }
        Command::Arg(defs) => {
            for d in defs.iter().filter(|d| is_secret_name(&d.name)) {
                warn(
                    i.line,
                    "SecretsUsedInArgOrEnv",
                    format!(
                        "Do not use ARG or ENV instructions for sensitive data (ARG \"{}\")",
                        d.name
                    ),
                );
            }
        }
        Command::Maintainer(_) => warn(
            i.line,
            "MaintainerDeprecated",
            "Maintainer instruction is deprecated in favor of using label".into(),
        ),
        Command::Workdir(w) => {
            if !*workdir_set && !w.starts_with('/') && !w.starts_with('$') {
                warn(i.line, "WorkdirRelativePath", format!("Relative workdir \"{w}\" can have unexpected results if the base image changes"));
            }
            *workdir_set = true;
        }
        _ => {}
    }
}

/// The block Docker prints: ` N warnings found (use docker --debug to expand):` and a line
/// per warning.
pub fn render(warnings: &[Warning]) -> String {
    if warnings.is_empty() {
        return String::new();
    }
    let n = warnings.len();
    let mut s = format!(
        " {n} warning{} found (use docker --debug to expand):\n",
        if n == 1 { "" } else { "s" }
    );
    for w in warnings {
        s.push_str(&format!(" - {}\n", w.text));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(src: &str) -> Vec<String> {
        check(&Dockerfile::parse(src).unwrap())
            .into_iter()
            .map(|w| w.text)
            .collect()
    }

    #[test]
    fn buildkit_rules() {
        assert_eq!(texts("FROM alpine\nCMD [\"sh\"]\n"), Vec::<String>::new());
        assert_eq!(
            texts("FROM alpine as Builder\nENV A 1\nMAINTAINER me\nWORKDIR app\nCMD echo hi\nCMD echo bye\nENV DB_PASSWORD=x\n"),
            [
                "FromAsCasing: 'as' and 'FROM' keywords' casing do not match (line 1)",
                "StageNameCasing: Stage name 'Builder' should be lowercase (line 1)",
                "LegacyKeyValueFormat: \"ENV key=value\" should be used instead of legacy \"ENV key value\" format (line 2)",
                "MaintainerDeprecated: Maintainer instruction is deprecated in favor of using label (line 3)",
                "WorkdirRelativePath: Relative workdir \"app\" can have unexpected results if the base image changes (line 4)",
                "JSONArgsRecommended: JSON arguments recommended for CMD to prevent unintended behavior related to OS signals (line 5)",
                "MultipleInstructionsDisallowed: Multiple CMD instructions should not be used in the same stage because only the last one will be used (line 5)",
                "JSONArgsRecommended: JSON arguments recommended for CMD to prevent unintended behavior related to OS signals (line 6)",
                "SecretsUsedInArgOrEnv: Do not use ARG or ENV instructions for sensitive data (ENV \"DB_PASSWORD\") (line 7)",
            ]
        );
        assert_eq!(texts("FROM alpine\nrun echo\nRUN echo\n"), ["ConsistentInstructionCasing: Command 'run' should match the case of the command majority (uppercase) (line 2)"]);
        assert_eq!(
            texts("FROM alpine\nSHELL [\"/bin/sh\", \"-c\"]\nCMD echo hi\nENV PUBLIC_KEY=1\n"),
            Vec::<String>::new()
        );
        assert_eq!(render(&[]), "");
    }
}
