//! The command line as a terminal user types it: words with single and double quotes,
//! backslashes and expansions (`$NAME`, `${...}`, `$(...)`, `` `...` ``, `$((...))`, a
//! leading `~`), redirections (`<`, `>`, `>>`, `2>`, `2>>`, `2>&1`, `>&2`, with an
//! optional `1` before `>`), pipes and the lists `;`, `&&`, `||` and newlines. Parsing
//! is pure: it turns a line into a script of [`Word`]s, each a list of [`Part`]s that
//! says what was quoted, or into a syntax error. What an expansion's value is, is the
//! interpreter's business ([`super::expand`]); the host command line reads
//! words as typed ([`Word::literal`]).

/// One piece of a word, as typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Part {
    /// Unquoted text; its `*`, `?` and `[` are glob characters. Inside [`Part::Double`]:
    /// quoted text (escapes already resolved).
    Lit(String),
    /// `'...'`: the text between the quotes.
    Single(String),
    /// `"..."`: literal text and expansions, neither split nor globbed.
    Double(Vec<Part>),
    /// `\c` outside quotes: one quoted character.
    Escaped(char),
    /// `$NAME`, `$?`, `$1`... (`braced`: false) or `${...}` (the text between the braces).
    Param { spec: String, braced: bool },
    /// `$(...)` or `` `...` ``: the command's text.
    Command { body: String, backquoted: bool },
    /// `$((...))`: the expression's text.
    Arith(String),
    /// `~` starting a word (before `/`, a blank, an operator or the end).
    Tilde,
}

impl Part {
    /// The part as the user typed it, quotes removed (expansions unexpanded).
    fn literal_into(&self, out: &mut String) {
        match self {
            Part::Lit(s) | Part::Single(s) => out.push_str(s),
            Part::Escaped(c) => out.push(*c),
            Part::Double(parts) => parts.iter().for_each(|p| p.literal_into(out)),
            Part::Param { spec, braced: true } => {
                out.push_str("${");
                out.push_str(spec);
                out.push('}');
            }
            Part::Param { spec, .. } => {
                out.push('$');
                out.push_str(spec);
            }
            Part::Command {
                body,
                backquoted: true,
            } => {
                out.push('`');
                out.push_str(body);
                out.push('`');
            }
            Part::Command { body, .. } => {
                out.push_str("$(");
                out.push_str(body);
                out.push(')');
            }
            Part::Arith(e) => {
                out.push_str("$((");
                out.push_str(e);
                out.push_str("))");
            }
            Part::Tilde => out.push('~'),
        }
    }
}

/// A word: its parts in order. An empty list is an empty word (a lone line continuation
/// never makes one; `''` is `[Single("")]`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Word(pub Vec<Part>);

impl Word {
    /// An unquoted literal word.
    pub fn lit(s: &str) -> Word {
        Word(vec![Part::Lit(s.to_string())])
    }

    /// The word with quotes removed and expansions as typed (`$X` stays `$X`): what the
    /// host command line, which expands nothing, passes to a command.
    pub fn literal(&self) -> String {
        let mut out = String::new();
        self.0.iter().for_each(|p| p.literal_into(&mut out));
        out
    }

    /// True when the word is exactly this unquoted text.
    pub fn is_plain(&self, s: &str) -> bool {
        matches!(self.0.as_slice(), [Part::Lit(t)] if t == s)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RedirKind {
    In,
    Out,
    Append,
    Err,
    ErrAppend,
    /// `2>&1`
    ErrToOut,
    /// `>&2` (and `1>&2`)
    OutToErr,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Redir {
    pub kind: RedirKind,
    /// Empty for the duplications (`2>&1`, `>&2`).
    pub target: Word,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SimpleCommand {
    pub argv: Vec<Word>,
    pub redirs: Vec<Redir>,
}

impl SimpleCommand {
    /// The argv as typed (see [`Word::literal`]).
    pub fn literal_argv(&self) -> Vec<String> {
        self.argv.iter().map(Word::literal).collect()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Connector {
    /// `;`, a newline or the end of the line: run the next whatever happened.
    Always,
    And,
    Or,
}

/// Pipelines joined by connectors: `items[i].1` says when `items[i+1]` runs.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Script {
    pub items: Vec<(Vec<SimpleCommand>, Connector)>,
}

#[derive(Debug, PartialEq, Eq)]
enum Token {
    Word(Word),
    Op(&'static str),
}

/// A syntax error with the text bash prints for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError(pub String);

const SQ_EOF: &str = "unexpected EOF while looking for matching `''";
const DQ_EOF: &str = "unexpected EOF while looking for matching `\"'";

/// Finds the end of a `$(`...`)` or `${`...`}` body starting at `i` (just after the
/// opening bracket): the index of the matching closer, quotes respected.
fn matching(chars: &[char], mut i: usize, open: char, close: char) -> Option<usize> {
    let mut depth = 1;
    while let Some(&c) = chars.get(i) {
        match c {
            '\\' => i += 1,
            '\'' => {
                i += 1;
                while chars.get(i).is_some_and(|c| *c != '\'') {
                    i += 1;
                }
            }
            '"' => {
                i += 1;
                while let Some(&c) = chars.get(i) {
                    if c == '\\' {
                        i += 1;
                    } else if c == '"' {
                        break;
                    }
                    i += 1;
                }
            }
            c if c == open => depth += 1,
            c if c == close => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

fn text(chars: &[char], from: usize, to: usize) -> String {
    chars.get(from..to).unwrap_or(&[]).iter().collect()
}

/// Reads the expansion that starts with the `$` at `i`: the part and the index after
/// it; `None` when the `$` is a plain character.
fn dollar(chars: &[char], i: usize) -> Option<(Part, usize)> {
    let next = *chars.get(i + 1)?;
    match next {
        '{' => {
            let end = matching(chars, i + 2, '{', '}')?;
            let spec = text(chars, i + 2, end);
            Some((Part::Param { spec, braced: true }, end + 1))
        }
        '(' if chars.get(i + 2) == Some(&'(') => {
            let end = matching(chars, i + 3, '(', ')')?;
            if chars.get(end + 1) != Some(&')') {
                return None;
            }
            Some((Part::Arith(text(chars, i + 3, end)), end + 2))
        }
        '(' => {
            let end = matching(chars, i + 2, '(', ')')?;
            let body = text(chars, i + 2, end);
            Some((
                Part::Command {
                    body,
                    backquoted: false,
                },
                end + 1,
            ))
        }
        '?' | '$' | '#' | '@' | '*' | '!' | '-' => Some((
            Part::Param {
                spec: next.to_string(),
                braced: false,
            },
            i + 2,
        )),
        c if c.is_ascii_digit() => Some((
            Part::Param {
                spec: c.to_string(),
                braced: false,
            },
            i + 2,
        )),
        c if c.is_ascii_alphabetic() || c == '_' => {
            let mut j = i + 1;
            while chars
                .get(j)
                .is_some_and(|c| c.is_ascii_alphanumeric() || *c == '_')
            {
                j += 1;
            }
            Some((
                Part::Param {
                    spec: text(chars, i + 1, j),
                    braced: false,
                },
                j,
            ))
        }
        _ => None,
    }
}

/// Reads `` `...` `` starting at the backquote at `i`; `None` when unclosed.
fn backquoted(chars: &[char], i: usize) -> Option<(Part, usize)> {
    let len = chars.get(i + 1..)?.iter().position(|c| *c == '`')?;
    Some((
        Part::Command {
            body: text(chars, i + 1, i + 1 + len),
            backquoted: true,
        },
        i + len + 2,
    ))
}

/// Appends a character to the parts' trailing literal.
fn push_lit(parts: &mut Vec<Part>, c: char) {
    if let Some(Part::Lit(s)) = parts.last_mut() {
        s.push(c);
    } else {
        parts.push(Part::Lit(c.to_string()));
    }
}

/// Reads a double-quoted string whose opening quote is at `i - 1`: its parts and the
/// index after the closing quote.
fn double(chars: &[char], mut i: usize) -> Result<(Vec<Part>, usize), SyntaxError> {
    let mut parts = Vec::new();
    loop {
        match chars.get(i) {
            None => return Err(SyntaxError(DQ_EOF.into())),
            Some('"') => return Ok((parts, i + 1)),
            Some('\\') if matches!(chars.get(i + 1), Some('"' | '\\' | '$' | '`')) => {
                if let Some(&c) = chars.get(i + 1) {
                    push_lit(&mut parts, c);
                }
                i += 2;
            }
            Some('$') => match dollar(chars, i) {
                Some((p, next)) => {
                    parts.push(p);
                    i = next;
                }
                None => {
                    push_lit(&mut parts, '$');
                    i += 1;
                }
            },
            Some('`') => match backquoted(chars, i) {
                Some((p, next)) => {
                    parts.push(p);
                    i = next;
                }
                None => {
                    push_lit(&mut parts, '`');
                    i += 1;
                }
            },
            Some(&c) => {
                push_lit(&mut parts, c);
                i += 1;
            }
        }
    }
}

/// Where a word stops: at blanks and operators on a command line; nowhere in a `plain`
/// text (the word of `${X:-word}`).
fn ends_word(c: char, plain: bool) -> bool {
    !plain && matches!(c, ' ' | '\t' | '\r' | '\n' | '|' | '&' | ';' | '<' | '>')
}

/// Reads the word (or the rest of it) at `i` into `parts`: returns the index where it
/// stopped.
fn word(
    chars: &[char],
    mut i: usize,
    parts: &mut Vec<Part>,
    in_word: &mut bool,
    plain: bool,
) -> Result<usize, SyntaxError> {
    while let Some(&c) = chars.get(i) {
        if ends_word(c, plain) {
            break;
        }
        match c {
            '#' if !*in_word && !plain => {
                // A comment: up to the end of the line.
                while chars.get(i).is_some_and(|c| *c != '\n') {
                    i += 1;
                }
                break;
            }
            '\'' => {
                let len = chars
                    .get(i + 1..)
                    .and_then(|r| r.iter().position(|c| *c == '\''))
                    .ok_or_else(|| SyntaxError(SQ_EOF.into()))?;
                parts.push(Part::Single(text(chars, i + 1, i + 1 + len)));
                i += len + 2;
            }
            '"' => {
                let (inner, next) = double(chars, i + 1)?;
                parts.push(Part::Double(inner));
                i = next;
            }
            '\\' => {
                match chars.get(i + 1) {
                    // A line continuation joins lines; it is no part of a word.
                    Some('\n') => {
                        i += 2;
                        continue;
                    }
                    Some(&n) => parts.push(Part::Escaped(n)),
                    None => {}
                }
                i += 2;
            }
            '$' => match dollar(chars, i) {
                Some((p, next)) => {
                    parts.push(p);
                    i = next;
                }
                None => {
                    push_lit(parts, '$');
                    i += 1;
                }
            },
            '`' => match backquoted(chars, i) {
                Some((p, next)) => {
                    parts.push(p);
                    i = next;
                }
                None => {
                    push_lit(parts, '`');
                    i += 1;
                }
            },
            '~' if !*in_word
                && chars.get(i + 1).is_none_or(|n| {
                    matches!(n, '/' | ' ' | '\t' | '\n' | ';' | '|' | '&' | ')')
                }) =>
            {
                parts.push(Part::Tilde);
                i += 1;
            }
            c => {
                push_lit(parts, c);
                i += 1;
            }
        }
        *in_word = true;
    }
    Ok(i)
}

/// Parses a text as one word whose blanks and operators are literal (the word of
/// `${X:-word}`): quotes and expansions count, `#` does not start a comment.
pub fn plain_word(s: &str) -> Result<Word, SyntaxError> {
    let chars: Vec<char> = s.chars().collect();
    let mut parts = Vec::new();
    let mut in_word = false;
    word(&chars, 0, &mut parts, &mut in_word, true)?;
    Ok(Word(parts))
}

fn tokenize(line: &str) -> Result<Vec<Token>, SyntaxError> {
    let mut tokens: Vec<Token> = Vec::new();
    let chars: Vec<char> = line.chars().collect();
    let mut i = 0;
    let mut parts: Vec<Part> = Vec::new();
    let mut in_word = false;
    let flush = |tokens: &mut Vec<Token>, parts: &mut Vec<Part>, in_word: &mut bool| {
        if *in_word {
            tokens.push(Token::Word(Word(std::mem::take(parts))));
            *in_word = false;
        }
    };
    while let Some(&c) = chars.get(i) {
        match c {
            ' ' | '\t' | '\r' => {
                flush(&mut tokens, &mut parts, &mut in_word);
                i += 1;
            }
            '\n' => {
                // A newline ends a command, unless the line goes on after an operator.
                flush(&mut tokens, &mut parts, &mut in_word);
                if matches!(tokens.last(), Some(Token::Word(_)))
                    || matches!(tokens.last(), Some(Token::Op(op)) if !matches!(*op, "|" | "&&" | "||" | ";" | "&"))
                {
                    tokens.push(Token::Op(";"));
                }
                i += 1;
            }
            '|' | '&' | ';' | '<' | '>' => {
                // `2>`, `2>>`, `2>&1`, and `1>` as `>`, when the digit stands alone.
                let fd = if c == '>' && in_word {
                    if Word(parts.clone()).is_plain("2") {
                        Some(2)
                    } else if Word(parts.clone()).is_plain("1") {
                        Some(1)
                    } else {
                        None
                    }
                } else {
                    None
                };
                if fd.is_some() {
                    parts.clear();
                    in_word = false;
                } else {
                    flush(&mut tokens, &mut parts, &mut in_word);
                }
                if c == '>' {
                    let next = chars.get(i + 1).copied();
                    let dup = match (next, chars.get(i + 2)) {
                        (Some('&'), Some(d @ ('1' | '2'))) => Some(*d),
                        _ => None,
                    };
                    let (op, len): (Option<&'static str>, usize) =
                        match (fd.unwrap_or(1), next, dup) {
                            (2, _, Some('1')) => (Some("2>&1"), 3),
                            (2, _, Some(_)) | (1, _, Some('1')) => (None, 3),
                            (_, _, Some(_)) => (Some(">&2"), 3),
                            (2, Some('>'), _) => (Some("2>>"), 2),
                            (2, _, _) => (Some("2>"), 1),
                            (_, Some('>'), _) => (Some(">>"), 2),
                            _ => (Some(">"), 1),
                        };
                    tokens.extend(op.map(Token::Op));
                    i += len;
                    continue;
                }
                let two: String = text(&chars, i, i + 2);
                let op: &'static str = match two.as_str() {
                    "&&" => "&&",
                    "||" => "||",
                    ";;" => ";;",
                    _ => match c {
                        '|' => "|",
                        '&' => "&",
                        ';' => ";",
                        _ => "<",
                    },
                };
                i += op.len();
                tokens.push(Token::Op(op));
            }
            _ => i = word(&chars, i, &mut parts, &mut in_word, false)?,
        }
    }
    flush(&mut tokens, &mut parts, &mut in_word);
    Ok(tokens)
}

fn unexpected(tok: &str) -> SyntaxError {
    SyntaxError(format!("syntax error near unexpected token `{tok}'"))
}

/// Splits text into words with the shell's quoting rules (expansions kept as typed);
/// operators count as words.
pub fn split_words(text: &str) -> Result<Vec<String>, SyntaxError> {
    Ok(tokenize(text)?
        .into_iter()
        .map(|t| match t {
            Token::Word(w) => w.literal(),
            Token::Op(o) => o.to_string(),
        })
        .collect())
}

/// Parses a line into a script. An empty line is an empty script.
pub fn parse(line: &str) -> Result<Script, SyntaxError> {
    let tokens = tokenize(line)?;
    let mut script = Script::default();
    let mut pipeline: Vec<SimpleCommand> = Vec::new();
    let mut cmd = SimpleCommand::default();
    let mut iter = tokens.into_iter().peekable();
    while let Some(tok) = iter.next() {
        match tok {
            Token::Word(w) => cmd.argv.push(w),
            Token::Op(op @ ("<" | ">" | ">>" | "2>" | "2>>")) => {
                let kind = match op {
                    "<" => RedirKind::In,
                    ">" => RedirKind::Out,
                    ">>" => RedirKind::Append,
                    "2>" => RedirKind::Err,
                    _ => RedirKind::ErrAppend,
                };
                match iter.next() {
                    Some(Token::Word(target)) => cmd.redirs.push(Redir { kind, target }),
                    Some(Token::Op(o)) => return Err(unexpected(o)),
                    None => return Err(unexpected("newline")),
                }
            }
            Token::Op(op @ ("2>&1" | ">&2")) => cmd.redirs.push(Redir {
                kind: if op == "2>&1" {
                    RedirKind::ErrToOut
                } else {
                    RedirKind::OutToErr
                },
                target: Word::default(),
            }),
            Token::Op("|") => {
                if cmd.argv.is_empty() && cmd.redirs.is_empty() {
                    return Err(unexpected("|"));
                }
                pipeline.push(std::mem::take(&mut cmd));
                if iter.peek().is_none() {
                    return Err(SyntaxError("syntax error: unexpected end of file".into()));
                }
            }
            Token::Op(op @ (";" | "&&" | "||")) => {
                if cmd.argv.is_empty() && cmd.redirs.is_empty() {
                    return Err(unexpected(op));
                }
                pipeline.push(std::mem::take(&mut cmd));
                let conn = match op {
                    "&&" => Connector::And,
                    "||" => Connector::Or,
                    _ => Connector::Always,
                };
                script.items.push((std::mem::take(&mut pipeline), conn));
                if op != ";" && iter.peek().is_none() {
                    return Err(SyntaxError("syntax error: unexpected end of file".into()));
                }
            }
            Token::Op("&") => {
                return Err(SyntaxError(
                    "background jobs (&) are not supported in this terminal".into(),
                ))
            }
            Token::Op(op) => return Err(unexpected(op)),
        }
    }
    if !cmd.argv.is_empty() || !cmd.redirs.is_empty() {
        pipeline.push(cmd);
    }
    if !pipeline.is_empty() {
        script.items.push((pipeline, Connector::Always));
    }
    Ok(script)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn argv(line: &str) -> Vec<Vec<String>> {
        parse(line)
            .unwrap()
            .items
            .iter()
            .flat_map(|(p, _)| p.iter().map(|c| c.literal_argv()))
            .collect()
    }

    fn words(line: &str) -> Vec<Word> {
        parse(line)
            .unwrap()
            .items
            .iter()
            .flat_map(|(p, _)| p.iter().flat_map(|c| c.argv.clone()))
            .collect()
    }

    #[test]
    fn quotes_and_escapes() {
        assert_eq!(
            argv(r#"echo 'a b' "c \"d\"" e\ f"#),
            vec![vec!["echo", "a b", "c \"d\"", "e f"]]
        );
        assert_eq!(argv(r#"echo '' "" x"#), vec![vec!["echo", "", "", "x"]]);
        assert_eq!(
            argv("docker save nginx:123 # comment"),
            vec![vec!["docker", "save", "nginx:123"]]
        );
        assert_eq!(argv("echo a \\\n b"), vec![vec!["echo", "a", "b"]]);
    }

    #[test]
    fn words_are_parts() {
        let w = words(r#"a'b'"c$X${Y:-z}$(d e)"\*$1`f`~ ~/x *.txt $((1+2))"#);
        let param = |s: &str, braced| Part::Param {
            spec: s.into(),
            braced,
        };
        assert_eq!(
            w[0].0,
            vec![
                Part::Lit("a".into()),
                Part::Single("b".into()),
                Part::Double(vec![
                    Part::Lit("c".into()),
                    param("X", false),
                    param("Y:-z", true),
                    Part::Command {
                        body: "d e".into(),
                        backquoted: false
                    },
                ]),
                Part::Escaped('*'),
                param("1", false),
                Part::Command {
                    body: "f".into(),
                    backquoted: true
                },
                Part::Lit("~".into()),
            ]
        );
        assert_eq!(w[1].0, vec![Part::Tilde, Part::Lit("/x".into())]);
        assert!(w[2].is_plain("*.txt"));
        assert_eq!(w[3].0, vec![Part::Arith("1+2".into())]);
        assert_eq!(w[0].literal(), "abc$X${Y:-z}$(d e)*$1`f`~");
        assert_eq!(
            argv("echo $(a b) $ $( x"),
            vec![vec!["echo", "$(a b)", "$", "$(", "x"]]
        );
        assert_eq!(
            plain_word("a 'b c' $X # d").unwrap().0,
            vec![
                Part::Lit("a ".into()),
                Part::Single("b c".into()),
                Part::Lit(" ".into()),
                param("X", false),
                Part::Lit(" # d".into()),
            ]
        );
    }

    #[test]
    fn redirections_and_lists() {
        let s = parse("docker save a > x.tar && docker load < x.tar; ls 2> err || true").unwrap();
        assert_eq!(s.items.len(), 4);
        assert_eq!(s.items[0].1, Connector::And);
        assert_eq!(
            s.items[0].0[0].redirs[0],
            Redir {
                kind: RedirKind::Out,
                target: Word::lit("x.tar")
            }
        );
        assert_eq!(s.items[1].0[0].redirs[0].kind, RedirKind::In);
        assert_eq!(s.items[2].0[0].redirs[0].kind, RedirKind::Err);
        let s = parse("docker images | grep x | wc -l").unwrap();
        assert_eq!(s.items[0].0.len(), 3);
        let s = parse("a>>b 2>&1").unwrap();
        assert_eq!(s.items[0].0[0].redirs[0].kind, RedirKind::Append);
        assert_eq!(s.items[0].0[0].redirs[1].kind, RedirKind::ErrToOut);
        let kinds = |line: &str| -> Vec<RedirKind> {
            parse(line).unwrap().items[0].0[0]
                .redirs
                .iter()
                .map(|r| r.kind.clone())
                .collect()
        };
        assert_eq!(
            kinds("echo x >&2 1>&2 1>f 2>&2 >&1 '2'>g"),
            [
                RedirKind::OutToErr,
                RedirKind::OutToErr,
                RedirKind::Out,
                RedirKind::Out
            ]
        );
        assert_eq!(argv("echo x '2'>g"), vec![vec!["echo", "x", "2"]]);
    }

    #[test]
    fn newlines_separate_commands() {
        let s = parse("echo a\necho b # c\n\necho c &&\n echo d |\n wc\n").unwrap();
        assert_eq!(s.items.len(), 4);
        assert_eq!(s.items[1].1, Connector::Always);
        assert_eq!(s.items[2].1, Connector::And);
        assert_eq!(s.items[3].0.len(), 2);
        assert!(parse("\n\n").unwrap().items.is_empty());
    }

    #[test]
    fn syntax_errors() {
        assert!(parse("echo 'x").is_err());
        assert!(parse("echo \"x").is_err());
        assert!(parse("| x").is_err());
        assert!(parse("x >").is_err());
        assert!(parse("x &&").is_err());
        assert!(parse("; x").is_err());
        assert!(parse("x >&3").is_err());
        assert_eq!(parse("").unwrap().items.len(), 0);
        assert_eq!(parse("   # only a comment").unwrap().items.len(), 0);
    }
}
