# The image part of a typical tutorial, against the in-page registry's demo images.
# Provenance (format and note keys: crate/tests/common/golden.rs). Blocks with no note:
# - Docker 28 per ../shared/REFERENCE.md "CLI output": pull's lines (`Using default tag`,
#   `Pulling from`, `Pull complete`, Digest, `Status: Downloaded newer image` / `Image is up
#   to date`, the reference), push's `The push refers to repository`, `Pushed`, `<tag>:
#   digest: ... size: N`, the images (with --digests) and history tables, inspect's Go
#   templates, rmi's Untagged (tag and repo@digest) and Deleted (image ID, then layer chain
#   IDs, "Identities") lines, prune's prompts, lowercase lines and total; "docker load":
#   `Loaded image:` lines.
# - layerlab's own: the in-page registry's demo images (dev.layerlab.demo=true; crate/src),
#   hence every digest, image and layer ID, size, date and history row of them; the
#   container IDs and generated names (deterministic in the simulator); the built-in shell
#   (echo, cat, ls, rm, mkdir...: busybox-like, not Docker output); `$ y` / `$ n` lines,
#   the learner's answer to a prompt typed as the next line.
# - unverified: the pull and push errors, `Mounted from`, `Preparing`/`Waiting`, and
#   `system df -v`, noted below.
$ docker images
REPOSITORY   TAG       IMAGE ID   CREATED   SIZE

$ docker pull hello-world
Using default tag: latest
latest: Pulling from library/hello-world
3a699549f36a: Pull complete
Digest: sha256:b3c81be9e126b8f6012e943f813880ae149bea2b06a5dacfb6bd2c14e510f67f
Status: Downloaded newer image for hello-world:latest
docker.io/library/hello-world:latest

$ docker pull nginx:1.16
1.16: Pulling from library/nginx
b87168b76645: Pull complete
5a17dd1b7287: Pull complete
7f45226dfad0: Pull complete
Digest: sha256:8c0887f175c23930985aad39a4bfaad055b8e657b33a7a19865e3ee376b1c16d
Status: Downloaded newer image for nginx:1.16
docker.io/library/nginx:1.16

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

$ docker pull nginx
Using default tag: latest
latest: Pulling from library/nginx
Digest: sha256:e7012ab56ffae0a9ac0b6fb50e7a92203e95115d5e13b7aec7bf45fccc36222a
Status: Image is up to date for nginx:latest
docker.io/library/nginx:latest

# unverified: the daemon's error texts for a missing repository and tag (also nginx:9 below)
$ docker pull nosuchimage
Using default tag: latest
! Error response from daemon: pull access denied for nosuchimage, repository does not exist or may require 'docker login': denied: requested access to the resource is denied
[1]

$ docker pull nginx:9
! Error response from daemon: manifest for nginx:9 not found: manifest unknown: manifest unknown
[1]

# own: a real engine would print its own resolver's error; layerlab's registry does not exist
$ docker pull registry.example.com/team/app
Using default tag: latest
! Error response from daemon: Get "https://registry.example.com/v2/": dial tcp: lookup registry.example.com: no such host
[1]

$ docker images
REPOSITORY    TAG       IMAGE ID       CREATED         SIZE
nginx         latest    e5406fb19f93   10 months ago   45.8kB
nginx         1.16      8a214887251d   13 months ago   33.8kB
hello-world   latest    74d44830c126   20 months ago   164B

$ docker images --digests nginx
REPOSITORY   TAG       DIGEST                                                                    IMAGE ID       CREATED         SIZE
nginx        latest    sha256:e7012ab56ffae0a9ac0b6fb50e7a92203e95115d5e13b7aec7bf45fccc36222a   e5406fb19f93   10 months ago   45.8kB
nginx        1.16      sha256:8c0887f175c23930985aad39a4bfaad055b8e657b33a7a19865e3ee376b1c16d   8a214887251d   13 months ago   33.8kB

$ docker tag hello-world:latest hello-world:1

$ docker images hello-world
REPOSITORY    TAG       IMAGE ID       CREATED         SIZE
hello-world   1         74d44830c126   20 months ago   164B
hello-world   latest    74d44830c126   20 months ago   164B

$ docker history nginx:1.16
IMAGE          CREATED         CREATED BY                                      SIZE      COMMENT
8a214887251d   13 months ago   /bin/sh -c #(nop)  CMD ["nginx" "-g" "daemon…   0B        
<missing>      13 months ago   /bin/sh -c #(nop)  STOPSIGNAL SIGTERM           0B        
<missing>      13 months ago   /bin/sh -c #(nop)  EXPOSE 80                    0B        
<missing>      13 months ago   /bin/sh -c ln -sf /dev/stdout /var/log/nginx…   22B       
<missing>      13 months ago   /bin/sh -c set -x     && addgroup --system -…   5.75kB    
<missing>      13 months ago   /bin/sh -c #(nop)  ENV PKG_RELEASE=1~buster     0B        
<missing>      13 months ago   /bin/sh -c #(nop)  ENV NJS_VERSION=0.3.8        0B        
<missing>      13 months ago   /bin/sh -c #(nop)  ENV NGINX_VERSION=1.16.1     0B        
<missing>      13 months ago   /bin/sh -c #(nop)  LABEL dev.layerlab.demo=t…   0B        
<missing>      14 months ago   /bin/sh -c #(nop)  CMD ["bash"]                 0B        
<missing>      14 months ago   /bin/sh -c #(nop) ADD file:a0c6082cb27fde859…   28.1kB    

$ docker inspect --format '{{.Id}} {{.Os}}/{{.Architecture}} {{len .RootFS.Layers}} layers' nginx:1.16
sha256:8a214887251d83b4169525af8677643dbb042fef673481693e4989be4f2a4ca6 linux/amd64 3 layers

$ docker inspect --format '{{index .Config.Labels "dev.layerlab.demo"}}' hello-world
true

$ docker image inspect --format '{{json .Config.Cmd}}' nginx
["nginx","-g","daemon off;"]

$ docker save nginx:1.16 > nginx116.tar

$ docker save -o hello.tar hello-world:1 hello-world:latest

$ ls
hello.tar
nginx116.tar

$ docker rmi nginx:1.16
Untagged: nginx:1.16
Untagged: nginx@sha256:8c0887f175c23930985aad39a4bfaad055b8e657b33a7a19865e3ee376b1c16d
Deleted: sha256:8a214887251d83b4169525af8677643dbb042fef673481693e4989be4f2a4ca6
Deleted: sha256:bae0deee4aa5c73fdb6ee81bef559281f274660ea9f4718ce82babbb010b74b4
Deleted: sha256:5b40239d98f3bc15570799d64d6aab1548b6205873b4bd87bab3d0631a78bf2f
Deleted: sha256:a0c6082cb27fde859fae515cbce307817419812c0e9c7ffbefa9175cc4d91a06

$ docker rmi hello-world
Untagged: hello-world:latest

$ docker images hello-world
REPOSITORY    TAG       IMAGE ID       CREATED         SIZE
hello-world   1         74d44830c126   20 months ago   164B

$ docker load < nginx116.tar
Loaded image: nginx:1.16

$ docker load -i hello.tar
Loaded image: hello-world:1
Loaded image: hello-world:latest

$ docker images
REPOSITORY    TAG       IMAGE ID       CREATED         SIZE
nginx         latest    e5406fb19f93   10 months ago   45.8kB
nginx         1.16      8a214887251d   13 months ago   33.8kB
hello-world   1         74d44830c126   20 months ago   164B
hello-world   latest    74d44830c126   20 months ago   164B

$ docker tag nginx:1.16 learner/web:v1

# unverified: `Mounted from library/nginx` for layers of another repository
$ docker push learner/web:v1
The push refers to repository [docker.io/learner/web]
7df21a94ef6e: Mounted from library/nginx
42c67231cb51: Mounted from library/nginx
a0c6082cb27f: Mounted from library/nginx
v1: digest: sha256:a3d4da5e48f39d8bf9d7f16cf30c893c61d8ae551595e52cf3363e3b8f9b9337 size: 941

# unverified: the `Preparing`/`Waiting` lines and the denied error as Docker 28 prints them
$ docker push nginx
Using default tag: latest
The push refers to repository [docker.io/library/nginx]
fbf0afbd1746: Preparing
224bc42c6fe1: Preparing
7306753b318b: Preparing
5f0f8bd52651: Preparing
a55373c4e71f: Preparing
b019ecff1601: Waiting
b8af773feb85: Waiting
! denied: requested access to the resource is denied
[1]

$ docker tag nginx localhost:5000/web && docker push localhost:5000/web
Using default tag: latest
The push refers to repository [localhost:5000/web]
fbf0afbd1746: Pushed
224bc42c6fe1: Pushed
7306753b318b: Pushed
5f0f8bd52651: Pushed
a55373c4e71f: Pushed
b019ecff1601: Pushed
b8af773feb85: Pushed
latest: digest: sha256:17a3717b4b3f0c40badc8d19e8d650ecbadf49e5b072481685ea6d403f06b054 size: 1769

$ docker rmi localhost:5000/web && docker pull localhost:5000/web
Untagged: localhost:5000/web:latest
Untagged: localhost:5000/web@sha256:17a3717b4b3f0c40badc8d19e8d650ecbadf49e5b072481685ea6d403f06b054
Using default tag: latest
latest: Pulling from web
Digest: sha256:17a3717b4b3f0c40badc8d19e8d650ecbadf49e5b072481685ea6d403f06b054
Status: Downloaded newer image for localhost:5000/web:latest
localhost:5000/web:latest

# unverified: the system df -v layout; no source found for it in Docker 28
$ docker system df -v
Images space usage:
%blank
REPOSITORY    TAG       IMAGE ID       CREATED         SIZE      SHARED SIZE   UNIQUE SIZE   CONTAINERS
nginx         latest    e5406fb19f93   10 months ago   45.8kB    0B            45.82kB       0
learner/web   v1        8a214887251d   13 months ago   33.8kB    0B            33.84kB       0
hello-world   1         74d44830c126   20 months ago   164B      0B            164B          0
%blank
Containers space usage:
%blank
CONTAINER ID   IMAGE     COMMAND   LOCAL VOLUMES   SIZE      CREATED   STATUS    NAMES
%blank
Local Volumes space usage:
%blank
VOLUME NAME   LINKS     SIZE
%blank
Build cache usage: 0B
%blank
CACHE ID   CACHE TYPE   SIZE      CREATED   LAST USED   USAGE     SHARED

# docker: run of the real Docker 28.2.2 CLI: the same prompt, no newline after it
$ docker image prune -a
WARNING! This will remove all images without at least one container associated to them.
Are you sure you want to continue? [y/N] %no-newline

$ n

# docker: run of the real Docker 28.2.2 CLI: the same prompt, no newline after it
$ docker image prune
WARNING! This will remove all dangling images.
Are you sure you want to continue? [y/N] %no-newline

$ y
Total reclaimed space: 0B

$ docker rmi nginx learner/web:v1 && docker image prune -a -f
Untagged: nginx:latest
Untagged: nginx@sha256:e7012ab56ffae0a9ac0b6fb50e7a92203e95115d5e13b7aec7bf45fccc36222a
Untagged: learner/web:v1
Untagged: learner/web@sha256:a3d4da5e48f39d8bf9d7f16cf30c893c61d8ae551595e52cf3363e3b8f9b9337
Deleted Images:
untagged: hello-world:1
untagged: hello-world:latest
untagged: hello-world@sha256:b3c81be9e126b8f6012e943f813880ae149bea2b06a5dacfb6bd2c14e510f67f
deleted: sha256:74d44830c1267facae6d7cd55955c8a0076504e885042ea30421e85cf01f282e
deleted: sha256:96a8d5a5c0b899edca1f15c95d44b05a5e5e281fda9ef6e50ef99ebdfe8f1d1b
untagged: nginx:1.16
deleted: sha256:8a214887251d83b4169525af8677643dbb042fef673481693e4989be4f2a4ca6
deleted: sha256:bae0deee4aa5c73fdb6ee81bef559281f274660ea9f4718ce82babbb010b74b4
deleted: sha256:5b40239d98f3bc15570799d64d6aab1548b6205873b4bd87bab3d0631a78bf2f
deleted: sha256:a0c6082cb27fde859fae515cbce307817419812c0e9c7ffbefa9175cc4d91a06
untagged: localhost:5000/web:latest
untagged: localhost:5000/web@sha256:17a3717b4b3f0c40badc8d19e8d650ecbadf49e5b072481685ea6d403f06b054
deleted: sha256:e5406fb19f93087ef19db6497eb114065ed0730781337b341eabc4e42d26bf5f
deleted: sha256:4a8a1843f2ea7b200220afa978d8268d0e08c50d8ebc1e33b91340e1681275e2
deleted: sha256:d81d6f37553d80ee0dc80ec8cc684c9c6640ba5690e06a66e072df44e91d80c0
deleted: sha256:2c983693d266d37c4467f5bfef5044e6c6f2ad226a825a6e28c9b4f8b934ce6b
deleted: sha256:7f29f714bfce46e716af88d23d1dc87964edbc4393b0e49a92e922bb8ff320e6
deleted: sha256:a95a02643c1132400ba95695fe5eade9f9e2e1b62752b93e63e9dfc644799084
deleted: sha256:b495062de6807a8cc9ad03cf4affa607073c6d86bf22cdc17256402776b6e2be
deleted: sha256:b8af773feb855cdc8ece4bcdeba1e8963b44bb0209fec786e998086bb79ff054
%blank
Total reclaimed space: 79.83kB

$ docker images -q

