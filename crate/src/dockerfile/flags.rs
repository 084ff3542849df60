//! An instruction's `--flags` checked against the flags it takes (BuildKit's `BFlags`):
//! string flags need `=value`, boolean flags take `=true`/`=false` or nothing, repeatable
//! flags collect every value, and a bare `--` ends the flags.

use super::error::FlagError;
use std::collections::BTreeMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FlagKind {
    Bool,
    String,
    /// May be given more than once.
    Strings,
}

/// The flags an instruction was given, once checked.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Flags {
    values: BTreeMap<String, Vec<String>>,
}

impl Flags {
    /// Checks `args` (as the parser kept them: `--name[=value]`) against `spec`.
    pub fn parse(args: &[String], spec: &[(&str, FlagKind)]) -> Result<Flags, FlagError> {
        let mut values: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for a in args {
            if a == "--" {
                break;
            }
            let Some(body) = a.strip_prefix("--") else {
                return Err(FlagError::NotAFlag { arg: a.clone() });
            };
            let (name, value) = match body.split_once('=') {
                Some((n, v)) => (n, Some(v)),
                None => (body, None),
            };
            let name_of = || name.to_string();
            let Some(&(_, kind)) = spec.iter().find(|(n, _)| *n == name) else {
                return Err(FlagError::Unknown { name: name_of() });
            };
            if values.contains_key(name) && kind != FlagKind::Strings {
                return Err(FlagError::Duplicate { name: name_of() });
            }
            let v = match kind {
                FlagKind::Bool => match value {
                    Some("") => return Err(FlagError::MissingValue { name: name_of() }),
                    None => "true".to_string(),
                    Some(v) => match v.to_ascii_lowercase().as_str() {
                        "true" => "true".to_string(),
                        "false" => "false".to_string(),
                        _ => {
                            return Err(FlagError::NotBoolean {
                                name: name_of(),
                                value: v.to_string(),
                            })
                        }
                    },
                },
                FlagKind::String | FlagKind::Strings => match value {
                    None => return Err(FlagError::MissingValue { name: name_of() }),
                    Some(v) => v.to_string(),
                },
            };
            values.entry(name.to_string()).or_default().push(v);
        }
        Ok(Flags { values })
    }

    /// Whether the flag was given.
    pub fn is_used(&self, name: &str) -> bool {
        self.values.contains_key(name)
    }

    /// The names of the flags given, sorted.
    pub fn used(&self) -> Vec<String> {
        self.values.keys().cloned().collect()
    }

    /// A string flag's value ("" when not given).
    pub fn string(&self, name: &str) -> String {
        self.values
            .get(name)
            .and_then(|v| v.last())
            .cloned()
            .unwrap_or_default()
    }

    /// A string flag's value, None when not given.
    pub fn opt_string(&self, name: &str) -> Option<String> {
        self.values.get(name).and_then(|v| v.last()).cloned()
    }

    /// A boolean flag (false when not given).
    pub fn bool(&self, name: &str) -> bool {
        self.opt_bool(name).unwrap_or(false)
    }

    /// A boolean flag, None when not given.
    pub fn opt_bool(&self, name: &str) -> Option<bool> {
        self.values
            .get(name)
            .and_then(|v| v.last())
            .map(|v| v == "true")
    }

    /// Every value of a repeatable flag.
    pub fn strings(&self, name: &str) -> Vec<String> {
        self.values.get(name).cloned().unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str], spec: &[(&str, FlagKind)]) -> Result<Flags, FlagError> {
        let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        Flags::parse(&args, spec)
    }

    // BuildKit's bflag_test.go, TestBuilderFlags.
    #[test]
    fn builder_flags() {
        let str_bool = [("str1", FlagKind::String), ("bool1", FlagKind::Bool)];
        assert!(parse(&[], &[]).is_ok());
        assert!(parse(&["--"], &[]).is_ok());
        let f = parse(&[], &str_bool).unwrap();
        assert!(!f.is_used("str1") && !f.is_used("bool1") && !f.bool("bool1"));
        assert!(parse(&["--str1"], &str_bool).is_err());
        assert_eq!(parse(&["--str1="], &str_bool).unwrap().string("str1"), "");
        assert_eq!(
            parse(&["--str1=BYE"], &str_bool).unwrap().string("str1"),
            "BYE"
        );
        assert!(parse(&["--bool1"], &str_bool).unwrap().bool("bool1"));
        assert!(parse(&["--bool1=true"], &str_bool).unwrap().bool("bool1"));
        assert!(!parse(&["--bool1=false"], &str_bool).unwrap().bool("bool1"));
        assert!(parse(&["--bool1=false1"], &str_bool).is_err());
        assert!(parse(&["--bool2"], &str_bool).is_err());
        let f = parse(&["--bool1", "--str1=BYE"], &str_bool).unwrap();
        assert_eq!(f.string("str1"), "BYE");
        assert!(f.bool("bool1"));
    }

    #[test]
    fn error_texts() {
        let spec = [
            ("from", FlagKind::String),
            ("link", FlagKind::Bool),
            ("mount", FlagKind::Strings),
        ];
        assert_eq!(
            parse(&["--boo"], &spec).unwrap_err(),
            FlagError::Unknown { name: "boo".into() }
        );
        assert_eq!(
            parse(&["--boo"], &spec).unwrap_err().to_string(),
            "unknown flag: --boo"
        );
        assert_eq!(
            parse(&["--from=a", "--from=b"], &spec)
                .unwrap_err()
                .to_string(),
            "duplicate flag specified: --from"
        );
        assert_eq!(
            parse(&["--from"], &spec).unwrap_err().to_string(),
            "missing a value on flag: --from"
        );
        assert_eq!(
            parse(&["--link="], &spec).unwrap_err().to_string(),
            "missing a value on flag: --link"
        );
        assert_eq!(
            parse(&["--link=yes"], &spec).unwrap_err().to_string(),
            "expecting boolean value for flag --link, not: yes"
        );
        assert_eq!(
            parse(&["--mount=a", "--mount=b"], &spec)
                .unwrap()
                .strings("mount"),
            ["a", "b"]
        );
    }
}
