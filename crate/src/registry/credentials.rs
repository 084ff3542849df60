//! Where `docker login` keeps credentials: the host's `.docker/config.json`, in the
//! Docker CLI's format (`{"auths": {"host": {"auth": base64("user:pass")}}}`, written
//! with tabs), so that a real Docker pointed at the same file reads them.

use super::distribution::Credentials;
use base64::Engine;
use serde_json::{Map, Value};

/// The file, relative to the host directory (the page's host files).
pub const CONFIG_FILE: &str = ".docker/config.json";

/// The credentials a config file holds, by the key they are kept under (`localhost:5000`,
/// `https://index.docker.io/v1/`). Entries that do not decode are skipped.
pub fn parse(bytes: &[u8]) -> Vec<(String, Credentials)> {
    let Ok(v) = serde_json::from_slice::<Value>(bytes) else {
        return Vec::new();
    };
    let Some(auths) = v.get("auths").and_then(Value::as_object) else {
        return Vec::new();
    };
    auths
        .iter()
        .filter_map(|(host, entry)| {
            let auth = entry.get("auth")?.as_str()?;
            let raw = base64::engine::general_purpose::STANDARD
                .decode(auth)
                .ok()?;
            let text = String::from_utf8(raw).ok()?;
            let (username, password) = text.split_once(':')?;
            Some((
                host.clone(),
                Credentials {
                    username: username.to_string(),
                    password: password.to_string(),
                },
            ))
        })
        .collect()
}

/// The config file with `key`'s entry set (or removed with `None`); everything else in
/// it is kept. `None` when removing what is not there.
pub fn update(
    existing: Option<&[u8]>,
    key: &str,
    credentials: Option<&Credentials>,
) -> Option<Vec<u8>> {
    let mut root: Map<String, Value> = existing
        .and_then(|b| serde_json::from_slice::<Value>(b).ok())
        .and_then(|v| match v {
            Value::Object(m) => Some(m),
            _ => None,
        })
        .unwrap_or_default();
    let auths = root
        .entry("auths")
        .or_insert_with(|| Value::Object(Map::new()));
    if !auths.is_object() {
        *auths = Value::Object(Map::new());
    }
    let Value::Object(auths) = auths else {
        return None;
    };
    match credentials {
        Some(c) => {
            let pair = format!("{}:{}", c.username, c.password);
            let mut entry = Map::new();
            entry.insert(
                "auth".into(),
                Value::String(base64::engine::general_purpose::STANDARD.encode(pair)),
            );
            auths.insert(key.to_string(), Value::Object(entry));
        }
        None => {
            auths.remove(key)?;
        }
    }
    let mut out = Vec::new();
    let fmt = serde_json::ser::PrettyFormatter::with_indent(b"\t");
    let mut ser = serde_json::Serializer::with_formatter(&mut out, fmt);
    // Serialising a Value into a Vec cannot fail.
    let _ = serde::Serialize::serialize(&Value::Object(root), &mut ser);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_in_dockers_format() {
        let c = Credentials {
            username: "user".into(),
            password: "pa:ss".into(),
        };
        let bytes = update(None, "localhost:5000", Some(&c)).unwrap();
        assert_eq!(
            String::from_utf8(bytes.clone()).unwrap(),
            "{\n\t\"auths\": {\n\t\t\"localhost:5000\": {\n\t\t\t\"auth\": \"dXNlcjpwYTpzcw==\"\n\t\t}\n\t}\n}"
        );
        assert_eq!(parse(&bytes), [("localhost:5000".to_string(), c)]);
        let removed = update(Some(&bytes), "localhost:5000", None).unwrap();
        assert!(parse(&removed).is_empty());
        assert_eq!(update(Some(&removed), "localhost:5000", None), None);
        assert!(parse(b"not json").is_empty());
    }
}
