# Docker 29 counterpart of notes.t: the same command lines, answered as Docker 29 with the
# containerd image store (notes.t says what they exercise).
# Provenance (format and note keys: crate/tests/common/golden.rs). Blocks with no note:
# - Lines that Docker 29 prints as Docker 28 does: from the sources notes.t's header and notes
#   name for them.
# - Where Docker 29 differs: image IDs (the record's target digest), sizes, `docker images`,
#   `pull`, `rmi`, `build`, `save`, `load`, `history`, `system df` and image `inspect`, as
#   store29.t, images29.t, pull29.t and build29.t cite them (moby docker-v29.7.2
#   daemon/containerd/, docker/cli v29.7.2); a container's `inspect` at API 1.55 and
#   `/var/lib`, as varlibcontainerd.t cites them; `version` and `info`, as
#   ../shared/REFERENCE-DOCKER29.md §6.
# - layerlab's own: as notes.t's header says (the demo images, IDs, the simulated disk).
#   The ID prefixes typed (`4795`, `0e9d`) are those Docker 29 shows here, as a learner
#   types what `docker ps` and `docker images` show.
%docker 29
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
4795a7e8c9b104b5116f7937f8fb5a1e941dac5773c2b57cb7152a247fde975d

$ docker ps
CONTAINER ID   IMAGE     COMMAND                  CREATED                  STATUS                  PORTS     NAMES
4795a7e8c9b1   nginx     "/docker-entrypoint.…"   Less than a second ago   Up Less than a second   80/tcp    vigilant_proskuriakova

$ docker tag hello-world:latest hello-world:1

$ docker export 4795 > nginx.tar

$ ls
nginx.tar

$ docker import nginx.tar nginx:123
sha256:0e9ddfb09c939977452bd78c5b34bf1fd1faa7a194c3480cb0ff2ade8a374006

$ docker images
                                                            [1m[106m[30mi[0m[0m [96mInfo → [0m[0m [38;5;0m[48;5;14m U [0m In Use
[39m[1mIMAGE[0m                [39m[1mID[0m             [39m[1mDISK USAGE[0m   [39m[1mCONTENT SIZE[0m   [39m[1mEXTRA[0m
[34m[1mhello-world:1[0m        [39mb3c81be9e126[0m       [39m10.8kB[0m         [39m2.62kB[0m        
[34m[1mhello-world:latest[0m   [39mb3c81be9e126[0m       [39m10.8kB[0m         [39m2.62kB[0m        
[34m[1mnginx:123[0m            [39m0e9ddfb09c93[0m       [39m1.75MB[0m         [39m14.9kB[0m        
[34m[1mnginx:latest[0m         [39me7012ab56ffa[0m       [39m1.85MB[0m         [39m22.7kB[0m   [38;5;0m[48;5;14m U [0m  

$ docker save nginx:123 > nginx123.tar

$ docker image rm 0e9d
Untagged: nginx:123
Deleted: sha256:0e9ddfb09c939977452bd78c5b34bf1fd1faa7a194c3480cb0ff2ade8a374006

$ docker load < nginx123.tar
Loaded image: nginx:123

$ docker images nginx
                                                            [1m[106m[30mi[0m[0m [96mInfo → [0m[0m [38;5;0m[48;5;14m U [0m In Use
[39m[1mIMAGE[0m          [39m[1mID[0m             [39m[1mDISK USAGE[0m   [39m[1mCONTENT SIZE[0m   [39m[1mEXTRA[0m
[34m[1mnginx:123[0m      [39m0e9ddfb09c93[0m       [39m1.75MB[0m         [39m14.9kB[0m        
[34m[1mnginx:latest[0m   [39me7012ab56ffa[0m       [39m1.85MB[0m         [39m22.7kB[0m   [38;5;0m[48;5;14m U [0m  

