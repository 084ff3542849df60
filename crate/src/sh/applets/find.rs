//! `find ROOT... [-name P] [-iname P] [-type c] [-maxdepth N] [-mindepth N] [-print]`:
//! walks the trees depth first, names in order, without following symbolic links.

use super::{Ctx, Flavour};
use crate::sh::fs::Kind;

pub fn find(args: &[String], cx: &mut Ctx) -> i32 {
    let mut roots = Vec::new();
    let mut i = 0;
    while let Some(a) = args.get(i) {
        if a.starts_with('-') || a == "!" || a == "(" {
            break;
        }
        roots.push(a.clone());
        i += 1;
    }
    if roots.is_empty() {
        roots.push(".".into());
    }
    let mut name: Option<(String, bool)> = None;
    let mut kind: Option<char> = None;
    let mut max_depth = usize::MAX;
    let mut min_depth = 0;
    while let Some(a) = args.get(i) {
        let val = args.get(i + 1).cloned();
        match (a.as_str(), val) {
            ("-name" | "-iname", Some(v)) => {
                name = Some((v, a == "-iname"));
                i += 1;
            }
            ("-type", Some(v)) => {
                kind = v.chars().next();
                i += 1;
            }
            ("-maxdepth", Some(v)) => {
                max_depth = v.parse().unwrap_or(usize::MAX);
                i += 1;
            }
            ("-mindepth", Some(v)) => {
                min_depth = v.parse().unwrap_or(0);
                i += 1;
            }
            ("-print", _) => {}
            (other, _) => {
                cx.err(&match cx.flavour {
                    Flavour::Gnu => format!("find: unknown predicate `{other}'\n"),
                    Flavour::Busybox => format!("find: unrecognized: {other}\n"),
                });
                return 1;
            }
        }
        i += 1;
    }
    let mut code = 0;
    for root in roots {
        if let Err(e) = cx.fs.lstat(&root) {
            cx.err(&match cx.flavour {
                Flavour::Gnu => format!("find: '{root}': {}\n", e.reason()),
                Flavour::Busybox => format!("find: {root}: {}\n", e.reason()),
            });
            code = 1;
            continue;
        }
        let mut stack = vec![(root.clone(), 0usize)];
        while let Some((shown, depth)) = stack.pop() {
            let Ok(st) = cx.fs.lstat(&shown) else {
                continue;
            };
            let base = shown
                .trim_end_matches('/')
                .rsplit('/')
                .next()
                .unwrap_or("")
                .to_string();
            let name_ok = name.as_ref().is_none_or(|(pat, icase)| {
                let (pat, base) = if *icase {
                    (pat.to_lowercase(), base.to_lowercase())
                } else {
                    (pat.clone(), base.clone())
                };
                let p: Vec<(char, bool)> = pat.chars().map(|c| (c, "*?[".contains(c))).collect();
                let t: Vec<char> = base.chars().collect();
                crate::sh::expand::glob_match(&p, &t)
            });
            let kind_ok = kind.is_none_or(|k| match k {
                'f' => st.kind == Kind::File,
                'd' => st.kind == Kind::Dir,
                'l' => st.kind == Kind::Symlink,
                'c' => st.kind == Kind::Char,
                'b' => st.kind == Kind::Block,
                'p' => st.kind == Kind::Fifo,
                _ => false,
            });
            if name_ok && kind_ok && depth >= min_depth {
                cx.out(&format!("{shown}\n"));
            }
            if st.is_dir() && depth < max_depth {
                if let Ok(children) = cx.fs.list(&shown) {
                    for (n, _) in children.into_iter().rev() {
                        let s = if shown.ends_with('/') {
                            format!("{shown}{n}")
                        } else {
                            format!("{shown}/{n}")
                        };
                        stack.push((s, depth + 1));
                    }
                }
            }
        }
    }
    code
}
