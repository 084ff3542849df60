//! Tab completion for the terminal: command names, docker's subcommands and flags, image
//! and container names, and host files. Subcommands and flags are read from the same
//! `--help` texts the commands print, so completion can never offer what they don't take.

use super::{builtins, Session};

/// What to put in place of the word being typed: the line from byte `start` on is replaced
/// by one of `candidates` (already quoted for the shell where needed). Sorted, deduplicated.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Completion {
    pub start: usize,
    pub candidates: Vec<String>,
}

/// What a positional argument of a command names.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Image,
    Container,
    ImageOrContainer,
    File,
    Nothing,
}

/// The words before the cursor in the current simple command, and the word being typed.
struct Words {
    before: Vec<String>,
    /// The word being typed, unquoted.
    current: String,
    /// Byte offset in the line where the word being typed begins.
    start: usize,
    /// The word follows `<`, `>`, `>>` or `2>`.
    after_redirect: bool,
}

fn split(line: &str) -> Words {
    let mut before = Vec::new();
    let mut current = String::new();
    let mut start = 0;
    let mut in_word = false;
    let mut quote: Option<char> = None;
    let mut after_redirect = false;
    let mut redirect_pending = false;
    let mut chars = line.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if let Some(q) = quote {
            if c == q {
                quote = None;
            } else {
                current.push(c);
            }
            continue;
        }
        match c {
            '\'' | '"' => {
                if !in_word {
                    in_word = true;
                    start = i;
                }
                quote = Some(c);
            }
            '\\' => {
                if !in_word {
                    in_word = true;
                    start = i;
                }
                if let Some((_, n)) = chars.next() {
                    current.push(n);
                }
            }
            ' ' | '\t' => {
                if in_word {
                    finish_word(
                        &mut before,
                        &mut current,
                        &mut redirect_pending,
                        &mut after_redirect,
                    );
                    in_word = false;
                }
            }
            '|' | ';' | '&' => {
                if in_word {
                    finish_word(
                        &mut before,
                        &mut current,
                        &mut redirect_pending,
                        &mut after_redirect,
                    );
                    in_word = false;
                }
                // A new command begins (`2>&1` only reaches here as part of a redirect).
                if !(c == '&' && line[..i].ends_with('>')) {
                    before.clear();
                    redirect_pending = false;
                }
            }
            '<' | '>' => {
                if in_word && current != "2" {
                    finish_word(
                        &mut before,
                        &mut current,
                        &mut redirect_pending,
                        &mut after_redirect,
                    );
                }
                current.clear();
                in_word = false;
                redirect_pending = true;
            }
            _ => {
                if !in_word {
                    in_word = true;
                    start = i;
                }
                current.push(c);
            }
        }
    }
    if !in_word {
        start = line.len();
        current.clear();
    }
    Words {
        before,
        current,
        start,
        after_redirect: redirect_pending || after_redirect,
    }
}

fn finish_word(
    before: &mut Vec<String>,
    current: &mut String,
    redirect_pending: &mut bool,
    after_redirect: &mut bool,
) {
    let word = std::mem::take(current);
    if *redirect_pending {
        // A redirect's target is not an argument of the command.
        *redirect_pending = false;
    } else {
        before.push(word);
    }
    *after_redirect = false;
}

/// The names listed under a `Commands:` heading of a group's help.
fn subcommands(help: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_list = false;
    for line in help.lines() {
        if line.ends_with("Commands:") {
            in_list = true;
        } else if line.trim().is_empty() {
            in_list = false;
        } else if in_list {
            if let Some(name) = line.split_whitespace().next() {
                out.push(name.trim_end_matches('*').to_string());
            }
        }
    }
    out
}

/// A flag from an `Options:` list: its names and whether it takes a value.
struct Flag {
    names: Vec<String>,
    takes_value: bool,
}

fn flags(help: &str) -> Vec<Flag> {
    let mut out = Vec::new();
    let mut in_list = false;
    for line in help.lines() {
        if line == "Options:" {
            in_list = true;
            continue;
        }
        let spec = line.trim_start();
        if !in_list || !spec.starts_with('-') {
            continue;
        }
        let spec = spec.split("  ").next().unwrap_or("");
        let mut names = Vec::new();
        let mut takes_value = false;
        for token in spec.split([',', ' ']).filter(|t| !t.is_empty()) {
            if token.starts_with('-') {
                names.push(token.to_string());
            } else {
                takes_value = true;
            }
        }
        out.push(Flag { names, takes_value });
    }
    out
}

/// What the positional arguments of `docker ... NAME` are.
fn kind_of(group: Option<&str>, name: &str) -> Kind {
    match (group, name) {
        (_, "inspect") if group.is_none() => Kind::ImageOrContainer,
        (Some("image"), _)
        | (None, "images" | "history" | "tag" | "rmi" | "save" | "push" | "pull") => match name {
            "import" | "load" | "prune" => Kind::Nothing,
            _ => Kind::Image,
        },
        (_, "run" | "create") => Kind::Image,
        (
            None | Some("container"),
            "start" | "restart" | "stop" | "rm" | "remove" | "rename" | "diff" | "commit"
            | "export" | "exec" | "cp" | "inspect" | "pause" | "unpause" | "kill" | "port" | "wait"
            | "top" | "stats",
        ) => Kind::Container,
        (_, "import") => Kind::File,
        _ => Kind::Nothing,
    }
}

/// Only the first positional argument of these names an object; the rest are a command
/// line or a new name.
fn first_only(name: &str) -> bool {
    matches!(
        name,
        "run" | "create" | "exec" | "commit" | "rename" | "import" | "top"
    )
}

fn quote(word: &str) -> String {
    let plain = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._-/:@%+=,".contains(c));
    if plain {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

impl Session {
    /// What a command prints for `--help`, run aside from the session's history.
    fn help_of(&mut self, argv: &[&str]) -> String {
        let mut argv: Vec<String> = argv.iter().map(|s| s.to_string()).collect();
        argv.push("--help".to_string());
        let mut io = super::Io::new(None);
        let _ = super::dispatch(&mut self.runner().cx(&mut io), &argv);
        String::from_utf8_lossy(&std::mem::take(&mut io.stdout).into_bytes()).into_owned()
    }

    fn names_of(&self, kind: Kind) -> Vec<String> {
        let mut out = Vec::new();
        if matches!(kind, Kind::Image | Kind::ImageOrContainer) {
            out.extend(self.store.tags().map(|(r, _)| r.familiar()));
        }
        if matches!(kind, Kind::Container | Kind::ImageOrContainer) {
            out.extend(
                self.containers
                    .newest_first()
                    .iter()
                    .map(|c| c.name.clone()),
            );
        }
        if kind == Kind::File {
            out.extend(self.host.list().into_iter().map(|(name, _)| name));
        }
        out
    }

    /// Completions for the word that ends `line` (the text before the cursor).
    pub fn complete(&mut self, line: &str) -> Completion {
        if let Some(c) = self
            .suspended
            .as_ref()
            .and_then(|r| r.interp.asker())
            .and_then(|a| a.complete(&self.containers, line))
        {
            return c;
        }
        let w = split(line);
        let kind_or_words = self.what_to_offer(&w);
        let mut candidates: Vec<String> = match kind_or_words {
            Offer::Names(kind) => self.names_of(kind),
            Offer::Words(words) => words,
        }
        .into_iter()
        .filter(|c| c.starts_with(&w.current))
        .map(|c| quote(&c))
        .collect();
        candidates.sort();
        candidates.dedup();
        Completion {
            start: w.start,
            candidates,
        }
    }

    fn what_to_offer(&mut self, w: &Words) -> Offer {
        if w.after_redirect {
            return Offer::Names(Kind::File);
        }
        let Some(cmd) = w.before.first() else {
            let mut names: Vec<String> = builtins::NAMES.iter().map(|s| s.to_string()).collect();
            names.push("docker".to_string());
            return Offer::Words(names);
        };
        if cmd == "dive" {
            return Offer::Names(Kind::Image);
        }
        if cmd != "docker" {
            return Offer::Names(if builtins::NAMES.contains(&cmd.as_str()) {
                Kind::File
            } else {
                Kind::Nothing
            });
        }
        // docker [GROUP] [NAME] ...
        let mut path: Vec<&str> = vec!["docker"];
        let mut rest = &w.before[1..];
        let mut group = None;
        if let Some(g) = rest
            .first()
            .filter(|g| matches!(g.as_str(), "image" | "container" | "system"))
        {
            group = Some(g.as_str());
            path.push(g);
            rest = &rest[1..];
        }
        let Some(name) = rest.first() else {
            return Offer::Words(subcommands(&self.help_of(&path)));
        };
        path.push(name);
        let known = flags(&self.help_of(&path));
        if w.current.starts_with('-') {
            return Offer::Words(
                known
                    .into_iter()
                    .flat_map(|f| f.names)
                    .filter(|n| n.starts_with("--") || n.len() == 2)
                    .collect(),
            );
        }
        // A value for the flag just before?
        if let Some(prev) = rest
            .last()
            .filter(|p| p.starts_with('-') && !p.contains('='))
        {
            if let Some(f) = known.iter().find(|f| f.names.iter().any(|n| n == prev)) {
                if f.takes_value {
                    let file = f.names.iter().any(|n| n == "--output" || n == "--input");
                    return Offer::Names(if file { Kind::File } else { Kind::Nothing });
                }
            }
        }
        let positionals = count_positionals(&rest[1..], &known);
        if first_only(name) && positionals > 0 {
            return Offer::Names(Kind::Nothing);
        }
        Offer::Names(kind_of(group, name))
    }
}

enum Offer {
    Names(Kind),
    Words(Vec<String>),
}

/// How many of `args` are positional (not flags or flag values).
fn count_positionals(args: &[String], known: &[Flag]) -> usize {
    let mut n = 0;
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        if a.starts_with('-') && a.len() > 1 {
            let takes = known
                .iter()
                .any(|f| f.takes_value && f.names.iter().any(|x| x == a));
            if takes && !a.contains('=') {
                i += 1;
            }
        } else {
            n += 1;
        }
        i += 1;
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_the_word_being_typed() {
        let w = split("docker save -o out.tar ngi");
        assert_eq!(w.before, ["docker", "save", "-o", "out.tar"]);
        assert_eq!((w.current.as_str(), w.start), ("ngi", 23));
        let w = split("ls | grep 'a b");
        assert_eq!(w.before, ["grep"]);
        assert_eq!(w.current, "a b");
        let w = split("docker load < ng");
        assert!(w.after_redirect);
        assert_eq!(w.before, ["docker", "load"]);
        let w = split("docker save nginx > x.tar ");
        assert!(!w.after_redirect);
        assert_eq!(w.before, ["docker", "save", "nginx"]);
        assert_eq!(w.start, 26);
    }

    #[test]
    fn reads_flags_from_help() {
        let f = flags("Options:\n  -o, --output string   Write\n      --digests         Show\n");
        assert_eq!(f[0].names, ["-o", "--output"]);
        assert!(f[0].takes_value);
        assert_eq!(f[1].names, ["--digests"]);
        assert!(!f[1].takes_value);
    }
}

#[cfg(test)]
mod session_tests {
    use crate::host::MemHost;
    use crate::Session;

    fn session() -> Session {
        let mut s = Session::new(Box::new(MemHost::new()));
        s.host_mut()
            .write("nginx.tar", bytes::Bytes::from_static(b"x"))
            .unwrap();
        s.host_mut()
            .write("my file.tar", bytes::Bytes::from_static(b"x"))
            .unwrap();
        assert_eq!(s.run("docker pull hello-world").code, 0);
        assert_eq!(s.run("docker run --name web hello-world").code, 0);
        s
    }

    fn offered(s: &mut Session, line: &str) -> Vec<String> {
        s.complete(line).candidates
    }

    #[test]
    fn every_builtin_name_is_a_command() {
        let mut s = Session::new(Box::new(MemHost::new()));
        for name in super::builtins::NAMES {
            let o = s.run(&format!("{name} < /dev/null"));
            assert!(!o.stderr_text().contains("command not found"), "{name}");
        }
    }

    #[test]
    fn completes_commands_subcommands_and_flags() {
        let mut s = session();
        assert_eq!(offered(&mut s, "do"), ["docker"]);
        assert_eq!(offered(&mut s, "he"), ["head", "help"]);
        assert_eq!(offered(&mut s, "docker im"), ["image", "images", "import"]);
        assert_eq!(offered(&mut s, "docker image p"), ["prune", "pull", "push"]);
        assert_eq!(
            offered(&mut s, "docker container re"),
            ["rename", "restart"]
        );
        assert_eq!(offered(&mut s, "docker save --o"), ["--output"]);
        assert!(offered(&mut s, "docker images -").contains(&"--digests".to_string()));
        let c = s.complete("docker images --no");
        assert_eq!(
            (c.start, c.candidates),
            (14, vec!["--no-trunc".to_string()])
        );
        // Nothing was added to the history by asking for help texts.
        assert_eq!(s.run("history").stdout_text().lines().count(), 3);
    }

    #[test]
    fn completes_images_containers_and_files() {
        let mut s = session();
        assert_eq!(offered(&mut s, "docker history h"), ["hello-world:latest"]);
        assert_eq!(offered(&mut s, "docker run -d h"), ["hello-world:latest"]);
        assert!(offered(&mut s, "docker run -d hello-world ").is_empty());
        assert_eq!(offered(&mut s, "docker rm w"), ["web"]);
        assert_eq!(offered(&mut s, "docker container diff "), ["web"]);
        assert_eq!(
            offered(&mut s, "docker inspect "),
            ["hello-world:latest", "web"]
        );
        assert_eq!(offered(&mut s, "docker load -i n"), ["nginx.tar"]);
        assert_eq!(
            offered(&mut s, "docker load < "),
            ["'my file.tar'", "nginx.tar"]
        );
        assert_eq!(
            offered(&mut s, "docker save hello-world -o m"),
            ["'my file.tar'"]
        );
        assert_eq!(offered(&mut s, "cat m"), ["'my file.tar'"]);
        assert_eq!(offered(&mut s, "docker import n"), ["nginx.tar"]);
        assert_eq!(offered(&mut s, "docker images | gr"), ["grep"]);
        assert!(offered(&mut s, "nosuch ").is_empty());
    }
}

/// Completions inside a container's shell: the shell's builtins and the programs in
/// `$PATH` for the first word, paths in the container's file system for the others
/// (a directory with `/` appended, as bash and ash complete it).
pub fn in_container(
    fs: &crate::container::Rootfs,
    env: &crate::container::sh::Env,
    line: &str,
) -> Completion {
    let w = split(line);
    let mut candidates: Vec<String> = Vec::new();
    if w.before.is_empty() && !w.after_redirect && !w.current.contains('/') {
        candidates.extend(
            crate::container::sh::SHELL_BUILTINS
                .iter()
                .map(|s| s.to_string()),
        );
        let path = env
            .get("PATH")
            .unwrap_or(crate::container::sh::DEFAULT_PATH)
            .to_string();
        for dir in path.split(':').filter(|d| d.starts_with('/')) {
            if let Ok(entries) = fs.read_dir(dir) {
                candidates.extend(
                    entries
                        .into_iter()
                        .filter(|(_, st)| !st.is_dir())
                        .map(|(n, _)| n),
                );
            }
        }
        candidates.retain(|c| c.starts_with(&w.current));
    } else {
        let (dir_part, base) = match w.current.rfind('/') {
            Some(i) => (&w.current[..=i], &w.current[i + 1..]),
            None => ("", w.current.as_str()),
        };
        let dir = if dir_part.is_empty() {
            env.cwd.clone()
        } else {
            env.abs(dir_part)
        };
        if let Ok(entries) = fs.read_dir(&dir) {
            for (name, st) in entries {
                if !name.starts_with(base) || (base.is_empty() && name.starts_with('.')) {
                    continue;
                }
                let is_dir = st.is_dir()
                    || fs
                        .stat(&format!("{}/{name}", dir.trim_end_matches('/')))
                        .is_ok_and(|s| s.is_dir());
                let slash = if is_dir { "/" } else { "" };
                candidates.push(format!("{dir_part}{name}{slash}"));
            }
        }
    }
    let mut candidates: Vec<String> = candidates.into_iter().map(|c| quote(&c)).collect();
    candidates.sort();
    candidates.dedup();
    Completion {
        start: w.start,
        candidates,
    }
}
