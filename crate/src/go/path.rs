//! Go's `path.Match`: shell patterns (`*`, `?`, `[a-z]`, `[^x]`, `\` escapes) where `*` and
//! `?` never match `/`. Docker matches `--filter reference=` patterns with it.

/// The pattern is malformed (Go's `path.ErrBadPattern`).
#[derive(Debug, PartialEq, Eq)]
pub struct BadPattern;

pub fn path_match(pattern: &str, name: &str) -> Result<bool, BadPattern> {
    let p: Vec<char> = pattern.chars().collect();
    let n: Vec<char> = name.chars().collect();
    validate(&p)?;
    Ok(matches(&p, &n))
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

/// Matches by keeping the set of positions in `n` the pattern so far can end at (an NFA
/// walk): time is the pattern's length times the name's, with no backtracking, so no
/// pattern (`*?*****...`) can make it slow. Same answers as Go's chunk-by-chunk matcher.
fn matches(p: &[char], n: &[char]) -> bool {
    let mut at = vec![false; n.len() + 1];
    at[0] = true;
    let mut i = 0;
    while i < p.len() {
        let mut next = vec![false; n.len() + 1];
        let mut any = false;
        let step = match p[i] {
            '*' => {
                // Any run of characters other than `/`, from every position reached.
                let mut on = false;
                for j in 0..=n.len() {
                    on = at[j] || (on && j > 0 && n[j - 1] != '/');
                    next[j] = on;
                    any |= on;
                }
                1
            }
            first => {
                let len = match first {
                    '[' => class(&p[i..], None).map_or(1, |(_, len)| len),
                    '\\' => 2,
                    _ => 1,
                };
                for j in 0..n.len() {
                    if !at[j] {
                        continue;
                    }
                    let c = n[j];
                    let hit = match first {
                        '?' => c != '/',
                        '[' => c != '/' && class(&p[i..], Some(c)).is_some_and(|(m, _)| m),
                        '\\' => p.get(i + 1) == Some(&c),
                        lit => lit == c,
                    };
                    if hit {
                        next[j + 1] = true;
                        any = true;
                    }
                }
                len
            }
        };
        if !any {
            return false;
        }
        at = next;
        i += step;
    }
    at[n.len()]
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
