//! Docker's text formats: tabwriter tables (minwidth 10, padding 3), HumanSize with three
//! significant digits (Go's `%.3g`, from [`crate::go::fmt::g`]), and `N units ago`.

/// Renders rows as docker/cli's tabwriter does: each column but the last is as wide as its
/// widest cell (in display columns: East Asian wide characters take two) plus 3, at least 10.
///
/// Control characters in a cell (from an archive's labels or history) are shown as `?`
/// ([`question_marks`]); docker/cli prints them as they are.
pub fn table(rows: &[Vec<String>]) -> String {
    let guarded: Vec<Vec<String>>;
    let rows = if rows
        .iter()
        .flatten()
        .any(|c| c.chars().any(char::is_control))
    {
        guarded = rows
            .iter()
            .map(|r| r.iter().map(|c| question_marks(c)).collect())
            .collect();
        &guarded[..]
    } else {
        rows
    };
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut widths = vec![0usize; cols];
    for r in rows {
        for (i, c) in r.iter().enumerate() {
            if i + 1 < r.len() {
                widths[i] = widths[i].max((display_width(c) + 3).max(10));
            }
        }
    }
    let mut out = String::new();
    for r in rows {
        let mut line = String::new();
        for (i, c) in r.iter().enumerate() {
            line.push_str(c);
            if i + 1 < r.len() {
                let pad = widths[i] - display_width(c);
                line.extend(std::iter::repeat_n(' ', pad));
            }
        }
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// docker/cli's formatter.Ellipsis: cut to a display width, ending in `…`.
pub fn ellipsis(s: &str, max: usize) -> String {
    let width = |c: char| if is_wide(c) { 2 } else { 1 };
    let total: usize = s.chars().map(width).sum();
    if total <= max {
        return s.to_string();
    }
    let mut out = String::new();
    let mut w = 0;
    for c in s.chars() {
        if w + width(c) > max - 1 {
            break;
        }
        w += width(c);
        out.push(c);
    }
    out.push('…');
    out
}

/// The columns a string takes in a terminal.
pub fn display_width(s: &str) -> usize {
    s.chars().map(|c| if is_wide(c) { 2 } else { 1 }).sum()
}

/// East Asian wide and fullwidth characters take two columns.
fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6 | 0x1F300..=0x1F64F | 0x1F900..=0x1F9FF | 0x20000..=0x3FFFD)
}

/// go-units HumanSizeWithPrecision(size, 3): decimal units, `%.3g`, no space.
pub fn human_size(size: u64) -> String {
    human_size_precision(size, 3)
}

/// go-units HumanSize: four significant digits (`docker image prune`'s total).
pub fn human_size_4(size: u64) -> String {
    human_size_precision(size, 4)
}

fn human_size_precision(size: u64, precision: usize) -> String {
    const UNITS: [&str; 9] = ["B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"];
    let mut s = size as f64;
    let mut i = 0;
    while s >= 1000.0 && i < UNITS.len() - 1 {
        s /= 1000.0;
        i += 1;
    }
    format!("{}{}", crate::go::fmt::g(s, precision), UNITS[i])
}

/// `ls -l`'s mode column: the type letter, then `rwxr-xr-x` with `s`/`S`/`t`/`T` for the
/// setuid, setgid and sticky bits.
pub fn mode_column(letter: char, mode: u32) -> String {
    let bit = |mask: u32, c: char| if mode & mask != 0 { c } else { '-' };
    let special =
        |exec: u32, set: u32, lower: char, upper: char| match (mode & exec != 0, mode & set != 0) {
            (true, true) => lower,
            (false, true) => upper,
            (true, false) => 'x',
            (false, false) => '-',
        };
    [
        letter,
        bit(0o400, 'r'),
        bit(0o200, 'w'),
        special(0o100, 0o4000, 's', 'S'),
        bit(0o040, 'r'),
        bit(0o020, 'w'),
        special(0o010, 0o2000, 's', 'S'),
        bit(0o004, 'r'),
        bit(0o002, 'w'),
        special(0o001, 0o1000, 't', 'T'),
    ]
    .iter()
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_like_go_units() {
        assert_eq!(human_size(0), "0B");
        assert_eq!(human_size(999), "999B");
        assert_eq!(human_size(1000), "1kB");
        assert_eq!(human_size(13_300), "13.3kB");
        assert_eq!(human_size(133_000_000), "133MB");
        assert_eq!(human_size(1_220_598), "1.22MB");
        assert_eq!(human_size(1_220_000_000), "1.22GB");
        assert_eq!(human_size(999_999), "1e+03kB");
        assert_eq!(human_size(4_865), "4.87kB");
        assert_eq!(human_size(12_345), "12.3kB");
    }

    #[test]
    fn tables_like_tabwriter() {
        let t = table(&[
            vec!["REPOSITORY".into(), "TAG".into(), "SIZE".into()],
            vec!["nginx".into(), "latest".into(), "133MB".into()],
        ]);
        assert_eq!(
            t,
            "REPOSITORY   TAG       SIZE\nnginx        latest    133MB\n"
        );
    }
}

/// A file name as GNU `ls` prints it on a terminal (coreutils' default quoting style there,
/// `shell-escape`, quotearg.c): as is when nothing in it needs quoting; in single quotes when
/// it holds shell metacharacters (in double quotes when it holds a `'` and nothing that
/// double quotes would expand); control characters as `$'\033'` pieces between quoted runs
/// (`'a'$'\033''[2J'`), so that a name never reaches the terminal as a control sequence.
pub fn shell_escape(name: &str) -> String {
    let control = |c: char| c.is_control();
    let special = |i: usize, c: char| {
        matches!(
            c,
            ' ' | '!'
                | '"'
                | '$'
                | '&'
                | '\''
                | '('
                | ')'
                | '*'
                | ';'
                | '<'
                | '='
                | '>'
                | '?'
                | '['
                | '\\'
                | ']'
                | '^'
                | '`'
                | '|'
        ) || (i == 0 && matches!(c, '#' | '~'))
            || ((c == '{' || c == '}') && name.chars().count() == 1)
    };
    if name.is_empty() {
        return "''".to_string();
    }
    let has_control = name.chars().any(control);
    if !has_control && !name.chars().enumerate().any(|(i, c)| special(i, c)) {
        return name.to_string();
    }
    if !has_control && name.contains('\'') && !name.contains(['"', '$', '`', '\\', '!']) {
        return format!("\"{name}\"");
    }
    let mut out = String::from("'");
    let mut open = true;
    for c in name.chars() {
        if control(c) {
            if open {
                out.push('\'');
                open = false;
            }
            out.push_str("$'");
            match crate::go::strconv::c_escape(c) {
                Some(e) => out.push_str(e),
                None => {
                    let mut buf = [0u8; 4];
                    for b in c.encode_utf8(&mut buf).bytes() {
                        out.push_str(&format!("\\{b:03o}"));
                    }
                }
            }
            out.push('\'');
            continue;
        }
        if !open {
            out.push('\'');
            open = true;
        }
        if c == '\'' {
            out.push_str("'\\''");
        } else {
            out.push(c);
        }
    }
    if open {
        out.push('\'');
    }
    out
}

/// Text with each control character but tab and newline shown as `?` (busybox's
/// `printable_string` for names; layerlab's guard for Docker's tables, which print what
/// an archive put in a label or a history line as is: a page's terminal must not take it
/// as a control sequence).
pub fn question_marks(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() && c != '\t' && c != '\n' {
                '?'
            } else {
                c
            }
        })
        .collect()
}

#[cfg(test)]
mod quoting_tests {
    use super::*;

    #[test]
    fn names_as_gnu_ls_shows_them_on_a_terminal() {
        assert_eq!(shell_escape("plain.txt"), "plain.txt");
        assert_eq!(shell_escape("a b"), "'a b'");
        assert_eq!(shell_escape("it's"), "\"it's\"");
        assert_eq!(shell_escape("a\x1b[2J"), "'a'$'\\033''[2J'");
        assert_eq!(shell_escape("\n"), "''$'\\n'");
        assert_eq!(shell_escape("x\ty"), "'x'$'\\t''y'");
        assert_eq!(shell_escape("#x"), "'#x'");
        assert_eq!(shell_escape("x#"), "x#");
        assert_eq!(shell_escape(""), "''");
        assert_eq!(shell_escape("é"), "é");
    }

    #[test]
    fn tables_show_control_characters_as_question_marks() {
        assert_eq!(question_marks("a\x1b[2Jb\tc\nd\x07"), "a?[2Jb\tc\nd?");
    }
}
