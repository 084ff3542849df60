//! Config changes written as Dockerfile instructions (`docker import -c`, `docker commit -c`):
//! `CMD`, `ENTRYPOINT`, `ENV`, `EXPOSE`, `HEALTHCHECK`, `LABEL`, `ONBUILD`, `STOPSIGNAL`,
//! `USER`, `VOLUME`, `WORKDIR`, applied to a container config as Docker applies them.

use crate::sh::parse::SyntaxError;
use serde_json::{json, Map, Value};
use std::fmt;

/// Why a change line was refused. Each renders as the daemon's text (the command line
/// prefixes `Error response from daemon: `).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChangeError {
    /// An instruction a change may not use (`RUN`), lowercased as BuildKit's parser
    /// reports it.
    NotAllowed { instruction: String },
    /// `ENV` or `LABEL` with nothing after it.
    MissingArguments,
    /// A `KEY=value` list with a word that has no `=` (or an empty key).
    MissingEquals { word: String },
    /// An `EXPOSE` port that is not `number[-number][/tcp|udp|sctp]`.
    InvalidPort { port: String },
    /// The words do not parse (an unterminated quote).
    Syntax(SyntaxError),
}

impl fmt::Display for ChangeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ChangeError::NotAllowed { instruction } => {
                write!(f, "{instruction} is not a valid change command")
            }
            ChangeError::MissingArguments => f.write_str("missing arguments"),
            ChangeError::MissingEquals { word } => write!(
                f,
                "Syntax error - can't find = in {word:?}. Must be of the form: name=value"
            ),
            ChangeError::InvalidPort { port } => write!(f, "invalid containerPort: {port}"),
            ChangeError::Syntax(e) => f.write_str(&e.0),
        }
    }
}

impl std::error::Error for ChangeError {}

/// The instructions a change may use (moby builder/dockerfile validCommitCommands).
const ALLOWED: &[&str] = &[
    "cmd",
    "entrypoint",
    "env",
    "expose",
    "healthcheck",
    "label",
    "onbuild",
    "stopsignal",
    "user",
    "volume",
    "workdir",
];

/// Splits `KEY=value KEY2="a b"` or the legacy `KEY value` into pairs.
fn key_values(rest: &str, legacy_single: bool) -> Result<Vec<(String, String)>, ChangeError> {
    let words = crate::sh::parse::split_words(rest).map_err(ChangeError::Syntax)?;
    if words.is_empty() {
        return Err(ChangeError::MissingArguments);
    }
    if legacy_single && !words[0].contains('=') {
        let (k, v) = rest
            .trim()
            .split_once(char::is_whitespace)
            .unwrap_or((rest.trim(), ""));
        return Ok(vec![(k.to_string(), v.trim().to_string())]);
    }
    words
        .into_iter()
        .map(|w| match w.split_once('=') {
            Some((k, v)) if !k.is_empty() => Ok((k.to_string(), v.to_string())),
            _ => Err(ChangeError::MissingEquals { word: w }),
        })
        .collect()
}

/// `["a", "b"]` (exec form) or a shell command wrapped as `/bin/sh -c`.
fn command_form(rest: &str) -> Value {
    if let Ok(Value::Array(a)) = serde_json::from_str::<Value>(rest.trim()) {
        if a.iter().all(Value::is_string) {
            return Value::Array(a);
        }
    }
    json!(["/bin/sh", "-c", rest.trim()])
}

/// Applies each change line to `config` (a container config object).
pub fn apply(config: &mut Map<String, Value>, changes: &[String]) -> Result<(), ChangeError> {
    for line in changes {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let (word, rest) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
        let instr = word.to_lowercase();
        if !ALLOWED.contains(&instr.as_str()) {
            // BuildKit's parser lowercases instruction names before moby reports them.
            return Err(ChangeError::NotAllowed { instruction: instr });
        }
        let rest = rest.trim();
        match instr.as_str() {
            "cmd" => {
                config.insert("Cmd".into(), command_form(rest));
            }
            "entrypoint" => {
                config.insert("Entrypoint".into(), command_form(rest));
                // Docker resets CMD when ENTRYPOINT is set by a change.
            }
            "env" => {
                let mut env: Vec<Value> = config
                    .get("Env")
                    .and_then(|v| v.as_array().cloned())
                    .unwrap_or_default();
                for (k, v) in key_values(rest, true)? {
                    env.retain(|e| {
                        e.as_str()
                            .and_then(|s| s.split_once('='))
                            .is_none_or(|(ek, _)| ek != k)
                    });
                    env.push(Value::String(format!("{k}={v}")));
                }
                config.insert("Env".into(), Value::Array(env));
            }
            "label" => {
                let mut labels = config
                    .get("Labels")
                    .and_then(|v| v.as_object().cloned())
                    .unwrap_or_default();
                for (k, v) in key_values(rest, true)? {
                    labels.insert(k, Value::String(v));
                }
                config.insert("Labels".into(), Value::Object(labels));
            }
            "expose" => {
                let mut ports = config
                    .get("ExposedPorts")
                    .and_then(|v| v.as_object().cloned())
                    .unwrap_or_default();
                for p in rest.split_whitespace() {
                    let p = if p.contains('/') {
                        p.to_lowercase()
                    } else {
                        format!("{p}/tcp")
                    };
                    let (num, proto) = p.split_once('/').unwrap_or((&p, "tcp"));
                    let valid_num = num.split('-').all(|n| n.parse::<u16>().is_ok());
                    if !valid_num || !matches!(proto, "tcp" | "udp" | "sctp") {
                        return Err(ChangeError::InvalidPort {
                            port: num.to_string(),
                        });
                    }
                    ports.insert(p.clone(), json!({}));
                }
                config.insert("ExposedPorts".into(), Value::Object(ports));
            }
            "user" => {
                config.insert("User".into(), Value::String(rest.to_string()));
            }
            "workdir" => {
                let cur = config
                    .get("WorkingDir")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string();
                let wd = if rest.starts_with('/') {
                    rest.to_string()
                } else {
                    format!("{}/{rest}", if cur.is_empty() { "" } else { &cur })
                };
                let wd = if wd.starts_with('/') {
                    wd
                } else {
                    format!("/{wd}")
                };
                config.insert("WorkingDir".into(), Value::String(wd));
            }
            "volume" => {
                let vols: Vec<String> = match serde_json::from_str::<Value>(rest) {
                    Ok(Value::Array(a)) => a
                        .iter()
                        .filter_map(|v| v.as_str().map(str::to_string))
                        .collect(),
                    _ => rest.split_whitespace().map(str::to_string).collect(),
                };
                let mut m = config
                    .get("Volumes")
                    .and_then(|v| v.as_object().cloned())
                    .unwrap_or_default();
                for v in vols {
                    m.insert(v, json!({}));
                }
                config.insert("Volumes".into(), Value::Object(m));
            }
            "stopsignal" => {
                config.insert("StopSignal".into(), Value::String(rest.to_string()));
            }
            "onbuild" => {
                let mut ob: Vec<Value> = config
                    .get("OnBuild")
                    .and_then(|v| v.as_array().cloned())
                    .unwrap_or_default();
                ob.push(Value::String(rest.to_string()));
                config.insert("OnBuild".into(), Value::Array(ob));
            }
            "healthcheck" => {
                let hc = if rest.eq_ignore_ascii_case("none") {
                    json!({"Test": ["NONE"]})
                } else {
                    let cmd = rest
                        .strip_prefix("CMD")
                        .or_else(|| rest.strip_prefix("cmd"))
                        .unwrap_or(rest)
                        .trim();
                    let test = match command_form(cmd) {
                        Value::Array(a) if a.len() == 3 && a[0] == "/bin/sh" => {
                            json!(["CMD-SHELL", cmd])
                        }
                        Value::Array(a) => {
                            let mut v = vec![Value::String("CMD".into())];
                            v.extend(a);
                            Value::Array(v)
                        }
                        _ => json!(["CMD-SHELL", cmd]),
                    };
                    json!({"Test": test})
                };
                config.insert("Healthcheck".into(), hc);
            }
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apply_one(line: &str) -> Result<Map<String, Value>, ChangeError> {
        let mut config = Map::new();
        apply(&mut config, &[line.to_string()]).map(|()| config)
    }

    #[test]
    fn refusals_render_as_the_daemon_prints_them() {
        let err = |line: &str| apply_one(line).unwrap_err().to_string();
        assert_eq!(err("RUN x"), "run is not a valid change command");
        assert_eq!(err("ENV"), "missing arguments");
        assert_eq!(
            err("LABEL a=1 b"),
            "Syntax error - can't find = in \"b\". Must be of the form: name=value"
        );
        assert_eq!(err("EXPOSE 80/xyz"), "invalid containerPort: 80");
        assert!(matches!(
            apply_one("ENV a=\"b"),
            Err(ChangeError::Syntax(_))
        ));
        assert_eq!(
            apply_one("ENV a=1").unwrap().get("Env"),
            Some(&json!(["a=1"]))
        );
    }
}
