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
Digest: sha256:3483f99c3288cc540f934a1884ae3208ba71b4d34d1506585fedce9a59a5c11b
Status: Downloaded newer image for hello-world:latest
docker.io/library/hello-world:latest

$ docker pull nginx:1.16
1.16: Pulling from library/nginx
e62ca6b30540: Pull complete
dd948bfd42d8: Pull complete
7f45226dfad0: Pull complete
Digest: sha256:b66685553ab52ace2a3e9688f69722b249d316d478c08b9c832933dd653cac00
Status: Downloaded newer image for nginx:1.16
docker.io/library/nginx:1.16

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

$ docker pull nginx
Using default tag: latest
latest: Pulling from library/nginx
Digest: sha256:e2f6a8576ea809161422862b6c661c4dabc0e592a43890f3524937bd8b171132
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
nginx         latest    254b20b3bd1d   10 months ago   9.77kB
nginx         1.16      2a0032e19794   13 months ago   8.48kB
hello-world   latest    74d44830c126   20 months ago   164B

$ docker images --digests nginx
REPOSITORY   TAG       DIGEST                                                                    IMAGE ID       CREATED         SIZE
nginx        latest    sha256:e2f6a8576ea809161422862b6c661c4dabc0e592a43890f3524937bd8b171132   254b20b3bd1d   10 months ago   9.77kB
nginx        1.16      sha256:b66685553ab52ace2a3e9688f69722b249d316d478c08b9c832933dd653cac00   2a0032e19794   13 months ago   8.48kB

$ docker tag hello-world:latest hello-world:1

$ docker images hello-world
REPOSITORY    TAG       IMAGE ID       CREATED         SIZE
hello-world   1         74d44830c126   20 months ago   164B
hello-world   latest    74d44830c126   20 months ago   164B

$ docker history nginx:1.16
IMAGE          CREATED         CREATED BY                                      SIZE      COMMENT
2a0032e19794   13 months ago   /bin/sh -c #(nop)  CMD ["nginx" "-g" "daemon…   0B        
<missing>      13 months ago   /bin/sh -c #(nop)  STOPSIGNAL SIGTERM           0B        
<missing>      13 months ago   /bin/sh -c #(nop)  EXPOSE 80                    0B        
<missing>      13 months ago   /bin/sh -c ln -sf /dev/stdout /var/log/nginx…   22B       
<missing>      13 months ago   /bin/sh -c set -x     && addgroup --system -…   3.94kB    
<missing>      13 months ago   /bin/sh -c #(nop)  ENV PKG_RELEASE=1~buster     0B        
<missing>      13 months ago   /bin/sh -c #(nop)  ENV NJS_VERSION=0.3.8        0B        
<missing>      13 months ago   /bin/sh -c #(nop)  ENV NGINX_VERSION=1.16.1     0B        
<missing>      13 months ago   /bin/sh -c #(nop)  LABEL dev.layerlab.demo=t…   0B        
<missing>      14 months ago   /bin/sh -c #(nop)  CMD ["bash"]                 0B        
<missing>      14 months ago   /bin/sh -c #(nop) ADD file:3e5ed750cbbe7ba17…   4.52kB    

$ docker inspect --format '{{.Id}} {{.Os}}/{{.Architecture}} {{len .RootFS.Layers}} layers' nginx:1.16
sha256:2a0032e197944df929d3b93a00d06cd04ffe95d21109f6fa5484bbb7d99fa825 linux/amd64 3 layers

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
Untagged: nginx@sha256:b66685553ab52ace2a3e9688f69722b249d316d478c08b9c832933dd653cac00
Deleted: sha256:2a0032e197944df929d3b93a00d06cd04ffe95d21109f6fa5484bbb7d99fa825
Deleted: sha256:738afd440f8daca64717574a274649043328088bb15cca1e77bebb993b73aa68
Deleted: sha256:000186bb32aaa11f1bbafcf74bedf83c174eb1f64a86153e8d1a0646f634737c
Deleted: sha256:3e5ed750cbbe7ba17a17961b3b3057c64e40aef3758ead5057cb8e31878f9b33

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
nginx         latest    254b20b3bd1d   10 months ago   9.77kB
nginx         1.16      2a0032e19794   13 months ago   8.48kB
hello-world   1         74d44830c126   20 months ago   164B
hello-world   latest    74d44830c126   20 months ago   164B

$ docker tag nginx:1.16 learner/web:v1

# unverified: `Mounted from library/nginx` for layers of another repository
$ docker push learner/web:v1
The push refers to repository [docker.io/learner/web]
7df21a94ef6e: Mounted from library/nginx
b420868c6117: Mounted from library/nginx
3e5ed750cbbe: Mounted from library/nginx
v1: digest: sha256:b66685553ab52ace2a3e9688f69722b249d316d478c08b9c832933dd653cac00 size: 906

# unverified: the `Preparing`/`Waiting` lines and the denied error as Docker 28 prints them
$ docker push nginx
Using default tag: latest
The push refers to repository [docker.io/library/nginx]
ecf1dc5976d6: Preparing
fa6b7c6d87f1: Preparing
6ee76c3a3c9a: Preparing
eebcff17daff: Preparing
cec653ebd873: Preparing
ef79949ec173: Waiting
697305d64ecb: Waiting
! denied: requested access to the resource is denied
[1]

$ docker tag nginx localhost:5000/web && docker push localhost:5000/web
Using default tag: latest
The push refers to repository [localhost:5000/web]
ecf1dc5976d6: Pushed
fa6b7c6d87f1: Pushed
6ee76c3a3c9a: Pushed
eebcff17daff: Pushed
cec653ebd873: Pushed
ef79949ec173: Pushed
697305d64ecb: Pushed
latest: digest: sha256:e2f6a8576ea809161422862b6c661c4dabc0e592a43890f3524937bd8b171132 size: 1710

$ docker rmi localhost:5000/web && docker pull localhost:5000/web
Untagged: localhost:5000/web:latest
Untagged: localhost:5000/web@sha256:e2f6a8576ea809161422862b6c661c4dabc0e592a43890f3524937bd8b171132
Using default tag: latest
latest: Pulling from web
Digest: sha256:e2f6a8576ea809161422862b6c661c4dabc0e592a43890f3524937bd8b171132
Status: Downloaded newer image for localhost:5000/web:latest
localhost:5000/web:latest

# unverified: the system df -v layout; no source found for it in Docker 28
$ docker system df -v
Images space usage:
%blank
REPOSITORY    TAG       IMAGE ID       CREATED         SIZE      SHARED SIZE   UNIQUE SIZE   CONTAINERS
nginx         latest    254b20b3bd1d   10 months ago   9.77kB    0B            9.773kB       0
learner/web   v1        2a0032e19794   13 months ago   8.48kB    0B            8.483kB       0
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
Untagged: nginx@sha256:e2f6a8576ea809161422862b6c661c4dabc0e592a43890f3524937bd8b171132
Untagged: learner/web:v1
Untagged: learner/web@sha256:b66685553ab52ace2a3e9688f69722b249d316d478c08b9c832933dd653cac00
Deleted Images:
untagged: localhost:5000/web:latest
untagged: localhost:5000/web@sha256:e2f6a8576ea809161422862b6c661c4dabc0e592a43890f3524937bd8b171132
deleted: sha256:254b20b3bd1d25cd00eded847cbdb084eb51b8f48fa6739c23f03b14f5d70b4d
deleted: sha256:3980fc6c911f4ff5c657d6f71d98ad1eed251c592e497488385e7b4880a6a718
deleted: sha256:dffb6312d22270ba7c1bb1b23b76dedea9702c44cae6bee9fe046c839bd38972
deleted: sha256:4921a7815c73f36074a364a4d90174069dcd3194777e0478b67549deb88b4edc
deleted: sha256:b33465feeeab59a38b0b5f978583bffb4af1376f484e81df9b82f9c816b45c6e
deleted: sha256:9502d8768a94d5c128b1d005222000d9ef448b474d93356112694de7944e337f
deleted: sha256:27839337fd23d91d2b06ce6cfbf9ddaf87c43b5d240a6f2b5aaf93ee86051b50
deleted: sha256:697305d64ecbab1d8b0aa9d3c4b52cf20b19baa0f49f75ed39f8edc43ef22eac
untagged: nginx:1.16
deleted: sha256:2a0032e197944df929d3b93a00d06cd04ffe95d21109f6fa5484bbb7d99fa825
deleted: sha256:738afd440f8daca64717574a274649043328088bb15cca1e77bebb993b73aa68
deleted: sha256:000186bb32aaa11f1bbafcf74bedf83c174eb1f64a86153e8d1a0646f634737c
deleted: sha256:3e5ed750cbbe7ba17a17961b3b3057c64e40aef3758ead5057cb8e31878f9b33
untagged: hello-world:1
untagged: hello-world:latest
untagged: hello-world@sha256:3483f99c3288cc540f934a1884ae3208ba71b4d34d1506585fedce9a59a5c11b
deleted: sha256:74d44830c1267facae6d7cd55955c8a0076504e885042ea30421e85cf01f282e
deleted: sha256:96a8d5a5c0b899edca1f15c95d44b05a5e5e281fda9ef6e50ef99ebdfe8f1d1b
%blank
Total reclaimed space: 18.42kB

$ docker images -q

