#![cfg(not(target_arch = "wasm32"))]
//! BuildKit's own Dockerfile test data, carried over (see tests/dockerfile/README.md for where
//! each file comes from), and BuildKit's Go table tests as Rust tests.
//!
//! - `testfiles/*/Dockerfile` parse, and the AST dump equals `result` byte for byte.
//! - `testfiles-negative/*/Dockerfile` fail to parse.
//! - `envVarTest` and `wordsTest`: the shell lexer, line by line.

use layerlab::dockerfile::instructions::{split_stages, Command, Healthcheck};
use layerlab::dockerfile::parser::parse;
use layerlab::dockerfile::scope::{expand_stages, BuildOptions, Platform};
use layerlab::dockerfile::shell::{EnvMap, Lex, LexErrorKind};
use layerlab::dockerfile::{Dockerfile, Error};
use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

fn data(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/dockerfile")
        .join(rel)
}

fn read(p: &Path) -> String {
    fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// Cases deliberately not compared, with why.
const SKIPPED: &[(&str, &str)] = &[(
    "escape-nonewline",
    "this copy (moby, 2017) opens with `# escape = ``` (two backticks), which the moby parser of \
     the time read as its first character only; BuildKit takes the whole value and rejects it \
     (\"invalid escape token '``' does not match ` or \\\"), so BuildKit's own copy of this case \
     must differ. Checked below: we reject it with BuildKit's error.",
)];

#[test]
fn testfiles_dump_as_buildkit_results() {
    let mut dirs: Vec<PathBuf> = fs::read_dir(data("testfiles"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    dirs.sort();
    let (mut passed, mut failed, mut skipped) = (0, Vec::new(), 0);
    for dir in &dirs {
        let name = dir.file_name().unwrap().to_string_lossy().to_string();
        if SKIPPED.iter().any(|(n, _)| *n == name) {
            skipped += 1;
            continue;
        }
        let src = read(&dir.join("Dockerfile"));
        let expected = read(&dir.join("result"));
        match parse(&src) {
            Ok(ast) if ast.dump() == expected => passed += 1,
            Ok(ast) => failed.push(format!(
                "{name}:\n--- expected\n{expected}--- got\n{}",
                ast.dump()
            )),
            Err(e) => failed.push(format!("{name}: {e}")),
        }
    }
    println!(
        "testfiles: {passed} passed, {} failed, {skipped} skipped",
        failed.len()
    );
    assert!(failed.is_empty(), "{}", failed.join("\n"));
    assert_eq!(passed + skipped, dirs.len());
}

#[test]
fn escape_nonewline_is_rejected_as_buildkit_rejects_it() {
    let src = read(&data("testfiles/escape-nonewline/Dockerfile"));
    let err = parse(&src).unwrap_err();
    assert_eq!(
        err.kind.to_string(),
        "invalid escape token '``' does not match ` or \\"
    );
    assert_eq!(err.line, 1);
}

#[test]
fn testfiles_negative_fail() {
    let mut n = 0;
    for entry in fs::read_dir(data("testfiles-negative")).unwrap() {
        let dir = entry.unwrap().path();
        let src = read(&dir.join("Dockerfile"));
        // The parser, or else typing the instructions, must fail.
        let res = Dockerfile::parse(&src);
        assert!(res.is_err(), "{} parsed", dir.display());
        n += 1;
    }
    println!("testfiles-negative: {n} passed, 0 failed");
    assert!(n >= 3);
}

#[test]
fn negative_texts() {
    let err = |rel: &str| parse(&read(&data(rel))).unwrap_err().to_string();
    assert_eq!(
        err("testfiles-negative/env_no_value/Dockerfile"),
        "Dockerfile:3: ENV must have two arguments"
    );
    assert_eq!(
        err("testfiles-negative/shykes-nested-json/Dockerfile"),
        "Dockerfile:1: when using JSON array syntax, arrays must be comprised of strings only"
    );
    assert_eq!(
        err("testfiles-negative/only_comments/Dockerfile"),
        "Dockerfile:2: file with no instructions"
    );
}

// parser_test.go, TestParseIncludesLineNumbers.
#[test]
fn line_numbers() {
    let ast = parse(&read(&data("testfile-line/Dockerfile"))).unwrap();
    let lines: Vec<(usize, usize)> = ast
        .children
        .iter()
        .map(|c| (c.start_line, c.end_line))
        .collect();
    assert_eq!(lines, [(5, 5), (11, 12), (17, 31)]);
}

// parser_test.go, TestParseWarnsOnEmptyContinutationLine.
#[test]
fn warns_on_empty_continuation_line() {
    let src = "\nFROM alpine:3.6\n\nRUN something \\\n\n    following \\\n\n    more\n\nRUN another \\\n\n    thing\nRUN non-indented \\\n# this is a comment\n   after-comment\n\nRUN indented \\\n    # this is an indented comment\n    comment\n\t";
    let ast = parse(src).unwrap();
    assert_eq!(ast.warnings.len(), 2);
    assert!(ast.warnings[0]
        .message
        .contains("Empty continuation line found in"));
    assert!(ast.warnings[0]
        .message
        .contains("RUN something     following     more"));
    assert!(ast.warnings[1].message.contains("RUN another     thing"));
    let dump = ast.dump();
    assert!(
        dump.contains("(run \"non-indented    after-comment\")"),
        "{dump}"
    );
    assert!(dump.contains("(run \"indented     comment\")"), "{dump}");
}

// parser_test.go, TestParseReturnsScannerErrors.
#[test]
fn long_line_is_an_error() {
    let src = format!(
        "\n\t\tFROM image\n\t\tLABEL test={}\n",
        "a".repeat(64 * 1024)
    );
    let err = parse(&src).unwrap_err();
    assert_eq!(
        err.kind.to_string(),
        "dockerfile line greater than max allowed size of 65535"
    );
}

// parser_heredoc_test.go, TestParseExtractsHeredoc.
#[test]
fn extracts_heredocs() {
    let src = "\nFROM alpine:3.6\n\nENV NAME=me\n\nRUN ls\n\nUSER <<INVALID\nINVALID\n\nRUN <<EMPTY\nEMPTY\n\nRUN 3<<EMPTY2\nEMPTY2\n\nRUN \"<<NOHEREDOC\"\n\nRUN <<INDENT\n\tfoo\n\tbar\nINDENT\n\nRUN <<-UNINDENT\n\tbaz\n\tquux\nUNINDENT\n\nRUN <<-UNINDENT2\n\tbaz\n\tquux\n\tUNINDENT2\n\nRUN <<-EXPAND\n\texpand $NAME\nEXPAND\n\nRUN <<-'NOEXPAND'\n\tdon't expand $NAME\nNOEXPAND\n\nRUN <<COPY\necho hello world\necho foo bar\nCOPY\n\nRUN <<COMMENT\n# internal comment\necho hello world\necho foo bar # trailing comment\nCOMMENT\n\nRUN --mount=type=cache,target=/foo <<MOUNT\necho hello\nMOUNT\n\nCOPY <<FILE1 <<FILE2 /dest\ncontent 1\nFILE1\ncontent 2\nFILE2\n\nCOPY <<X <<Y /dest\nY\nX\nX\nY\n\t";
    // (name, fd, expand, chomp, content) per instruction after FROM; None: no heredoc.
    type H = (&'static str, u32, bool, bool, &'static str);
    let expected: Vec<Vec<H>> = vec![
        vec![],
        vec![],
        vec![],
        vec![],
        vec![("EMPTY", 0, true, false, "")],
        vec![("EMPTY2", 3, true, false, "")],
        vec![],
        vec![("INDENT", 0, true, false, "\tfoo\n\tbar\n")],
        vec![("UNINDENT", 0, true, true, "\tbaz\n\tquux\n")],
        vec![("UNINDENT2", 0, true, true, "\tbaz\n\tquux\n")],
        vec![("EXPAND", 0, true, true, "\texpand $NAME\n")],
        vec![("NOEXPAND", 0, false, true, "\tdon't expand $NAME\n")],
        vec![("COPY", 0, true, false, "echo hello world\necho foo bar\n")],
        vec![(
            "COMMENT",
            0,
            true,
            false,
            "# internal comment\necho hello world\necho foo bar # trailing comment\n",
        )],
        vec![("MOUNT", 0, true, false, "echo hello\n")],
        vec![
            ("FILE1", 0, true, false, "content 1\n"),
            ("FILE2", 0, true, false, "content 2\n"),
        ],
        vec![("X", 0, true, false, "Y\n"), ("Y", 0, true, false, "X\n")],
    ];
    let ast = parse(src).unwrap();
    for (i, want) in expected.iter().enumerate() {
        let got: Vec<H> = ast.children[i + 1]
            .heredocs
            .iter()
            .map(|h| {
                let s: &'static str = Box::leak(h.name.clone().into_boxed_str());
                let c: &'static str = Box::leak(h.content.clone().into_boxed_str());
                (s, h.fd, h.expand, h.chomp, c)
            })
            .collect();
        assert_eq!(&got, want, "instruction {}", i + 1);
    }
}

// TestParseJSONHeredoc.
#[test]
fn json_form_has_no_heredocs() {
    let ast =
        parse("\nFROM alpine:3.6\n\nRUN [\"whoami\"]\nRUN [\"<<EOF\"]\nRUN [\"<<'EOF'\"]\n\t")
            .unwrap();
    for i in 1..=3 {
        assert!(ast.children[i].heredocs.is_empty());
    }
}

#[test]
fn unterminated_heredoc() {
    let err = parse("FROM a\nRUN <<EOF\necho hi\n").unwrap_err();
    assert_eq!(err.to_string(), "Dockerfile:2: unterminated heredoc");
    assert_eq!((err.line, err.end_line), (2, 3));
}

#[test]
fn onbuild_heredoc_and_flags_in_dump() {
    let ast =
        parse("FROM a\nONBUILD RUN <<EOF\necho hi\nEOF\nONBUILD COPY --from=b x y\n").unwrap();
    assert_eq!(ast.children[1].heredocs[0].content, "echo hi\n");
    assert_eq!(ast.children[1].end_line, 4);
    assert_eq!(
        ast.dump(),
        "(from \"a\")\n(onbuild (run \"<<EOF\"))\n(onbuild (copy [\"--from=b\"] \"x\" \"y\"))\n"
    );
}

#[test]
fn dump_with_separators_is_buildkit_0_14_format() {
    let ast = parse("FROM a\nENV k v\nLABEL a=b c=d\n").unwrap();
    assert_eq!(
        ast.dump_with_separators(),
        "(from \"a\")\n(env \"k\" \"v\" \"\")\n(label \"a\" \"b\" \"=\" \"c\" \"d\" \"=\")\n"
    );
}

#[test]
fn directives_and_case() {
    let ast = parse("# syntax=docker/dockerfile:1\n# check=skip=all\n# escape=`\nfrom alpine\nRuN echo a `\n  b\n").unwrap();
    assert_eq!(ast.escape, '`');
    let names: Vec<&str> = ast.directives.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(names, ["syntax", "check", "escape"]);
    assert_eq!(ast.dump(), "(from \"alpine\")\n(run \"echo a   b\")\n");
    // A blank line ends the directives.
    let ast = parse("\n# escape=`\nFROM a\n").unwrap();
    assert_eq!(ast.escape, '\\');
    assert_eq!(
        parse("# escape=\\\n# escape=`\nFROM a\n")
            .unwrap_err()
            .kind
            .to_string(),
        "only one escape parser directive can be used"
    );
}

#[test]
fn bom_and_crlf() {
    let ast = parse("\u{feff}FROM a\r\nRUN b \\\r\n  c\r\n").unwrap();
    assert_eq!(ast.dump(), "(from \"a\")\n(run \"b   c\")\n");
}

// ---- instructions (instructions/parse_test.go) ----

fn instr_err(src: &str) -> String {
    let ast = parse(src).unwrap();
    layerlab::dockerfile::instructions::parse_instruction(&ast.children[0])
        .unwrap_err()
        .kind
        .to_string()
}

#[test]
fn commands_exactly_one_argument() {
    for cmd in ["MAINTAINER", "WORKDIR", "USER", "STOPSIGNAL"] {
        assert_eq!(
            instr_err(cmd),
            format!("{cmd} requires exactly one argument")
        );
    }
}

#[test]
fn commands_at_least_one_argument() {
    for cmd in ["ENV", "LABEL", "ONBUILD", "HEALTHCHECK", "EXPOSE", "VOLUME"] {
        assert_eq!(
            instr_err(cmd),
            format!("{cmd} requires at least one argument")
        );
    }
}

#[test]
fn commands_no_destination_argument() {
    for cmd in ["ADD", "COPY"] {
        assert_eq!(
            instr_err(&format!("{cmd} arg1")),
            format!("{cmd} requires at least two arguments, but only one was provided. Destination could not be determined")
        );
    }
}

#[test]
fn commands_blank_names() {
    for cmd in ["ENV", "LABEL"] {
        assert_eq!(
            instr_err(&format!("{cmd} =arg2")),
            format!("{cmd} names can not be blank")
        );
    }
    assert_eq!(instr_err("ARG =x"), "ARG names can not be blank");
}

#[test]
fn healthcheck_cmd() {
    let df = Dockerfile::parse("FROM a\nHEALTHCHECK CMD hello world\nHEALTHCHECK --interval=5s --retries=3 CMD [\"a\", \"b\"]\nHEALTHCHECK NONE\n").unwrap();
    let cmds = &df.stages[0].commands;
    let Command::Healthcheck(Healthcheck::Cmd { test, .. }) = &cmds[0].command else {
        panic!()
    };
    assert_eq!(test, &["CMD-SHELL", "hello world"]);
    let Command::Healthcheck(Healthcheck::Cmd {
        test,
        interval,
        retries,
        ..
    }) = &cmds[1].command
    else {
        panic!()
    };
    assert_eq!(test, &["CMD", "a", "b"]);
    assert_eq!((*interval, *retries), (Some(5_000_000_000), Some(3)));
    assert_eq!(cmds[2].command, Command::Healthcheck(Healthcheck::None));
}

// TestParseOptInterval.
#[test]
fn healthcheck_interval_minimum() {
    assert_eq!(
        instr_err("HEALTHCHECK --interval=50ns CMD x"),
        "Interval \"interval\" cannot be less than 1ms"
    );
    assert!(Dockerfile::parse("FROM a\nHEALTHCHECK --interval=1ms CMD x\n").is_ok());
    assert!(Dockerfile::parse("FROM a\nHEALTHCHECK --interval=0ms CMD x\n").is_ok());
    assert_eq!(
        instr_err("HEALTHCHECK CONNECT TCP 7000"),
        "Unknown type \"CONNECT\" in HEALTHCHECK (try CMD)"
    );
    assert_eq!(
        instr_err("HEALTHCHECK NONE x"),
        "HEALTHCHECK NONE takes no arguments"
    );
    assert_eq!(
        instr_err("HEALTHCHECK CMD"),
        "Missing command after HEALTHCHECK CMD"
    );
}

// TestCommentsDetection.
#[test]
fn comments_detection() {
    let df = Dockerfile::parse("# foo sets foo\nARG foo=bar\n\n# base defines first stage\nFROM busybox AS base\n# this is irrelevant\nARG foo\n# bar defines bar\n# baz is something else\nARG bar baz=123\n").unwrap();
    assert_eq!(df.stages[0].comment, "defines first stage");
    let meta = df.global_args();
    assert_eq!(
        (meta[0].name.as_str(), meta[0].comment.as_str()),
        ("foo", "sets foo")
    );
    let Command::Arg(a) = &df.stages[0].commands[0].command else {
        panic!()
    };
    assert_eq!((a[0].name.as_str(), a[0].comment.as_str()), ("foo", ""));
    let Command::Arg(a) = &df.stages[0].commands[1].command else {
        panic!()
    };
    assert_eq!(
        (a[0].name.as_str(), a[0].comment.as_str()),
        ("bar", "defines bar")
    );
    assert_eq!(
        (a[1].name.as_str(), a[1].comment.as_str()),
        ("baz", "is something else")
    );
    assert_eq!(a[1].default.as_deref(), Some("123"));
}

// TestErrorCases.
#[test]
fn error_cases() {
    let cases = [
        ("COPY\t\n\t\tquux \\\n      bar", "COPY requires at least two arguments"),
        ("COPY /foo <<EOF\nEOF", "COPY cannot accept a heredoc as a destination"),
        ("ONBUILD FROM scratch", "FROM isn't allowed as an ONBUILD trigger"),
        ("ONBUILD MAINTAINER docker.io", "MAINTAINER isn't allowed as an ONBUILD trigger"),
        ("MAINTAINER --boo joe@example.com", "unknown flag: --boo"),
        ("ONBUILD ONBUILD RUN touch foobar", "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed"),
        ("FOO bar", "unknown instruction: FOO"),
        ("foo bar", "unknown instruction: foo"),
        ("FROM a b", "FROM requires either one or three arguments"),
        ("FROM a AS 1x", "invalid name for build stage: \"1x\", name can't start with a number or contain symbols"),
        ("SHELL bash -c", "SHELL requires the arguments to be in JSON form"),
        ("SHELL []", "SHELL requires at least one argument"),
        ("RUN --network=bridge x", "network mode \"bridge\" not supported by buildkit"),
        ("COPY --from a b", "missing a value on flag: --from"),
        ("ADD --link=maybe a b", "expecting boolean value for flag --link, not: maybe"),
        ("VOLUME [\"\"]", "VOLUME specified can not be an empty string"),
    ];
    for (src, want) in cases {
        let got = instr_err(src);
        assert!(
            got.contains(want),
            "{src:?}: {got:?} does not contain {want:?}"
        );
    }
}

#[test]
fn error_display_names_the_line() {
    let src = "FROM alpine\n\n# copy it\nCOPY a /a\nRUN x \\\n  y\nCOPPY b /b\n";
    let err = Dockerfile::parse(src).unwrap_err();
    assert_eq!(err.to_string(), "Dockerfile:7: unknown instruction: COPPY");
    let err = Dockerfile::parse("ENV a=b\n").unwrap_err();
    assert_eq!(
        err.to_string(),
        "Dockerfile:1: no build stage in current context"
    );
    let err: Error = Dockerfile::parse("FROM a\nENV x=1 y\n").unwrap_err();
    assert_eq!(
        err.to_string(),
        "Dockerfile:2: Syntax error - can't find = in \"y\". Must be of the form: name=value"
    );
}

// TestRunCmdFlagsUsed.
#[test]
fn run_flags() {
    let df = Dockerfile::parse("FROM a\nRUN --mount=type=tmpfs,target=/foo/ echo hello\nRUN --network=none --security=insecure --mount=type=cache,target=/a --mount=type=secret,id=x ls\n").unwrap();
    let Command::Run(r) = &df.stages[0].commands[0].command else {
        panic!()
    };
    assert_eq!(r.flags_used, ["mount"]);
    assert_eq!(r.cmd.args, ["echo hello"]);
    assert!(r.cmd.prepend_shell);
    let Command::Run(r) = &df.stages[0].commands[1].command else {
        panic!()
    };
    assert_eq!(r.mounts, ["type=cache,target=/a", "type=secret,id=x"]);
    assert_eq!(
        (r.network.as_deref(), r.security.as_deref()),
        (Some("none"), Some("insecure"))
    );
}

// TestCopyHeredoc / TestRunHeredoc (the Files side).
#[test]
fn copy_and_run_heredocs() {
    let df = Dockerfile::parse("FROM a\nCOPY /foo /bar\nCOPY <<EOF /bar\nEOF\nCOPY <<EOF /bar\nTESTING\nEOF\nCOPY <<'EOF' /bar\nTESTING\nEOF\nCOPY <<-EOF /bar\n\tx\n\tEOF\nRUN <<EOF\nls /\nwhoami\nEOF\nRUN [\"ls\", \"/\"]\n").unwrap();
    let c = &df.stages[0].commands;
    let copy = |i: usize| match &c[i].command {
        Command::Copy(c) => c.clone(),
        other => panic!("{other:?}"),
    };
    assert!(copy(0).contents.is_empty());
    assert_eq!(copy(0).sources, ["/foo"]);
    assert_eq!(
        (
            copy(1).contents[0].data.as_str(),
            copy(1).contents[0].expand
        ),
        ("", true)
    );
    assert_eq!(
        (
            copy(2).contents[0].data.as_str(),
            copy(2).contents[0].path.as_str()
        ),
        ("TESTING\n", "EOF")
    );
    assert!(!copy(3).contents[0].expand);
    assert_eq!(copy(4).contents[0].data, "x\n");
    let Command::Run(r) = &c[5].command else {
        panic!()
    };
    assert_eq!(r.files[0].content, "ls /\nwhoami\n");
    assert_eq!(r.cmd.args, ["<<EOF"]);
    let Command::Run(r) = &c[6].command else {
        panic!()
    };
    assert_eq!(
        (r.cmd.args.clone(), r.cmd.prepend_shell),
        (vec!["ls".to_string(), "/".to_string()], false)
    );
}

#[test]
fn typed_instructions_and_stages() {
    let df = Dockerfile::parse(
        "ARG BASE=alpine\nARG V\nFROM --platform=$BUILDPLATFORM ${BASE}:3 AS Build\nCOPY --chown=1:1 --chmod=755 --link a b /dst/\nFROM scratch\nCOPY --from=build /x /y\nEXPOSE 80/tcp 443\nENTRYPOINT []\nCMD [\"a\"]\nUSER me\nWORKDIR /w\nVOLUME /a /b\nSTOPSIGNAL SIGKILL\nONBUILD RUN x\nLABEL a=b\nENV k v w\nSHELL [\"/bin/bash\", \"-c\"]\nADD --checksum=sha256:x --keep-git-dir https://x/y.git /z\n",
    )
    .unwrap();
    assert_eq!(df.meta_args.len(), 2);
    assert_eq!(df.stages.len(), 2);
    assert_eq!(df.stages[0].name(), Some("build"));
    assert_eq!(
        df.stages[0].from.platform.as_deref(),
        Some("$BUILDPLATFORM")
    );
    assert_eq!(df.stage_index("BUILD"), Some(0));
    let Command::Copy(c) = &df.stages[0].commands[0].command else {
        panic!()
    };
    assert_eq!(
        (c.sources.clone(), c.dest.as_str()),
        (vec!["a".to_string(), "b".to_string()], "/dst/")
    );
    assert_eq!(
        (c.chown.as_deref(), c.chmod.as_deref(), c.link),
        (Some("1:1"), Some("755"), true)
    );
    let s = &df.stages[1].commands;
    let Command::Copy(c) = &s[0].command else {
        panic!()
    };
    assert_eq!(c.from.as_deref(), Some("build"));
    assert_eq!(
        s[1].command,
        Command::Expose(vec!["443".into(), "80/tcp".into()])
    );
    assert_eq!(s[2].command, Command::Entrypoint(None));
    assert_eq!(s[8].command.name(), "ONBUILD");
    let Command::Onbuild(o) = &s[8].command else {
        panic!()
    };
    assert_eq!(o.expression, "RUN x");
    let Command::Env(e) = &s[10].command else {
        panic!()
    };
    assert_eq!(
        (e[0].key.as_str(), e[0].value.as_str(), e[0].legacy),
        ("k", "v w", true)
    );
    assert_eq!(
        s[11].command,
        Command::Shell(vec!["/bin/bash".into(), "-c".into()])
    );
    let Command::Add(a) = &s[12].command else {
        panic!()
    };
    assert_eq!(
        (a.checksum.as_deref(), a.keep_git_dir),
        (Some("sha256:x"), true)
    );
    let (meta, stages) = split_stages(&df.ast).unwrap();
    assert_eq!((meta.len(), stages.len()), (2, 2));
}

// ---- shell lexer: envVarTest and wordsTest ----

#[test]
fn env_var_test() {
    let env = EnvMap::from_slice(&["PWD=/home", "SHELL=bash", "KOREAN=한국어", "NULL="]);
    let lex = Lex::new('\\');
    let (mut passed, mut failed) = (0, Vec::new());
    for (n, line) in read(&data("envVarTest")).lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let parts: Vec<&str> = line.trim().split('|').collect();
        assert_eq!(parts.len(), 3, "line {}", n + 1);
        let (platform, source, expected) = (parts[0].trim(), parts[1].trim(), parts[2].trim());
        if platform == "W" {
            continue;
        }
        let got = lex.process_word(source, &env);
        let ok = match (&got, expected) {
            (Err(_), "error") => true,
            (Ok(w), e) => e != "error" && w == e,
            _ => false,
        };
        if ok {
            passed += 1;
        } else {
            failed.push(format!(
                "line {}: {source:?} -> {got:?}, want {expected:?}",
                n + 1
            ));
        }
    }
    println!("envVarTest: {passed} passed, {} failed", failed.len());
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}

#[test]
fn words_test() {
    let lex = Lex::new('\\');
    let mut envs: Vec<String> = Vec::new();
    let (mut passed, mut failed) = (0, Vec::new());
    for (n, line) in read(&data("wordsTest")).lines().enumerate() {
        if line.starts_with('#') {
            continue;
        }
        if let Some(rest) = line.strip_prefix("ENV ") {
            envs.push(rest.trim_start_matches(' ').to_string());
            continue;
        }
        let parts: Vec<&str> = line.split('|').collect();
        assert_eq!(parts.len(), 2, "line {}", n + 1);
        let test = parts[0].trim();
        let expected: Vec<&str> = parts[1].trim_start_matches(' ').split(',').collect();
        let got = lex
            .process_words(test, &EnvMap::from_slice(&envs))
            .unwrap_or_else(|_| vec!["error".to_string()]);
        if got == expected {
            passed += 1;
        } else {
            failed.push(format!(
                "line {}: {test:?} -> {got:?}, want {expected:?}",
                n + 1
            ));
        }
    }
    println!("wordsTest: {passed} passed, {} failed", failed.len());
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}

// lex_test.go, TestShellParserMandatoryEnvVars.
#[test]
fn mandatory_env_vars() {
    let lex = Lex::new('\\');
    let set = EnvMap::from_slice(&["VAR=plain", "ARG=x"]);
    let empty = EnvMap::from_slice(&["VAR=", "ARG=x"]);
    let unset = EnvMap::from_slice(&["ARG=x"]);
    let no_empty = "${VAR:?message here$ARG}";
    let no_unset = "${VAR?message here$ARG}";
    assert_eq!(lex.process_word(no_empty, &set).unwrap(), "plain");
    assert!(lex
        .process_word(no_empty, &empty)
        .unwrap_err()
        .to_string()
        .contains("message herex"));
    assert!(lex
        .process_word(no_empty, &unset)
        .unwrap_err()
        .to_string()
        .contains("message herex"));
    assert_eq!(lex.process_word(no_unset, &set).unwrap(), "plain");
    assert_eq!(lex.process_word(no_unset, &empty).unwrap(), "");
    assert!(lex
        .process_word(no_unset, &unset)
        .unwrap_err()
        .to_string()
        .contains("message herex"));
    let err = lex.process_word("${NOPE:?}", &unset).unwrap_err();
    assert_eq!(
        err.to_string(),
        "failed to process \"${NOPE:?}\": NOPE: is not allowed to be unset"
    );
}

// TestGetEnv.
#[test]
fn get_env() {
    use layerlab::dockerfile::shell::Env;
    assert_eq!(EnvMap::from_slice::<&str>(&[]).lookup("foo"), None);
    assert_eq!(EnvMap::from_slice(&["foo"]).lookup("foo"), Some(""));
    assert_eq!(EnvMap::from_slice(&["foo="]).lookup("foo"), Some(""));
    assert_eq!(EnvMap::from_slice(&["foo=bar"]).lookup("foo"), Some("bar"));
    let m = EnvMap::from_slice(&["foo=bar", "car=hat"]);
    assert_eq!(
        (m.lookup("foo"), m.lookup("car")),
        (Some("bar"), Some("hat"))
    );
    assert_eq!(
        EnvMap::from_slice(&["foo=bar", "car=hat", "car=bike"]).lookup("car"),
        Some("bike")
    );
}

// TestProcessWithMatches: (input, envs, expected or None for an error, matches, unmatched).
#[test]
fn process_with_matches() {
    type Case = (
        &'static str,
        &'static [(&'static str, &'static str)],
        Option<&'static str>,
        &'static [&'static str],
        &'static [&'static str],
    );
    let xy: &[(&str, &str)] = &[("FOO", "xxx"), ("BAR", "")];
    let cases: Vec<Case> = vec![
        ("x", &[("DUMMY", "dummy")], Some("x"), &[], &[]),
        (
            "x ${UNUSED}",
            &[("DUMMY", "dummy")],
            Some("x "),
            &[],
            &["UNUSED"],
        ),
        ("x ${FOO}", &[("FOO", "y")], Some("x y"), &["FOO"], &[]),
        (
            "${FOO-aaa} ${BAR-bbb} ${BAZ-ccc}",
            xy,
            Some("xxx  ccc"),
            &["FOO", "BAR"],
            &["BAZ"],
        ),
        (
            "${FOO:-aaa} ${BAR:-bbb} ${BAZ:-ccc}",
            xy,
            Some("xxx bbb ccc"),
            &["FOO", "BAR"],
            &["BAZ"],
        ),
        ("${FOO:-}", xy, Some("xxx"), &["FOO"], &[]),
        ("${FOO:-}", &[], Some(""), &[], &["FOO"]),
        (
            "${FOO+aaa} ${BAR+bbb} ${BAZ+ccc}",
            xy,
            Some("aaa bbb "),
            &["FOO", "BAR"],
            &["BAZ"],
        ),
        (
            "${FOO:+aaa} ${BAR:+bbb} ${BAZ:+ccc}",
            xy,
            Some("aaa  "),
            &["FOO", "BAR"],
            &["BAZ"],
        ),
        ("${FOO?aaa}", xy, Some("xxx"), &["FOO"], &[]),
        ("${BAR?bbb}", xy, Some(""), &["BAR"], &[]),
        ("${BAZ?ccc}", xy, None, &[], &["BAZ"]),
        ("${FOO:?aaa}", xy, Some("xxx"), &["FOO"], &[]),
        ("${BAR:?bbb}", xy, None, &[], &[]),
        ("${BAZ:?ccc}", xy, None, &[], &["BAZ"]),
        ("${BAZ:?}", xy, None, &[], &["BAZ"]),
        ("${FOO=aaa}", xy, None, &[], &[]),
        ("${FOO=:aaa}", xy, None, &[], &[]),
        ("${FOO=}", &[], None, &[], &[]),
        (
            "${FOO#()[]{\\}^$.\\*\\?|\\\\}",
            &[("FOO", "()[]{}^$.*?|\\x")],
            Some("x"),
            &["FOO"],
            &[],
        ),
        (
            "${FOO%%\\**}",
            &[("FOO", "xx**")],
            Some("xx"),
            &["FOO"],
            &[],
        ),
        ("${FOO#*x*y}", &[("FOO", "xxyy")], Some("y"), &["FOO"], &[]),
        ("${FOO#*}", &[("FOO", "xxyy")], Some("xxyy"), &["FOO"], &[]),
        (
            "${FOO#$BAR}",
            &[("FOO", "xxyy"), ("BAR", "x")],
            Some("xyy"),
            &["FOO", "BAR"],
            &[],
        ),
        (
            "${FOO#$BAR}",
            &[("FOO", "xxyy"), ("BAR", "")],
            Some("xxyy"),
            &["FOO", "BAR"],
            &[],
        ),
        ("${FOO#}", &[("FOO", "xxyy")], Some("xxyy"), &["FOO"], &[]),
        ("${FOO##*x}", &[("FOO", "xxyy")], Some("yy"), &["FOO"], &[]),
        ("${FOO##}", &[("FOO", "xxyy")], Some("xxyy"), &["FOO"], &[]),
        ("${FOO#?\\?}", &[("FOO", "???y")], Some("?y"), &["FOO"], &[]),
        (
            "${ABC:-.}${FOO%x}${ABC:-.}",
            &[("FOO", "xxyy")],
            Some(".xxyy."),
            &["FOO"],
            &["ABC"],
        ),
        (
            "${FOO%%\\**\\*}",
            &[("FOO", "a***yy*")],
            Some("a"),
            &["FOO"],
            &[],
        ),
        ("${FOO%}", &[("FOO", "xxyy")], Some("xxyy"), &["FOO"], &[]),
        (
            "${FOO%%$BAR}",
            &[("FOO", "xxyy"), ("BAR", "")],
            Some("xxyy"),
            &["FOO", "BAR"],
            &[],
        ),
        ("${FOO:#}", &[], None, &[], &[]),
        ("${FOO:##}", &[], None, &[], &[]),
        ("${FOO:%}", &[], None, &[], &[]),
        ("${FOO:%%}", &[], None, &[], &[]),
        (
            "${FOO/$NEEDLE/.} - ${FOO//$NEEDLE/.}",
            &[("FOO", "/foo*/*/*.txt"), ("NEEDLE", "\\*/")],
            Some("/foo.*/*.txt - /foo..*.txt"),
            &["FOO", "NEEDLE"],
            &[],
        ),
        (
            "${FOO/$NEEDLE/} - ${FOO//$NEEDLE/}",
            &[("FOO", "/tmp/tmp/bar.txt"), ("NEEDLE", "/tmp")],
            Some("/tmp/bar.txt - /bar.txt"),
            &["FOO", "NEEDLE"],
            &[],
        ),
        (
            "${FOO/$NEEDLE/$REPLACEMENT} - ${FOO//$NEEDLE/$REPLACEMENT}",
            &[
                ("FOO", "/a/foo/b/c.txt"),
                ("NEEDLE", "/?/"),
                ("REPLACEMENT", "/"),
            ],
            Some("/foo/b/c.txt - /foo/c.txt"),
            &["FOO", "NEEDLE", "REPLACEMENT"],
            &[],
        ),
        (
            "${FOO/$NEEDLE/$REPLACEMENT}",
            &[
                ("FOO", "http://google.de"),
                ("NEEDLE", "http://"),
                ("REPLACEMENT", "https://"),
            ],
            Some("https://google.de"),
            &["FOO", "NEEDLE", "REPLACEMENT"],
            &[],
        ),
        (
            "${FOO//\\//\\/}",
            &[("FOO", "/tmp/foo.txt")],
            Some("\\/tmp\\/foo.txt"),
            &["FOO"],
            &[],
        ),
        (
            "${FOO/$BAR/ww}",
            &[("FOO", "xxyy"), ("BAR", "")],
            Some("wwxxyy"),
            &["FOO", "BAR"],
            &[],
        ),
        ("${FOO//ww}", &[("FOO", "xxyy")], None, &[], &[]),
        ("${FOO//}", &[("FOO", "xxyy")], None, &[], &[]),
        ("${FOO///}", &[("FOO", "xxyy")], Some("xxyy"), &["FOO"], &[]),
        ("${FOO///}", &[], Some(""), &[], &["FOO"]),
    ];
    let lex = Lex::new('\\');
    let n = cases.len();
    for (input, envs, expected, matches, unmatched) in cases {
        let env = EnvMap::from_pairs(envs);
        let got = lex.process(input, &env);
        match expected {
            None => assert!(got.is_err(), "{input}: {got:?}"),
            Some(want) => {
                let p = got.unwrap_or_else(|e| panic!("{input}: {e}"));
                assert_eq!(p.result, want, "{input}");
                let set = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<BTreeSet<_>>();
                assert_eq!(p.matched, set(matches), "{input} matched");
                assert_eq!(p.unmatched, set(unmatched), "{input} unmatched");
            }
        }
    }
    println!("TestProcessWithMatches: {n} passed, 0 failed");
}

// TestProcessWithMatchesPlatform.
#[test]
fn process_with_matches_platform() {
    let release =
        "something-${VERSION}.${TARGETOS}-${TARGETARCH}${TARGETVARIANT:+-${TARGETVARIANT}}.tar.gz";
    let lex = Lex::new('\\');
    let v = |pairs: &[(&str, &str)]| {
        lex.process_word(release, &EnvMap::from_pairs(pairs))
            .unwrap()
    };
    assert_eq!(
        v(&[
            ("VERSION", "v1.2.3"),
            ("TARGETOS", "linux"),
            ("TARGETARCH", "arm"),
            ("TARGETVARIANT", "v7")
        ]),
        "something-v1.2.3.linux-arm-v7.tar.gz"
    );
    assert_eq!(
        v(&[
            ("VERSION", "v1.2.3"),
            ("TARGETOS", "linux"),
            ("TARGETARCH", "arm64"),
            ("TARGETVARIANT", "")
        ]),
        "something-v1.2.3.linux-arm64.tar.gz"
    );
    assert_eq!(
        v(&[
            ("VERSION", "v1.2.3"),
            ("TARGETOS", "linux"),
            ("TARGETARCH", "arm64")
        ]),
        "something-v1.2.3.linux-arm64.tar.gz"
    );
}

// TestConvertShellPatternToRegex's invalid patterns, through ${V#...}.
#[test]
fn invalid_patterns() {
    let lex = Lex::new('\\');
    let env = EnvMap::from_slice(&["V=x"]);
    for pat in ["\\x", "\\y\\*"] {
        let err = lex
            .process_word(&format!("${{V#{pat}}}"), &env)
            .unwrap_err();
        assert!(
            matches!(err.kind, LexErrorKind::InvalidPattern { .. }),
            "{pat}: {err}"
        );
    }
}

#[test]
fn backtick_escape_and_skip_unset() {
    let mut lex = Lex::new('`');
    let env = EnvMap::from_slice(&["A=1"]);
    assert_eq!(
        lex.process_word("`$A $A \"`\"x\"", &env).unwrap(),
        "$A 1 \"x"
    );
    lex.skip_unset_env = true;
    assert_eq!(
        lex.process_word("$B ${B} ${B:-x} $A", &env).unwrap(),
        "$B ${B} ${B:-x} 1"
    );
}

// ---- scoping ----

#[test]
fn global_args_only_in_from() {
    let df = Dockerfile::parse("ARG IMG=alpine\nARG TAG=3.19\nFROM ${IMG}:${TAG} AS base\nRUN echo $IMG\nENV X=$IMG\nARG TAG\nENV Y=$TAG\n").unwrap();
    let st = expand_stages(&df, &BuildOptions::default()).unwrap();
    assert_eq!(st[0].from.image, "alpine:3.19");
    let Command::Env(e) = &st[0].commands[1].command else {
        panic!()
    };
    assert_eq!(
        e[0].value, "",
        "a global ARG is not visible in a stage without ARG"
    );
    let Command::Env(e) = &st[0].commands[3].command else {
        panic!()
    };
    assert_eq!(e[0].value, "3.19", "a bare ARG takes the global value");
    let Command::Run(r) = &st[0].commands[0].command else {
        panic!()
    };
    assert_eq!(r.cmd.args, ["echo $IMG"], "RUN is not expanded");
}

#[test]
fn build_args_platform_and_env_order() {
    let df = Dockerfile::parse(
        "FROM --platform=$BUILDPLATFORM busybox AS b\nARG TARGETARCH\nARG V=1\nARG W\nENV A=$V B=x\nENV C=$A$B D=${W:-none}\nWORKDIR /src/$TARGETARCH\nEXPOSE ${PORT:-80} 443\nFROM b\nCOPY --from=b /$A /dst\n",
    )
    .unwrap();
    let opts = BuildOptions {
        build_args: vec![
            ("V".into(), "2".into()),
            ("HTTP_PROXY".into(), "http://p".into()),
            ("UNUSED".into(), "x".into()),
        ],
        build_platform: Platform::default(),
        target_platform: Platform::parse("linux/arm64/v8").unwrap(),
    };
    let st = expand_stages(&df, &opts).unwrap();
    assert_eq!(st[0].from.platform.as_deref(), Some("linux/amd64"));
    let c = &st[0].commands;
    let Command::Env(e) = &c[3].command else {
        panic!()
    };
    assert_eq!((e[0].value.as_str(), e[1].value.as_str()), ("2", "x"));
    let Command::Env(e) = &c[4].command else {
        panic!()
    };
    assert_eq!((e[0].value.as_str(), e[1].value.as_str()), ("2x", "none"));
    assert_eq!(c[5].command, Command::Workdir("/src/arm64".into()));
    // Sorted before expansion, as BuildKit sorts them when parsing.
    assert_eq!(
        c[6].command,
        Command::Expose(vec!["80".into(), "443".into()])
    );
    assert_eq!(
        st[0].args,
        vec![
            ("TARGETARCH".into(), Some("arm64".into())),
            ("V".into(), Some("2".into())),
            ("W".into(), None)
        ]
    );
    // The second stage starts from the first one's ENV, not its ARGs.
    assert_eq!(st[1].from.base_stage, Some(0));
    let Command::Copy(cp) = &st[1].commands[0].command else {
        panic!()
    };
    assert_eq!(cp.sources, ["/2"]);
    assert!(st[1].env.iter().any(|(k, v)| k == "C" && v == "2x"));
    assert!(!st[1].env.iter().any(|(k, _)| k == "V"));
}

#[test]
fn run_env_has_args_and_proxies() {
    use layerlab::dockerfile::scope::{GlobalScope, StageScope};
    let df = Dockerfile::parse("FROM a\nARG X=1\nENV Y=2\n").unwrap();
    let opts = BuildOptions {
        build_args: vec![("https_proxy".into(), "http://p".into())],
        ..BuildOptions::default()
    };
    let g = GlobalScope::new(&df.meta_args, &opts, '\\').unwrap();
    let mut scope = StageScope::new(&g, &opts, '\\', &[]);
    for i in &df.stages[0].commands {
        scope.expand(i).unwrap();
    }
    let env = scope.run_env();
    assert!(env.contains(&("X".into(), "1".into())));
    assert!(env.contains(&("Y".into(), "2".into())));
    assert!(env.contains(&("https_proxy".into(), "http://p".into())));
    assert_eq!(scope.image_env.0, vec![("Y".to_string(), "2".to_string())]);
}

#[test]
fn expansion_errors_name_the_line() {
    let df = Dockerfile::parse("FROM a\n\nENV A=\"${B:?B is required}\"\n").unwrap();
    let err = expand_stages(&df, &BuildOptions::default()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "Dockerfile:3: failed to process \"\\\"${B:?B is required}\\\"\": B: B is required"
    );
    let df = Dockerfile::parse("ARG X\nFROM $X\n").unwrap();
    assert_eq!(
        expand_stages(&df, &BuildOptions::default())
            .unwrap_err()
            .kind
            .to_string(),
        "base name ($X) should not be blank"
    );
}

/// Never panics: every prefix and some mutations of the test files, and odd bytes.
#[test]
fn never_panics() {
    let mut inputs: Vec<String> = Vec::new();
    for entry in fs::read_dir(data("testfiles")).unwrap() {
        inputs.push(read(&entry.unwrap().path().join("Dockerfile")));
    }
    inputs.extend(
        [
            "FROM a\nRUN <<",
            "FROM a\nCOPY <<'",
            "\\",
            "`",
            "# escape=`\n`",
            "FROM a\nENV \"",
            "FROM a\nHEALTHCHECK --interval=1e99h CMD x",
            "FROM a\nONBUILD",
            "FROM a\nONBUILD ONBUILD",
            "FROM \u{a0}a\u{85}\nRUN [\"\\ud800\"]",
            "FROM a\nEXPOSE ${",
            "FROM a\nARG =",
            "FROM a\nCMD [\"a\"] trailing",
            "\0\0\0",
            "FROM a\nRUN 99999999999999999999<<EOF\nEOF\n",
            "FROM a\nENV a=${b/\\",
        ]
        .iter()
        .map(|s| s.to_string()),
    );
    let lex = Lex::new('\\');
    let env = EnvMap::from_slice(&["A=a*b?c"]);
    for src in &inputs {
        let chars: Vec<char> = src.chars().collect();
        for cut in (0..=chars.len()).step_by(7.max(chars.len() / 40)) {
            let s: String = chars[..cut].iter().collect();
            if let Ok(df) = Dockerfile::parse(&s) {
                let _ = expand_stages(&df, &BuildOptions::default());
            }
            let _ = lex.process_words(&s, &env);
            let _ = lex.process_word(&format!("${{A%{s}}}"), &env);
            let _ = lex.process_word(&format!("${{A//{s}/x}}"), &env);
        }
    }
}
