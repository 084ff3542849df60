//! The Debian-family base images: debian:bookworm (under nginx), debian:buster (under
//! nginx:1.16) and ubuntu:24.04.

use super::{noted, programs, stand_in, Tree};

// The program lists are those of the packages of debian:bookworm (the packages of priority
// "required", and apt and its dependencies, as debuerreotype's minbase builds them): read with
// `dpkg -L` from the same packages installed on a Debian 12 system (coreutils 9.1-1,
// util-linux 2.38.1, ...). ubuntu:24.04 has the same packages but for e2fsprogs and logsave
// (best knowledge of the noble image, not a listing of it); debian:buster is given the same
// names (best knowledge: its packages are older versions of the same ones). Neither has
// procps: `ps` and `top` are not in these images.
/// The programs of the Debian 12 base image's packages, each at the path its package installs
/// it to (before merged `/usr` moves `/bin` and `/sbin` into `/usr`): (package, directory,
/// names).
const DEB_PROGRAMS: &[(&str, &str, &str)] = &[
    (
        "apt",
        "usr/bin",
        "apt apt-cache apt-cdrom apt-config apt-get apt-key apt-mark",
    ),
    ("base-passwd", "usr/sbin", "update-passwd"),
    ("bash", "bin", "bash"),
    ("bash", "usr/bin", "bashbug clear_console"),
    (
        "bsdutils",
        "usr/bin",
        "logger renice script scriptlive scriptreplay wall",
    ),
    (
        "coreutils",
        "bin",
        "\
cat chgrp chmod chown cp date dd df dir echo false ln ls mkdir mknod mktemp mv pwd \
readlink rm rmdir sleep stty sync touch true uname vdir",
    ),
    (
        "coreutils",
        "usr/bin",
        "\
[ arch b2sum base32 base64 basename basenc chcon cksum comm csplit cut dircolors dirname \
du env expand expr factor fmt fold groups head hostid id install join link logname \
md5sum mkfifo nice nl nohup nproc numfmt od paste pathchk pinky pr printenv printf ptx \
realpath runcon seq sha1sum sha224sum sha256sum sha384sum sha512sum shred shuf sort \
split stat stdbuf sum tac tail tee test timeout tr truncate tsort tty unexpand uniq \
unlink users wc who whoami yes",
    ),
    ("coreutils", "usr/sbin", "chroot"),
    ("dash", "bin", "dash"),
    (
        "debconf",
        "usr/bin",
        "\
debconf debconf-apt-progress debconf-communicate debconf-copydb debconf-escape \
debconf-set-selections debconf-show",
    ),
    ("debconf", "usr/sbin", "dpkg-preconfigure dpkg-reconfigure"),
    ("debianutils", "bin", "run-parts tempfile"),
    ("debianutils", "sbin", "installkernel"),
    (
        "debianutils",
        "usr/bin",
        "ischroot savelog which.debianutils",
    ),
    (
        "debianutils",
        "usr/sbin",
        "add-shell remove-shell update-shells",
    ),
    ("diffutils", "usr/bin", "cmp diff diff3 sdiff"),
    ("dpkg", "sbin", "start-stop-daemon"),
    (
        "dpkg",
        "usr/bin",
        "\
dpkg dpkg-deb dpkg-divert dpkg-maintscript-helper dpkg-query dpkg-realpath dpkg-split \
dpkg-statoverride dpkg-trigger update-alternatives",
    ),
    ("dpkg", "usr/sbin", "dpkg-fsys-usrunmess"),
    (
        "e2fsprogs",
        "sbin",
        "\
badblocks debugfs dumpe2fs e2fsck e2image e2scrub e2scrub_all e2undo mke2fs resize2fs \
tune2fs",
    ),
    ("e2fsprogs", "usr/bin", "chattr lsattr"),
    (
        "e2fsprogs",
        "usr/sbin",
        "e2freefrag e4crypt e4defrag filefrag mklost+found",
    ),
    ("findutils", "usr/bin", "find xargs"),
    ("gpgv", "usr/bin", "gpgv"),
    ("grep", "bin", "egrep fgrep grep"),
    ("grep", "usr/bin", "rgrep"),
    (
        "gzip",
        "bin",
        "\
gunzip gzexe gzip uncompress zcat zcmp zdiff zegrep zfgrep zforce zgrep zless zmore znew",
    ),
    ("hostname", "bin", "hostname"),
    (
        "init-system-helpers",
        "usr/bin",
        "deb-systemd-helper deb-systemd-invoke",
    ),
    (
        "init-system-helpers",
        "usr/sbin",
        "invoke-rc.d service update-rc.d",
    ),
    ("libc-bin", "sbin", "ldconfig"),
    (
        "libc-bin",
        "usr/bin",
        "\
getconf getent iconv ldd locale localedef pldd tzselect zdump",
    ),
    ("libc-bin", "usr/sbin", "iconvconfig zic"),
    ("login", "bin", "login"),
    ("login", "usr/bin", "faillog lastlog newgrp"),
    ("login", "usr/sbin", "nologin"),
    ("mawk", "usr/bin", "mawk"),
    ("mount", "bin", "mount umount"),
    ("mount", "sbin", "losetup swapoff swapon"),
    (
        "ncurses-bin",
        "usr/bin",
        "clear infocmp tabs tic toe tput tset",
    ),
    ("passwd", "sbin", "shadowconfig"),
    ("passwd", "usr/bin", "chage chfn chsh expiry gpasswd passwd"),
    (
        "passwd",
        "usr/sbin",
        "\
chgpasswd chpasswd cppw groupadd groupdel groupmems groupmod grpck grpconv grpunconv \
newusers pwck pwconv pwunconv useradd userdel usermod vipw",
    ),
    ("perl-base", "usr/bin", "perl"),
    ("sed", "bin", "sed"),
    (
        "sensible-utils",
        "usr/bin",
        "\
select-editor sensible-browser sensible-editor sensible-pager",
    ),
    ("sysvinit-utils", "sbin", "fstab-decode killall5"),
    ("tar", "bin", "tar"),
    ("tar", "usr/sbin", "rmt-tar tarcat"),
    (
        "util-linux",
        "bin",
        "dmesg findmnt lsblk more mountpoint su wdctl",
    ),
    (
        "util-linux",
        "sbin",
        "\
agetty blkdiscard blkid blkzone blockdev chcpu ctrlaltdel findfs fsck fsck.cramfs \
fsck.minix fsfreeze fstrim isosize mkfs mkfs.bfs mkfs.cramfs mkfs.minix mkswap \
pivot_root runuser sulogin swaplabel switch_root wipefs zramctl",
    ),
    (
        "util-linux",
        "usr/bin",
        "\
addpart choom chrt delpart fallocate flock getopt hardlink ionice ipcmk ipcrm ipcs last \
lscpu lsipc lslocks lslogins lsmem lsns mcookie mesg namei nsenter partx prlimit \
rename.ul resizepart rev setarch setpriv setsid setterm taskset uclampset unshare \
utmpdump whereis",
    ),
    (
        "util-linux",
        "usr/sbin",
        "chmem ldattach readprofile rtcwake",
    ),
    ("logsave", "sbin", "logsave"),
    (
        "libpam-modules-bin",
        "sbin",
        "\
mkhomedir_helper pam_namespace_helper pwhistory_helper unix_chkpwd unix_update",
    ),
    (
        "libpam-modules-bin",
        "usr/sbin",
        "faillock pam_timestamp_check",
    ),
];

/// The symlinks those packages ship: (package, path, target).
const DEB_LINKS: &[(&str, &str, &str)] = &[
    ("bash", "bin/rbash", "bash"),
    ("coreutils", "usr/bin/md5sum.textutils", "md5sum"),
    ("dash", "bin/sh", "dash"),
    ("e2fsprogs", "sbin/e2label", "tune2fs"),
    ("e2fsprogs", "sbin/e2mmpstatus", "dumpe2fs"),
    ("e2fsprogs", "sbin/fsck.ext2", "e2fsck"),
    ("e2fsprogs", "sbin/fsck.ext3", "e2fsck"),
    ("e2fsprogs", "sbin/fsck.ext4", "e2fsck"),
    ("e2fsprogs", "sbin/mkfs.ext2", "mke2fs"),
    ("e2fsprogs", "sbin/mkfs.ext3", "mke2fs"),
    ("e2fsprogs", "sbin/mkfs.ext4", "mke2fs"),
    ("hostname", "bin/dnsdomainname", "hostname"),
    ("hostname", "bin/domainname", "hostname"),
    ("hostname", "bin/nisdomainname", "hostname"),
    ("hostname", "bin/ypdomainname", "hostname"),
    ("libc-bin", "usr/bin/ld.so", "/lib64/ld-linux-x86-64.so.2"),
    ("login", "usr/bin/sg", "newgrp"),
    ("ncurses-bin", "usr/bin/captoinfo", "tic"),
    ("ncurses-bin", "usr/bin/infotocap", "tic"),
    ("ncurses-bin", "usr/bin/reset", "tset"),
    ("passwd", "usr/sbin/cpgr", "cppw"),
    ("passwd", "usr/sbin/vigr", "vipw"),
    ("sysvinit-utils", "bin/pidof", "/sbin/killall5"),
    ("util-linux", "sbin/getty", "agetty"),
    ("util-linux", "usr/bin/i386", "setarch"),
    ("util-linux", "usr/bin/lastb", "last"),
    ("util-linux", "usr/bin/linux32", "setarch"),
    ("util-linux", "usr/bin/linux64", "setarch"),
    ("util-linux", "usr/bin/x86_64", "setarch"),
];

/// The alternatives the base packages' scripts make: (name, directory, target).
const DEB_ALTERNATIVES: &[(&str, &str, &str)] = &[
    ("awk", "usr/bin", "/usr/bin/mawk"),
    ("nawk", "usr/bin", "/usr/bin/mawk"),
    ("pager", "usr/bin", "/bin/more"),
    ("rmt", "usr/sbin", "/usr/sbin/rmt-tar"),
    ("which", "usr/bin", "/usr/bin/which.debianutils"),
];

/// What differs between the Debian-family bases.
pub(in crate::registry::demo) struct DebBase {
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
    /// Packages of [`DEB_PROGRAMS`] the image does not have.
    pub without: &'static [&'static str],
    /// perl-base's version, which names `/usr/bin/perl5.X.Y`.
    pub perl: &'static str,
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
pub(in crate::registry::demo) fn deb_base(b: &DebBase) -> Tree {
    let mut t = Tree::new();
    // With merged /usr, what packages install to /bin and /sbin lives in /usr.
    let place = |path: &str| -> String {
        let top = path.split('/').next().unwrap_or_default();
        if b.merged_usr && (top == "bin" || top == "sbin") {
            format!("usr/{path}")
        } else {
            path.to_string()
        }
    };
    let has = |package: &str| !b.without.contains(&package);
    for (package, dir, names) in DEB_PROGRAMS {
        if has(package) {
            programs(&mut t, &place(dir), names);
        }
    }
    for (package, path, target) in DEB_LINKS {
        if has(package) {
            t.symlink(&place(path.trim_start_matches('/')), target);
        }
    }
    let perl = format!("perl{}", b.perl);
    t.exec(&format!("usr/bin/{perl}"), &stand_in(&perl));
    // The alternatives the packages' scripts set up (update-alternatives).
    for (name, dir, target) in DEB_ALTERNATIVES {
        t.symlink(
            &format!("{dir}/{name}"),
            &format!("/etc/alternatives/{name}"),
        )
        .symlink(&format!("etc/alternatives/{name}"), target);
    }
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
    .file("usr/lib/os-release", b.os_release)
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

pub(in crate::registry::demo) const BOOKWORM: DebBase = DebBase {
    // The real text of debian:bookworm's /usr/lib/os-release (base-files 12.4+deb12u9).
    os_release: "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n\
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
    without: &[],
    perl: "5.36.0",
};

pub(in crate::registry::demo) const BUSTER: DebBase = DebBase {
    // The real text of debian:buster's /usr/lib/os-release (base-files 10.3+deb10u3).
    os_release: "PRETTY_NAME=\"Debian GNU/Linux 10 (buster)\"\n\
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
    without: &[],
    perl: "5.28.1",
};

pub(in crate::registry::demo) const NOBLE: DebBase = DebBase {
    // The real text of ubuntu:24.04's /usr/lib/os-release (base-files 13ubuntu10.1).
    os_release: "PRETTY_NAME=\"Ubuntu 24.04.1 LTS\"\nNAME=\"Ubuntu\"\nVERSION_ID=\"24.04\"\n\
VERSION=\"24.04.1 LTS (Noble Numbat)\"\nVERSION_CODENAME=noble\nID=ubuntu\nID_LIKE=debian\n\
HOME_URL=\"https://www.ubuntu.com/\"\nSUPPORT_URL=\"https://help.ubuntu.com/\"\n\
BUG_REPORT_URL=\"https://bugs.launchpad.net/ubuntu/\"\n\
PRIVACY_POLICY_URL=\"https://www.ubuntu.com/legal/terms-and-policies/privacy-policy\"\n\
UBUNTU_CODENAME=noble\nLOGO=ubuntu-logo\n",
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
DISTRIB_DESCRIPTION=\"Ubuntu 24.04.1 LTS\"\n",
        ),
        ("etc/issue", "Ubuntu 24.04.1 LTS \\n \\l\n\n"),
    ],
    without: &["e2fsprogs", "logsave"],
    perl: "5.38.2",
};
