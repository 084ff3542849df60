//! Tests of the template port: parsing, execution and error texts checked against what
//! Go (Docker 28) prints for the same template and data.

use super::{Missing, Template, TemplateError, MAX_DEPTH};
use crate::go::strconv::quote as go_quote;
use serde_json::Value;

use serde_json::json;

/// An image as `docker image inspect` shows it, cut down.
fn image() -> Value {
    json!({
        "Id": "sha256:1234567890abcdef",
        "RepoTags": ["alpine:latest", "alpine:3.19"],
        "RepoDigests": [],
        "Created": "2024-01-27T00:30:48.743965523Z",
        "Size": 7383269,
        "Ratio": 0.5,
        "Big": 123456789.0,
        "Config": {
            "Env": ["PATH=/usr/local/sbin:/usr/local/bin", "LANG=C"],
            "Cmd": ["/bin/sh"],
            "Entrypoint": null,
            "Labels": {"org.b": "2", "org.a": "1"},
            "WorkingDir": "",
            "ExposedPorts": {"80/tcp": {}}
        },
        "RootFS": {"Type": "layers", "Layers": ["sha256:aaa", "sha256:bbb"]},
        "Html": "<a&b>",
        "Names": ["web", "db"],
        "Items": [{"Name": "n0"}, {"Name": "n1"}]
    })
}

/// A row of `docker images`, as formatter.imageContext's methods return it.
fn image_row() -> Value {
    json!({
        "Repository": "alpine",
        "Tag": "latest",
        "ID": "05455a08881e",
        "Size": "7.38MB",
        "Digest": "<none>"
    })
}

const IMAGE_CONTEXT: Missing = Missing::Error("*formatter.imageContext");

fn run_with(src: &str, data: &Value, missing: Missing) -> Result<String, TemplateError> {
    Template::parse(src)?.execute(data, missing)
}

fn run(src: &str) -> String {
    match run_with(src, &image(), Missing::NoValue) {
        Ok(s) => s,
        Err(e) => panic!("{src}: {e}"),
    }
}

fn fails(src: &str) -> String {
    match run_with(src, &image(), Missing::NoValue) {
        Ok(s) => panic!("{src}: expected an error, got {s:?}"),
        Err(e) => e.0,
    }
}

fn parse_error(src: &str) -> String {
    match Template::parse(src) {
        Ok(_) => panic!("{src}: parsed"),
        Err(e) => e.0,
    }
}

#[test]
fn docker_inspect_examples() {
    assert_eq!(run("{{.Id}}"), "sha256:1234567890abcdef");
    assert_eq!(
        run("{{json .Config}}"),
        r#"{"Env":["PATH=/usr/local/sbin:/usr/local/bin","LANG=C"],"Cmd":["/bin/sh"],"Entrypoint":null,"Labels":{"org.b":"2","org.a":"1"},"WorkingDir":"","ExposedPorts":{"80/tcp":{}}}"#
    );
    assert_eq!(run("{{index .RepoTags 0}}"), "alpine:latest");
    assert_eq!(
        run("{{range .RootFS.Layers}}{{println .}}{{end}}"),
        "sha256:aaa\nsha256:bbb\n"
    );
    assert_eq!(
        run("{{range $k, $v := .Config.Labels}}{{$k}}={{$v}} {{end}}"),
        "org.a=1 org.b=2 "
    );
    assert_eq!(run("{{len .RootFS.Layers}}"), "2");
    assert_eq!(run("{{.RootFS.Type}}"), "layers");
    assert_eq!(run("{{index .Config.Labels \"org.b\"}}"), "2");
    assert_eq!(run("{{(index .Items 1).Name}}"), "n1");
    assert_eq!(run("{{index .Items 1 \"Name\"}}"), "n1");
    assert_eq!(run("{{range .Items}}{{.Name}},{{end}}"), "n0,n1,");
    assert_eq!(
        run("{{json .RootFS.Layers}}"),
        r#"["sha256:aaa","sha256:bbb"]"#
    );
}

#[test]
fn docker_images_examples() {
    let row = image_row();
    let go = |src: &str| run_with(src, &row, IMAGE_CONTEXT).unwrap();
    assert_eq!(go("{{.Repository}}:{{.Tag}}"), "alpine:latest");
    assert_eq!(go("{{.ID}}\t{{.Size}}"), "05455a08881e\t7.38MB");
    assert_eq!(go("{{if .Tag}}{{.Tag}}{{else}}<none>{{end}}"), "latest");
    let untagged = json!({"Repository": "alpine", "Tag": ""});
    assert_eq!(
        run_with(
            "{{if .Tag}}{{.Tag}}{{else}}<none>{{end}}",
            &untagged,
            IMAGE_CONTEXT
        ),
        Ok("<none>".to_string())
    );
    assert_eq!(go("{{upper .Repository}}"), "ALPINE");
    assert_eq!(go("{{printf \"%-10s|\" .Repository}}"), "alpine    |");
    assert_eq!(go("{{json .}}"), row.to_string());
    assert_eq!(
        go("{{.}}"),
        "map[Digest:<none> ID:05455a08881e Repository:alpine Size:7.38MB Tag:latest]"
    );
}

#[test]
fn missing_keys() {
    let img = image();
    assert_eq!(run("{{.Nope}}"), "<no value>");
    assert_eq!(run("{{.Nope.Deeper}}"), "<no value>");
    assert_eq!(run("{{.Config.Nope}}"), "<no value>");
    assert_eq!(run("{{index .Config.Labels \"nope\"}}"), "<no value>");
    assert_eq!(run("{{printf \"%v\" .Nope}}"), "<nil>");
    assert_eq!(run("{{if .Nope}}y{{else}}n{{end}}"), "n");
    assert_eq!(
        run_with("{{.Nope}}", &img, Missing::MapError),
        Err(r#"template: :1:2: executing "" at <.Nope>: map has no entry for key "Nope""#.into())
    );
    assert_eq!(
        run_with("{{.Config.Nope}}", &img, Missing::MapError),
        Err(
            r#"template: :1:9: executing "" at <.Config.Nope>: map has no entry for key "Nope""#
                .into()
        )
    );
    let row = image_row();
    assert_eq!(
        run_with("{{.Foo}}", &row, IMAGE_CONTEXT),
        Err(r#"template: :1:2: executing "" at <.Foo>: can't evaluate field Foo in type *formatter.imageContext"#.into())
    );
    assert_eq!(
        run_with("x\n  {{.Repository.Foo}}", &row, IMAGE_CONTEXT),
        Err(r#"template: :2:15: executing "" at <.Repository.Foo>: can't evaluate field Foo in type string"#.into())
    );
    assert_eq!(
        run_with("{{.Repository 1}}", &row, IMAGE_CONTEXT),
        Err(r#"template: :1:2: executing "" at <.Repository>: wrong number of args for Repository: want 0 got 1"#.into())
    );
    assert_eq!(
        fails("{{.Id.Foo}}"),
        r#"template: :1:5: executing "" at <.Id.Foo>: can't evaluate field Foo in type interface {}"#
    );
    assert_eq!(
        fails("{{.Config.Entrypoint.X}}"),
        r#"template: :1:9: executing "" at <.Config.Entrypoint.X>: nil pointer evaluating interface {}.X"#
    );
    assert_eq!(
        run_with("{{.}}", &Value::Null, Missing::NoValue),
        Ok("<no value>".into())
    );
}

#[test]
fn printing_values() {
    assert_eq!(run("{{.Names}}"), "[web db]");
    assert_eq!(run("{{.Config.Labels}}"), "map[org.a:1 org.b:2]");
    assert_eq!(run("{{.Config.ExposedPorts}}"), "map[80/tcp:map[]]");
    assert_eq!(run("{{.Config.Entrypoint}}"), "<nil>");
    assert_eq!(run("{{.RepoDigests}}"), "[]");
    assert_eq!(
        run("{{.Size}} {{.Ratio}} {{.Big}}"),
        "7383269 0.5 1.23456789e+08"
    );
    assert_eq!(
        run("{{1e6}} {{100000.0}} {{3}} {{-0.25}} {{true}}"),
        "1e+06 100000 3 -0.25 true"
    );
    assert_eq!(run("{{'a'}} {{0x1F}} {{0o17}} {{1_000}}"), "97 31 15 1000");
    assert_eq!(run(r#"{{"\x41\u00e9\t"}}|{{`a\n`}}"#), "Aé\t|a\\n");
    assert_eq!(run("{{.Items}}"), "[map[Name:n0] map[Name:n1]]");
    assert_eq!(run("{{slice .RepoTags 1}}"), "[alpine:3.19]");
    assert_eq!(run("{{split \"a:b:c\" \":\"}}"), "[a b c]");
    assert_eq!(run("{{json .Html}}"), r#""<a&b>""#);
    assert_eq!(
        run("{{json .Ratio}} {{json 1e21}} {{json 0.0000001}} {{json nil}}"),
        "0.5 1e+21 1e-7 null"
    );
    assert_eq!(run("{{json \"a\\u2028\\n\\x01\"}}"), r#""a\u2028\n\u0001""#);
}

#[test]
fn control_structures() {
    assert_eq!(
        run("{{if eq .Size 1}}one{{else if gt .Size 1000}}big{{else}}small{{end}}"),
        "big"
    );
    assert_eq!(
        run("{{with .Config}}[{{.WorkingDir}}]{{else}}none{{end}}"),
        "[]"
    );
    assert_eq!(
        run("{{with .Config.WorkingDir}}x{{else}}empty{{end}}"),
        "empty"
    );
    assert_eq!(
        run("{{with .Nope}}a{{else with .RootFS}}{{.Type}}{{end}}"),
        "layers"
    );
    assert_eq!(run("{{range .RepoDigests}}x{{else}}none{{end}}"), "none");
    assert_eq!(run("{{range .Nope}}x{{else}}none{{end}}"), "none");
    assert_eq!(run("{{range 3}}{{.}}{{end}}"), "012");
    assert_eq!(
        run("{{range $i, $e := .Names}}{{$i}}:{{$e}} {{end}}"),
        "0:web 1:db "
    );
    assert_eq!(
        run("{{range $i, $e := .Names}}{{if eq $i 1}}{{break}}{{end}}{{$e}}{{end}}"),
        "web"
    );
    assert_eq!(
        run("{{range .Names}}{{if eq . \"web\"}}{{continue}}{{end}}{{.}}{{end}}"),
        "db"
    );
    assert_eq!(
        run("{{range .Names}}{{$.RootFS.Type}}{{end}}"),
        "layerslayers"
    );
    assert_eq!(run("{{$x := .Id}}{{$x}}"), "sha256:1234567890abcdef");
    assert_eq!(run("{{$x := 1}}{{if true}}{{$x = 2}}{{end}}{{$x}}"), "2");
    assert_eq!(
        run("{{range $k, $v := .Config.Labels}}{{end}}{{if $x := .Size}}{{$x}}{{end}}"),
        "7383269"
    );
    assert_eq!(run("{{.Id | printf \"%.6s\"}}"), "sha256");
    assert_eq!(run("{{.Names | len}}"), "2");
    assert_eq!(run("{{/* a comment */}}a  {{- /* c */ -}}  b"), "ab");
    assert_eq!(run("x \n {{- .RootFS.Type -}} \n y"), "xlayersy");
    assert_eq!(run("{{- 3}}{{-3}}"), "3-3");
    assert_eq!(run("plain text"), "plain text");
    assert_eq!(run(""), "");
}

#[test]
fn functions() {
    assert_eq!(run("{{join .Names \",\"}}"), "web,db");
    assert_eq!(run("{{join (split \"a b c\" \" \") \"-\"}}"), "a-b-c");
    assert_eq!(run("{{index (split .Id \":\") 1}}"), "1234567890abcdef");
    assert_eq!(
        run("{{title \"hello world-foo_bar\"}}"),
        "Hello World-Foo_bar"
    );
    assert_eq!(run("{{lower \"ABC\"}} {{upper \"straße\"}}"), "abc STRAßE");
    assert_eq!(run("{{pad \"x\" 2 3}}|{{pad \"\" 2 3}}|"), "  x   ||");
    assert_eq!(run("{{truncate .Id 6}} {{truncate \"ab\" 5}}"), "sha256 ab");
    assert_eq!(
        run("{{len .Id}} {{len .Config.Labels}} {{len \"é\"}}"),
        "23 2 2"
    );
    assert_eq!(
        run(r#"{{eq .RootFS.Type "x" "layers"}} {{ne 1 2}} {{lt "a" "b"}}"#),
        "true true true"
    );
    assert_eq!(
        run("{{le 2 2}} {{gt 2.5 1.5}} {{ge 1 2}} {{eq .Nope nil}} {{eq .Size 7383269}}"),
        "true true false true true"
    );
    assert_eq!(
        run(r#"{{and 1 0 2}} {{and 1 2}} {{or 0 "" "x"}} {{or 0 ""}}"#),
        "0 2 x "
    );
    assert_eq!(run("{{not .RepoDigests}} {{not .Names}}"), "true false");
    assert_eq!(run("{{if and .Names (not .Nope)}}ok{{end}}"), "ok");
    assert_eq!(
        run(r#"{{slice "hello" 1 3}} {{slice .Names 0 1}} {{slice .Names}}"#),
        "el [web] [web db]"
    );
    assert_eq!(run(r#"{{index "abc" 1}}"#), "98");
    assert_eq!(
        run(r#"{{html .Html}} {{html "x" 1}}"#),
        "&lt;a&amp;b&gt; x1"
    );
    assert_eq!(run(r#"{{js "a'b<c=\n"}}"#), r"a\'b\u003Cc\u003D\u000A");
    assert_eq!(run(r#"{{urlquery "a b&c/é"}}"#), "a+b%26c%2F%C3%A9");
    assert_eq!(run(r#"{{print 1 2 "a" 3 nil}}"#), "1 2a3 <nil>");
    assert_eq!(run(r#"{{println "a" 1}}"#), "a 1\n");
    assert_eq!(
        run("{{print .Nope}} {{html .Nope}}"),
        "<nil> &lt;no value&gt;"
    );
}

#[test]
fn printf_verbs() {
    let cases: &[(&str, &str)] = &[
        (
            r#"{{printf "%5s|%-5d|%05d|%x|%X|%q|%t|%v" "ab" 42 -42 255 "hi" "q" true .Size}}"#,
            r#"   ab|42   |-0042|ff|6869|"q"|true|7383269"#,
        ),
        (
            r#"{{printf "%.2f|%6.2f|%e|%g" .Ratio 3.14159 1234.5678 0.000012345}}"#,
            "0.50|  3.14|1.234568e+03|1.2345e-05",
        ),
        (
            r#"{{printf "%v %v %v" 1e6 100000.0 .Big}}"#,
            "1e+06 100000 1.23456789e+08",
        ),
        (
            r#"{{printf "%.3g|%.10g|%g|%G" 1234.5678 1234.5678 100000000.0 1e-7}}"#,
            "1.23e+03|1234.5678|1e+08|1E-07",
        ),
        (
            r#"{{printf "%08.3f|%+d|% d|%x|%o|%#x|%#o|%b" -3.14159 5 5 -255 8 255 8 5}}"#,
            "-003.142|+5| 5|-ff|10|0xff|010|101",
        ),
        (
            r#"{{printf "%5t|%-6v|%6.2f%%" true false 12.3456}}"#,
            " true|false | 12.35%",
        ),
        (
            r#"{{printf "%c|%q|%U|%#U" 'x' 'y' 0x1F600 65}}"#,
            "x|'y'|U+1F600|U+0041 'A'",
        ),
        (
            r#"{{printf "%q|%5.1q|%x|% x|%#q" .Names "hello" "hi" "hi" "a"}}"#,
            r#"["web" "db"]|  "h"|6869|68 69|`a`"#,
        ),
        (
            r#"{{printf "%*d|%-*d|%.*f" 4 7 3 8 1 2.25}}"#,
            "   7|8  |2.2",
        ),
        (r#"{{printf "%[2]d %[1]d" 1 2}}"#, "2 1"),
        (r#"{{printf "%d %s"}}"#, "%!d(MISSING) %!s(MISSING)"),
        (r#"{{printf "%d" "x"}}"#, "%!d(string=x)"),
        (r#"{{printf "%s" 1 2}}"#, "%!s(int=1)%!(EXTRA int=2)"),
        (r#"{{printf "%%|%z|%" 1}}"#, "%|%!z(int=1)|%!(NOVERB)"),
        (
            r#"{{printf "%T %T %T %T %T" 1 "a" .Names .Ratio nil}}"#,
            "int string []interface {} float64 <nil>",
        ),
        (
            r#"{{printf "%s %d" .Names .Names}}"#,
            "[web db] [%!d(string=web) %!d(string=db)]",
        ),
        (
            r#"{{printf "%v|%s|%d" nil nil nil}}"#,
            "<nil>|%!s(<nil>)|%!d(<nil>)",
        ),
        (
            r#"{{printf "%6.3v|%-8q|%08.3e" 3.14159 "a" 1234.5}}"#,
            r#"  3.14|"a"     |1.234e+03"#,
        ),
        (
            r#"{{printf "%x %X %b" 1.5 1.0 1.0}}"#,
            "0x1.8p+00 0X1P+00 4503599627370496p-52",
        ),
        (r#"{{printf "%v" .Config.Labels}}"#, "map[org.a:1 org.b:2]"),
        (r#"{{printf "%5v" .Names}}"#, "[  web    db]"),
    ];
    for (src, want) in cases {
        assert_eq!(run(src), *want, "{src}");
    }
}

#[test]
fn parse_errors() {
    let cases: &[(&str, &str)] = &[
        ("{{foo}}", r#"template: :1: function "foo" not defined"#),
        ("{{.Foo }", r#"template: :1: unexpected "}" in operand"#),
        ("{{.Foo}", "template: :1: bad character U+007D '}'"),
        ("{{.Foo", "template: :1: unclosed action"),
        (
            "line1\n{{.Foo\n",
            "template: :3: unclosed action started at :2",
        ),
        ("{{if .X}}abc", "template: :1: unexpected EOF"),
        ("{{end}}", "template: :1: unexpected {{end}}"),
        ("{{else}}", "template: :1: unexpected {{else}}"),
        (
            "{{range .X}}{{else if .Y}}{{end}}",
            "template: :1: unexpected <if> in input",
        ),
        (
            "{{if .X}}{{else}}{{else}}{{end}}",
            "template: :1: expected end; found {{else}}",
        ),
        ("{{$x}}", r#"template: :1: undefined variable "$x""#),
        (
            "{{if true}}{{$y := 1}}{{end}}{{$y}}",
            r#"template: :1: undefined variable "$y""#,
        ),
        ("{{}}", "template: :1: missing value for command"),
        ("{{if}}{{end}}", "template: :1: missing value for if"),
        ("{{\"abc}}", "template: :1: unterminated quoted string"),
        ("{{`abc}}", "template: :1: unterminated raw quoted string"),
        ("{{/* x }}", "template: :1: unclosed comment"),
        (
            "{{/* x */ }}",
            "template: :1: comment ends before closing delimiter",
        ),
        (
            "{{.X | 1}}",
            "template: :1: non executable command in pipeline stage 2",
        ),
        ("{{(1}}", "template: :1: unclosed left paren"),
        ("{{1)}}", "template: :1: unexpected right paren"),
        ("{{break}}", "template: :1: {{break}} outside {{range}}"),
        (
            "{{range .X}}{{continue 1}}{{end}}",
            r#"template: :1: unexpected "1" in {{continue}}"#,
        ),
        ("{{.X.}}", "template: :1: unexpected <.> in operand"),
        ("{{3x}}", r#"template: :1: bad number syntax: "3x""#),
        ("{{09}}", r#"template: :1: integer overflow: "09""#),
        (
            "{{1e400}}",
            r#"template: :1: illegal number syntax: "1e400""#,
        ),
        (
            r#"{{"a".B}}"#,
            r#"template: :1: unexpected . after term "\"a\"""#,
        ),
        (
            "{{$x, $y := 1}}",
            "template: :1: too many declarations in command",
        ),
        (
            "{{range $x, 1}}{{end}}",
            "template: :1: range can only initialize variables",
        ),
        ("{{.A:b}}", "template: :1: expected :="),
        (
            "{{\u{7}}}",
            "template: :1: unrecognized character in action: U+0007",
        ),
        (r#"{{"\q"}}"#, "template: :1: invalid syntax"),
        (
            "{{'ab'}}",
            "template: :1: malformed character constant: 'ab'",
        ),
        (
            r#"{{print "abcdefghijkl" ,}}"#,
            r#"template: :1: unexpected "," in operand"#,
        ),
        (
            r#"{{print "abc" "abcdefghijkl"|}}{{print (1 "abcdefghijkl"}}"#,
            "template: :1: unclosed left paren",
        ),
        (
            r#"{{template "x"}}"#,
            "template: :1: {{template}} is not supported",
        ),
        (
            r#"{{define "x"}}{{end}}"#,
            "template: :1: {{define}} is not supported",
        ),
    ];
    for (src, want) in cases {
        assert_eq!(parse_error(src), *want, "{src}");
    }
}

#[test]
fn execution_errors() {
    let cases: &[(&str, &str)] = &[
        (
            "{{index .RepoTags 5}}",
            r#"template: :1:2: executing "" at <index .RepoTags 5>: error calling index: index out of range: 5"#,
        ),
        (
            "{{index .RepoTags 2}}",
            r#"template: :1:2: executing "" at <index .RepoTags 2>: error calling index: reflect: slice index out of range"#,
        ),
        (
            "{{len}}",
            r#"template: :1:2: executing "" at <len>: wrong number of args for len: want 1 got 0"#,
        ),
        (
            "{{eq .Size 1.5}}",
            r#"template: :1:2: executing "" at <eq .Size 1.5>: error calling eq: incompatible types for comparison: int and float64"#,
        ),
        (
            "{{eq .Names 1}}",
            r#"template: :1:2: executing "" at <eq .Names 1>: error calling eq: incompatible types for comparison: []interface {} and int"#,
        ),
        (
            "{{lt .Names 1}}",
            r#"template: :1:2: executing "" at <lt .Names 1>: error calling lt: invalid type for comparison"#,
        ),
        (
            "{{range .Id}}{{end}}",
            r#"template: :1:8: executing "" at <.Id>: range can't iterate over sha256:1234567890abcdef"#,
        ),
        (
            "{{range $i, $e := 3}}{{end}}",
            r#"template: :1:18: executing "" at <3>: can't use 3 to iterate over more than one variable"#,
        ),
        (
            "{{upper .Names}}",
            r#"template: :1:8: executing "" at <.Names>: wrong type for value; expected string; got []interface {}"#,
        ),
        (
            "{{upper 3}}",
            r#"template: :1:8: executing "" at <3>: expected string; found 3"#,
        ),
        (
            r#"{{join .Items ","}}"#,
            r#"template: :1:7: executing "" at <.Items>: wrong type for value; expected []string; got []interface {}"#,
        ),
        (
            r#"{{pad "x" -1 0}}"#,
            r#"template: :1:2: executing "" at <pad "x" -1 0>: error calling pad: strings: negative Repeat count"#,
        ),
        (
            r#"{{truncate "x" -1}}"#,
            r#"template: :1:2: executing "" at <truncate "x" -1>: error calling truncate: runtime error: slice bounds out of range [:-1]"#,
        ),
        (
            "{{len .Config.Entrypoint}}",
            r#"template: :1:2: executing "" at <len .Config.Entrypoint>: error calling len: len of nil pointer"#,
        ),
        (
            "{{len 3}}",
            r#"template: :1:2: executing "" at <len 3>: error calling len: len of type int"#,
        ),
        (
            "{{index .Config.Labels 1}}",
            r#"template: :1:2: executing "" at <index .Config.Labels 1>: error calling index: value has type int; should be string"#,
        ),
        (
            "{{nil}}",
            r#"template: :1:2: executing "" at <nil>: nil is not a command"#,
        ),
        (
            "{{.Names 1}}",
            r#"template: :1:2: executing "" at <.Names>: Names is not a method but has arguments"#,
        ),
        (
            "{{$y = 1}}",
            r#"template: :1:7: executing "" at <1>: undefined variable: $y"#,
        ),
        (
            "{{1 2}}",
            r#"template: :1:2: executing "" at <1>: can't give argument to non-function 1"#,
        ),
        (
            "{{call .Id}}",
            r#"template: :1:2: executing "" at <call .Id>: error calling call: non-function .Id of type string"#,
        ),
        (
            "{{18446744073709551615}}",
            r#"template: :1:2: executing "" at <18446744073709551615>: 18446744073709551615 overflows int"#,
        ),
        (
            "a\n{{if .Names}}\n  {{slice .Id 3 1}}{{end}}",
            r#"template: :3:4: executing "" at <slice .Id 3 1>: error calling slice: invalid slice index: 3 > 1"#,
        ),
    ];
    for (src, want) in cases {
        assert_eq!(fails(src), *want, "{src}");
    }
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let ifs = format!("{}x{}", "{{if 1}}".repeat(500), "{{end}}".repeat(500));
    assert_eq!(
        parse_error(&ifs),
        "template: :1: max nesting depth exceeded"
    );
    let parens = format!("{{{{{}1{}}}}}", "(".repeat(500), ")".repeat(500));
    assert_eq!(
        parse_error(&parens),
        "template: :1: max expression depth exceeded"
    );
    // Just inside the limit: parse and execute, natively on a 1 MiB stack (wasm's size).
    let deepest = || {
        let n = MAX_DEPTH - 1;
        let ifs = format!("{}x{}", "{{if 1}}".repeat(n), "{{end}}".repeat(n));
        let parens = format!("{{{{{}1{}}}}}", "(".repeat(n), ")".repeat(n));
        let data = image();
        (
            run_with(&ifs, &data, Missing::NoValue),
            run_with(&parens, &data, Missing::NoValue),
        )
    };
    #[cfg(not(target_arch = "wasm32"))]
    let (ifs, parens) = std::thread::Builder::new()
        .stack_size(1 << 20)
        .spawn(deepest)
        .unwrap()
        .join()
        .unwrap();
    #[cfg(target_arch = "wasm32")]
    let (ifs, parens) = deepest();
    assert_eq!(ifs, Ok("x".to_string()));
    assert_eq!(parens, Ok("1".to_string()));
}

#[test]
fn runaway_templates_stop() {
    let err = fails("{{range 1000000000}}{{end}}");
    assert!(
        err.ends_with("template execution exceeds 10000000 steps"),
        "{err}"
    );
    let err = fails(r#"{{$x := "ab"}}{{range 40}}{{$x = print $x $x}}{{end}}"#);
    assert!(
        err.ends_with("error calling print: result too large"),
        "{err}"
    );
    // Widths and precisions stop at Go's limit of a million.
    let huge = run(r#"{{printf "%.999999e|%.999999f|%.999999g|%999999d" 1e300 1e300 0.1 1}}"#);
    assert_eq!(huge.len(), 1_000_006 + 1 + 1_000_301 + 1 + 57 + 1 + 999_999);
    assert!(huge.contains("|0.1000000000000000055511151231257827021181583404541015625|"));
    assert_eq!(
        run(r#"{{printf "%9999999999d" 1}}"#),
        "%!(NOVERB)%!(EXTRA int=1)"
    );
}

/// A tiny xorshift PRNG, so the fuzz cases are the same on every run.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn parse_and_run_everywhere(src: &str, data: &Value) {
    if let Ok(t) = Template::parse(src) {
        for m in [Missing::NoValue, Missing::MapError, IMAGE_CONTEXT] {
            let _ = t.execute(data, m);
        }
    }
}

#[test]
fn fuzzed_templates_never_panic() {
    const PIECES: &[&str] = &[
        "{{",
        "}}",
        "{{- ",
        " -}}",
        " ",
        ".",
        ".Id",
        ".Config",
        ".Labels",
        ".Names",
        ".Nope",
        "$",
        "$x",
        "$i",
        "$e",
        " := ",
        " = ",
        ",",
        "range",
        "if",
        "else",
        "end",
        "with",
        "break",
        "continue",
        "|",
        "(",
        ")",
        "\"",
        "\"a\"",
        "\"%d %s %v %5.2f %q %x %[2]*d\"",
        "`",
        "'",
        "'a'",
        "1",
        "-1",
        "2",
        "3.5",
        "0x1F",
        "1e3",
        "nil",
        "true",
        "index",
        "len",
        "printf",
        "print",
        "println",
        "json",
        "join",
        "split",
        "eq",
        "ne",
        "lt",
        "and",
        "or",
        "not",
        "slice",
        "pad",
        "truncate",
        "upper",
        "title",
        "html",
        "js",
        "urlquery",
        "call",
        "/*",
        "*/",
        "\n",
        "x",
        "é",
        "}",
        "{",
        "\\",
        ":",
        "=",
        "-",
        "block",
        "define",
        "template",
        "$.Config.Labels",
        "(index .Items 0)",
        ".Name",
    ];
    let data = image();
    let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
    for _ in 0..4000 {
        let mut src = String::new();
        for _ in 0..1 + rng.below(20) {
            src.push_str(PIECES[rng.below(PIECES.len())]);
        }
        parse_and_run_everywhere(&src, &data);
    }
    // Well-formed actions with random operands, so execution gets exercised too.
    const OPERANDS: &[&str] = &[
        ".Id",
        ".Names",
        ".Config.Labels",
        ".Nope",
        ".Size",
        ".Ratio",
        ".Config.Entrypoint",
        "$",
        ".",
        "1",
        "-2",
        "2.5",
        "\"s\"",
        "nil",
        "true",
        "(index .Names 1)",
        ".Items",
        "(split .Id \":\")",
        "'c'",
    ];
    const FUNCS: &[&str] = &[
        "", "index", "len", "slice", "eq", "ne", "lt", "le", "gt", "ge", "and", "or", "not",
        "print", "printf", "println", "json", "join", "split", "title", "lower", "upper", "pad",
        "truncate", "html", "js", "urlquery", "call",
    ];
    for _ in 0..4000 {
        let mut src = String::from("{{");
        src.push_str(FUNCS[rng.below(FUNCS.len())]);
        for _ in 0..rng.below(4) {
            src.push(' ');
            src.push_str(OPERANDS[rng.below(OPERANDS.len())]);
        }
        if rng.below(3) == 0 {
            src.push_str(" | ");
            src.push_str(FUNCS[1 + rng.below(FUNCS.len() - 1)]);
        }
        src.push_str("}}");
        if rng.below(3) == 0 {
            src = format!("{{{{range $i, $e := .Names}}}}{src}{{{{end}}}}");
        }
        parse_and_run_everywhere(&src, &data);
    }
    // Random characters, weighted towards template syntax.
    const CHARS: &[char] = &[
        '{', '}', '.', '$', '(', ')', '|', '"', '`', '\'', '\\', '-', ' ', '\n', 'a', 'x', '1',
        '0', 'e', '%', ':', '=', ',', '/', '*', 'é', '\u{2028}', '\0',
    ];
    for _ in 0..4000 {
        let src: String = (0..rng.below(30))
            .map(|_| CHARS[rng.below(CHARS.len())])
            .collect();
        parse_and_run_everywhere(&src, &data);
    }
    // printf with random formats.
    const VERBS: &[char] = &[
        '%', 'd', 's', '*', '.', '5', '[', ']', '2', '-', '+', '#', '0', 'v', 'x', 'q', 'U', 'e',
        'g', 'T', 'c', ' ',
    ];
    for _ in 0..4000 {
        let f: String = (0..rng.below(12))
            .map(|_| VERBS[rng.below(VERBS.len())])
            .collect();
        let src = format!(
            "{{{{printf {} 1 \"a\" 2.5 .Names nil .Config.Labels -7}}}}",
            go_quote(&f)
        );
        parse_and_run_everywhere(&src, &data);
    }
}
