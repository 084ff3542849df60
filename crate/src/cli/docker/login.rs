//! `docker login` and `docker logout` (docker/cli v28.2.2 cli/command/registry): the
//! credentials are checked by the registry (the daemon's loginV2: ping, then `GET /v2/`
//! with them), then kept in the host's `.docker/config.json` as the CLI keeps them.
//! Without the network the session's registries are open ones, as a registry without
//! auth: any credentials log in.

use super::{check_args, parse_flags, Args, Usage};
use crate::cli::flags::{flag, value, Spec};
use crate::cli::{Ask, Ctx, Exec};
use crate::registry::credentials::{self, CONFIG_FILE};
use crate::registry::distribution::Credentials;
use crate::registry::network::Network;
use bytes::Bytes;

pub const USAGE: Usage = Usage {
    command: "docker login",
    synopsis: "docker login [OPTIONS] [SERVER]",
    summary: "Authenticate to a registry.\nDefaults to Docker Hub if no server is specified.",
    aliases: "",
    options: "  -p, --password string   Password or Personal Access Token (PAT)\n      --password-stdin    Take the Password or Personal Access Token\n                          (PAT) from stdin\n  -u, --username string   Username\n",
};

pub const LOGOUT_USAGE: Usage = Usage {
    command: "docker logout",
    synopsis: "docker logout [SERVER]",
    summary:
        "Log out from a registry.\nIf no server is specified, the default is defined by the daemon.",
    aliases: "",
    options: "",
};

const SPECS: &[Spec] = &[
    value(Some('p'), "password"),
    flag(None, "password-stdin"),
    value(Some('u'), "username"),
];

/// The registry host a `SERVER` argument names (`docker.io` for Docker Hub's names),
/// and the key the CLI keeps it under (docker/cli's `registry.ConvertToHostname` for
/// the host, the index URL for Docker Hub).
fn server(arg: Option<&str>) -> (String, String) {
    let Some(a) = arg.filter(|a| !a.is_empty()) else {
        return ("docker.io".into(), Network::credentials_key("docker.io"));
    };
    let host = a
        .trim_start_matches("http://")
        .trim_start_matches("https://")
        .split('/')
        .next()
        .unwrap_or(a)
        .to_string();
    let host = match host.as_str() {
        "index.docker.io" | "registry-1.docker.io" | "docker.io" => "docker.io".to_string(),
        _ => host,
    };
    let key = if host == "docker.io" {
        Network::credentials_key("docker.io")
    } else {
        host.clone()
    };
    (host, key)
}

pub fn run(cx: &mut Ctx, args: &[String]) -> Exec {
    let p = match parse_flags(cx, &USAGE, args, SPECS) {
        Ok(p) => p,
        Err(code) => return Exec::Done(code),
    };
    if let Err(code) = check_args(cx, &USAGE, &p, Args::AtMost(1)) {
        return Exec::Done(code);
    }
    let username = p.value("username").unwrap_or("").trim().to_string();
    let mut password = p.value("password").unwrap_or("").to_string();
    if p.on("password-stdin") {
        if p.value("password").is_some() {
            cx.io
                .err("conflicting options: cannot specify both --password and --password-stdin\n");
            return Exec::Done(1);
        }
        if username.is_empty() {
            cx.io
                .err("the --password-stdin option requires --username to be set\n");
            return Exec::Done(1);
        }
        let input = cx.io.stdin.take().unwrap_or_default();
        password = String::from_utf8_lossy(&input)
            .trim_end_matches('\n')
            .trim_end_matches('\r')
            .to_string();
    } else if p.value("password").is_some() {
        cx.io
            .err("WARNING! Using --password via the CLI is insecure. Use --password-stdin.\n");
    }
    let (host, key) = server(p.args.first().map(String::as_str));
    let existing = cx.host.read(CONFIG_FILE).ok();
    let stored = existing.as_deref().and_then(|b| {
        credentials::parse(b)
            .into_iter()
            .find(|(k, c)| *k == key && !c.username.is_empty() && !c.password.is_empty())
            .map(|(_, c)| c)
    });
    // No credentials given: the ones kept by an earlier login are tried first
    // (docker/cli's loginWithStoredCredentials).
    let mut default_user = String::new();
    if let (true, true, Some(creds)) = (username.is_empty(), password.is_empty(), stored) {
        cx.io.err(&format!(
            "Authenticating with existing credentials... [Username: {}]\n{}\n\n",
            creds.username,
            super::note::info(
                cx.io.stdout_is_terminal,
                "To login with a different account, run 'docker logout' followed by 'docker login'"
            )
        ));
        match check(cx, &host, &creds) {
            Ok(()) => {
                cx.io.out("Login Succeeded\n");
                return Exec::Done(0);
            }
            // The daemon's failure is not typed as unauthorized (moby v28 loginV2), so
            // the CLI says this rather than "Stored credentials invalid or expired".
            Err(e) => cx.io.err(&format!(
                "Login did not succeed, error: Error response from daemon: {e}\n"
            )),
        }
        default_user = creds.username;
    }
    let login = Login {
        host,
        key,
        username,
        password: password.trim().to_string(),
        default_user,
    };
    if !login.username.is_empty() && !login.password.is_empty() {
        return Exec::Done(login.finish(cx));
    }
    // What is missing is asked for on a terminal (docker/cli's loginUser), never from a
    // pipe or a script.
    if cx.io.stdin.is_some() || !cx.io.stdin_is_terminal {
        cx.io
            .err("Error: Cannot perform an interactive login from a non TTY device\n");
        return Exec::Done(1);
    }
    let hub = login.key == Network::credentials_key("docker.io");
    if hub && login.username.is_empty() && login.password.is_empty() {
        // Docker Hub's web-based login cannot start from here.
        cx.io
            .err("Failed to start web-based login - falling back to command line login...\n\n");
    }
    if login.username.is_empty() {
        if hub {
            cx.io.out(&format!("{REGISTER_SUGGEST}\n{PAT_SUGGEST}\n\n"));
        }
        let question = match login.default_user.as_str() {
            "" => "Username: ".to_string(),
            d => format!("Username ({d}): "),
        };
        return Exec::Prompt {
            question,
            then: Box::new(Asking::Username(login)),
        };
    }
    login.ask_password(cx)
}

/// What docker/cli prints before asking for a Docker Hub username (registerSuggest, and
/// patSuggest with hints on, as they are by default).
const REGISTER_SUGGEST: &str = "Log in with your Docker ID or email address to push and pull images from Docker Hub. If you don't have a Docker ID, head over to https://hub.docker.com/ to create one.";
const PAT_SUGGEST: &str = "You can log in with your password or a Personal Access Token (PAT). Using a limited-scope PAT grants better security and is required for organizations using SSO. Learn more at https://docs.docker.com/go/access-tokens/";

/// A login under way: what was given, and what is still asked for.
struct Login {
    host: String,
    key: String,
    username: String,
    password: String,
    /// The username kept by an earlier login, offered when none is typed.
    default_user: String,
}

impl Login {
    /// Asks for the password, which is not shown as it is typed.
    fn ask_password(self, cx: &mut Ctx) -> Exec {
        if self.key == Network::credentials_key("docker.io") {
            cx.io.err(&super::note::info(
                cx.io.stdout_is_terminal,
                "A Personal Access Token (PAT) can be used instead.\nTo create a PAT, visit \x1b[4mhttps://app.docker.com/settings\x1b[0m\n\n",
            ));
        }
        Exec::Prompt {
            question: "Password: ".to_string(),
            then: Box::new(Asking::Password(self)),
        }
    }

    /// Checks the credentials with the registry and keeps them: `Login Succeeded`.
    fn finish(self, cx: &mut Ctx) -> i32 {
        let creds = Credentials {
            username: self.username,
            password: self.password,
        };
        if let Err(e) = check(cx, &self.host, &creds) {
            cx.io.err(&format!("Error response from daemon: {e}\n"));
            return 1;
        }
        let existing = cx.host.read(CONFIG_FILE).ok();
        let Some(bytes) = credentials::update(existing.as_deref(), &self.key, Some(&creds)) else {
            return 1;
        };
        // The CLI's file store writes (and warns) only when the credentials changed.
        if existing.as_deref() != Some(bytes.as_slice()) {
            if let Err(e) = cx.host.write(CONFIG_FILE, Bytes::from(bytes)) {
                cx.io.err(&format!(
                    "Error saving credentials: {}: {}\n",
                    CONFIG_FILE,
                    e.reason()
                ));
                return 1;
            }
            cx.io.err(&format!(
                "\nWARNING! Your credentials are stored unencrypted in '{CONFIG_FILE}'.\nConfigure a credential helper to remove this warning. See\nhttps://docs.docker.com/go/credential-store/\n\n"
            ));
        }
        cx.io.out("Login Succeeded\n");
        0
    }
}

/// The question `docker login` waits on (docker/cli's PromptUserForCredentials).
enum Asking {
    Username(Login),
    Password(Login),
}

impl Ask for Asking {
    fn answer(self: Box<Self>, cx: &mut Ctx, line: Option<&str>) -> Exec {
        let line = line.unwrap_or("").trim();
        match *self {
            Asking::Username(mut login) => {
                login.username = match line {
                    "" => login.default_user.clone(),
                    typed => typed.to_string(),
                };
                if login.username.is_empty() {
                    cx.io.err("Error: Non-null Username Required\n");
                    return Exec::Done(1);
                }
                if login.password.is_empty() {
                    return login.ask_password(cx);
                }
                Exec::Done(login.finish(cx))
            }
            Asking::Password(mut login) => {
                // The Enter typed was not echoed: the CLI ends the line itself.
                cx.io.out("\n");
                if line.is_empty() {
                    cx.io.err("Error: Password Required\n");
                    return Exec::Done(1);
                }
                login.password = line.to_string();
                Exec::Done(login.finish(cx))
            }
        }
    }

    fn secret(&self) -> bool {
        matches!(self, Asking::Password(_))
    }
}

/// Why the daemon refused a login.
enum Refused {
    /// The registry's answer, or the failure to reach it (with the network).
    Net(crate::registry::network::NetError),
    /// No registry of the session has that name (`lookup H: no such host`).
    NoSuchHost(String),
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refused::Net(e) => write!(f, "{e}"),
            Refused::NoSuchHost(host) => f.write_str(&super::pull::unreachable(host)),
        }
    }
}

/// The daemon's check of `creds` for `host`: the registry's, with the network; without
/// it, any credentials for a registry the session has.
fn check(cx: &mut Ctx, host: &str, creds: &Credentials) -> Result<(), Refused> {
    let now = cx.now;
    if let Some((net, _)) = cx.registries.network_mut() {
        return net.login(host, creds, now).map_err(Refused::Net);
    }
    if cx.registries.has_registry(host) {
        Ok(())
    } else {
        Err(Refused::NoSuchHost(host.to_string()))
    }
}

pub fn logout(cx: &mut Ctx, args: &[String]) -> i32 {
    let p = match parse_flags(cx, &LOGOUT_USAGE, args, &[]) {
        Ok(p) => p,
        Err(code) => return code,
    };
    if let Err(code) = check_args(cx, &LOGOUT_USAGE, &p, Args::AtMost(1)) {
        return code;
    }
    let (host, key) = server(p.args.first().map(String::as_str));
    cx.io
        .out(&format!("Removing login credentials for {key}\n"));
    if let Some((net, _)) = cx.registries.network_mut() {
        net.set_credentials(&host, None);
    }
    let existing = cx.host.read(CONFIG_FILE).ok();
    if let Some(bytes) = credentials::update(existing.as_deref(), &key, None) {
        let _ = cx.host.write(CONFIG_FILE, Bytes::from(bytes));
    }
    0
}

#[cfg(test)]
mod tests {
    use crate::host::MemHost;
    use crate::page::LineOutput;
    use crate::Session;

    /// On a terminal (the page), what `docker login` is not given is asked for as
    /// docker/cli v28.2.2's PromptUserForCredentials asks: Docker Hub's hints, the
    /// username, the PAT note, then the password, typed blind.
    #[test]
    fn a_terminal_is_asked_for_the_username_and_password() {
        let mut s = Session::new(Box::new(MemHost::new()));
        s.set_interactive(true);
        let out = LineOutput::run(&mut s, "docker login");
        assert_eq!(
            out.stderr,
            "Failed to start web-based login - falling back to command line login...\n\n"
        );
        assert!(out
            .stdout
            .starts_with("Log in with your Docker ID or email address"));
        assert!(
            out.stdout.ends_with("access-tokens/\n\nUsername: "),
            "{out:?}"
        );
        assert!(out.awaiting_answer && !out.secret);
        let out = LineOutput::run(&mut s, "  alice ");
        assert!(out
            .stderr
            .contains("A Personal Access Token (PAT) can be used instead."));
        assert_eq!(out.stdout, "Password: ");
        assert!(out.awaiting_answer && out.secret);
        let out = LineOutput::run(&mut s, "s3cret");
        assert_eq!(out.stdout, "\nLogin Succeeded\n");
        assert!(out
            .stderr
            .contains("WARNING! Your credentials are stored unencrypted"));
        assert!(!out.awaiting_answer && !out.secret);
        assert_eq!(out.exit_code, 0);
        // Kept under Docker Hub's key; a second `docker login` uses them without asking.
        let out = LineOutput::run(&mut s, "docker login");
        assert!(out
            .stderr
            .starts_with("Authenticating with existing credentials... [Username: alice]\n"));
        assert_eq!(out.stdout, "Login Succeeded\n");
        assert!(!out.awaiting_answer);
        // An empty password, and input from a pipe, are refused as the CLI refuses them.
        let out = LineOutput::run(&mut s, "docker login -u bob");
        assert_eq!(out.stdout, "Password: ");
        let out = LineOutput::run(&mut s, "");
        assert_eq!(
            (out.stderr.as_str(), out.exit_code),
            ("Error: Password Required\n", 1)
        );
        let out = LineOutput::run(&mut s, "echo x | docker login -u bob");
        assert_eq!(
            out.stderr,
            "Error: Cannot perform an interactive login from a non TTY device\n"
        );
    }

    /// A script (the native binary) is not a terminal: nothing is asked.
    #[test]
    fn a_script_is_not_asked() {
        let mut s = Session::new(Box::new(MemHost::new()));
        let out = LineOutput::run(&mut s, "docker login -u bob");
        assert_eq!(
            (out.stderr.as_str(), out.exit_code, out.awaiting_answer),
            (
                "Error: Cannot perform an interactive login from a non TTY device\n",
                1,
                false
            )
        );
    }
}
