//! The Dockerfile parser (BuildKit's `frontend/dockerfile/parser`): it turns the text into one
//! node per instruction, with the instruction's lines, its `--flags` and its arguments split
//! the way that instruction splits them. It checks no more than the syntax of lines; what an
//! instruction's arguments mean is [`super::instructions`]'s business.
//!
//! Lines: parser directives at the top, `#` comments (also inside continuations), the escape
//! character at the end of a line (trailing spaces allowed) continuing the instruction, empty
//! lines inside a continuation skipped with a warning, and heredoc bodies after the line that
//! opens them.

use super::directives::{Directive, DirectiveParser};
use super::error::{Error, ParseError, Result};
use super::heredoc::{heredocs_from_line, Heredoc};
use crate::go::{fmt::quote_list, strconv};

/// One `key value` / `key=value` pair of ENV or LABEL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyValue {
    pub key: String,
    pub value: String,
    /// Written in the legacy `KEY value` form (no `=`).
    pub legacy: bool,
}

/// An instruction's arguments as the parser split them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Args {
    /// Nothing after the instruction (and its flags).
    None,
    /// Words; one word holding the whole rest of the line for the shell form of RUN, CMD,
    /// ENTRYPOINT and SHELL, and for MAINTAINER, USER, WORKDIR and STOPSIGNAL. An unknown
    /// instruction has one empty word, as BuildKit's parser gives it.
    Words(Vec<String>),
    /// ENV and LABEL pairs.
    Pairs(Vec<KeyValue>),
    /// ONBUILD's instruction.
    Sub(Box<Node>),
}

/// One instruction as parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Node {
    /// The instruction's name as written (`RUN`, `run`, `COPPY`...).
    pub name: String,
    /// `--flag[=value]` words before the arguments, as written less quotes and escapes.
    pub flags: Vec<String>,
    pub args: Args,
    /// The arguments were a JSON array (exec form).
    pub json: bool,
    /// The instruction's line, continuation lines joined (comments and escapes removed).
    pub original: String,
    /// First and last line (1-based), heredoc bodies included.
    pub start_line: usize,
    pub end_line: usize,
    pub heredocs: Vec<Heredoc>,
    /// The comment lines right above the instruction (without `#`).
    pub comments: Vec<String>,
}

impl Node {
    /// The name in lower case, as instructions are matched.
    pub fn keyword(&self) -> String {
        self.name.to_ascii_lowercase()
    }

    /// The arguments as plain strings (ONBUILD: the inner name then its arguments), as
    /// BuildKit's `nodeArgs` lists them.
    pub fn arg_strings(&self) -> Vec<String> {
        match &self.args {
            Args::None => Vec::new(),
            Args::Words(w) => w.clone(),
            Args::Pairs(p) => p
                .iter()
                .flat_map(|kv| [kv.key.clone(), kv.value.clone()])
                .collect(),
            Args::Sub(n) => {
                let mut v = vec![n.name.clone()];
                v.extend(n.arg_strings());
                v
            }
        }
    }

    /// BuildKit's `Node.Dump` of this instruction, without the enclosing parentheses.
    pub fn dump(&self) -> String {
        self.dump_with(false)
    }

    fn dump_with(&self, separators: bool) -> String {
        let mut s = self.name.to_lowercase();
        if !self.flags.is_empty() {
            s.push(' ');
            s.push_str(&quote_list(&self.flags));
        }
        match &self.args {
            Args::None => {}
            Args::Words(words) => {
                for w in words {
                    s.push(' ');
                    s.push_str(&strconv::quote(w));
                }
            }
            Args::Pairs(pairs) => {
                for kv in pairs {
                    s.push(' ');
                    s.push_str(&strconv::quote(&kv.key));
                    s.push(' ');
                    s.push_str(&strconv::quote(&kv.value));
                    if separators {
                        s.push_str(if kv.legacy { " \"\"" } else { " \"=\"" });
                    }
                }
            }
            Args::Sub(node) => {
                s.push_str(" (");
                s.push_str(&node.dump_with(separators));
                s.push(')');
            }
        }
        s.trim().to_string()
    }
}

/// A warning the parser gives without failing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    pub line: usize,
    pub message: String,
}

/// A parsed Dockerfile.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ast {
    pub children: Vec<Node>,
    /// The escape character in force (`\` or a backtick).
    pub escape: char,
    pub directives: Vec<Directive>,
    pub warnings: Vec<Warning>,
}

impl Ast {
    /// BuildKit's `Node.Dump` of the whole file, one `(instruction "arg" ...)` per line, as
    /// the parser test files' `result` files hold it (ENV and LABEL pairs as two words each,
    /// as BuildKit dumped them before v0.14).
    pub fn dump(&self) -> String {
        self.dump_with(false)
    }

    /// The dump of BuildKit v0.14 and later, where each ENV and LABEL pair is followed by its
    /// separator: `"="`, or `""` for the legacy `KEY value` form.
    pub fn dump_with_separators(&self) -> String {
        self.dump_with(true)
    }

    fn dump_with(&self, separators: bool) -> String {
        let mut out = String::new();
        for c in &self.children {
            out.push('(');
            out.push_str(&c.dump_with(separators));
            out.push_str(")\n");
        }
        out
    }
}

/// BuildKit reads lines with a 64 KiB buffer.
const MAX_LINE: usize = 64 * 1024;

/// The lexer-level state the line parsers need.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Directives {
    pub escape: char,
}

/// Parses a Dockerfile.
pub fn parse(src: &str) -> Result<Ast> {
    let lines: Vec<&str> = src.split_inclusive('\n').collect();
    let mut d = Directives { escape: '\\' };
    let mut dp = DirectiveParser::new();
    let mut directives = Vec::new();
    let mut children = Vec::new();
    let mut warnings = Vec::new();
    let mut comments: Vec<String> = Vec::new();
    let mut current = 0usize;
    let mut i = 0usize;

    let mut take = |current: &mut usize| -> Result<Option<&str>> {
        let Some(&l) = lines.get(i) else {
            return Ok(None);
        };
        i += 1;
        *current += 1;
        if l.len() > MAX_LINE {
            return Err(Error::at(
                *current,
                ParseError::LineTooLong { max: MAX_LINE - 1 },
            ));
        }
        Ok(Some(l))
    };

    while let Some(raw) = take(&mut current)? {
        let raw = if current == 1 {
            raw.strip_prefix('\u{feff}').unwrap_or(raw)
        } else {
            raw
        };
        if is_comment(raw) {
            // BuildKit drops the line's first byte, whatever it is, then trims.
            let comment = raw.get(1..).unwrap_or("").trim().to_string();
            if comment.is_empty() {
                comments.clear();
            } else {
                comments.push(comment);
            }
        }
        let (text, directive) =
            process_line(&mut dp, &mut d, raw, true).map_err(|m| Error::at(current, m))?;
        if let Some(dir) = directive {
            comments.pop();
            directives.push(dir);
        }
        let start = current;
        let (first, mut done) = trim_continuation(&text, d.escape);
        if done && first.is_empty() {
            continue;
        }
        let mut line = first;
        let mut empty_continuation = false;
        while !done {
            let Some(raw) = take(&mut current)? else {
                break;
            };
            let (text, _) =
                process_line(&mut dp, &mut d, raw, false).map_err(|m| Error::at(current, m))?;
            if is_comment(raw) {
                continue;
            }
            if text.trim_start().is_empty() {
                empty_continuation = true;
                continue;
            }
            let (part, end) = trim_continuation(&text, d.escape);
            line.push_str(&part);
            done = end;
        }
        if empty_continuation {
            warnings.push(Warning {
                line: current,
                message: format!("Empty continuation line found in: {line}"),
            });
        }
        let mut node = node_from_line(&line, &d, std::mem::take(&mut comments))
            .map_err(|m| Error::new(start, current, m))?;
        if can_contain_heredoc(&node) && line.contains("<<") {
            let docs = heredocs_from_line(&line)
                .map_err(|e| Error::new(start, current, ParseError::Heredoc(e)))?;
            for mut doc in docs {
                let mut terminated = false;
                while let Some(raw) = take(&mut current)? {
                    let mut candidate = raw.trim_end_matches(['\r', '\n']);
                    if doc.chomp {
                        candidate = candidate.trim_start_matches('\t');
                    }
                    if candidate == doc.name {
                        terminated = true;
                        break;
                    }
                    doc.content.push_str(raw);
                }
                if !terminated {
                    return Err(Error::new(start, current, ParseError::UnterminatedHeredoc));
                }
                node.heredocs.push(doc);
            }
        }
        node.start_line = start;
        node.end_line = current;
        children.push(node);
    }

    if children.is_empty() {
        return Err(Error::at(current, ParseError::NoInstructions));
    }
    Ok(Ast {
        children,
        escape: d.escape,
        directives,
        warnings,
    })
}

fn is_comment(line: &str) -> bool {
    line.trim_start().starts_with('#')
}

/// A line less its newline (and, for a first line, its leading space), checked for a parser
/// directive; a comment becomes empty.
fn process_line(
    dp: &mut DirectiveParser,
    d: &mut Directives,
    raw: &str,
    strip_left: bool,
) -> std::result::Result<(String, Option<Directive>), ParseError> {
    let mut token = raw.trim_end_matches(['\r', '\n']);
    if strip_left {
        token = token.trim_start();
    }
    let directive = match dp.parse_line(token)? {
        Some(dir) if dir.name == "escape" => {
            d.escape = escape_token(&dir.value)?;
            Some(dir)
        }
        other => other,
    };
    let text = if is_comment(token) {
        String::new()
    } else {
        token.to_string()
    };
    Ok((text, directive))
}

fn escape_token(value: &str) -> std::result::Result<char, ParseError> {
    match value {
        "`" => Ok('`'),
        "\\" => Ok('\\'),
        _ => Err(ParseError::InvalidEscape {
            token: value.to_string(),
        }),
    }
}

/// `([^E])E[ \t]*$|^E[ \t]*$` replaced by `$1`: (the line less a continuation, whether the
/// instruction ends on this line). An escaped escape character does not continue.
fn trim_continuation(line: &str, escape: char) -> (String, bool) {
    let body = line.trim_end_matches([' ', '\t']);
    let Some(before) = body.strip_suffix(escape) else {
        return (line.to_string(), true);
    };
    match before.chars().next_back() {
        None => (String::new(), false),
        Some(c) if c == escape => (line.to_string(), true),
        Some(_) => (before.to_string(), false),
    }
}

fn can_contain_heredoc(node: &Node) -> bool {
    let node = match (&node.args, node.keyword().as_str()) {
        (Args::Sub(inner), "onbuild") => inner,
        _ => node,
    };
    matches!(node.keyword().as_str(), "add" | "copy" | "run") && !node.json
}

/// Go's `unicode.IsSpace` is what Rust calls whitespace; the parser's `reWhitespace` is
/// narrower: `[\t\v\f\r ]`.
fn is_separator(c: char) -> bool {
    matches!(c, '\t' | '\u{b}' | '\u{c}' | '\r' | ' ')
}

/// Splits at the first run of separators: (first, rest).
fn split_first(s: &str) -> (&str, Option<&str>) {
    match s.find(is_separator) {
        Some(i) => (&s[..i], Some(s[i..].trim_start_matches(is_separator))),
        None => (s, None),
    }
}

/// Builds the node for one (joined) instruction line.
pub(crate) fn node_from_line(
    line: &str,
    d: &Directives,
    comments: Vec<String>,
) -> std::result::Result<Node, ParseError> {
    let (name, rest) = split_first(line.trim());
    let (args_text, flags) = match rest {
        Some(r) => extract_flags(r),
        None => (String::new(), Vec::new()),
    };
    let rest = args_text.trim();
    let (args, json) = match name.to_ascii_lowercase().as_str() {
        "add" | "copy" | "volume" => parse_maybe_json_to_list(rest)?,
        "arg" => (words_or_none(parse_words(rest, d.escape)), false),
        "cmd" | "entrypoint" | "run" | "shell" => parse_maybe_json(rest)?,
        "env" => (parse_name_val(rest, "ENV", d.escape)?, false),
        "label" => (parse_name_val(rest, "LABEL", d.escape)?, false),
        "expose" | "from" => (split_whitespace(rest), false),
        "healthcheck" => parse_health_config(rest)?,
        "maintainer" | "stopsignal" | "user" | "workdir" => (string_arg(rest), false),
        "onbuild" => {
            if rest.is_empty() {
                (Args::None, false)
            } else {
                (
                    Args::Sub(Box::new(node_from_line(rest, d, Vec::new())?)),
                    false,
                )
            }
        }
        _ => (Args::Words(vec![String::new()]), false),
    };
    Ok(Node {
        name: name.to_string(),
        flags,
        args,
        json,
        original: line.to_string(),
        start_line: 0,
        end_line: 0,
        heredocs: Vec::new(),
        comments,
    })
}

/// BuildKit's `extractBuilderFlags`: leading `--word`s, quotes removed and `\` escapes
/// applied, up to the first word without `--` or a bare `--`. Returns (rest, flags).
fn extract_flags(line: &str) -> (String, Vec<String>) {
    #[derive(PartialEq)]
    enum Phase {
        Spaces,
        Word,
        Quote,
    }
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let mut words = Vec::new();
    let mut phase = Phase::Spaces;
    let mut word = String::new();
    let mut quote = '\0';
    let mut blank_ok = false;
    let mut p = 0;
    while p <= chars.len() {
        let end = p == chars.len();
        let ch = chars.get(p).map_or('\0', |&(_, c)| c);
        if phase == Phase::Spaces {
            if end {
                break;
            }
            if ch.is_whitespace() {
                p += 1;
                continue;
            }
            if ch != '-' || chars.get(p + 1).map(|&(_, c)| c) != Some('-') {
                return (line[chars[p].0..].to_string(), words);
            }
            phase = Phase::Word;
        }
        if end {
            if word != "--" && (blank_ok || !word.is_empty()) {
                words.push(word);
            }
            break;
        }
        if phase == Phase::Word {
            if ch.is_whitespace() {
                phase = Phase::Spaces;
                if word == "--" {
                    return (line[chars[p].0..].to_string(), words);
                }
                if blank_ok || !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
                word.clear();
                blank_ok = false;
                p += 1;
                continue;
            }
            if ch == '\'' || ch == '"' {
                quote = ch;
                blank_ok = true;
                phase = Phase::Quote;
                p += 1;
                continue;
            }
            let mut c = ch;
            if c == '\\' {
                if p + 1 == chars.len() {
                    p += 1;
                    continue;
                }
                p += 1;
                c = chars[p].1;
            }
            word.push(c);
            p += 1;
            continue;
        }
        // In quotes.
        if ch == quote {
            phase = Phase::Word;
            p += 1;
            continue;
        }
        let mut c = ch;
        if c == '\\' {
            if p + 1 == chars.len() {
                phase = Phase::Word;
                p += 1;
                continue;
            }
            p += 1;
            c = chars[p].1;
        }
        word.push(c);
        p += 1;
    }
    (String::new(), words)
}

fn words_or_none(words: Vec<String>) -> Args {
    if words.is_empty() {
        Args::None
    } else {
        Args::Words(words)
    }
}

fn string_arg(rest: &str) -> Args {
    if rest.is_empty() {
        Args::None
    } else {
        Args::Words(vec![rest.to_string()])
    }
}

fn split_whitespace(rest: &str) -> Args {
    if rest.is_empty() {
        return Args::None;
    }
    Args::Words(
        rest.split(is_separator)
            .filter(|w| !w.is_empty())
            .map(String::from)
            .collect(),
    )
}

/// Words separated by spaces, quotes and escapes kept (BuildKit's `parseWords`).
pub(crate) fn parse_words(rest: &str, escape: char) -> Vec<String> {
    #[derive(PartialEq)]
    enum Phase {
        Spaces,
        Word,
        Quote,
    }
    let chars: Vec<char> = rest.chars().collect();
    let mut words = Vec::new();
    let mut phase = Phase::Spaces;
    let mut word = String::new();
    let mut quote = '\0';
    let mut blank_ok = false;
    let mut p = 0;
    while p <= chars.len() {
        let end = p == chars.len();
        let mut ch = chars.get(p).copied().unwrap_or('\0');
        if phase == Phase::Spaces {
            if end {
                break;
            }
            if ch.is_whitespace() {
                p += 1;
                continue;
            }
            phase = Phase::Word;
        }
        if end {
            if blank_ok || !word.is_empty() {
                words.push(word);
            }
            break;
        }
        if phase == Phase::Word {
            if ch.is_whitespace() {
                phase = Phase::Spaces;
                if blank_ok || !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
                word.clear();
                blank_ok = false;
                p += 1;
                continue;
            }
            if ch == '\'' || ch == '"' {
                quote = ch;
                blank_ok = true;
                phase = Phase::Quote;
            }
            if ch == escape {
                if p + 1 == chars.len() {
                    p += 1;
                    continue;
                }
                // Unquoted, an escape and the character after it are kept, even a quote.
                word.push(ch);
                p += 1;
                ch = chars[p];
            }
            word.push(ch);
            p += 1;
            continue;
        }
        if ch == quote {
            phase = Phase::Word;
        }
        // Nothing escapes inside single quotes.
        if ch == escape && quote != '\'' {
            if p + 1 == chars.len() {
                phase = Phase::Word;
                p += 1;
                continue;
            }
            p += 1;
            word.push(ch);
            ch = chars[p];
        }
        word.push(ch);
        p += 1;
    }
    words
}

/// ENV and LABEL: `KEY value` (legacy: the rest of the line is the value) or `k=v k2="v 2"`.
fn parse_name_val(rest: &str, key: &str, escape: char) -> std::result::Result<Args, ParseError> {
    let words = parse_words(rest, escape);
    let Some(first) = words.first() else {
        return Ok(Args::None);
    };
    if !first.contains('=') {
        let (k, v) = split_first(rest);
        let Some(v) = v else {
            return Err(ParseError::MissingValue {
                instruction: key.to_string(),
            });
        };
        return Ok(Args::Pairs(vec![KeyValue {
            key: k.to_string(),
            value: v.to_string(),
            legacy: true,
        }]));
    }
    let mut pairs = Vec::new();
    for w in &words {
        let Some((k, v)) = w.split_once('=') else {
            return Err(ParseError::MissingEquals { word: w.clone() });
        };
        pairs.push(KeyValue {
            key: k.to_string(),
            value: v.to_string(),
            legacy: false,
        });
    }
    Ok(Args::Pairs(pairs))
}

/// A JSON array of strings at the start of `rest` (what follows it is ignored, as Go's JSON
/// decoder ignores it). Ok(None): not JSON; Err: JSON, but not all strings.
fn parse_json(rest: &str) -> std::result::Result<Option<Vec<String>>, ParseError> {
    let rest = rest.trim_start();
    if !rest.starts_with('[') {
        return Ok(None);
    }
    let mut stream = serde_json::Deserializer::from_str(rest).into_iter::<serde_json::Value>();
    let Some(Ok(serde_json::Value::Array(items))) = stream.next() else {
        return Ok(None);
    };
    items
        .into_iter()
        .map(|v| match v {
            serde_json::Value::String(s) => Ok(s),
            _ => Err(ParseError::NotStringArray),
        })
        .collect::<std::result::Result<Vec<_>, _>>()
        .map(Some)
}

fn json_args(items: Vec<String>) -> (Args, bool) {
    (words_or_none(items), true)
}

fn parse_maybe_json(rest: &str) -> std::result::Result<(Args, bool), ParseError> {
    if rest.is_empty() {
        return Ok((Args::None, false));
    }
    Ok(match parse_json(rest)? {
        Some(items) => json_args(items),
        None => (Args::Words(vec![rest.to_string()]), false),
    })
}

fn parse_maybe_json_to_list(rest: &str) -> std::result::Result<(Args, bool), ParseError> {
    Ok(match parse_json(rest)? {
        Some(items) => json_args(items),
        None => (split_whitespace(rest), false),
    })
}

/// HEALTHCHECK: a type word (NONE, CMD...) then, like CMD, JSON or a shell string.
fn parse_health_config(rest: &str) -> std::result::Result<(Args, bool), ParseError> {
    let sep = rest.find(char::is_whitespace).unwrap_or(rest.len());
    if sep == 0 {
        return Ok((Args::None, false));
    }
    let typ = &rest[..sep];
    let (cmd, json) = parse_maybe_json(rest[sep..].trim_start())?;
    let mut words = vec![typ.to_string()];
    if let Args::Words(w) = cmd {
        words.extend(w);
    }
    Ok((Args::Words(words), json))
}

#[cfg(test)]
mod tests {
    use super::*;

    // BuildKit's parser_test.go, TestParseWords.
    #[test]
    fn words() {
        let cases: [(&str, &[&str]); 8] = [
            ("foo", &["foo"]),
            ("foo bar", &["foo", "bar"]),
            ("foo\\ bar", &["foo\\ bar"]),
            ("foo=bar", &["foo=bar"]),
            ("foo bar 'abc xyz'", &["foo", "bar", "'abc xyz'"]),
            ("foo bar \"abc xyz\"", &["foo", "bar", "\"abc xyz\""]),
            ("àöû", &["àöû"]),
            ("föo bàr \"âbc xÿz\"", &["föo", "bàr", "\"âbc xÿz\""]),
        ];
        for (input, expect) in cases {
            assert_eq!(parse_words(input, '\\'), expect, "{input}");
        }
    }

    // line_parsers_test.go.
    #[test]
    fn name_val() {
        let pair = |k: &str, v: &str, legacy| KeyValue {
            key: k.into(),
            value: v.into(),
            legacy,
        };
        assert_eq!(
            parse_name_val("foo bar", "LABEL", '\\'),
            Ok(Args::Pairs(vec![pair("foo", "bar", true)]))
        );
        assert_eq!(
            parse_name_val("foo=bar thing=star", "LABEL", '\\'),
            Ok(Args::Pairs(vec![
                pair("foo", "bar", false),
                pair("thing", "star", false)
            ]))
        );
        assert_eq!(
            parse_name_val("foo", "ENV", '\\'),
            Err(ParseError::MissingValue {
                instruction: "ENV".into()
            })
        );
    }

    // json_test.go.
    #[test]
    fn json_arrays() {
        let valid: [(&str, &[&str]); 8] = [
            ("[]", &[]),
            ("[\"\"]", &[""]),
            ("[\"a\"]", &["a"]),
            ("[\"a\",\"b\"]", &["a", "b"]),
            ("[ \"a\", \"b\" ]", &["a", "b"]),
            ("[\t\"a\",\t\"b\"\t]", &["a", "b"]),
            ("\t[\t\"a\",\t\"b\"\t]\t", &["a", "b"]),
            (
                "[\"abc 123\", \"♥\", \"☃\", \"\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u0000\"]",
                &["abc 123", "♥", "☃", "\" \\ / \u{8} \u{c} \n \r \t \0"],
            ),
        ];
        for (json, expect) in valid {
            assert_eq!(
                parse_json(json),
                Ok(Some(expect.iter().map(|s| s.to_string()).collect())),
                "{json}"
            );
        }
        for json in [
            "[\"a\",42,\"b\"]",
            "[\"a\",123.456,\"b\"]",
            "[\"a\",{},\"b\"]",
            "[\"a\",{\"c\": \"d\"},\"b\"]",
            "[\"a\",[\"c\"],\"b\"]",
            "[\"a\",true,\"b\"]",
            "[\"a\",false,\"b\"]",
            "[\"a\",null,\"b\"]",
        ] {
            assert_eq!(parse_json(json), Err(ParseError::NotStringArray), "{json}");
        }
    }

    #[test]
    fn continuation() {
        assert_eq!(trim_continuation("foo \\", '\\'), ("foo ".into(), false));
        assert_eq!(trim_continuation("foo\\ \t", '\\'), ("foo".into(), false));
        assert_eq!(trim_continuation("\\", '\\'), ("".into(), false));
        assert_eq!(trim_continuation("foo\\\\", '\\'), ("foo\\\\".into(), true));
        assert_eq!(trim_continuation("foo `", '`'), ("foo ".into(), false));
    }

    #[test]
    fn flags() {
        assert_eq!(
            extract_flags("--a=b --c foo"),
            ("foo".into(), vec!["--a=b".into(), "--c".into()])
        );
        assert_eq!(
            extract_flags("--a=\"x y\" -- --b"),
            (" --b".into(), vec!["--a=x y".into()])
        );
        assert_eq!(extract_flags("--"), (String::new(), vec![]));
        assert_eq!(extract_flags("foo --a"), ("foo --a".into(), vec![]));
    }
}
