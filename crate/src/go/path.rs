//! Go's `path.Match`: shell patterns (`*`, `?`, `[a-z]`, `[^x]`, `\` escapes) where `*` and
//! `?` never match `/`. Docker matches `--filter reference=` patterns with it.

/// The pattern is malformed (Go's `path.ErrBadPattern`).
#[derive(Debug, PartialEq, Eq)]
pub struct BadPattern;

pub fn path_match(pattern: &str, name: &str) -> Result<bool, BadPattern> {
    let p: Vec<char> = pattern.chars().collect();
    let n: Vec<char> = name.chars().collect();
    validate(&p)?;
    Ok(matches(&p, &n, 0))
}

fn validate(p: &[char]) -> Result<(), BadPattern> {
    let mut i = 0;
    while i < p.len() {
        match p[i] {
            '\\' => {
                if i + 1 >= p.len() {
                    return Err(BadPattern);
                }
                i += 2;
            }
            '[' => {
                let (_, len) = class(&p[i..], None).ok_or(BadPattern)?;
                i += len;
            }
            _ => i += 1,
        }
    }
    Ok(())
}

/// Matches a bracket class at the start of `p` against `c` (or only measures it when
/// `c` is None). Returns (matched, length of the class in the pattern).
fn class(p: &[char], c: Option<char>) -> Option<(bool, usize)> {
    let mut i = 1;
    let negate = matches!(p.get(1), Some('^'));
    if negate {
        i += 1;
    }
    let mut hit = false;
    let mut first = true;
    loop {
        let ch = *p.get(i)?;
        if ch == ']' && !first {
            i += 1;
            break;
        }
        first = false;
        let lo = if ch == '\\' {
            i += 1;
            *p.get(i)?
        } else {
            ch
        };
        i += 1;
        let mut hi = lo;
        if p.get(i) == Some(&'-') && p.get(i + 1).is_some_and(|x| *x != ']') {
            i += 1;
            hi = if p[i] == '\\' {
                i += 1;
                *p.get(i)?
            } else {
                p[i]
            };
            i += 1;
            if hi < lo {
                return None;
            }
        }
        if let Some(c) = c {
            hit |= lo <= c && c <= hi;
        }
    }
    Some((hit != negate, i))
}

fn matches(p: &[char], n: &[char], depth: usize) -> bool {
    if depth > 1000 {
        return false;
    }
    let Some(&first) = p.first() else {
        return n.is_empty();
    };
    match first {
        '*' => {
            let rest = &p[1..];
            for k in 0..=n.len() {
                if k > 0 && n[k - 1] == '/' {
                    return false;
                }
                if matches(rest, &n[k..], depth + 1) {
                    return true;
                }
            }
            false
        }
        '?' => !n.is_empty() && n[0] != '/' && matches(&p[1..], &n[1..], depth + 1),
        '[' => match (n.first(), class(p, n.first().copied())) {
            (Some(&c), Some((true, len))) if c != '/' => matches(&p[len..], &n[1..], depth + 1),
            _ => false,
        },
        '\\' => p.len() > 1 && n.first() == Some(&p[1]) && matches(&p[2..], &n[1..], depth + 1),
        c => n.first() == Some(&c) && matches(&p[1..], &n[1..], depth + 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_go_path_match() {
        assert_eq!(path_match("ngin*", "nginx"), Ok(true));
        assert_eq!(path_match("*", "user/app"), Ok(false));
        assert_eq!(path_match("*/*", "user/app"), Ok(true));
        assert_eq!(path_match("nginx:1.*", "nginx:1.16"), Ok(true));
        assert_eq!(path_match("a?c", "abc"), Ok(true));
        assert_eq!(path_match("[a-c]x", "bx"), Ok(true));
        assert_eq!(path_match("[^a-c]x", "bx"), Ok(false));
        assert_eq!(path_match("\\*", "*"), Ok(true));
        assert_eq!(path_match("[", "a"), Err(BadPattern));
        assert_eq!(path_match("a\\", "a"), Err(BadPattern));
    }
}
