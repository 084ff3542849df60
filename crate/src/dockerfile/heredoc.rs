//! Heredocs in RUN, COPY and ADD (and ONBUILD of those): `<<EOF`, `<<-EOF` (leading tabs
//! stripped), quoted `<<"EOF"` / `<<'EOF'` (no expansion of the content) and `3<<EOF` (a file
//! descriptor). Several may start on one line; their bodies follow in order.

use super::error::HeredocError;
use super::shell::{EnvMap, Lex};

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Heredoc {
    /// The delimiter word, quotes removed.
    pub name: String,
    /// The file descriptor written before `<<` (0 when none).
    pub fd: u32,
    /// Whether variables in the content are expanded (the delimiter was not quoted).
    pub expand: bool,
    /// `<<-`: leading tabs are stripped from the content's lines (and the terminator's).
    pub chomp: bool,
    /// The body, each line with its newline, as read (see [`chomp`]).
    pub content: String,
}

/// `^(\d*)<<(-?)([^<]*)$`
fn split_heredoc_word(word: &str) -> Option<(&str, bool, &str)> {
    let digits = word.len() - word.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let (fd, rest) = word.split_at(digits);
    let rest = rest.strip_prefix("<<")?;
    let (chomp, rest) = match rest.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, rest),
    };
    if rest.contains('<') {
        return None;
    }
    Some((fd, chomp, rest))
}

/// The heredoc a word starts, if it is one (BuildKit's `ParseHeredoc`). A delimiter with an
/// unterminated quote is an error.
pub fn parse_heredoc(word: &str) -> Result<Option<Heredoc>, HeredocError> {
    let Some((fd, chomp, rest)) = split_heredoc_word(word) else {
        return Ok(None);
    };
    if rest.is_empty() {
        return Ok(None);
    }
    let mut lex = Lex::new('\\');
    lex.skip_unset_env = true;
    let empty = EnvMap::new();
    // Lexed with and without quotes: if they differ, part of the word was quoted.
    let words = lex.process_words(rest, &empty).map_err(HeredocError::Lex)?;
    if words.len() != 1 {
        return Ok(None);
    }
    lex.raw_quotes = true;
    let raw = lex.process_words(rest, &empty).map_err(HeredocError::Lex)?;
    if raw.len() != words.len() {
        return Err(HeredocError::Inconsistent {
            word: rest.to_string(),
        });
    }
    let quotes = |s: &str| s.chars().filter(|&c| c == '\'' || c == '"').count();
    Ok(Some(Heredoc {
        name: words[0].clone(),
        fd: fd.parse().unwrap_or(0),
        expand: quotes(&words[0]) == quotes(&raw[0]),
        chomp,
        content: String::new(),
    }))
}

/// The heredocs an instruction line starts, in order (BuildKit's `heredocsFromLine`).
pub fn heredocs_from_line(line: &str) -> Result<Vec<Heredoc>, HeredocError> {
    let mut lex = Lex::new('\\');
    lex.raw_quotes = true;
    lex.raw_escapes = true;
    lex.skip_unset_env = true;
    let words = lex.process_words(line, &EnvMap::new()).unwrap_or_default();
    let mut docs = Vec::new();
    for w in words {
        if let Some(h) = parse_heredoc(&w)? {
            docs.push(h);
        }
    }
    Ok(docs)
}

/// `<<-` content: leading tabs removed from every line.
pub fn chomp(content: &str) -> String {
    content
        .split_inclusive('\n')
        .map(|l| l.trim_start_matches('\t'))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    // BuildKit's parser_heredoc_test.go, TestParseHeredocHelpers.
    #[test]
    fn heredoc_words() {
        for src in [
            "<<EOF",
            "<<'EOF'",
            "<<\"EOF\"",
            "<<-EOF",
            "<<-'EOF'",
            "<<-\"EOF\"",
        ] {
            assert_eq!(parse_heredoc(src).unwrap().unwrap().name, "EOF", "{src}");
        }
        for src in ["<<'EOF", "<<\"EOF", "<<EOF'", "<<EOF\""] {
            assert!(parse_heredoc(src).is_err(), "{src}");
        }
        for src in ["", "EOF", "<<", "<<-", "<EOF", "<<<EOF"] {
            assert_eq!(parse_heredoc(src), Ok(None), "{src}");
        }
    }

    // TestHeredocsFromLine.
    #[test]
    fn heredocs_on_a_line() {
        let cases: [(&str, &[&str]); 7] = [
            ("RUN <<EOF", &["EOF"]),
            ("RUN <<-EOF", &["EOF"]),
            ("RUN <<'EOF'", &["EOF"]),
            ("RUN 4<<EOF", &["EOF"]),
            ("RUN <<EOF <<EOF2", &["EOF", "EOF2"]),
            ("RUN '<<EOF'", &[]),
            ("RUN \"<<EOF\"", &[]),
        ];
        for (line, names) in cases {
            let got: Vec<String> = heredocs_from_line(line)
                .unwrap()
                .into_iter()
                .map(|h| h.name)
                .collect();
            assert_eq!(got, names, "{line}");
        }
        assert_eq!(heredocs_from_line("RUN 4<<EOF").unwrap()[0].fd, 4);
    }

    // TestHeredocChomp.
    #[test]
    fn chomping() {
        assert_eq!(chomp("\thello\n\tworld\n"), "hello\nworld\n");
    }
}
