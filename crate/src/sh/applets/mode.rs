//! Permission modes as `chmod` and `mkdir -m` take them.

/// Parses a chmod mode (octal, or symbolic like `u+x,go-w`, `a=rX`) against the current
/// mode.
pub fn parse_mode(spec: &str, current: u32, is_dir: bool) -> Option<u32> {
    if !spec.is_empty() && spec.chars().all(|c| c.is_digit(8)) {
        return u32::from_str_radix(spec, 8).ok().filter(|m| *m <= 0o7777);
    }
    let mut mode = current & 0o7777;
    for clause in spec.split(',') {
        let who_end = clause.find(['+', '-', '=']).unwrap_or(clause.len());
        let (who, mut rest) = clause.split_at(who_end);
        if rest.is_empty() {
            return None;
        }
        let mut mask = 0u32;
        for c in who.chars() {
            mask |= match c {
                'u' => 0o4700,
                'g' => 0o2070,
                'o' => 0o1007,
                'a' => 0o7777,
                _ => return None,
            };
        }
        let umask_default = who.is_empty();
        if umask_default {
            mask = 0o7777;
        }
        while let Some(op) = rest.chars().next() {
            if !matches!(op, '+' | '-' | '=') {
                return None;
            }
            rest = rest.get(1..).unwrap_or("");
            let end = rest.find(['+', '-', '=']).unwrap_or(rest.len());
            let (perms, tail) = rest.split_at(end);
            rest = tail;
            let mut bits = 0u32;
            for p in perms.chars() {
                bits |= match p {
                    'r' => 0o444,
                    'w' => 0o222,
                    'x' => 0o111,
                    'X' if is_dir || mode & 0o111 != 0 => 0o111,
                    'X' => 0,
                    's' => 0o6000,
                    't' => 0o1000,
                    'u' => {
                        let u = (mode >> 6) & 7;
                        u | u << 3 | u << 6
                    }
                    'g' => {
                        let g = (mode >> 3) & 7;
                        g | g << 3 | g << 6
                    }
                    'o' => {
                        let o = mode & 7;
                        o | o << 3 | o << 6
                    }
                    _ => return None,
                };
            }
            // Without a `who`, the umask (022) limits what `+` and `=` add.
            let eff = if umask_default && op != '-' {
                bits & mask & !0o022
            } else {
                bits & mask
            };
            match op {
                '+' => mode |= eff,
                '-' => mode &= !(bits & mask),
                _ => mode = (mode & !(mask & 0o777 | (mask & 0o7000))) | eff,
            }
        }
    }
    Some(mode)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn octal_and_symbolic() {
        assert_eq!(parse_mode("755", 0, false), Some(0o755));
        assert_eq!(parse_mode("u+x", 0o644, false), Some(0o744));
        assert_eq!(parse_mode("go-rwx", 0o755, false), Some(0o700));
        assert_eq!(parse_mode("+x", 0o644, false), Some(0o755));
        assert_eq!(parse_mode("a=r,u+w", 0o777, false), Some(0o644));
        assert_eq!(parse_mode("u+s", 0o755, false), Some(0o4755));
        assert_eq!(parse_mode("o=", 0o777, false), Some(0o770));
        assert_eq!(parse_mode("q", 0o777, false), None);
        assert_eq!(parse_mode("9", 0o777, false), None);
    }
}
