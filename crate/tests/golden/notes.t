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
163620d92ff6: Pull complete
5b449e87730c: Pull complete
cfc844aee2e9: Pull complete
e5781b55c5f3: Pull complete
5f37339a9145: Pull complete
5f12bc757155: Pull complete
d8c2323359e4: Pull complete
Digest: sha256:e2f6a8576ea809161422862b6c661c4dabc0e592a43890f3524937bd8b171132
Status: Downloaded newer image for nginx:latest
docker.io/library/nginx:latest

$ docker pull hello-world
Using default tag: latest
latest: Pulling from library/hello-world
3a699549f36a: Pull complete
Digest: sha256:3483f99c3288cc540f934a1884ae3208ba71b4d34d1506585fedce9a59a5c11b
Status: Downloaded newer image for hello-world:latest
docker.io/library/hello-world:latest

$ docker run -d nginx
5378e2a93b59ac88c8ff659c80aa6d57dbb1cddcff4cdf44c66d8498cfcdd9e7

$ docker ps
CONTAINER ID   IMAGE     COMMAND                  CREATED                  STATUS                  PORTS     NAMES
5378e2a93b59   nginx     "/docker-entrypoint.…"   Less than a second ago   Up Less than a second   80/tcp    friendly_dhawan

$ docker tag hello-world:latest hello-world:1

$ docker export 5378 > nginx.tar

$ ls
nginx.tar

$ docker import nginx.tar nginx:123
sha256:e6ddf21a7d6e23e6733008911572c8b20f66b0d2fd653ef2925e7ce46bfbd669

$ docker images
REPOSITORY    TAG       IMAGE ID       CREATED                  SIZE
nginx         123       e6ddf21a7d6e   Less than a second ago   7.71kB
nginx         latest    254b20b3bd1d   10 months ago            9.77kB
hello-world   1         74d44830c126   20 months ago            164B
hello-world   latest    74d44830c126   20 months ago            164B

$ docker save nginx:123 > nginx123.tar

$ docker image rm e6d
Untagged: nginx:123
Deleted: sha256:e6ddf21a7d6e23e6733008911572c8b20f66b0d2fd653ef2925e7ce46bfbd669
Deleted: sha256:cb95354e9dd6f07d6ea9780c5721941306d16488b29e00fdad9e076834b9c15b

$ docker load < nginx123.tar
Loaded image: nginx:123

$ docker images nginx
REPOSITORY   TAG       IMAGE ID       CREATED                  SIZE
nginx        123       e6ddf21a7d6e   Less than a second ago   7.71kB
nginx        latest    254b20b3bd1d   10 months ago            9.77kB

