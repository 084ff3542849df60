//! Replays the fuzzers' saved corpora (`fuzz/corpus/<target>/`) and the inputs that once
//! failed (`fuzz/regressions/<target>/`) through the same checks the fuzz targets run
//! (`fuzz/src/checks.rs`), plus the reference archives in ../shared/fixtures through the
//! load check. Seconds, not minutes; the fuzzing itself is `scripts/fuzz.sh` (FUZZING.md).

#![cfg(not(target_arch = "wasm32"))]

#[path = "../../fuzz/src/checks.rs"]
mod checks;
mod common;

use std::path::{Path, PathBuf};

fn inputs(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| rd.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|p| p.is_file());
    files.sort();
    files
}

fn replay(target: &str, check: fn(&[u8]), files: &[PathBuf]) {
    for f in files {
        let data = std::fs::read(f).unwrap();
        let result = std::panic::catch_unwind(|| check(&data));
        assert!(
            result.is_ok(),
            "fuzz target {target} fails on {}",
            f.display()
        );
    }
}

#[test]
fn every_target_has_a_corpus_and_passes_it() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz");
    for (target, check) in checks::TARGETS {
        let corpus = inputs(&root.join("corpus").join(target));
        assert!(!corpus.is_empty(), "fuzz/corpus/{target} is empty");
        replay(target, *check, &corpus);
        replay(
            target,
            *check,
            &inputs(&root.join("regressions").join(target)),
        );
    }
}

#[test]
fn reference_archives_pass_the_load_check() {
    let Some(fixtures) = common::shared_fixtures() else {
        return;
    };
    for dir in ["dive", "ggcr"] {
        let files: Vec<PathBuf> = inputs(&fixtures.join(dir))
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == "tar"))
            .collect();
        assert!(
            !files.is_empty(),
            "no archives in {}",
            fixtures.join(dir).display()
        );
        replay("load", checks::load, &files);
    }
}
