# Containers: copy-on-write over the image's layers, the built-in shell, and the
# container commands with Docker's output. The clock is 2026-01-01T00:00:00Z.
# Provenance (format and note keys: crate/tests/common/golden.rs). Blocks with no note:
# - Docker 28 per ../shared/REFERENCE.md "CLI output": pull's lines (`Pull complete`,
#   Digest, Status, the full reference), the ps table (quoted, cut COMMAND; STATUS
#   `Exited (0) ... ago`; adjective_surname names), history, rmi's Untagged and conflict
#   lines, --format / -f Go templates; "Layer changesets": `docker diff` (A/C/D, changed
#   parents shown as C); "Dockerfiles": the base image's BuildKit history rows.
# - layerlab's own: the in-page registry's demo images (dev.layerlab.demo=true; crate/src),
#   hence every digest, image and layer ID, size, date and history row of them; the
#   container IDs and generated names (deterministic in the simulator); the built-in shell
#   (echo, cat, ls, rm, mkdir...: busybox-like, not Docker output); `$ y` / `$ n` lines,
#   the learner's answer to a prompt typed as the next line.
# - unverified (meant to be Docker 28's, no source found): `docker run -d`/`commit` printing
#   the ID, `docker start`/`stop`/`rm -f` echoing the name, and the daemon errors noted below.
$ docker pull -q busybox
docker.io/library/busybox:latest

$ docker run busybox echo hello from a container
hello from a container

$ docker run --name box -d busybox sh -c 'echo hi > /tmp/greeting; rm /etc/group; mkdir -p /data/x'
0db851dc0cd93987eb7ad07c8a82fe0a8f9d5006b0cb8ae6c5d635ea100d6abc

# docker: moby container/view.go puts an argument that contains a space in single quotes
# in the list's Command (checked against a real dockerd by tests/conformance/docker.test.mjs);
# docker/cli's formatter cuts it at 20 characters with `…`
$ docker ps -a
CONTAINER ID   IMAGE     COMMAND                  CREATED                  STATUS                              PORTS     NAMES
0db851dc0cd9   busybox   "sh -c 'echo hi > /t…"   Less than a second ago   Exited (0) Less than a second ago             box
c5a6cd165247   busybox   "echo hello from a c…"   Less than a second ago   Exited (0) Less than a second ago             objective_jackson

$ docker diff box
A /data
A /data/x
C /etc
D /etc/group
C /tmp
A /tmp/greeting

$ docker start box
box

# unverified: the daemon's not-running error (also for `exec box ls` below)
$ docker exec box cat /tmp/greeting
! Error response from daemon: container 0db851dc0cd93987eb7ad07c8a82fe0a8f9d5006b0cb8ae6c5d635ea100d6abc is not running
[1]

# unverified: `Unable to find image 'nginx:latest' locally` before the pull lines
$ docker run -d --name web nginx
43d9ff138b2d547ee39c9402672c3d629dd2b26fbfb1695e5f124b04945579f8
! Unable to find image 'nginx:latest' locally
! latest: Pulling from library/nginx
! 0e0023e95df9: Pull complete
! 9bbbae080055: Pull complete
! 5875d1e42996: Pull complete
! b05d727baf2c: Pull complete
! 339302e3c22a: Pull complete
! 0caff3b727a2: Pull complete
! eea8893f8421: Pull complete
! Digest: sha256:e7012ab56ffae0a9ac0b6fb50e7a92203e95115d5e13b7aec7bf45fccc36222a
! Status: Downloaded newer image for nginx:latest

$ docker exec web sh -c 'echo changed > /usr/share/nginx/html/index.html && cat /usr/share/nginx/html/index.html'
changed

$ docker exec web rm -rf /etc/nginx/conf.d

$ docker exec web mkdir /etc/nginx/conf.d

$ docker diff web
C /etc/nginx
D /etc/nginx/conf.d
C /usr/share/nginx/html/index.html

# own: layerlab's explanation; Docker would run nginx from the image
$ docker exec web nginx -v
! /usr/sbin/nginx: layerlab does not run programs from images, only the commands it implements
[126]

# unverified: the runtime's not-found error; its `docker: ` prefix and status are those of `docker run`, not checked for exec
$ docker exec web nosuchprogram
! docker: Error response from daemon: failed to create task for container: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: exec: "nosuchprogram": executable file not found in $PATH: unknown.
[127]

$ docker exec box ls
! Error response from daemon: container 0db851dc0cd93987eb7ad07c8a82fe0a8f9d5006b0cb8ae6c5d635ea100d6abc is not running
[1]

# unverified: the commit's history row (the container's command as CREATED BY, -m as COMMENT)
$ docker commit -m 'a new page' -c 'ENV SITE=layerlab' web web:v2
sha256:9b0538c239c3d0baaa9602650cff2aaa3ef47efc71a3c79fe823b52b674f17f3

# docker: moby's ImageHistory names each row by walking the parents commit recorded
# (image/image_history.go): the newest row is web:v2, the next nginx's ID, older rows <missing>
$ docker history web:v2
IMAGE          CREATED                  CREATED BY                                      SIZE      COMMENT
9b0538c239c3   Less than a second ago   nginx -g daemon off;                            8B        a new page
e5406fb19f93   10 months ago            CMD ["nginx" "-g" "daemon off;"]                0B        buildkit.dockerfile.v0
<missing>      10 months ago            STOPSIGNAL SIGQUIT                              0B        buildkit.dockerfile.v0
<missing>      10 months ago            EXPOSE map[80/tcp:{}]                           0B        buildkit.dockerfile.v0
<missing>      10 months ago            ENTRYPOINT ["/docker-entrypoint.sh"]            0B        buildkit.dockerfile.v0
<missing>      10 months ago            COPY 30-tune-worker-processes.sh /docker-ent…   4.62kB    buildkit.dockerfile.v0
<missing>      10 months ago            COPY 20-envsubst-on-templates.sh /docker-ent…   3.02kB    buildkit.dockerfile.v0
<missing>      10 months ago            COPY 15-local-resolvers.envsh /docker-entryp…   389B      buildkit.dockerfile.v0
<missing>      10 months ago            COPY 10-listen-on-ipv6-by-default.sh /docker…   2.12kB    buildkit.dockerfile.v0
<missing>      10 months ago            COPY docker-entrypoint.sh / # buildkit          1.62kB    buildkit.dockerfile.v0
<missing>      10 months ago            RUN /bin/sh -c set -x     && groupadd --syst…   5.92kB    buildkit.dockerfile.v0
<missing>      10 months ago            ENV DYNPKG_RELEASE=1~bookworm                   0B        buildkit.dockerfile.v0
<missing>      10 months ago            ENV PKG_RELEASE=1~bookworm                      0B        buildkit.dockerfile.v0
<missing>      10 months ago            ENV NJS_RELEASE=1~bookworm                      0B        buildkit.dockerfile.v0
<missing>      10 months ago            ENV NJS_VERSION=0.8.9                           0B        buildkit.dockerfile.v0
<missing>      10 months ago            ENV NGINX_VERSION=1.27.4                        0B        buildkit.dockerfile.v0
<missing>      10 months ago            LABEL dev.layerlab.demo=true org.opencontain…   0B        buildkit.dockerfile.v0
<missing>      11 months ago            /bin/sh -c #(nop)  CMD ["bash"]                 0B        
<missing>      11 months ago            /bin/sh -c #(nop) ADD file:b8af773feb855cdc8…   28.1kB    

$ docker inspect -f '{{.Config.Env}} {{len .RootFS.Layers}}' web:v2
[PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin NGINX_VERSION=1.27.4 NJS_VERSION=0.8.9 NJS_RELEASE=1~bookworm PKG_RELEASE=1~bookworm DYNPKG_RELEASE=1~bookworm SITE=layerlab] 8

$ docker run --rm --entrypoint cat web:v2 /usr/share/nginx/html/index.html
changed

# docker: REFERENCE.md "Corrections found since" (moby isSingleReference): the tag is the
# image's only name besides its digest and the running container web uses it, so Docker 28
# refuses
$ docker rmi nginx
! Error response from daemon: conflict: unable to remove repository reference "nginx" (must force) - container 43d9ff138b2d is using its referenced image e5406fb19f93
[1]

# docker: moby's checkImageDeleteConflict tests for dependent child images (web:v2) before
# running containers
$ docker rmi e540
! Error response from daemon: conflict: unable to delete e5406fb19f93 (cannot be forced) - image has dependent child images
[1]

# unverified: the daemon's error for removing a running container
$ docker rm web
! Error response from daemon: cannot remove container "/web": container is running: stop the container before removing or force remove
[1]

$ docker stop web
web

$ docker ps -a --format '{{.Names}}: {{.Status}}'
web: Exited (0) Less than a second ago
box: Exited (0) Less than a second ago
objective_jackson: Exited (0) Less than a second ago

$ docker rename box box2

$ docker container inspect -f '{{.Name}} {{.State.Status}} {{.State.ExitCode}}' box2
/box2 exited 0

$ docker rm -f web
web

# docker: run of the real Docker 28.2.2 CLI: the same prompt, no newline after it
$ docker container prune
WARNING! This will remove all stopped containers.
Are you sure you want to continue? [y/N] %no-newline

# unverified: `Deleted Containers:` and the total, by analogy with image prune (REFERENCE.md)
$ y
Deleted Containers:
c5a6cd16524779ae38762a2913f36cec73fccb3ee80663980b3f698dddd5cbba
0db851dc0cd93987eb7ad07c8a82fe0a8f9d5006b0cb8ae6c5d635ea100d6abc
%blank
Total reclaimed space: 3B

$ docker ps -a -q

# unverified: No such container (here and for docker cp)
$ docker rm nothing
! Error response from daemon: No such container: nothing
[1]

# docker: moby's daemon answers the path stat with its `No such container: NAME`
# (daemon/errors.go containerNotFound), which docker/cli's cp prints once after
# `Error response from daemon: `
$ docker cp nothing:/etc/hostname host.txt
! Error response from daemon: No such container: nothing
[1]

