//! The command line as a terminal user types it: words with single and double quotes and
//! backslashes, redirections (`<`, `>`, `>>`, `2>`, `2>&1`), pipes and the lists `;`, `&&`,
//! `||`. Parsing is pure: it turns a line into a script or a syntax error.

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RedirKind {
    In,
    Out,
    Append,
    Err,
    ErrAppend,
    ErrToOut,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Redir {
    pub kind: RedirKind,
    pub target: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SimpleCommand {
    pub argv: Vec<String>,
    pub redirs: Vec<Redir>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Connector {
    /// `;` or the end of the line: run the next whatever happened.
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
    Word(String),
    Op(&'static str),
}

/// A syntax error with the text bash prints for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError(pub String);

fn tokenize(line: &str) -> Result<Vec<Token>, SyntaxError> {
    let mut tokens = Vec::new();
    let chars: Vec<char> = line.chars().collect();
    let mut i = 0;
    let mut word = String::new();
    let mut in_word = false;
    let flush = |tokens: &mut Vec<Token>, word: &mut String, in_word: &mut bool| {
        if *in_word {
            tokens.push(Token::Word(std::mem::take(word)));
            *in_word = false;
        }
    };
    while i < chars.len() {
        let c = chars[i];
        match c {
            ' ' | '\t' | '\r' | '\n' => {
                flush(&mut tokens, &mut word, &mut in_word);
                i += 1;
            }
            '#' if !in_word => break,
            '\'' => {
                in_word = true;
                i += 1;
                loop {
                    match chars.get(i) {
                        None => {
                            return Err(SyntaxError(
                                "unexpected EOF while looking for matching `''".into(),
                            ))
                        }
                        Some('\'') => break,
                        Some(&ch) => word.push(ch),
                    }
                    i += 1;
                }
                i += 1;
            }
            '"' => {
                in_word = true;
                i += 1;
                loop {
                    match chars.get(i) {
                        None => {
                            return Err(SyntaxError(
                                "unexpected EOF while looking for matching `\"'".into(),
                            ))
                        }
                        Some('"') => break,
                        Some('\\') if matches!(chars.get(i + 1), Some('"' | '\\' | '$' | '`')) => {
                            word.push(chars[i + 1]);
                            i += 1;
                        }
                        Some(&ch) => word.push(ch),
                    }
                    i += 1;
                }
                i += 1;
            }
            '\\' => {
                in_word = true;
                if let Some(&next) = chars.get(i + 1) {
                    if next != '\n' {
                        word.push(next);
                    }
                    i += 2;
                } else {
                    i += 1;
                }
            }
            '|' | '&' | ';' | '<' | '>' => {
                // `2>` and `2>>` and `2>&1` when the 2 stands alone as a word so far.
                if c == '>' && in_word && word == "2" {
                    word.clear();
                    in_word = false;
                    if chars.get(i + 1) == Some(&'>') {
                        tokens.push(Token::Op("2>>"));
                        i += 2;
                    } else if chars.get(i + 1) == Some(&'&') && chars.get(i + 2) == Some(&'1') {
                        tokens.push(Token::Op("2>&1"));
                        i += 3;
                    } else {
                        tokens.push(Token::Op("2>"));
                        i += 1;
                    }
                    continue;
                }
                flush(&mut tokens, &mut word, &mut in_word);
                let two: String = chars[i..(i + 2).min(chars.len())].iter().collect();
                let op: &'static str = match two.as_str() {
                    "&&" => "&&",
                    "||" => "||",
                    ">>" => ">>",
                    ";;" => ";;",
                    _ => match c {
                        '|' => "|",
                        '&' => "&",
                        ';' => ";",
                        '<' => "<",
                        _ => ">",
                    },
                };
                i += op.len();
                tokens.push(Token::Op(op));
            }
            _ => {
                in_word = true;
                word.push(c);
                i += 1;
            }
        }
    }
    flush(&mut tokens, &mut word, &mut in_word);
    Ok(tokens)
}

fn unexpected(tok: &str) -> SyntaxError {
    SyntaxError(format!("syntax error near unexpected token `{tok}'"))
}

/// Splits text into words with the shell's quoting rules; operators count as words.
pub fn split_words(text: &str) -> Result<Vec<String>, SyntaxError> {
    Ok(tokenize(text)?
        .into_iter()
        .map(|t| match t {
            Token::Word(w) => w,
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
            Token::Op("2>&1") => cmd.redirs.push(Redir {
                kind: RedirKind::ErrToOut,
                target: String::new(),
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
            .flat_map(|(p, _)| p.iter().map(|c| c.argv.clone()))
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
                target: "x.tar".into()
            }
        );
        assert_eq!(s.items[1].0[0].redirs[0].kind, RedirKind::In);
        assert_eq!(s.items[2].0[0].redirs[0].kind, RedirKind::Err);
        let s = parse("docker images | grep x | wc -l").unwrap();
        assert_eq!(s.items[0].0.len(), 3);
        let s = parse("a>>b 2>&1").unwrap();
        assert_eq!(s.items[0].0[0].redirs[0].kind, RedirKind::Append);
        assert_eq!(s.items[0].0[0].redirs[1].kind, RedirKind::ErrToOut);
    }

    #[test]
    fn syntax_errors() {
        assert!(parse("echo 'x").is_err());
        assert!(parse("| x").is_err());
        assert!(parse("x >").is_err());
        assert!(parse("x &&").is_err());
        assert!(parse("; x").is_err());
        assert_eq!(parse("").unwrap().items.len(), 0);
        assert_eq!(parse("   # only a comment").unwrap().items.len(), 0);
    }
}
