//! `basename PATH [SUFFIX]` and `dirname PATH`: path names taken apart as text.

use super::Ctx;

pub fn basename(args: &[String], cx: &mut Ctx) -> i32 {
    let Some(p) = args.first() else {
        return cx.usage("basename", "FILE [SUFFIX]", "missing operand");
    };
    let t = p.trim_end_matches('/');
    let mut b = t.rsplit('/').next().unwrap_or("").to_string();
    if t.is_empty() && p.starts_with('/') {
        b = "/".into();
    }
    if let Some(suffix) = args.get(1) {
        if b.len() > suffix.len() {
            if let Some(s) = b.strip_suffix(suffix.as_str()) {
                b = s.to_string();
            }
        }
    }
    cx.out(&format!("{b}\n"));
    0
}

pub fn dirname(args: &[String], cx: &mut Ctx) -> i32 {
    let Some(p) = args.first() else {
        return cx.usage("dirname", "FILENAME", "missing operand");
    };
    let t = p.trim_end_matches('/');
    let d = match t.rsplit_once('/') {
        Some((d, _)) if !d.trim_end_matches('/').is_empty() => d.trim_end_matches('/').to_string(),
        Some(_) => "/".into(),
        None if p.starts_with('/') => "/".into(),
        None => ".".into(),
    };
    cx.out(&format!("{d}\n"));
    0
}
