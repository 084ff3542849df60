# The session from the course notes: a container's filesystem exported, imported as an
# image, saved, removed and loaded back. The clock is 2026-01-01T00:00:00Z.
# Provenance (format and note keys: crate/tests/common/golden.rs). Blocks with no note:
# - Docker 28 per ../shared/REFERENCE.md "CLI output": pull's lines, the ps and images
#   tables, rmi's Untagged/Deleted lines; "Layer changesets": `docker export` (the merged
#   rootfs and the init layer's files), `docker import` (one layer, `sha256:<id>`);
#   "docker load": `Loaded image:`; "Identities": IDs and chain IDs.
# - layerlab's own: the in-page registry's demo images (dev.layerlab.demo=true; crate/src),
#   hence every digest, image and layer ID, size, date and history row of them; the
#   container IDs and generated names (deterministic in the simulator); the built-in shell
#   (echo, cat, ls, rm, mkdir...: busybox-like, not Docker output); `$ y` / `$ n` lines,
#   the learner's answer to a prompt typed as the next line.
# - unverified: `docker run -d` printing the container ID.
$ docker pull nginx
Using default tag: latest
latest: Pulling from library/nginx
0e0023e95df9: Pull complete
9bbbae080055: Pull complete
5875d1e42996: Pull complete
b05d727baf2c: Pull complete
339302e3c22a: Pull complete
0caff3b727a2: Pull complete
eea8893f8421: Pull complete
Digest: sha256:e7012ab56ffae0a9ac0b6fb50e7a92203e95115d5e13b7aec7bf45fccc36222a
Status: Downloaded newer image for nginx:latest
docker.io/library/nginx:latest

$ docker pull hello-world
Using default tag: latest
latest: Pulling from library/hello-world
3a699549f36a: Pull complete
Digest: sha256:b3c81be9e126b8f6012e943f813880ae149bea2b06a5dacfb6bd2c14e510f67f
Status: Downloaded newer image for hello-world:latest
docker.io/library/hello-world:latest

$ docker run -d nginx
c6bc47e79fafd73690523df97fa41aee8de1d96ffb2d04c9d2ed505c61795230

$ docker ps
CONTAINER ID   IMAGE     COMMAND                  CREATED                  STATUS                  PORTS     NAMES
c6bc47e79faf   nginx     "/docker-entrypoint.…"   Less than a second ago   Up Less than a second   80/tcp    kind_leavitt

$ docker tag hello-world:latest hello-world:1

$ docker export c6bc > nginx.tar

$ ls
nginx.tar

$ docker import nginx.tar nginx:123
sha256:56f24cc660d9493971dbff24c14ec31a986bdeb12a5f47a731982c2d3e2ecadb

$ docker images
REPOSITORY    TAG       IMAGE ID       CREATED                  SIZE
nginx         123       56f24cc660d9   Less than a second ago   43.8kB
nginx         latest    e5406fb19f93   10 months ago            45.8kB
hello-world   1         74d44830c126   20 months ago            164B
hello-world   latest    74d44830c126   20 months ago            164B

$ docker save nginx:123 > nginx123.tar

$ docker image rm 56f
Untagged: nginx:123
Deleted: sha256:56f24cc660d9493971dbff24c14ec31a986bdeb12a5f47a731982c2d3e2ecadb
Deleted: sha256:64e1310b09576c860abecc6052b20fcfe5fbf02c0c5031ae6d95454767f5716c

$ docker load < nginx123.tar
Loaded image: nginx:123

$ docker images nginx
REPOSITORY   TAG       IMAGE ID       CREATED                  SIZE
nginx        123       56f24cc660d9   Less than a second ago   43.8kB
nginx        latest    e5406fb19f93   10 months ago            45.8kB

