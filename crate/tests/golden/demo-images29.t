# Docker 29 counterpart of demo-images.t: the same command lines, answered as Docker 29 with the
# containerd image store (demo-images.t says what they exercise).
# Provenance (format and note keys: crate/tests/common/golden.rs). Blocks with no note:
# - Lines that Docker 29 prints as Docker 28 does: from the sources demo-images.t's header and notes
#   name for them.
# - Where Docker 29 differs: image IDs (the record's target digest), sizes, `docker images`,
#   `pull`, `rmi`, `build`, `save`, `load`, `history`, `system df` and image `inspect`, as
#   store29.t, images29.t, pull29.t and build29.t cite them (moby docker-v29.7.2
#   daemon/containerd/, docker/cli v29.7.2); a container's `inspect` at API 1.55 and
#   `/var/lib`, as varlibcontainerd.t cites them; `version` and `info`, as
#   ../shared/REFERENCE-DOCKER29.md §6.
# - layerlab's own: as demo-images.t's header says (the demo images, IDs, the simulated disk).
%docker 29
$ docker pull -q ubuntu
docker.io/library/ubuntu:latest

$ docker pull -q alpine
docker.io/library/alpine:latest

$ docker pull -q busybox
docker.io/library/busybox:latest

$ docker pull -q nginx
docker.io/library/nginx:latest

$ docker run ubuntu bash -c "head -2 /etc/os-release"
PRETTY_NAME="Ubuntu 24.04.1 LTS"
NAME="Ubuntu"

$ docker run --rm ubuntu bash -c "sed --version"
! sh: sed: layerlab does not run programs from images, only the commands it implements
[126]

$ docker run --rm ubuntu bash -c "ps"
! bash: line 1: ps: command not found
[127]

$ docker run --rm ubuntu ls /usr/bin | wc -l
274

$ docker run --rm alpine cat /etc/os-release
NAME="Alpine Linux"
ID=alpine
VERSION_ID=3.21.2
PRETTY_NAME="Alpine Linux v3.21"
HOME_URL="https://alpinelinux.org/"
BUG_REPORT_URL="https://gitlab.alpinelinux.org/alpine/aports/-/issues"

$ docker run --rm alpine ls -l /bin/ls /usr/bin/head /sbin/ifconfig
lrwxrwxrwx    1 root     root            12 Jan  8  2025 /bin/ls -> /bin/busybox
lrwxrwxrwx    1 root     root            12 Jan  8  2025 /sbin/ifconfig -> /bin/busybox
lrwxrwxrwx    1 root     root            12 Jan  8  2025 /usr/bin/head -> /bin/busybox

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

$ docker run --rm busybox cat /etc/os-release
! cat: can't open '/etc/os-release': No such file or directory
[1]

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

$ docker run --rm --entrypoint head nginx -4 /etc/nginx/conf.d/default.conf
server {
    listen       80;
    server_name  localhost;
%blank

$ docker run --rm --entrypoint ls nginx -l /docker-entrypoint.sh /docker-entrypoint.d
-rwxr-xr-x    1 root     root          1620 Dec 11  2024 /docker-entrypoint.sh
%blank
/docker-entrypoint.d:
total 20
-rwxr-xr-x    1 root     root          2125 Dec 11  2024 10-listen-on-ipv6-by-default.sh
-rwxr-xr-x    1 root     root           389 Dec 11  2024 15-local-resolvers.envsh
-rwxr-xr-x    1 root     root          3018 Dec 11  2024 20-envsubst-on-templates.sh
-rwxr-xr-x    1 root     root          4619 Dec 11  2024 30-tune-worker-processes.sh

