//! BuildKit's "did you mean" hint for an unknown instruction: the instruction name nearest
//! to what was typed (edit distance under 3), in the case it was typed in.

use crate::dockerfile::error::{ErrorKind, InstructionError};

/// The names a Dockerfile instruction can have.
const INSTRUCTIONS: &[&str] = &[
    "add",
    "arg",
    "cmd",
    "copy",
    "entrypoint",
    "env",
    "expose",
    "from",
    "healthcheck",
    "label",
    "maintainer",
    "onbuild",
    "run",
    "shell",
    "stopsignal",
    "user",
    "volume",
    "workdir",
];

/// Levenshtein distance (insertions, deletions, substitutions), by characters.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diag = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let next = (row[j + 1] + 1)
                .min(row[j] + 1)
                .min(diag + usize::from(ca != *cb));
            diag = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

/// The instruction `typed` probably meant, if one is close enough.
pub fn instruction(typed: &str) -> Option<String> {
    let lower = typed.to_lowercase();
    let mut best: Option<(&str, usize)> = None;
    for name in INSTRUCTIONS {
        if *name == lower {
            return None;
        }
        let d = distance(&lower, name);
        if d < best.map_or(3, |(_, b)| b) {
            best = Some((name, d));
        }
    }
    let (name, _) = best?;
    Some(if typed == typed.to_uppercase() {
        name.to_uppercase()
    } else {
        name.to_string()
    })
}

/// An instruction's error as BuildKit prints it: for an unknown instruction, with the hint
/// appended.
pub fn with_hint(error: &ErrorKind) -> String {
    let hint = match error {
        ErrorKind::Instruction(InstructionError::UnknownInstruction { name }) => instruction(name),
        _ => None,
    };
    match hint {
        Some(m) => format!("{error} (did you mean {m}?)"),
        None => error.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unknown(name: &str) -> ErrorKind {
        ErrorKind::Instruction(InstructionError::UnknownInstruction { name: name.into() })
    }

    #[test]
    fn hints() {
        assert_eq!(distance("form", "from"), 2);
        assert_eq!(distance("", "abc"), 3);
        assert_eq!(
            with_hint(&unknown("FORM")),
            "unknown instruction: FORM (did you mean FROM?)"
        );
        assert_eq!(
            with_hint(&unknown("cpy")),
            "unknown instruction: cpy (did you mean copy?)"
        );
        assert_eq!(
            with_hint(&unknown("Workdr")),
            "unknown instruction: Workdr (did you mean workdir?)"
        );
        assert_eq!(with_hint(&unknown("XYZZY")), "unknown instruction: XYZZY");
        assert_eq!(
            with_hint(&ErrorKind::NoBuildStage),
            "no build stage in current context"
        );
    }
}
