# The demo images carry their real counterparts' program names, at the real paths, and the
# files a learner reads to tell them apart. The clock is 2026-01-01T00:00:00Z.
# Provenance (format and note keys: crate/tests/common/golden.rs). Blocks with no note:
# - Docker 28: `docker pull -q` printing the reference (docker/cli v28.2.2 pull.go).
# - layerlab's own: the demo images' IDs and digests, and the program files, which are short
#   stand-in texts (crate/src/registry/demo/files/). Each block's note names the real image
#   file its lines follow.
$ docker pull -q ubuntu
docker.io/library/ubuntu:latest

$ docker pull -q alpine
docker.io/library/alpine:latest

$ docker pull -q busybox
docker.io/library/busybox:latest

$ docker pull -q nginx
docker.io/library/nginx:latest

# docker: ubuntu:24.04's /usr/lib/os-release (base-files 13ubuntu10.1), which /etc/os-release
# links to; bash and head are in /usr/bin as in the real image (layerlab runs its own head)
$ docker run ubuntu bash -c "head -2 /etc/os-release"
PRETTY_NAME="Ubuntu 24.04.1 LTS"
NAME="Ubuntu"

# own: sed is in ubuntu's /usr/bin (package sed), but layerlab does not run it
$ docker run --rm ubuntu bash -c "sed --version"
! sh: sed: layerlab does not run programs from images, only the commands it implements
[126]

# docker: ubuntu:24.04 has no procps, so no ps (bash's message for a missing command)
$ docker run --rm ubuntu bash -c "ps"
! bash: line 1: ps: command not found
[127]

# own: the number of stand-in programs in /usr/bin: the programs of ubuntu's base packages
# (their Debian 12 file lists, see crate/src/registry/demo/files/debian.rs)
$ docker run --rm ubuntu ls /usr/bin | wc -l
274

# docker: alpine 3.21.2's /usr/lib/os-release (alpine-release 3.21.2-r0), linked from /etc
$ docker run --rm alpine cat /etc/os-release
NAME="Alpine Linux"
ID=alpine
VERSION_ID=3.21.2
PRETTY_NAME="Alpine Linux v3.21"
HOME_URL="https://alpinelinux.org/"
BUG_REPORT_URL="https://gitlab.alpinelinux.org/alpine/aports/-/issues"

# docker: alpine's busybox trigger runs `busybox --install -s`: absolute symlinks
$ docker run --rm alpine ls -l /bin/ls /usr/bin/head /sbin/ifconfig
lrwxrwxrwx    1 root     root            12 Jan  8  2025 /bin/ls -> /bin/busybox
lrwxrwxrwx    1 root     root            12 Jan  8  2025 /sbin/ifconfig -> /bin/busybox
lrwxrwxrwx    1 root     root            12 Jan  8  2025 /usr/bin/head -> /bin/busybox

# docker: busybox's /bin as docker-library/busybox's builder makes it (`busybox --install
# /bin`: every applet of busybox 1.37's configuration, a hard link to /bin/busybox)
$ docker run --rm busybox ls /bin | head
[
[[
acpid
add-shell
addgroup
adduser
adjtimex
ar
arch
arp

# docker: the busybox image has no /etc/os-release
$ docker run --rm busybox cat /etc/os-release
! cat: can't open '/etc/os-release': No such file or directory
[1]

# docker: nginx 1.27.4's /usr/share/nginx/html/index.html (nginx/nginx release-1.27.4
# docs/html/index.html)
$ docker run --rm --entrypoint cat nginx /usr/share/nginx/html/index.html | head
<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>

# docker: nginx 1.27.4's /etc/nginx/conf.d/default.conf (nginx/pkg-oss 1.27.4-1)
$ docker run --rm --entrypoint head nginx -4 /etc/nginx/conf.d/default.conf
server {
    listen       80;
    server_name  localhost;
%blank

# own: the entrypoint and its scripts are stand-ins, padded to the sizes of the real ones
# (nginxinc/docker-nginx mainline/debian)
$ docker run --rm --entrypoint ls nginx -l /docker-entrypoint.sh /docker-entrypoint.d
-rwxr-xr-x    1 root     root          1620 Dec 11  2024 /docker-entrypoint.sh
%blank
/docker-entrypoint.d:
total 20
-rwxr-xr-x    1 root     root          2125 Dec 11  2024 10-listen-on-ipv6-by-default.sh
-rwxr-xr-x    1 root     root           389 Dec 11  2024 15-local-resolvers.envsh
-rwxr-xr-x    1 root     root          3018 Dec 11  2024 20-envsubst-on-templates.sh
-rwxr-xr-x    1 root     root          4619 Dec 11  2024 30-tune-worker-processes.sh

