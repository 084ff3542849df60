//! docker/cli's notes (`internal/tui/note.go` `Output.PrintNote`): a blank line, the
//! "Info" header, then the text's lines under it; on a terminal the header is coloured
//! and each line italic.

/// The header as printed on a terminal (aec's codes as docker/cli combines them).
pub const INFO_HEADER_TTY: &str =
    "\x1b[1m\x1b[106m\x1b[30mi\x1b[0m\x1b[0m \x1b[96mInfo \u{2192} \x1b[0m\x1b[0m";
const INFO_HEADER: &str = " Info -> ";

/// A note with the text's lines under the header.
pub fn info(terminal: bool, text: &str) -> String {
    let header = if terminal {
        INFO_HEADER_TTY
    } else {
        INFO_HEADER
    };
    let mut out = String::from("\n");
    for (i, line) in text.split('\n').enumerate() {
        out.push_str(if i == 0 { header } else { "         " });
        if terminal {
            out.push_str(&format!("\x1b[3m{line}\x1b[0m\n"));
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// Text in one of aec's foreground colours on a terminal (`out.Color(c).Apply(s)`).
pub fn colour(terminal: bool, code: u8, s: &str) -> String {
    if terminal {
        format!("\x1b[{code}m{s}\x1b[0m")
    } else {
        s.to_string()
    }
}
