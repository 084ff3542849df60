//! `docker login` and `docker logout` (docker/cli v28.2.2 cli/command/registry): the
//! credentials are checked by the registry (the daemon's loginV2: ping, then `GET /v2/`
//! with them), then kept in the host's `.docker/config.json` as the CLI keeps them.
//! Without the network the session's registries are open ones, as a registry without
//! auth: any credentials log in.

use super::{check_args, parse_flags, Args, Usage};
use crate::cli::flags::{flag, value, Spec};
use crate::cli::Ctx;
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

pub fn run(cx: &mut Ctx, args: &[String]) -> i32 {
    let p = match parse_flags(cx, &USAGE, args, SPECS) {
        Ok(p) => p,
        Err(code) => return code,
    };
    if let Err(code) = check_args(cx, &USAGE, &p, Args::AtMost(1)) {
        return code;
    }
    let username = p.value("username").unwrap_or("").trim().to_string();
    let mut password = p.value("password").unwrap_or("").to_string();
    if p.on("password-stdin") {
        if p.value("password").is_some() {
            cx.io
                .err("conflicting options: cannot specify both --password and --password-stdin\n");
            return 1;
        }
        if username.is_empty() {
            cx.io
                .err("the --password-stdin option requires --username to be set\n");
            return 1;
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
    if let (true, true, Some(creds)) = (username.is_empty(), password.is_empty(), stored) {
        let header = if cx.io.stdout_is_terminal {
            "\x1b[1m\x1b[106m\x1b[30mi\x1b[0m\x1b[0m \x1b[96mInfo \u{2192} \x1b[0m\x1b[0m\x1b[3mTo login with a different account, run 'docker logout' followed by 'docker login'\x1b[0m"
        } else {
            " Info -> To login with a different account, run 'docker logout' followed by 'docker login'"
        };
        cx.io.err(&format!(
            "Authenticating with existing credentials... [Username: {}]\n\n{header}\n\n\n",
            creds.username
        ));
        match check(cx, &host, &creds) {
            Ok(()) => {
                cx.io.out("Login Succeeded\n");
                return 0;
            }
            // The daemon's failure is not typed as unauthorized (moby v28 loginV2), so
            // the CLI says this rather than "Stored credentials invalid or expired".
            Err(e) => cx.io.err(&format!(
                "Login did not succeed, error: Error response from daemon: {e}\n"
            )),
        }
    }
    if username.is_empty() || password.is_empty() {
        // The CLI would ask for what is missing; this terminal cannot hide a password.
        cx.io
            .err("Error: Cannot perform an interactive login from a non TTY device\n");
        return 1;
    }
    let creds = Credentials { username, password };
    if let Err(e) = check(cx, &host, &creds) {
        cx.io.err(&format!("Error response from daemon: {e}\n"));
        return 1;
    }
    let Some(bytes) = credentials::update(existing.as_deref(), &key, Some(&creds)) else {
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
