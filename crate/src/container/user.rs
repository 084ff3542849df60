//! `USER name[:group]` and `--chown=user:group`: names or numbers, looked up in the
//! filesystem's `/etc/passwd` and `/etc/group` as runc and BuildKit do.

use super::rootfs::Rootfs;
use std::fmt;

/// A `USER` name the filesystem does not know, with runc's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UserError {
    /// No `/etc/passwd` entry has this name.
    UnknownUser { name: String },
    /// No `/etc/group` entry has this name.
    UnknownGroup { name: String },
}

impl fmt::Display for UserError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UserError::UnknownUser { name } => write!(
                f,
                "unable to find user {name}: no matching entries in passwd file"
            ),
            UserError::UnknownGroup { name } => write!(
                f,
                "unable to find group {name}: no matching entries in group file"
            ),
        }
    }
}

impl std::error::Error for UserError {}

/// The text, for callers that keep a step's message as a string.
impl From<UserError> for String {
    fn from(e: UserError) -> String {
        e.to_string()
    }
}

fn find(fs: &Rootfs, file: &str, name: &str) -> Option<(u64, Option<u64>)> {
    let data = fs.read_file(file).ok()?;
    String::from_utf8_lossy(&data).lines().find_map(|l| {
        let f: Vec<&str> = l.split(':').collect();
        if f.first() != Some(&name) {
            return None;
        }
        let id = f.get(2)?.parse().ok()?;
        Some((id, f.get(3).and_then(|g| g.parse().ok())))
    })
}

/// The login group of a uid, from `/etc/passwd`.
pub fn login_group(fs: &Rootfs, uid: u64) -> Option<u64> {
    let b = fs.read_file("/etc/passwd").ok()?;
    String::from_utf8_lossy(&b).lines().find_map(|l| {
        let f: Vec<&str> = l.split(':').collect();
        (f.get(2)?.parse::<u64>().ok()? == uid).then(|| f.get(3)?.parse().ok())?
    })
}

/// (uid, gid) for `user[:group]`. A numeric user without a group gets gid 0 unless
/// /etc/passwd names its login group; an unknown name is an error with runc's text.
pub fn resolve(fs: &Rootfs, spec: &str) -> Result<(u64, u64), UserError> {
    let (user, group) = match spec.split_once(':') {
        Some((u, g)) => (u, Some(g)),
        None => (spec, None),
    };
    let (uid, login_gid) = if user.is_empty() {
        (0, Some(0))
    } else if let Ok(n) = user.parse::<u64>() {
        (n, login_group(fs, n))
    } else {
        match find(fs, "/etc/passwd", user) {
            Some((id, g)) => (id, g),
            None => {
                return Err(UserError::UnknownUser {
                    name: user.to_string(),
                })
            }
        }
    };
    let gid = match group {
        None | Some("") => login_gid.unwrap_or(0),
        Some(g) => match g.parse::<u64>() {
            Ok(n) => n,
            Err(_) => match find(fs, "/etc/group", g) {
                Some((id, _)) => id,
                None => {
                    return Err(UserError::UnknownGroup {
                        name: g.to_string(),
                    })
                }
            },
        },
    };
    Ok((uid, gid))
}
