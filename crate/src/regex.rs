//! The small regular expressions of `grep` (host and container shells alike): `^`, `$`,
//! `.`, `*`, `+`, `?`, bracket classes and `\` escapes. Work is bounded, so no pattern
//! can hang a session.

/// A small regular-expression matcher (basic and extended syntax share it): `^`, `$`, `.`,
/// `*`, `+`, `?`, bracket classes and `\` escapes; other characters match themselves.
pub fn regex_match(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    let mut budget = 200_000usize;
    if p.first() == Some(&'^') {
        return match_here(p.get(1..).unwrap_or(&[]), &t, &mut budget);
    }
    (0..=t.len()).any(|i| match_here(&p, t.get(i..).unwrap_or(&[]), &mut budget))
}

/// A character test.
type CharTest = Box<dyn Fn(char) -> bool>;

/// One pattern element's test, and its length in the pattern.
fn atom(p: &[char]) -> Option<(CharTest, usize)> {
    match p.first()? {
        '.' => Some((Box::new(|_| true), 1)),
        '\\' if p.len() > 1 => {
            let c = *p.get(1)?;
            Some((Box::new(move |x| x == c), 2))
        }
        '[' => {
            let mut i = 1;
            let negate = p.get(1) == Some(&'^');
            if negate {
                i += 1;
            }
            let start = i;
            while p.get(i).is_some_and(|c| *c != ']' || i == start) {
                i += 1;
            }
            if i >= p.len() {
                return Some((Box::new(|x| x == '['), 1));
            }
            let set: Vec<char> = p.get(start..i)?.to_vec();
            let f = move |x: char| {
                let mut k = 0;
                let mut hit = false;
                while let Some(&a) = set.get(k) {
                    if let (Some('-'), Some(&b)) = (set.get(k + 1), set.get(k + 2)) {
                        hit |= a <= x && x <= b;
                        k += 3;
                    } else {
                        hit |= a == x;
                        k += 1;
                    }
                }
                hit != negate
            };
            Some((Box::new(f), i + 1))
        }
        &c => Some((Box::new(move |x| x == c), 1)),
    }
}

fn match_here(p: &[char], t: &[char], budget: &mut usize) -> bool {
    // The budget bounds the work; the pattern's length bounds the recursion, so very
    // long patterns are refused (as the host shell's grep does past 2000).
    if *budget == 0 || p.len() > 2000 {
        return false;
    }
    *budget -= 1;
    if p.is_empty() {
        return true;
    }
    if p == ['$'] {
        return t.is_empty();
    }
    let Some((m, len)) = atom(p) else {
        return true;
    };
    match p.get(len) {
        Some(&op @ ('*' | '+' | '?')) => {
            let rest = p.get(len + 1..).unwrap_or(&[]);
            let min = usize::from(op == '+');
            let max = if op == '?' { 1 } else { usize::MAX };
            let mut n = 0;
            while n < max && t.get(n).is_some_and(|c| m(*c)) {
                n += 1;
            }
            (min..=n)
                .rev()
                .any(|k| k <= n && match_here(rest, t.get(k..).unwrap_or(&[]), budget))
        }
        _ => {
            t.first().is_some_and(|c| m(*c))
                && match_here(
                    p.get(len..).unwrap_or(&[]),
                    t.get(1..).unwrap_or(&[]),
                    budget,
                )
        }
    }
}
