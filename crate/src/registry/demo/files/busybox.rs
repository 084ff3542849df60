//! The busybox image and alpine's mini root filesystem: one busybox binary and a link to it
//! for every applet.

use super::{noted, programs, stand_in, Tree};

// ---------------------------------------------------------------- busybox

// The applets of busybox 1.37's `make defconfig` with the changes the official image's
// builder makes (docker-library/busybox, latest-1/glibc/Dockerfile.builder: ar with create
// and long file names, inotifyd; `FEATURE_SYNC_FANCY` off), listed by busybox's own
// `make busybox.links` from the busybox source (git.busybox.net, July 2024 master, which
// has the 1.37 applets). The builder runs `busybox --install /bin`, which makes every applet
// a hard link to `/bin/busybox` in `/bin`, whatever the applet's usual directory.
/// The applets of the busybox image's `/bin/busybox`.
const BUSYBOX_APPLETS: &str = "\
[ [[ acpid add-shell addgroup adduser adjtimex ar arch arp arping ascii ash awk base32 \
base64 basename bc beep blkdiscard blkid blockdev bootchartd brctl bunzip2 bzcat bzip2 cal \
cat chat chattr chgrp chmod chown chpasswd chpst chroot chrt chvt cksum clear cmp comm \
conspy cp cpio crc32 crond crontab cryptpw cttyhack cut date dc dd deallocvt delgroup \
deluser depmod devmem df dhcprelay diff dirname dmesg dnsd dnsdomainname dos2unix dpkg \
dpkg-deb du dumpkmap dumpleases echo ed egrep eject env envdir envuidgid ether-wake expand \
expr factor fakeidentd fallocate false fatattr fbset fbsplash fdflush fdformat fdisk \
fgconsole fgrep find findfs flock fold free freeramdisk fsck fsck.minix fsfreeze fstrim \
fsync ftpd ftpget ftpput fuser getfattr getopt getty grep groups gunzip gzip halt hd hdparm \
head hexdump hexedit hostid hostname httpd hush hwclock i2cdetect i2cdump i2cget i2cset \
i2ctransfer id ifconfig ifdown ifenslave ifplugd ifup inetd init inotifyd insmod install \
ionice iostat ip ipaddr ipcalc ipcrm ipcs iplink ipneigh iproute iprule iptunnel kbd_mode \
kill killall killall5 klogd last less link linux32 linux64 linuxrc ln loadfont loadkmap \
logger login logname logread losetup lpd lpq lpr ls lsattr lsmod lsof lspci lsscsi lsusb \
lzcat lzma lzop makedevs makemime man md5sum mdev mesg microcom mim mkdir mkdosfs mke2fs \
mkfifo mkfs.ext2 mkfs.minix mkfs.vfat mknod mkpasswd mkswap mktemp modinfo modprobe more \
mount mountpoint mpstat mt mv nameif nanddump nandwrite nbd-client nc netstat nice nl nmeter \
nohup nologin nproc nsenter nslookup ntpd od openvt partprobe passwd paste patch pgrep pidof \
ping ping6 pipe_progress pivot_root pkill pmap popmaildir poweroff powertop printenv printf \
ps pscan pstree pwd pwdx raidautorun rdate rdev readahead readlink readprofile realpath \
reboot reformime remove-shell renice reset resize resume rev rm rmdir rmmod route rpm \
rpm2cpio rtcwake run-init run-parts runlevel runsv runsvdir rx script scriptreplay sed \
seedrng sendmail seq setarch setconsole setfattr setfont setkeycodes setlogcons setpriv \
setserial setsid setuidgid sh sha1sum sha256sum sha3sum sha512sum showkey shred shuf \
slattach sleep smemcap softlimit sort split ssl_client start-stop-daemon stat strings stty \
su sulogin sum sv svc svlogd svok swapoff swapon switch_root sync sysctl syslogd tac tail \
tar taskset tc tcpsvd tee telnet telnetd test tftp tftpd time timeout top touch tr \
traceroute traceroute6 tree true truncate ts tsort tty ttysize tunctl ubiattach ubidetach \
ubimkvol ubirename ubirmvol ubirsvol ubiupdatevol udhcpc udhcpc6 udhcpd udpsvd uevent umount \
uname unexpand uniq unix2dos unlink unlzma unshare unxz unzip uptime users usleep uudecode \
uuencode vconfig vi vlock volname w wall watch watchdog wc wget which who whoami whois xargs \
xxd xz xzcat yes zcat zcip";

pub(in crate::registry::demo) fn busybox() -> Tree {
    let mut t = Tree::new();
    let applets: Vec<&str> = BUSYBOX_APPLETS.split_whitespace().collect();
    t.exec("bin/busybox", &stand_in("busybox 1.37.0"))
        .hardlinks("bin", &applets, "bin/busybox")
        // The builder copies Debian's getconf beside busybox, and links /usr/bin/env.
        .exec("bin/getconf", &stand_in("getconf (GNU C library)"))
        .symlink("usr/bin/env", "../../bin/env")
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

// alpine's busybox package installs `/bin/busybox` and its trigger runs
// `busybox --install -s`, which links each applet as an absolute symlink to `/bin/busybox`
// in the applet's own directory. The applets: those of alpine's `busyboxconfig`
// (alpinelinux/aports main/busybox, the newest version stored here being busybox 1.29's),
// at the directories busybox's source gives them (`make busybox.links`, July 2024 master),
// with aports' patches that move `nologin` and `blkdiscard` to /sbin and `cpio` and `vi` to
// /usr/bin. Applets added to busybox since then are left out unless alpine 3.21 is known to
// have them; that part follows best knowledge of the alpine 3.21 image, not a listing of it.
/// `/bin`.
const ALPINE_BIN: &str = "\
arch ash base32 base64 bbconfig cat chgrp chmod chown conspy cp date dd df dmesg \
dnsdomainname dumpkmap echo ed egrep false fatattr fdflush fgrep fsync getopt grep gunzip \
gzip hostname ionice iostat ipcalc kbd_mode kill link linux32 linux64 ln login ls lzop \
makemime mkdir mknod mktemp more mount mountpoint mpstat mv netstat nice pidof ping ping6 \
pipe_progress printenv ps pwd reformime rev rm rmdir run-parts sed setpriv setserial sh \
sleep stat stty su sync tar touch true umount uname usleep watch zcat";

/// `/sbin`.
const ALPINE_SBIN: &str = "\
acpid adjtimex arp blkdiscard blkid blockdev depmod fbsplash fdisk findfs fsck fstrim getty \
halt hdparm hwclock ifconfig ifdown ifenslave ifup init inotifyd insmod ip ipaddr iplink \
ipneigh iproute iprule iptunnel klogd loadkmap logread losetup lsmod mdev mkdosfs mkfs.vfat \
mkswap modinfo modprobe nameif nologin poweroff raidautorun reboot rmmod route setconsole \
slattach swapoff swapon switch_root sysctl syslogd tunctl udhcpc vconfig watchdog";

/// `/usr/bin`.
const ALPINE_USR_BIN: &str = "\
[ [[ ascii awk basename bc beep bunzip2 bzcat bzip2 cal chvt cksum clear cmp comm cpio crc32 \
crontab cryptpw cut dc deallocvt diff dirname dos2unix du dumpleases eject env expand expr \
factor fallocate find flock fold free fuser groups hd head hexdump hostid id install ipcrm \
ipcs killall less logger lsof lspci lsusb lzcat lzma lzopcat md5sum mesg microcom mkfifo \
mkpasswd nc nl nmeter nohup nproc nsenter nslookup od openvt passwd paste patch pgrep pkill \
pmap printf pscan pstree pwdx readlink realpath renice reset resize seq setkeycodes setsid \
sha1sum sha256sum sha3sum sha512sum showkey shred shuf smemcap sort split strings sum tac \
tail tee test time timeout top tr traceroute traceroute6 truncate tsort tty ttysize udhcpc6 \
unexpand uniq unix2dos unlink unlzma unlzop unshare unxz unzip uptime uudecode uuencode vi \
vlock volname wc wget which whoami whois xargs xxd xzcat yes";

/// `/usr/sbin`.
const ALPINE_USR_SBIN: &str = "\
add-shell addgroup adduser arping brctl chpasswd chroot crond delgroup deluser ether-wake \
fbset fdformat killall5 loadfont nanddump nandwrite nbd-client ntpd partprobe powertop rdate \
rdev readahead readprofile remove-shell rfkill sendmail setfont setlogcons";

pub(super) const ALPINE_PASSWD: &str = "root:x:0:0:root:/root:/bin/sh\n\
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

pub(super) const ALPINE_GROUP: &str = "root:x:0:root\nbin:x:1:root,bin,daemon\n\
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

pub(super) fn apk_installed(extra: &[(&str, &str, &str, &str, &str)]) -> String {
    let mut s = String::new();
    for (p, v, d, u, l) in ALPINE_PACKAGES.iter().chain(extra) {
        s.push_str(&format!(
            "P:{p}\nV:{v}\nA:x86_64\nT:{d}\nU:{u}\nL:{l}\no:{p}\n\n"
        ));
    }
    s
}

pub(super) const ALPINE_WORLD: &str =
    "alpine-baselayout\nalpine-keys\napk-tools\nbusybox\nlibc-utils\n";

// The real text of alpine 3.21.2's /usr/lib/os-release (alpine-release 3.21.2-r0).
const ALPINE_OS_RELEASE: &str = "NAME=\"Alpine Linux\"\nID=alpine\nVERSION_ID=3.21.2\n\
PRETTY_NAME=\"Alpine Linux v3.21\"\nHOME_URL=\"https://alpinelinux.org/\"\n\
BUG_REPORT_URL=\"https://gitlab.alpinelinux.org/alpine/aports/-/issues\"\n";

/// The alpine 3.21 mini root filesystem (also the base of nginx:alpine).
pub(in crate::registry::demo) fn alpine() -> Tree {
    let mut t = Tree::new();
    t.exec("bin/busybox", &stand_in("busybox 1.37.0 (Alpine)"))
        .symlinks("bin", &words(ALPINE_BIN), "/bin/busybox")
        .symlinks("sbin", &words(ALPINE_SBIN), "/bin/busybox")
        .symlinks("usr/bin", &words(ALPINE_USR_BIN), "/bin/busybox")
        .symlinks("usr/sbin", &words(ALPINE_USR_SBIN), "/bin/busybox")
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
        // alpine-release ships the file in /usr/lib and links it from /etc.
        .symlink("etc/os-release", "../usr/lib/os-release")
        .file("usr/lib/os-release", ALPINE_OS_RELEASE)
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
        .exec("sbin/ldconfig", &stand_in("ldconfig (musl-utils)"));
    // The other programs of the mini root filesystem: musl-utils, scanelf, ssl_client.
    programs(
        &mut t,
        "usr/bin",
        "getconf getent iconv ldd scanelf ssl_client",
    );
    t.dirs(&["srv", "sys"])
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

fn words(list: &str) -> Vec<&str> {
    list.split_whitespace().collect()
}
