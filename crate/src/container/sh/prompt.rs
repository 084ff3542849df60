//! The prompt an interactive shell prints in a container, as the real image's shell
//! would with its default settings, for root:
//! - busybox's `ash` (busybox, alpine): `\w \$ ` (busybox shell/ash.c's default PS1 for
//!   root is `\w # `; `\w` shows the home directory as `~`): `/ # `, `/tmp # `, `~ # `;
//! - `dash` (`sh` in Debian and Ubuntu images): `# ` (dash's default PS1 for root);
//! - `bash` in a Debian or Ubuntu image: `/etc/bash.bashrc` sets
//!   `${debian_chroot:+($debian_chroot)}\u@\h:\w\$ `: `root@3f4e5a6b7c8d:/# `;
//! - `bash` in a Red Hat image (CentOS): `/etc/bashrc` sets `[\u@\h \W]\$ `:
//!   `[root@3f4e5a6b7c8d /]# `;
//! - `bash` anywhere else: bash's built-in default `\s-\v\$ `: `bash-5.2# ` (`sh-4.4# `
//!   for CentOS's `/bin/sh`, which is bash and reads no bashrc as `sh`).

use super::Env;
use crate::container::rootfs::Rootfs;

/// The flavour of prompt a shell started as `program` prints in `fs`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    Ash,
    Dash,
    DebianBash,
    RedHatBash,
    Bash,
}

impl Style {
    /// The style of `program` (a path or a name: `/bin/sh`, `bash`) in this rootfs.
    pub fn of(fs: &Rootfs, program: &str) -> Style {
        let name = program.rsplit('/').next().unwrap_or(program);
        let is_dash = |p: &str| fs.readlink(p).is_ok_and(|t| t.ends_with("dash"));
        match name {
            "bash" if fs.exists("/etc/debian_version") || fs.exists("/etc/bash.bashrc") => {
                Style::DebianBash
            }
            "bash" if fs.exists("/etc/redhat-release") || fs.exists("/etc/bashrc") => {
                Style::RedHatBash
            }
            "bash" => Style::Bash,
            "dash" => Style::Dash,
            "sh" if is_dash("/bin/sh") || is_dash("/usr/bin/sh") => Style::Dash,
            "sh" if fs.readlink("/bin/sh").is_ok_and(|t| t.ends_with("bash"))
                || fs
                    .readlink("/usr/bin/sh")
                    .is_ok_and(|t| t.ends_with("bash")) =>
            {
                // CentOS: /bin/sh is bash run as sh, which reads no bashrc: `sh-4.4# `.
                Style::Bash
            }
            _ => Style::Ash,
        }
    }

    /// The prompt for a shell in `env` (its working directory and `HOME`) on `hostname`.
    pub fn prompt(self, env: &Env, hostname: &str, program: &str) -> String {
        let home = env.get("HOME").unwrap_or("/root").to_string();
        let cwd = env.cwd.as_str();
        let tilde = |w: &str| -> String {
            if !home.is_empty() && home != "/" {
                if w == home {
                    return "~".into();
                }
                if let Some(rest) = w.strip_prefix(&format!("{home}/")) {
                    return format!("~/{rest}");
                }
            }
            w.to_string()
        };
        let w = tilde(cwd);
        match self {
            Style::Ash => format!("{w} # "),
            Style::Dash => "# ".into(),
            Style::DebianBash => format!("root@{hostname}:{w}# "),
            Style::RedHatBash => {
                let base = if w == "~" || cwd == "/" {
                    w.clone()
                } else {
                    cwd.rsplit('/').next().unwrap_or(cwd).to_string()
                };
                format!("[root@{hostname} {base}]# ")
            }
            Style::Bash => {
                let name = program.rsplit('/').next().unwrap_or(program);
                // `\s-\v`: the name it was started as and bash's version. Only CentOS's
                // `sh` (bash 4.4) gets here among the demo images; any other image's bash
                // is taken to be Debian 12's 5.2.
                if name == "sh" {
                    "sh-4.4# ".into()
                } else {
                    "bash-5.2# ".into()
                }
            }
        }
    }
}
