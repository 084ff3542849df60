//! centos:8: CentOS Linux 8.4.2105's container image.

use super::{noted, programs, stand_in, Tree};

// The real text of centos:8's /usr/lib/os-release (centos-release 8.4).
const CENTOS_OS_RELEASE: &str = "NAME=\"CentOS Linux\"\nVERSION=\"8\"\nID=\"centos\"\n\
ID_LIKE=\"rhel fedora\"\nVERSION_ID=\"8\"\nPLATFORM_ID=\"platform:el8\"\n\
PRETTY_NAME=\"CentOS Linux 8\"\nANSI_COLOR=\"0;31\"\nCPE_NAME=\"cpe:/o:centos:centos:8\"\n\
HOME_URL=\"https://centos.org/\"\nBUG_REPORT_URL=\"https://bugs.centos.org/\"\n\
CENTOS_MANTISBT_PROJECT=\"CentOS-8\"\nCENTOS_MANTISBT_PROJECT_VERSION=\"8\"\n";

// The programs of centos:8's packages (bash, coreutils, grep, sed, gawk, findutils, tar,
// gzip, hostname, util-linux, procps-ng, shadow-utils, rpm, dnf, vim-minimal, curl), all in
// /usr (CentOS 8 has merged /usr). Best knowledge of the image's package set and of the
// packages' file lists in CentOS 8, not a listing of the image: none could be read here.
/// (directory, programs).
const CENTOS_PROGRAMS: &[(&str, &str)] = &[
    (
        "usr/bin",
        // coreutils
        "[ arch b2sum base32 base64 basename cat chcon chgrp chmod chown cksum comm coreutils \
cp csplit cut date dd df dir dircolors dirname du echo env expand expr factor false fmt \
fold groups head hostid id install join link ln logname ls md5sum mkdir mkfifo mknod \
mktemp mv nice nl nohup nproc numfmt od paste pathchk pinky pr printenv printf ptx pwd \
readlink realpath rm rmdir runcon seq sha1sum sha224sum sha256sum sha384sum sha512sum \
shred shuf sleep sort split stat stdbuf stty sum sync tac tail tee test timeout touch tr \
true truncate tsort tty uname unexpand uniq unlink users vdir wc who whoami yes",
    ),
    (
        "usr/bin",
        "bash bashbug bashbug-64 grep egrep fgrep sed gawk find xargs tar gzip gunzip zcat \
zcmp zdiff zegrep zfgrep zforce zgrep zless zmore znew gzexe hostname dnsdomainname \
domainname nisdomainname ypdomainname",
    ),
    (
        "usr/bin",
        // util-linux
        "cal chfn chrt chsh col colcrt colrm column dmesg eject fallocate findmnt flock getopt \
hexdump ionice ipcmk ipcrm ipcs isosize kill last lastb logger look lsblk lscpu lsipc \
lslocks lslogins lsmem lsns mcookie mesg more mount mountpoint namei nsenter prlimit \
rename renice rev script scriptreplay setarch setpriv setsid setterm su taskset ul \
umount unshare utmpdump uuidgen wall wdctl whereis write",
    ),
    (
        "usr/bin",
        // procps-ng, shadow-utils, rpm, dnf, vim-minimal, curl
        "free pgrep pidof pkill pmap ps pwdx skill slabtop snice tload top uptime vmstat w \
watch chage gpasswd newgrp sg rpm rpm2cpio rpmdb rpmkeys rpmquery rpmverify dnf-3 vi \
curl",
    ),
    (
        "usr/sbin",
        "agetty blkid blockdev chroot ctrlaltdel fdisk findfs fsck fstrim hwclock losetup mkfs \
mkswap nologin pivot_root runuser sfdisk swapoff swapon switch_root wipefs sysctl \
groupadd groupdel groupmod grpck pwck useradd userdel usermod vipw vigr ldconfig",
    ),
];

const CENTOS_REPOS: &[(&str, &str, &str)] = &[
    ("BaseOS", "baseos", "BaseOS"),
    ("AppStream", "appstream", "AppStream"),
    ("Extras", "extras", "extras"),
];

pub(in crate::registry::demo) fn centos() -> Tree {
    let mut t = Tree::new();
    for (dir, names) in CENTOS_PROGRAMS {
        programs(&mut t, dir, names);
    }
    t.symlink("usr/bin/dnf", "dnf-3")
        .symlink("usr/bin/awk", "gawk")
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
        .file("usr/lib/os-release", CENTOS_OS_RELEASE)
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
