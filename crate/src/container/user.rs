//! `USER name[:group]` and `--chown=user:group`: names or numbers, looked up in the
//! filesystem's `/etc/passwd` and `/etc/group` as runc and BuildKit do.

use super::rootfs::Rootfs;

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
pub fn resolve(fs: &Rootfs, spec: &str) -> Result<(u64, u64), String> {
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
                return Err(format!(
                    "unable to find user {user}: no matching entries in passwd file"
                ))
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
                    return Err(format!(
                        "unable to find group {g}: no matching entries in group file"
                    ))
                }
            },
        },
    };
    Ok((uid, gid))
}
