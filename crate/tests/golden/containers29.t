# Docker 29 counterpart of containers.t: the same command lines, answered as Docker 29 with the
# containerd image store (containers.t says what they exercise).
# Provenance (format and note keys: crate/tests/common/golden.rs). Blocks with no note:
# - Lines that Docker 29 prints as Docker 28 does: from the sources containers.t's header and notes
#   name for them.
# - Where Docker 29 differs: image IDs (the record's target digest), sizes, `docker images`,
#   `pull`, `rmi`, `build`, `save`, `load`, `history`, `system df` and image `inspect`, as
#   store29.t, images29.t, pull29.t and build29.t cite them (moby docker-v29.7.2
#   daemon/containerd/, docker/cli v29.7.2); a container's `inspect` at API 1.55 and
#   `/var/lib`, as varlibcontainerd.t cites them; `version` and `info`, as
#   ../shared/REFERENCE-DOCKER29.md §6.
# - layerlab's own: as containers.t's header says (the demo images, IDs, the simulated disk).
%docker 29
$ docker pull -q busybox
docker.io/library/busybox:latest

$ docker run busybox echo hello from a container
hello from a container

$ docker run --name box -d busybox sh -c 'echo hi > /tmp/greeting; rm /etc/group; mkdir -p /data/x'
53c0d605e1286f60899947776d502473b7ff60b9102fcaf66762416a6dfb7db3

$ docker ps -a
CONTAINER ID   IMAGE     COMMAND                  CREATED                  STATUS                              PORTS     NAMES
53c0d605e128   busybox   "sh -c 'echo hi > /t…"   Less than a second ago   Exited (0) Less than a second ago             box
9f394fd1c034   busybox   "echo hello from a c…"   Less than a second ago   Exited (0) Less than a second ago             eloquent_mendel

$ docker diff box
A /data
A /data/x
C /etc
D /etc/group
C /tmp
A /tmp/greeting

$ docker start box
box

$ docker exec box cat /tmp/greeting
! Error response from daemon: container 53c0d605e1286f60899947776d502473b7ff60b9102fcaf66762416a6dfb7db3 is not running
[1]

$ docker run -d --name web nginx
fd89a2fa4b32aa3722c8651388e74c97f0f3fc296f735f452bfea67f8edc980c
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

$ docker exec web nginx -v
! /usr/sbin/nginx: layerlab does not run programs from images, only the commands it implements
[126]

$ docker exec web nosuchprogram
! docker: Error response from daemon: failed to create task for container: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: exec: "nosuchprogram": executable file not found in $PATH: unknown.
[127]

$ docker exec box ls
! Error response from daemon: container 53c0d605e1286f60899947776d502473b7ff60b9102fcaf66762416a6dfb7db3 is not running
[1]

$ docker commit -m 'a new page' -c 'ENV SITE=layerlab' web web:v2
sha256:60ad9c737e6a1dafc1c994847ae8b80e276e2869785acd193ca227e37cf8953a

$ docker history web:v2
IMAGE          CREATED                  CREATED BY                                      SIZE      COMMENT
60ad9c737e6a   Less than a second ago   nginx -g daemon off;                            36.9kB    a new page
e7012ab56ffa   10 months ago            CMD ["nginx" "-g" "daemon off;"]                0B        buildkit.dockerfile.v0
<missing>      10 months ago            STOPSIGNAL SIGQUIT                              0B        buildkit.dockerfile.v0
<missing>      10 months ago            EXPOSE map[80/tcp:{}]                           0B        buildkit.dockerfile.v0
<missing>      10 months ago            ENTRYPOINT ["/docker-entrypoint.sh"]            0B        buildkit.dockerfile.v0
<missing>      10 months ago            COPY 30-tune-worker-processes.sh /docker-ent…   16.4kB    buildkit.dockerfile.v0
<missing>      10 months ago            COPY 20-envsubst-on-templates.sh /docker-ent…   12.3kB    buildkit.dockerfile.v0
<missing>      10 months ago            COPY 15-local-resolvers.envsh /docker-entryp…   12.3kB    buildkit.dockerfile.v0
<missing>      10 months ago            COPY 10-listen-on-ipv6-by-default.sh /docker…   12.3kB    buildkit.dockerfile.v0
<missing>      10 months ago            COPY docker-entrypoint.sh / # buildkit          8.19kB    buildkit.dockerfile.v0
<missing>      10 months ago            RUN /bin/sh -c set -x     && groupadd --syst…   139kB     buildkit.dockerfile.v0
<missing>      10 months ago            ENV DYNPKG_RELEASE=1~bookworm                   0B        buildkit.dockerfile.v0
<missing>      10 months ago            ENV PKG_RELEASE=1~bookworm                      0B        buildkit.dockerfile.v0
<missing>      10 months ago            ENV NJS_RELEASE=1~bookworm                      0B        buildkit.dockerfile.v0
<missing>      10 months ago            ENV NJS_VERSION=0.8.9                           0B        buildkit.dockerfile.v0
<missing>      10 months ago            ENV NGINX_VERSION=1.27.4                        0B        buildkit.dockerfile.v0
<missing>      10 months ago            LABEL dev.layerlab.demo=true org.opencontain…   0B        buildkit.dockerfile.v0
<missing>      11 months ago            /bin/sh -c #(nop)  CMD ["bash"]                 0B        
<missing>      11 months ago            /bin/sh -c #(nop) ADD file:b8af773feb855cdc8…   1.63MB    

$ docker inspect -f '{{.Config.Env}} {{len .RootFS.Layers}}' web:v2
[PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin NGINX_VERSION=1.27.4 NJS_VERSION=0.8.9 NJS_RELEASE=1~bookworm PKG_RELEASE=1~bookworm DYNPKG_RELEASE=1~bookworm SITE=layerlab] 8

$ docker run --rm --entrypoint cat web:v2 /usr/share/nginx/html/index.html
changed

$ docker rmi nginx
! Error response from daemon: conflict: unable to delete nginx:latest (must be forced) - container fd89a2fa4b32 is using its referenced image e7012ab56ffa
[1]

$ docker rmi e701
! Error response from daemon: conflict: unable to delete e7012ab56ffa (cannot be forced) - image is being used by running container fd89a2fa4b32
[1]

$ docker rm web
! Error response from daemon: cannot remove container "/web": container is running: stop the container before removing or force remove
[1]

$ docker stop web
web

$ docker ps -a --format '{{.Names}}: {{.Status}}'
web: Exited (0) Less than a second ago
box: Exited (0) Less than a second ago
eloquent_mendel: Exited (0) Less than a second ago

$ docker rename box box2

$ docker container inspect -f '{{.Name}} {{.State.Status}} {{.State.ExitCode}}' box2
/box2 exited 0

$ docker rm -f web
web

$ docker container prune
WARNING! This will remove all stopped containers.
Are you sure you want to continue? [y/N] %no-newline

$ y
Deleted Containers:
9f394fd1c034b00fa5b7a68406b0bd8566580a7fcb7944fa78f6b35d65497261
53c0d605e1286f60899947776d502473b7ff60b9102fcaf66762416a6dfb7db3
%blank
Total reclaimed space: 3B

$ docker ps -a -q

$ docker rm nothing
! Error response from daemon: No such container: nothing
[1]

$ docker cp nothing:/etc/hostname host.txt
! Error response from daemon: No such container: nothing
[1]

