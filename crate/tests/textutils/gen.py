#!/usr/bin/env python3
"""Regenerates cases.rs: runs every command line of CASES with the real tools and
records stdout, stderr and the exit status.

- GNU: coreutils 9.1 and GNU grep 3.8 (Debian 12), `LC_ALL=C`, through `sh -c`.
- busybox: Debian's busybox 1.35 (glibc), every applet a symlink in an otherwise empty
  PATH, through `busybox sh -c`.

Both run in a fresh directory holding FILES. Run: python3 gen.py > cases.rs
"""
import os, subprocess, sys, tempfile

FILES = {
    "a.txt": "hello world\nfoo bar baz\n\nHello again\nlast line no nl",
    "n.txt": "3\n1\n2\n10\n",
    "b.txt": "axb\na.b\nfoo.bar foobar\nword words sword\nxa.bx\n",
    "k.txt": "b:2:x\na:10:y\nc:1:z\na:10:y\n",
    "e.txt": "",
    "d/x.txt": "in dir x\n",
}

CASES = [
    # grep
    "grep hello a.txt",
    "grep -i hello a.txt",
    "grep -v o a.txt",
    "grep -c o a.txt",
    "grep -n o a.txt",
    "grep -F a.b b.txt",
    "grep a.b b.txt",
    "grep -o 'fo*' b.txt",
    "grep -o -i HELLO a.txt",
    "grep -w word b.txt",
    "grep -ow 'foo[a-z]*' b.txt",
    "grep -x axb b.txt",
    "grep -Fx a.b b.txt",
    "grep -e axb -e a.b b.txt",
    "grep -q foo b.txt",
    "grep -q nothing b.txt",
    "grep -E 'o+' b.txt",
    "grep 'o+' b.txt",
    "grep 'o\\+' b.txt",
    "grep -E '^(foo|axb)' b.txt",
    "grep -E 'wo|xa' b.txt",
    "grep 'o\\{2\\}' b.txt",
    "grep -E 'o{2}' b.txt",
    "grep -l foo a.txt b.txt",
    "grep -c o a.txt b.txt",
    "grep -h foo a.txt b.txt",
    "grep -H foo b.txt",
    "grep foo a.txt b.txt",
    "grep -n '^$' a.txt",
    "grep -vc o a.txt",
    "grep -r 'in dir' d",
    "grep nothing a.txt",
    "grep x nope.txt",
    "grep hello nope.txt a.txt",
    "cat a.txt | grep -n foo",
    "grep -i 'h[a-z]*o' a.txt",
    "grep '[[:digit:]]' k.txt",
    "grep -c '' a.txt",
    "grep -o 'b[a-z]*' a.txt",
    # head
    "head -n 2 a.txt",
    "head -2 a.txt",
    "head -c 5 a.txt",
    "head -n -2 a.txt",
    "head -c -3 a.txt",
    "head a.txt n.txt",
    "head -n 1 nope.txt",
    "cat n.txt | head -n 2",
    "head -n 1 n.txt nope.txt",
    "head -n x a.txt",
    "head -n 0 a.txt",
    "head e.txt",
    # tail
    "tail -n 2 a.txt",
    "tail -2 a.txt",
    "tail -n +3 a.txt",
    "tail -c 5 a.txt",
    "tail -c +5 a.txt",
    "tail a.txt n.txt",
    "tail -n 1 n.txt a.txt",
    "cat n.txt | tail -n 1",
    "tail -n 1 nope.txt",
    "tail -n 0 n.txt",
    "tail -n x n.txt",
    # wc
    "wc a.txt",
    "wc -l a.txt",
    "wc -w a.txt",
    "wc -c a.txt",
    "wc -lw a.txt",
    "wc a.txt n.txt",
    "wc -l a.txt n.txt",
    "cat a.txt | wc",
    "cat a.txt | wc -l",
    "cat a.txt | wc -lc",
    "wc < n.txt",
    "wc nope.txt",
    "wc e.txt",
    "wc -l nope.txt n.txt",
    # sort
    "sort n.txt",
    "sort -n n.txt",
    "sort -r n.txt",
    "sort -nr n.txt",
    "sort -u k.txt",
    "sort -t: -k2 k.txt",
    "sort -t: -k2n k.txt",
    "sort -t : -k 3 k.txt",
    "sort -t: -k2,2n -k1,1r k.txt",
    "sort a.txt n.txt",
    "sort nope.txt",
    "cat k.txt | sort -u",
    "sort -k2 b.txt",
    "sort -rn k.txt",
    # cat
    "cat a.txt n.txt",
    "cat nope.txt",
    "cat < n.txt",
    "cat e.txt n.txt",
    # echo, printf
    "echo hello 'big  world'",
    "echo -n x",
    "printf '%s\\n' a b c",
    "printf '%5.2f|%-4s|%03d\\n' 3.14159 ab 7",
    "printf '%x %o %c\\n' 255 8 xyz",
    # seq
    "seq 3",
    "seq 2 4",
    "seq 5 -2 1",
    "seq 1 0.5 2",
    "seq 1 0.25 2",
    "seq -s , 3",
    "seq -w 8 10",
    "seq 3 1",
    # tr
    "cat a.txt | tr a-z A-Z",
    "cat b.txt | tr -d .",
    "echo aaabbb | tr -s ab",
    "cat k.txt | tr : ' '",
    "echo hello | tr '[:lower:]' '[:upper:]'",
    # uniq
    "sort k.txt | uniq",
    "sort k.txt | uniq -c",
    "sort k.txt | uniq -d",
    "sort k.txt | uniq -u",
    "uniq nope.txt",
    # basename, dirname
    "basename /a/b.txt .txt",
    "basename d/x.txt",
    "basename /",
    "dirname d/x.txt",
    "dirname a/b/",
    "dirname x",
    # rm
    "rm nope.txt",
    "rm -f nope.txt",
    "rm a.txt && cat a.txt",
    "rm d",
    "rm -r d && cat d/x.txt",
    # cp, mv, mkdir, touch
    "cp a.txt c.txt && cat c.txt",
    "cp nope.txt c.txt",
    "cp d e",
    "cp -r d e && cat e/x.txt",
    "cp a.txt a.txt",
    "cp a.txt .",
    "cp -r d d/sub",
    "cp a.txt n.txt d && cat d/a.txt d/n.txt",
    "mv a.txt z.txt && cat z.txt && cat a.txt",
    "mv nope z",
    "mv a.txt d && cat d/a.txt",
    "mv d/x.txt . && cat x.txt",
    "mkdir a.txt",
    "mkdir -p d && cat d/x.txt",
    "touch a.txt && cat a.txt",
    "touch -c nope.txt && cat nope.txt",
    "touch new.txt && wc -c new.txt",
    # ls
    "ls",
    "ls d",
    "ls a.txt d",
    "ls nope",
    "ls -a d",
    "ls -A d",
    "ls -R",
    "ls -d d",
    "ls -r",
    "ls -F",
    "ls -1 d/",
]


def lit(s: str) -> str:
    out = '"'
    for ch in s:
        if ch == '"':
            out += '\\"'
        elif ch == '\\':
            out += '\\\\'
        elif ch == '\n':
            out += '\\n'
        elif ch == '\t':
            out += '\\t'
        elif ord(ch) < 32 or ord(ch) > 126:
            out += '\\u{%x}' % ord(ch)
        else:
            out += ch
    return out + '"'


def setup(root):
    for name, content in FILES.items():
        p = os.path.join(root, name)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "w") as f:
            f.write(content)


def run(argv, cwd, env):
    p = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, stdin=subprocess.DEVNULL)
    return p.stdout.decode(), p.stderr.decode(), p.returncode


def main():
    bbdir = tempfile.mkdtemp()
    applets = subprocess.run(["busybox", "--list"], capture_output=True, text=True).stdout.split()
    for a in applets:
        os.symlink("/usr/bin/busybox", os.path.join(bbdir, a))
    print("// Generated by gen.py from the real tools; do not edit by hand.")
    print("// (command line, GNU (stdout, stderr, status), busybox (stdout, stderr, status))")
    print("pub const FILES: &[(&str, &str)] = &[")
    for name, content in FILES.items():
        print(f"    ({lit(name)}, {lit(content)}),")
    print("];")
    print("pub const CASES: &[Case] = &[")
    for cmd in CASES:
        results = []
        for flavour in ("gnu", "busybox"):
            root = tempfile.mkdtemp()
            setup(root)
            if flavour == "gnu":
                env = {"PATH": "/usr/bin:/bin", "LC_ALL": "C"}
                argv = ["/bin/sh", "-c", cmd]
            else:
                env = {"PATH": bbdir, "LC_ALL": "C"}
                argv = ["/usr/bin/busybox", "sh", "-c", cmd]
            results.append(run(argv, root, env))
        (go, ge, gc), (bo, be, bc) = results
        print(f"    Case {{\n        cmd: {lit(cmd)},")
        print(f"        gnu: ({lit(go)}, {lit(ge)}, {gc}),")
        print(f"        busybox: ({lit(bo)}, {lit(be)}, {bc}),\n    }},")
    print("];")


main()
