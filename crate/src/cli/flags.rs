//! Flags as Docker's CLI (cobra/pflag) parses them: `-q`, `-qa`, `-o file`, `-ofile`,
//! `--output file`, `--output=file`, `--quiet=false`, `--` ends flags; flags may follow
//! arguments. Errors carry Docker's texts.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Bool,
    Value,
}

#[derive(Clone, Copy, Debug)]
pub struct Spec {
    pub short: Option<char>,
    pub long: &'static str,
    pub kind: Kind,
}

pub const fn flag(short: Option<char>, long: &'static str) -> Spec {
    Spec {
        short,
        long,
        kind: Kind::Bool,
    }
}

pub const fn value(short: Option<char>, long: &'static str) -> Spec {
    Spec {
        short,
        long,
        kind: Kind::Value,
    }
}

#[derive(Default, Debug)]
pub struct Parsed {
    bools: std::collections::BTreeMap<&'static str, bool>,
    values: std::collections::BTreeMap<&'static str, Vec<String>>,
    pub args: Vec<String>,
}

impl Parsed {
    pub fn on(&self, long: &str) -> bool {
        self.bools.get(long).copied().unwrap_or(false)
    }
    /// The last value given for a flag.
    pub fn value(&self, long: &str) -> Option<&str> {
        self.values
            .get(long)
            .and_then(|v| v.last())
            .map(String::as_str)
    }
    pub fn values(&self, long: &str) -> &[String] {
        self.values.get(long).map(Vec::as_slice).unwrap_or(&[])
    }
}

/// The first line of a flag error; the caller adds `See 'docker X --help'.`.
#[derive(Debug, PartialEq, Eq)]
pub struct FlagError(pub String);

fn parse_bool(s: &str) -> Option<bool> {
    match s {
        "1" | "t" | "T" | "true" | "TRUE" | "True" => Some(true),
        "0" | "f" | "F" | "false" | "FALSE" | "False" => Some(false),
        _ => None,
    }
}

pub fn parse(args: &[String], specs: &[Spec]) -> Result<Parsed, FlagError> {
    let mut p = Parsed::default();
    // --help is accepted everywhere.
    let help = flag(None, "help");
    let find_long = |n: &str| {
        specs
            .iter()
            .chain(std::iter::once(&help))
            .find(|s| s.long == n)
            .copied()
    };
    let find_short = |c: char| specs.iter().find(|s| s.short == Some(c)).copied();
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        i += 1;
        if a == "--" {
            p.args.extend(args[i..].iter().cloned());
            break;
        }
        if let Some(body) = a.strip_prefix("--") {
            let (name, inline) = match body.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (body, None),
            };
            let spec =
                find_long(name).ok_or_else(|| FlagError(format!("unknown flag: --{name}")))?;
            match spec.kind {
                Kind::Bool => {
                    let v = match inline {
                        None => true,
                        Some(v) => parse_bool(&v).ok_or_else(|| {
                            FlagError(format!(
                                "invalid argument \"{v}\" for \"--{name}\" flag: strconv.ParseBool: parsing \"{v}\": invalid syntax"
                            ))
                        })?,
                    };
                    p.bools.insert(spec.long, v);
                }
                Kind::Value => {
                    let v = match inline {
                        Some(v) => v,
                        None if i < args.len() => {
                            i += 1;
                            args[i - 1].clone()
                        }
                        None => return Err(FlagError(format!("flag needs an argument: --{name}"))),
                    };
                    p.values.entry(spec.long).or_default().push(v);
                }
            }
        } else if a.len() > 1 && a.starts_with('-') {
            let chars: Vec<char> = a[1..].chars().collect();
            let mut j = 0;
            while j < chars.len() {
                let c = chars[j];
                j += 1;
                let spec = find_short(c)
                    .ok_or_else(|| FlagError(format!("unknown shorthand flag: '{c}' in {a}")))?;
                match spec.kind {
                    Kind::Bool => {
                        if chars.get(j) == Some(&'=') {
                            let v: String = chars[j + 1..].iter().collect();
                            let b = parse_bool(&v).ok_or_else(|| {
                                FlagError(format!(
                                    "invalid argument \"{v}\" for \"-{c}, --{}\" flag: strconv.ParseBool: parsing \"{v}\": invalid syntax",
                                    spec.long
                                ))
                            })?;
                            p.bools.insert(spec.long, b);
                            j = chars.len();
                        } else {
                            p.bools.insert(spec.long, true);
                        }
                    }
                    Kind::Value => {
                        let rest: String = chars[j..].iter().collect();
                        let v = if !rest.is_empty() {
                            rest.strip_prefix('=').map(str::to_string).unwrap_or(rest)
                        } else if i < args.len() {
                            i += 1;
                            args[i - 1].clone()
                        } else {
                            return Err(FlagError(format!(
                                "flag needs an argument: '{c}' in -{c}"
                            )));
                        };
                        p.values.entry(spec.long).or_default().push(v);
                        j = chars.len();
                    }
                }
            }
        } else {
            p.args.push(a.clone());
        }
    }
    Ok(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPECS: &[Spec] = &[
        flag(Some('q'), "quiet"),
        flag(Some('a'), "all"),
        value(Some('o'), "output"),
    ];

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn forms() {
        let p = parse(
            &s(&["-qa", "x", "-o", "f.tar", "--output=g.tar", "y"]),
            SPECS,
        )
        .unwrap();
        assert!(p.on("quiet") && p.on("all"));
        assert_eq!(p.value("output"), Some("g.tar"));
        assert_eq!(p.args, s(&["x", "y"]));
        let p = parse(&s(&["-ofile", "--quiet=false", "--", "-q"]), SPECS).unwrap();
        assert_eq!(p.value("output"), Some("file"));
        assert!(!p.on("quiet"));
        assert_eq!(p.args, s(&["-q"]));
    }

    #[test]
    fn errors() {
        assert_eq!(
            parse(&s(&["--x"]), SPECS).unwrap_err().0,
            "unknown flag: --x"
        );
        assert_eq!(
            parse(&s(&["-z"]), SPECS).unwrap_err().0,
            "unknown shorthand flag: 'z' in -z"
        );
        assert_eq!(
            parse(&s(&["-o"]), SPECS).unwrap_err().0,
            "flag needs an argument: 'o' in -o"
        );
        assert_eq!(
            parse(&s(&["--output"]), SPECS).unwrap_err().0,
            "flag needs an argument: --output"
        );
    }
}
