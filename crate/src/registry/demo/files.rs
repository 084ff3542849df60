//! The file trees of the demo images: the layout of the distributions they stand in for,
//! with small text files in place of programs and libraries. Every program says that it
//! is a layerlab stand-in, and so do the configuration files whose format has comments.

use super::tree::Tree;

/// The text of a stand-in program or library.
fn stand_in(what: &str) -> String {
    format!("layerlab demo stand-in for {what}: programs do not run in the browser\n")
}

const NOTE: &str =
    "# layerlab demo file: part of a stand-in image made by layerlab, not the real one.\n";

fn noted(text: &str) -> String {
    format!("{NOTE}{text}")
}

// ---------------------------------------------------------------- hello-world

pub(super) fn hello_world() -> Tree {
    let mut t = Tree::new();
    t.exec(
        "hello",
        "layerlab demo stand-in for /hello (hello-world): programs do not run in the browser\n\
         The real program prints a greeting that explains how Docker ran it, then exits.\n",
    );
    t
}

// ---------------------------------------------------------------- busybox

const BUSYBOX_APPLETS: &[&str] = &[
    "[", "[[", "ash", "awk", "cat", "chmod", "chown", "cp", "cut", "date", "dd", "df", "diff",
    "dmesg", "du", "echo", "env", "false", "find", "free", "grep", "gunzip", "gzip", "head",
    "hostname", "id", "ifconfig", "kill", "less", "ln", "ls", "mkdir", "more", "mount", "mv", "nc",
    "netstat", "nslookup", "ping", "ps", "pwd", "rm", "rmdir", "sed", "sh", "sleep", "sort",
    "tail", "tar", "tee", "top", "touch", "tr", "true", "umount", "uname", "uptime", "vi", "wc",
    "wget", "which", "whoami", "xargs",
];

pub(super) fn busybox() -> Tree {
    let mut t = Tree::new();
    t.exec("bin/busybox", &stand_in("busybox 1.37.0"))
        .symlinks("bin", BUSYBOX_APPLETS, "busybox")
        .dirs(&["dev", "etc/network", "home"])
        .file(
            "etc/group",
            "root:x:0:\ndaemon:x:1:\nbin:x:2:\nsys:x:3:\nadm:x:4:\ntty:x:5:\ndisk:x:6:\n\
             wheel:x:10:root\nmail:x:12:\nwww-data:x:33:\nusers:x:100:\nnogroup:x:65534:\n",
        )
        .file(
            "etc/nsswitch.conf",
            &noted("hosts:\t\tfiles dns\nnetworks:\tfiles\n"),
        )
        .file(
            "etc/passwd",
            "root:x:0:0:root:/root:/bin/sh\ndaemon:x:1:1:daemon:/usr/sbin:/bin/false\n\
             bin:x:2:2:bin:/bin:/bin/false\nsys:x:3:3:sys:/dev:/bin/false\n\
             sync:x:4:100:sync:/bin:/bin/sync\nmail:x:8:8:mail:/var/spool/mail:/bin/false\n\
             www-data:x:33:33:www-data:/var/www:/bin/false\n\
             nobody:x:65534:65534:nobody:/home:/bin/false\n",
        )
        .exec(
            "lib/ld-linux-x86-64.so.2",
            &stand_in("the glibc dynamic loader"),
        )
        .exec("lib/libc.so.6", &stand_in("the GNU C library"))
        .symlink("lib64", "lib")
        .dir_mode("root", 0o700)
        .dir_mode("tmp", 0o1777)
        .dirs(&["usr/sbin", "var/spool/mail", "var/www"]);
    t
}

// ---------------------------------------------------------------- alpine

const ALPINE_BUSYBOX_LINKS: &[&str] = &[
    "ash", "cat", "chmod", "chown", "cp", "date", "dd", "df", "echo", "false", "grep", "gzip",
    "hostname", "kill", "ln", "ls", "mkdir", "more", "mount", "mv", "ping", "ps", "pwd", "rm",
    "rmdir", "sed", "sh", "sleep", "tar", "touch", "true", "umount", "uname", "vi",
];

const ALPINE_PASSWD: &str = "root:x:0:0:root:/root:/bin/sh\n\
bin:x:1:1:bin:/bin:/sbin/nologin\n\
daemon:x:2:2:daemon:/sbin:/sbin/nologin\n\
lp:x:4:7:lp:/var/spool/lpd:/sbin/nologin\n\
sync:x:5:0:sync:/sbin:/bin/sync\n\
shutdown:x:6:0:shutdown:/sbin:/sbin/shutdown\n\
halt:x:7:0:halt:/sbin:/sbin/halt\n\
mail:x:8:12:mail:/var/mail:/sbin/nologin\n\
news:x:9:13:news:/usr/lib/news:/sbin/nologin\n\
operator:x:11:0:operator:/root:/sbin/nologin\n\
ftp:x:21:21::/var/lib/ftp:/sbin/nologin\n\
sshd:x:22:22:sshd:/dev/null:/sbin/nologin\n\
guest:x:405:100:guest:/dev/null:/sbin/nologin\n\
nobody:x:65534:65534:nobody:/:/sbin/nologin\n";

const ALPINE_GROUP: &str = "root:x:0:root\nbin:x:1:root,bin,daemon\n\
daemon:x:2:root,bin,daemon\nsys:x:3:root,bin\nadm:x:4:root,daemon\ntty:x:5:\ndisk:x:6:root\n\
lp:x:7:lp\nkmem:x:9:\nwheel:x:10:root\nmail:x:12:mail\nnews:x:13:news\nftp:x:21:\n\
sshd:x:22:\nusers:x:100:games\nnogroup:x:65533:\nnobody:x:65534:\n";

/// `lib/apk/db/installed` entries: (package, version, description, url, license).
const ALPINE_PACKAGES: &[(&str, &str, &str, &str, &str)] = &[
    (
        "musl",
        "1.2.5-r8",
        "the musl c library (libc) implementation",
        "https://musl.libc.org/",
        "MIT",
    ),
    (
        "busybox",
        "1.37.0-r12",
        "Size optimized toolbox of many common UNIX utilities",
        "https://busybox.net/",
        "GPL-2.0-only",
    ),
    (
        "alpine-baselayout",
        "3.6.8-r1",
        "Alpine base dir structure and init scripts",
        "https://git.alpinelinux.org/cgit/aports/tree/main/alpine-baselayout",
        "GPL-2.0-only",
    ),
    (
        "alpine-release",
        "3.21.2-r0",
        "Alpine release data",
        "https://alpinelinux.org",
        "MIT",
    ),
    (
        "apk-tools",
        "2.14.6-r2",
        "Alpine Package Keeper - package manager for alpine",
        "https://gitlab.alpinelinux.org/alpine/apk-tools",
        "GPL-2.0-only",
    ),
];

fn apk_installed(extra: &[(&str, &str, &str, &str, &str)]) -> String {
    let mut s = String::new();
    for (p, v, d, u, l) in ALPINE_PACKAGES.iter().chain(extra) {
        s.push_str(&format!(
            "P:{p}\nV:{v}\nA:x86_64\nT:{d}\nU:{u}\nL:{l}\no:{p}\n\n"
        ));
    }
    s
}

const ALPINE_WORLD: &str = "alpine-baselayout\nalpine-keys\napk-tools\nbusybox\nlibc-utils\n";

/// The alpine 3.21 mini root filesystem (also the base of nginx:alpine).
pub(super) fn alpine() -> Tree {
    let mut t = Tree::new();
    t.exec("bin/busybox", &stand_in("busybox 1.37.0 (Alpine)"))
        .symlinks("bin", ALPINE_BUSYBOX_LINKS, "/bin/busybox")
        .dir("dev")
        .file("etc/alpine-release", "3.21.2\n")
        .file("etc/apk/arch", "x86_64\n")
        .dir("etc/apk/keys")
        .file(
            "etc/apk/repositories",
            &noted(
                "https://dl-cdn.alpinelinux.org/alpine/v3.21/main\n\
                 https://dl-cdn.alpinelinux.org/alpine/v3.21/community\n",
            ),
        )
        .file("etc/apk/world", ALPINE_WORLD)
        .file("etc/group", ALPINE_GROUP)
        .file("etc/hostname", "localhost\n")
        .file(
            "etc/hosts",
            &noted("127.0.0.1\tlocalhost localhost.localdomain\n::1\t\tlocalhost localhost.localdomain\n"),
        )
        .file(
            "etc/motd",
            "Welcome to the layerlab demo of Alpine Linux!\n\n\
             This image is a small stand-in made by layerlab, not the real alpine image.\n",
        )
        .file(
            "etc/os-release",
            &noted(
                "NAME=\"Alpine Linux\"\nID=alpine\nVERSION_ID=3.21.2\n\
                 PRETTY_NAME=\"Alpine Linux v3.21 (layerlab demo)\"\n\
                 HOME_URL=\"https://alpinelinux.org/\"\n\
                 BUG_REPORT_URL=\"https://gitlab.alpinelinux.org/alpine/aports/-/issues\"\n",
            ),
        )
        .file("etc/passwd", ALPINE_PASSWD)
        .file(
            "etc/profile",
            &noted(
                "export PATH=\"/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\"\n\
                 export PAGER=less\numask 022\n",
            ),
        )
        .file("etc/shells", &noted("/bin/sh\n/bin/ash\n"))
        .dir("etc/ssl/certs")
        .dirs(&["home", "lib/apk/exec"])
        .file("lib/apk/db/installed", &apk_installed(&[]))
        .exec("lib/ld-musl-x86_64.so.1", &stand_in("the musl C library"))
        .symlink("lib/libc.musl-x86_64.so.1", "ld-musl-x86_64.so.1")
        .dirs(&["media/cdrom", "mnt", "opt", "proc"])
        .dir_mode("root", 0o700)
        .dirs(&["run", "sbin"])
        .exec("sbin/apk", &stand_in("apk, the Alpine package manager"))
        .dirs(&["srv", "sys"])
        .dir_mode("tmp", 0o1777)
        .dirs(&[
            "usr/bin",
            "usr/lib",
            "usr/local/bin",
            "usr/sbin",
            "usr/share/apk",
            "var/cache/apk",
            "var/empty",
            "var/lib/misc",
            "var/log",
            "var/opt",
            "var/spool/cron",
        ])
        .dir_mode("var/tmp", 0o1777);
    t
}

// ---------------------------------------------------------------- Debian family

/// What differs between the Debian-family bases.
pub(super) struct DebBase {
    pub os_release: &'static str,
    pub debian_version: &'static str,
    /// `/bin`, `/lib`, `/sbin` are links into `/usr` (Debian 12, Ubuntu 24.04).
    pub merged_usr: bool,
    /// (path, contents) of the apt source list.
    pub apt_sources: (&'static str, &'static str),
    /// dpkg status entries: (package, version, section, description).
    pub packages: &'static [(&'static str, &'static str, &'static str, &'static str)],
    /// Extra (path, text) files.
    pub extra: &'static [(&'static str, &'static str)],
}

pub(super) const DEB_PASSWD: &str = "root:x:0:0:root:/root:/bin/bash\n\
daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n\
bin:x:2:2:bin:/bin:/usr/sbin/nologin\n\
sys:x:3:3:sys:/dev:/usr/sbin/nologin\n\
sync:x:4:65534:sync:/bin:/bin/sync\n\
games:x:5:60:games:/usr/games:/usr/sbin/nologin\n\
man:x:6:12:man:/var/cache/man:/usr/sbin/nologin\n\
lp:x:7:7:lp:/var/spool/lpd:/usr/sbin/nologin\n\
mail:x:8:8:mail:/var/mail:/usr/sbin/nologin\n\
news:x:9:9:news:/var/spool/news:/usr/sbin/nologin\n\
www-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\n\
backup:x:34:34:backup:/var/backups:/usr/sbin/nologin\n\
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n";

pub(super) const DEB_GROUP: &str = "root:x:0:\ndaemon:x:1:\nbin:x:2:\nsys:x:3:\nadm:x:4:\n\
tty:x:5:\ndisk:x:6:\nlp:x:7:\nmail:x:8:\nnews:x:9:\nman:x:12:\nwww-data:x:33:\n\
backup:x:34:\nstaff:x:50:\ngames:x:60:\nusers:x:100:\nnogroup:x:65534:\n";

const DEB_PROGRAMS: &[&str] = &[
    "apt", "apt-get", "bash", "cat", "chmod", "cp", "dash", "date", "dpkg", "echo", "grep", "gzip",
    "hostname", "ln", "ls", "mkdir", "mv", "ps", "rm", "sed", "sleep", "tar", "touch", "uname",
];

pub(super) fn dpkg_status(
    packages: &[(&str, &str, &str, &str)],
    extra: &[(&str, &str, &str, &str)],
) -> String {
    let mut s = String::new();
    for (p, v, sec, d) in packages.iter().chain(extra) {
        s.push_str(&format!(
            "Package: {p}\nStatus: install ok installed\nPriority: optional\nSection: {sec}\n\
             Architecture: amd64\nVersion: {v}\nDescription: {d}\n\n"
        ));
    }
    s
}

/// The root filesystem of a Debian or Ubuntu base image.
pub(super) fn deb_base(b: &DebBase) -> Tree {
    let mut t = Tree::new();
    let bin = if b.merged_usr { "usr/bin" } else { "bin" };
    for p in DEB_PROGRAMS {
        let path = match *p {
            // Package tools live in /usr/bin even without merged /usr.
            "apt" | "apt-get" | "dpkg" => format!("usr/bin/{p}"),
            _ => format!("{bin}/{p}"),
        };
        t.exec(&path, &stand_in(p));
    }
    t.symlink(&format!("{bin}/sh"), "dash");
    if b.merged_usr {
        t.symlink("bin", "usr/bin")
            .symlink("lib", "usr/lib")
            .symlink("lib64", "usr/lib64")
            .symlink("sbin", "usr/sbin")
            .exec(
                "usr/lib/x86_64-linux-gnu/libc.so.6",
                &stand_in("the GNU C library"),
            )
            .symlink(
                "usr/lib64/ld-linux-x86-64.so.2",
                "../lib/x86_64-linux-gnu/ld-linux-x86-64.so.2",
            )
            .exec(
                "usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2",
                &stand_in("the glibc dynamic loader"),
            );
    } else {
        t.exec(
            "lib/x86_64-linux-gnu/libc.so.6",
            &stand_in("the GNU C library"),
        )
        .exec(
            "lib/x86_64-linux-gnu/ld-2.28.so",
            &stand_in("the glibc dynamic loader"),
        )
        .symlink(
            "lib64/ld-linux-x86-64.so.2",
            "/lib/x86_64-linux-gnu/ld-2.28.so",
        )
        .dir("sbin");
    }
    t.dirs(&[
        "boot", "dev", "home", "media", "mnt", "opt", "proc", "run", "srv", "sys",
    ])
    .file(b.apt_sources.0, &noted(b.apt_sources.1))
    .file("etc/debian_version", b.debian_version)
    .file("etc/group", DEB_GROUP)
    .file("etc/passwd", DEB_PASSWD)
    .symlink("etc/os-release", "../usr/lib/os-release")
    .file("usr/lib/os-release", &noted(b.os_release))
    .dir_mode("root", 0o700)
    .dir_mode("tmp", 0o1777)
    .dirs(&[
        "usr/local/bin",
        "usr/sbin",
        "usr/share/doc",
        "var/cache/apt",
        "var/log/apt",
        "var/lib/apt/lists",
        "var/mail",
    ])
    .dir_mode("var/tmp", 0o1777)
    .file("var/lib/dpkg/status", &dpkg_status(b.packages, &[]));
    for (path, text) in b.extra {
        t.file(path, text);
    }
    t
}

pub(super) const BOOKWORM_PACKAGES: &[(&str, &str, &str, &str)] = &[
    ("apt", "2.6.1", "admin", "commandline package manager"),
    (
        "base-files",
        "12.4+deb12u9",
        "admin",
        "Debian base system miscellaneous files",
    ),
    ("bash", "5.2.15-2+b7", "shells", "GNU Bourne Again SHell"),
    ("coreutils", "9.1-1", "utils", "GNU core utilities"),
    ("dash", "0.5.12-2", "shells", "POSIX-compliant shell"),
    (
        "dpkg",
        "1.21.22",
        "admin",
        "Debian package management system",
    ),
    (
        "libc6",
        "2.36-9+deb12u9",
        "libs",
        "GNU C Library: Shared libraries",
    ),
    (
        "tar",
        "1.34+dfsg-1.2+deb12u1",
        "utils",
        "GNU version of the tar archiving utility",
    ),
];

pub(super) const BUSTER_PACKAGES: &[(&str, &str, &str, &str)] = &[
    ("apt", "1.8.2", "admin", "commandline package manager"),
    (
        "base-files",
        "10.3+deb10u3",
        "admin",
        "Debian base system miscellaneous files",
    ),
    ("bash", "5.0-4", "shells", "GNU Bourne Again SHell"),
    ("coreutils", "8.30-3", "utils", "GNU core utilities"),
    ("dash", "0.5.10.2-5", "shells", "POSIX-compliant shell"),
    (
        "dpkg",
        "1.19.7",
        "admin",
        "Debian package management system",
    ),
    (
        "libc6",
        "2.28-10",
        "libs",
        "GNU C Library: Shared libraries",
    ),
    (
        "tar",
        "1.30+dfsg-6",
        "utils",
        "GNU version of the tar archiving utility",
    ),
];

const NOBLE_PACKAGES: &[(&str, &str, &str, &str)] = &[
    (
        "apt",
        "2.7.14build2",
        "admin",
        "commandline package manager",
    ),
    (
        "base-files",
        "13ubuntu10.1",
        "admin",
        "Debian base system miscellaneous files",
    ),
    (
        "bash",
        "5.2.21-2ubuntu4",
        "shells",
        "GNU Bourne Again SHell",
    ),
    ("coreutils", "9.4-3ubuntu6", "utils", "GNU core utilities"),
    ("dash", "0.5.12-6ubuntu5", "shells", "POSIX-compliant shell"),
    (
        "dpkg",
        "1.22.6ubuntu6.1",
        "admin",
        "Debian package management system",
    ),
    (
        "libc6",
        "2.39-0ubuntu8.3",
        "libs",
        "GNU C Library: Shared libraries",
    ),
    (
        "tar",
        "1.35+dfsg-3build1",
        "utils",
        "GNU version of the tar archiving utility",
    ),
];

pub(super) const BOOKWORM: DebBase = DebBase {
    os_release: "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm) (layerlab demo)\"\n\
NAME=\"Debian GNU/Linux\"\nVERSION_ID=\"12\"\nVERSION=\"12 (bookworm)\"\n\
VERSION_CODENAME=bookworm\nID=debian\nHOME_URL=\"https://www.debian.org/\"\n\
SUPPORT_URL=\"https://www.debian.org/support\"\nBUG_REPORT_URL=\"https://bugs.debian.org/\"\n",
    debian_version: "12.9\n",
    merged_usr: true,
    apt_sources: (
        "etc/apt/sources.list.d/debian.sources",
        "Types: deb\nURIs: http://deb.debian.org/debian\nSuites: bookworm bookworm-updates\n\
Components: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n",
    ),
    packages: BOOKWORM_PACKAGES,
    extra: &[],
};

pub(super) const BUSTER: DebBase = DebBase {
    os_release: "PRETTY_NAME=\"Debian GNU/Linux 10 (buster) (layerlab demo)\"\n\
NAME=\"Debian GNU/Linux\"\nVERSION_ID=\"10\"\nVERSION=\"10 (buster)\"\n\
VERSION_CODENAME=buster\nID=debian\nHOME_URL=\"https://www.debian.org/\"\n\
SUPPORT_URL=\"https://www.debian.org/support\"\nBUG_REPORT_URL=\"https://bugs.debian.org/\"\n",
    debian_version: "10.3\n",
    merged_usr: false,
    apt_sources: (
        "etc/apt/sources.list",
        "deb http://deb.debian.org/debian buster main\n\
deb http://security.debian.org/debian-security buster/updates main\n\
deb http://deb.debian.org/debian buster-updates main\n",
    ),
    packages: BUSTER_PACKAGES,
    extra: &[],
};

pub(super) const NOBLE: DebBase = DebBase {
    os_release: "PRETTY_NAME=\"Ubuntu 24.04.1 LTS (layerlab demo)\"\nNAME=\"Ubuntu\"\n\
VERSION_ID=\"24.04\"\nVERSION=\"24.04.1 LTS (Noble Numbat)\"\nVERSION_CODENAME=noble\n\
ID=ubuntu\nID_LIKE=debian\nHOME_URL=\"https://www.ubuntu.com/\"\n\
SUPPORT_URL=\"https://help.ubuntu.com/\"\nBUG_REPORT_URL=\"https://bugs.launchpad.net/ubuntu/\"\n\
UBUNTU_CODENAME=noble\n",
    debian_version: "trixie/sid\n",
    merged_usr: true,
    apt_sources: (
        "etc/apt/sources.list.d/ubuntu.sources",
        "Types: deb\nURIs: http://archive.ubuntu.com/ubuntu/\n\
Suites: noble noble-updates noble-backports\nComponents: main universe restricted multiverse\n\
Signed-By: /usr/share/keyrings/ubuntu-archive-keyring.gpg\n",
    ),
    packages: NOBLE_PACKAGES,
    extra: &[
        (
            "etc/lsb-release",
            "DISTRIB_ID=Ubuntu\nDISTRIB_RELEASE=24.04\nDISTRIB_CODENAME=noble\n\
DISTRIB_DESCRIPTION=\"Ubuntu 24.04.1 LTS (layerlab demo)\"\n",
        ),
        (
            "etc/issue",
            "Ubuntu 24.04.1 LTS (layerlab demo) \\n \\l\n\n",
        ),
    ],
};

// ---------------------------------------------------------------- centos

const CENTOS_REPOS: &[(&str, &str, &str)] = &[
    ("BaseOS", "baseos", "BaseOS"),
    ("AppStream", "appstream", "AppStream"),
    ("Extras", "extras", "extras"),
];

pub(super) fn centos() -> Tree {
    let mut t = Tree::new();
    for p in [
        "bash", "cat", "cp", "dnf-3", "echo", "grep", "ls", "mkdir", "rm", "rpm", "sed", "tar",
    ] {
        t.exec(&format!("usr/bin/{p}"), &stand_in(p));
    }
    t.symlink("usr/bin/dnf", "dnf-3")
        .symlink("usr/bin/yum", "dnf-3")
        .symlink("usr/bin/sh", "bash")
        .symlink("bin", "usr/bin")
        .symlink("lib", "usr/lib")
        .symlink("lib64", "usr/lib64")
        .symlink("sbin", "usr/sbin")
        .exec("usr/lib64/libc.so.6", &stand_in("the GNU C library"))
        .dirs(&["dev", "home", "media", "mnt", "opt", "proc", "run", "srv", "sys"])
        .file("etc/centos-release", "CentOS Linux release 8.4.2105\n")
        .symlink("etc/redhat-release", "centos-release")
        .symlink("etc/system-release", "centos-release")
        .file(
            "etc/dnf/dnf.conf",
            &noted("[main]\ngpgcheck=1\ninstallonly_limit=3\nclean_requirements_on_remove=True\nbest=True\n"),
        )
        .symlink("etc/yum.conf", "dnf/dnf.conf")
        .file("etc/group", "root:x:0:\nbin:x:1:\ndaemon:x:2:\nsys:x:3:\nadm:x:4:\ntty:x:5:\n\
disk:x:6:\nlp:x:7:\nmem:x:8:\nkmem:x:9:\nwheel:x:10:\nmail:x:12:\nman:x:15:\nusers:x:100:\n\
nobody:x:65534:\n")
        .file("etc/passwd", "root:x:0:0:root:/root:/bin/bash\nbin:x:1:1:bin:/bin:/sbin/nologin\n\
daemon:x:2:2:daemon:/sbin:/sbin/nologin\nadm:x:3:4:adm:/var/adm:/sbin/nologin\n\
lp:x:4:7:lp:/var/spool/lpd:/sbin/nologin\nsync:x:5:0:sync:/sbin:/bin/sync\n\
mail:x:8:12:mail:/var/spool/mail:/sbin/nologin\noperator:x:11:0:operator:/root:/sbin/nologin\n\
nobody:x:65534:65534:Kernel Overflow User:/:/sbin/nologin\n")
        .symlink("etc/os-release", "../usr/lib/os-release")
        .file(
            "usr/lib/os-release",
            &noted(
                "NAME=\"CentOS Linux\"\nVERSION=\"8\"\nID=\"centos\"\nID_LIKE=\"rhel fedora\"\n\
                 VERSION_ID=\"8\"\nPLATFORM_ID=\"platform:el8\"\n\
                 PRETTY_NAME=\"CentOS Linux 8 (layerlab demo)\"\nANSI_COLOR=\"0;31\"\n\
                 CPE_NAME=\"cpe:/o:centos:centos:8\"\nHOME_URL=\"https://centos.org/\"\n\
                 BUG_REPORT_URL=\"https://bugs.centos.org/\"\n",
            ),
        )
        .dir_mode("root", 0o550)
        .dir_mode("tmp", 0o1777)
        .dirs(&["usr/local/bin", "usr/sbin", "usr/share/doc", "var/cache/dnf", "var/lib/rpm", "var/log"])
        .dir_mode("var/tmp", 0o1777);
    for (name, repo, id) in CENTOS_REPOS {
        t.file(
            &format!("etc/yum.repos.d/CentOS-Linux-{name}.repo"),
            &noted(&format!(
                "[{repo}]\nname=CentOS Linux $releasever - {id}\n\
                 mirrorlist=http://mirrorlist.centos.org/?release=$releasever&arch=$basearch&repo={id}&infra=$infra\n\
                 gpgcheck=1\nenabled=1\ngpgkey=file:///etc/pki/rpm-gpg/RPM-GPG-KEY-centosofficial\n"
            )),
        );
    }
    t
}

// ---------------------------------------------------------------- nginx

const NGINX_CONF: &str = "user  nginx;\nworker_processes  auto;\n\n\
error_log  /var/log/nginx/error.log notice;\npid        /var/run/nginx.pid;\n\n\
events {\n    worker_connections  1024;\n}\n\n\
http {\n    include       /etc/nginx/mime.types;\n    default_type  application/octet-stream;\n\n\
    access_log  /var/log/nginx/access.log;\n\n    sendfile        on;\n\
    keepalive_timeout  65;\n\n    include /etc/nginx/conf.d/*.conf;\n}\n";

const NGINX_DEFAULT_CONF: &str = "server {\n    listen       80;\n    listen  [::]:80;\n\
    server_name  localhost;\n\n    location / {\n        root   /usr/share/nginx/html;\n\
        index  index.html index.htm;\n    }\n\n    error_page   500 502 503 504  /50x.html;\n\
    location = /50x.html {\n        root   /usr/share/nginx/html;\n    }\n}\n";

const NGINX_MIME_TYPES: &str = "types {\n    text/html                 html htm shtml;\n\
    text/css                  css;\n    text/plain                txt;\n\
    image/png                 png;\n    image/svg+xml             svg svgz;\n\
    application/javascript    js;\n    application/json          json;\n}\n";

const NGINX_INDEX: &str = "<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n\
</head>\n<body>\n<h1>Welcome to nginx!</h1>\n\
<p>This page comes from a layerlab demo image: a small stand-in for the nginx image,\n\
not the real one.</p>\n</body>\n</html>\n";

const NGINX_50X: &str = "<!DOCTYPE html>\n<html>\n<head>\n<title>Error</title>\n</head>\n\
<body>\n<h1>An error occurred.</h1>\n<p>(layerlab demo page)</p>\n</body>\n</html>\n";

/// Where the nginx package layer goes: Debian (dpkg) or Alpine (apk).
pub(super) enum NginxOn<'a> {
    Debian {
        base: &'a DebBase,
        version: &'a str,
        release: &'a str,
    },
    Alpine {
        version: &'a str,
    },
}

/// The layer that installs nginx: its files, the nginx user and group, the package
/// database with nginx added, and (for newer images) the log links and the empty
/// `/docker-entrypoint.d`.
pub(super) fn nginx_package(on: NginxOn, log_links: bool, entrypoint_dir: bool) -> Tree {
    let mut t = Tree::new();
    let version = match &on {
        NginxOn::Debian { version, .. } | NginxOn::Alpine { version } => *version,
    };
    t.file("etc/nginx/nginx.conf", &noted(NGINX_CONF))
        .file("etc/nginx/conf.d/default.conf", &noted(NGINX_DEFAULT_CONF))
        .file("etc/nginx/mime.types", &noted(NGINX_MIME_TYPES))
        .symlink("etc/nginx/modules", "/usr/lib/nginx/modules")
        .dir("usr/lib/nginx/modules")
        .exec("usr/sbin/nginx", &stand_in(&format!("nginx {version}")))
        .file("usr/share/nginx/html/index.html", NGINX_INDEX)
        .file("usr/share/nginx/html/50x.html", NGINX_50X)
        .dir("var/cache/nginx")
        .dir("var/log/nginx");
    if log_links {
        t.symlink("var/log/nginx/access.log", "/dev/stdout")
            .symlink("var/log/nginx/error.log", "/dev/stderr");
    }
    if entrypoint_dir {
        t.dir("docker-entrypoint.d");
    }
    match on {
        NginxOn::Debian {
            base,
            version,
            release,
        } => {
            let v = format!("{version}-{release}");
            let pkg = [(
                "nginx",
                v.as_str(),
                "httpd",
                "high performance web server (layerlab demo stand-in)",
            )];
            t.file(
                "etc/passwd",
                &format!("{DEB_PASSWD}nginx:x:101:101:nginx user:/nonexistent:/bin/false\n"),
            )
            .file("etc/group", &format!("{DEB_GROUP}nginx:x:101:\n"))
            .file("var/lib/dpkg/status", &dpkg_status(base.packages, &pkg));
        }
        NginxOn::Alpine { version } => {
            let v = format!("{version}-r1");
            let pkg = [(
                "nginx",
                v.as_str(),
                "HTTP and reverse proxy server (layerlab demo stand-in)",
                "https://nginx.org/",
                "BSD-2-Clause",
            )];
            t.file(
                "etc/passwd",
                &format!("{ALPINE_PASSWD}nginx:x:101:101:nginx:/var/cache/nginx:/sbin/nologin\n"),
            )
            .file("etc/group", &format!("{ALPINE_GROUP}nginx:x:101:nginx\n"))
            .file("etc/apk/world", &format!("{ALPINE_WORLD}nginx\n"))
            .file("lib/apk/db/installed", &apk_installed(&pkg));
        }
    }
    t
}

/// The layer of nginx:1.16 that links the logs to the container's output.
pub(super) fn nginx_log_links() -> Tree {
    let mut t = Tree::new();
    t.symlink("var/log/nginx/access.log", "/dev/stdout")
        .symlink("var/log/nginx/error.log", "/dev/stderr");
    t
}

pub(super) const ENTRYPOINT: &str = "#!/bin/sh\n\
# layerlab demo stand-in for /docker-entrypoint.sh of the nginx image.\n\
# Programs do not run in the browser. In the real image this script runs the\n\
# files in /docker-entrypoint.d/ in order, then starts the command it was given.\n\
set -e\n\
for f in /docker-entrypoint.d/*; do\n\
    case \"$f\" in\n\
        *.envsh) [ -x \"$f\" ] && . \"$f\" ;;\n\
        *.sh) [ -x \"$f\" ] && \"$f\" ;;\n\
    esac\n\
done\n\
exec \"$@\"\n";

/// The scripts of `/docker-entrypoint.d`, one layer each: (name, what it does).
pub(super) const ENTRYPOINT_SCRIPTS: &[(&str, &str)] = &[
    (
        "10-listen-on-ipv6-by-default.sh",
        "makes the default server also listen on IPv6",
    ),
    (
        "15-local-resolvers.envsh",
        "exports the resolvers of /etc/resolv.conf for templates",
    ),
    (
        "20-envsubst-on-templates.sh",
        "fills /etc/nginx/templates/*.template with environment variables",
    ),
    (
        "30-tune-worker-processes.sh",
        "sets worker_processes from the CPUs the container may use",
    ),
];

pub(super) fn entrypoint() -> Tree {
    let mut t = Tree::new();
    t.exec("docker-entrypoint.sh", ENTRYPOINT);
    t
}

pub(super) fn entrypoint_script(name: &str, what: &str) -> Tree {
    let mut t = Tree::new();
    t.exec(
        &format!("docker-entrypoint.d/{name}"),
        &format!(
            "#!/bin/sh\n# layerlab demo stand-in for /docker-entrypoint.d/{name}.\n\
             # Programs do not run in the browser. The real script {what}.\nexit 0\n"
        ),
    );
    t
}
