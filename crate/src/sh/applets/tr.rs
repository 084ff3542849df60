//! `tr [-ds] SET1 [SET2]`: translates, deletes or squeezes the characters of standard
//! input. Sets take ranges (`a-z`), classes (`[:digit:]`) and backslash escapes.

use super::printf::escapes;
use super::Ctx;

/// A `tr` set: ranges, classes and escapes expanded.
fn tr_set(s: &str) -> Vec<char> {
    let (expanded, _) = escapes(s);
    let mut out = Vec::new();
    let chars: Vec<char> = expanded.chars().collect();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        if c == '[' && chars.get(i + 1) == Some(&':') {
            let rest: String = chars.get(i + 2..).unwrap_or(&[]).iter().collect();
            if let Some(end) = rest.find(":]") {
                let class: Box<dyn Fn(char) -> bool> = match rest.get(..end).unwrap_or("") {
                    "upper" => Box::new(|c: char| c.is_ascii_uppercase()),
                    "lower" => Box::new(|c: char| c.is_ascii_lowercase()),
                    "digit" => Box::new(|c: char| c.is_ascii_digit()),
                    "alpha" => Box::new(|c: char| c.is_ascii_alphabetic()),
                    "alnum" => Box::new(|c: char| c.is_ascii_alphanumeric()),
                    "space" => Box::new(|c: char| c.is_ascii_whitespace()),
                    "punct" => Box::new(|c: char| c.is_ascii_punctuation()),
                    _ => Box::new(|_| false),
                };
                out.extend((0u8..128).map(char::from).filter(|c| class(*c)));
                i += end + 4;
                continue;
            }
        }
        if let (Some('-'), Some(&hi)) = (chars.get(i + 1), chars.get(i + 2)) {
            if c <= hi {
                out.extend((c..=hi).take(65536));
                i += 3;
                continue;
            }
        }
        out.push(c);
        i += 1;
    }
    out
}

pub fn tr(args: &[String], cx: &mut Ctx) -> i32 {
    let delete = args.iter().any(|a| a == "-d");
    let squeeze = args.iter().any(|a| a == "-s");
    let sets: Vec<&String> = args
        .iter()
        .filter(|a| !(a.starts_with('-') && a.len() > 1))
        .collect();
    let Some(first) = sets.first() else {
        return cx.usage("tr", "[-cds] STRING1 [STRING2]", "missing operand");
    };
    if sets.len() == 1 && !delete && !squeeze && cx.gnu() {
        cx.err(&format!(
            "tr: missing operand after '{first}'\nTwo strings must be given when translating.\nTry 'tr --help' for more information.\n"
        ));
        return 1;
    }
    let from = tr_set(first);
    let to = sets.get(1).map(|s| tr_set(s)).unwrap_or_default();
    let input = String::from_utf8_lossy(&cx.take_stdin()).into_owned();
    let mut out = String::with_capacity(input.len());
    let mut last: Option<char> = None;
    for c in input.chars() {
        let mapped = match from.iter().position(|f| *f == c) {
            Some(_) if delete => None,
            Some(k) => Some(to.get(k).or(to.last()).copied().unwrap_or(c)),
            None => Some(c),
        };
        if let Some(m) = mapped {
            let squeezable = squeeze
                && (if delete || to.is_empty() {
                    from.contains(&m)
                } else {
                    to.contains(&m)
                });
            if squeezable && last == Some(m) {
                continue;
            }
            out.push(m);
            last = Some(m);
        }
    }
    cx.out(&out);
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sets() {
        assert_eq!(
            tr_set("a-c[:digit:]\\n"),
            "abc0123456789\n".chars().collect::<Vec<_>>()
        );
    }
}
