# Docker 29 counterpart of tutorial.t: the same command lines, answered as Docker 29 with the
# containerd image store (tutorial.t says what they exercise).
# Provenance (format and note keys: crate/tests/common/golden.rs). Blocks with no note:
# - Lines that Docker 29 prints as Docker 28 does: from the sources tutorial.t's header and notes
#   name for them.
# - Where Docker 29 differs: image IDs (the record's target digest), sizes, `docker images`,
#   `pull`, `rmi`, `build`, `save`, `load`, `history`, `system df` and image `inspect`, as
#   store29.t, images29.t, pull29.t and build29.t cite them (moby docker-v29.7.2
#   daemon/containerd/, docker/cli v29.7.2); a container's `inspect` at API 1.55 and
#   `/var/lib`, as varlibcontainerd.t cites them; `version` and `info`, as
#   ../shared/REFERENCE-DOCKER29.md §6.
# - layerlab's own: as tutorial.t's header says (the demo images, IDs, the simulated disk).
%docker 29
$ docker images
                                                            [1m[106m[30mi[0m[0m [96mInfo → [0m[0m [38;5;0m[48;5;14m U [0m In Use
[39m[1mIMAGE[0m   [39m[1mID[0m             [39m[1mDISK USAGE[0m   [39m[1mCONTENT SIZE[0m   [39m[1mEXTRA[0m

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

$ docker pull nosuchimage
Using default tag: latest
! Error response from daemon: pull access denied for nosuchimage, repository does not exist or may require 'docker login': denied: requested access to the resource is denied
[1]

$ docker pull nginx:9
! Error response from daemon: manifest for nginx:9 not found: manifest unknown: manifest unknown
[1]

$ docker pull registry.example.com/team/app
Using default tag: latest
! Error response from daemon: Get "https://registry.example.com/v2/": dial tcp: lookup registry.example.com: no such host
[1]

$ docker images
                                                            [1m[106m[30mi[0m[0m [96mInfo → [0m[0m [38;5;0m[48;5;14m U [0m In Use
[39m[1mIMAGE[0m                [39m[1mID[0m             [39m[1mDISK USAGE[0m   [39m[1mCONTENT SIZE[0m   [39m[1mEXTRA[0m
[34m[1mhello-world:latest[0m   [39mb3c81be9e126[0m       [39m10.8kB[0m         [39m2.62kB[0m        
[34m[1mnginx:1.16[0m           [39m8c0887f175c2[0m        [39m1.8MB[0m         [39m18.6kB[0m        
[34m[1mnginx:latest[0m         [39me7012ab56ffa[0m       [39m1.85MB[0m         [39m22.7kB[0m        

$ docker images --digests nginx
REPOSITORY   TAG       DIGEST                                                                    IMAGE ID       CREATED         SIZE
nginx        latest    sha256:e7012ab56ffae0a9ac0b6fb50e7a92203e95115d5e13b7aec7bf45fccc36222a   e7012ab56ffa   10 months ago   1.85MB
nginx        1.16      sha256:8c0887f175c23930985aad39a4bfaad055b8e657b33a7a19865e3ee376b1c16d   8c0887f175c2   13 months ago   1.8MB

$ docker tag hello-world:latest hello-world:1

$ docker images hello-world
                                                            [1m[106m[30mi[0m[0m [96mInfo → [0m[0m [38;5;0m[48;5;14m U [0m In Use
[39m[1mIMAGE[0m                [39m[1mID[0m             [39m[1mDISK USAGE[0m   [39m[1mCONTENT SIZE[0m   [39m[1mEXTRA[0m
[34m[1mhello-world:1[0m        [39mb3c81be9e126[0m       [39m10.8kB[0m         [39m2.62kB[0m        
[34m[1mhello-world:latest[0m   [39mb3c81be9e126[0m       [39m10.8kB[0m         [39m2.62kB[0m        

$ docker history nginx:1.16
IMAGE          CREATED         CREATED BY                                      SIZE      COMMENT
8c0887f175c2   13 months ago   /bin/sh -c #(nop)  CMD ["nginx" "-g" "daemon…   0B        
<missing>      13 months ago   /bin/sh -c #(nop)  STOPSIGNAL SIGTERM           0B        
<missing>      13 months ago   /bin/sh -c #(nop)  EXPOSE 80                    0B        
<missing>      13 months ago   /bin/sh -c ln -sf /dev/stdout /var/log/nginx…   16.4kB    
<missing>      13 months ago   /bin/sh -c set -x     && addgroup --system -…   127kB     
<missing>      13 months ago   /bin/sh -c #(nop)  ENV PKG_RELEASE=1~buster     0B        
<missing>      13 months ago   /bin/sh -c #(nop)  ENV NJS_VERSION=0.3.8        0B        
<missing>      13 months ago   /bin/sh -c #(nop)  ENV NGINX_VERSION=1.16.1     0B        
<missing>      13 months ago   /bin/sh -c #(nop)  LABEL dev.layerlab.demo=t…   0B        
<missing>      14 months ago   /bin/sh -c #(nop)  CMD ["bash"]                 0B        
<missing>      14 months ago   /bin/sh -c #(nop) ADD file:a0c6082cb27fde859…   1.63MB    

$ docker inspect --format '{{.Id}} {{.Os}}/{{.Architecture}} {{len .RootFS.Layers}} layers' nginx:1.16
sha256:8c0887f175c23930985aad39a4bfaad055b8e657b33a7a19865e3ee376b1c16d linux/amd64 3 layers

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
Deleted: sha256:8c0887f175c23930985aad39a4bfaad055b8e657b33a7a19865e3ee376b1c16d

$ docker rmi hello-world
Untagged: hello-world:latest

$ docker images hello-world
                                                            [1m[106m[30mi[0m[0m [96mInfo → [0m[0m [38;5;0m[48;5;14m U [0m In Use
[39m[1mIMAGE[0m           [39m[1mID[0m             [39m[1mDISK USAGE[0m   [39m[1mCONTENT SIZE[0m   [39m[1mEXTRA[0m
[34m[1mhello-world:1[0m   [39mb3c81be9e126[0m       [39m10.8kB[0m         [39m2.62kB[0m        

$ docker load < nginx116.tar
Loaded image: nginx:1.16

$ docker load -i hello.tar
Loaded image: hello-world:1
Loaded image: hello-world:latest

$ docker images
                                                            [1m[106m[30mi[0m[0m [96mInfo → [0m[0m [38;5;0m[48;5;14m U [0m In Use
[39m[1mIMAGE[0m                [39m[1mID[0m             [39m[1mDISK USAGE[0m   [39m[1mCONTENT SIZE[0m   [39m[1mEXTRA[0m
[34m[1mhello-world:1[0m        [39mb3c81be9e126[0m       [39m10.8kB[0m         [39m2.62kB[0m        
[34m[1mhello-world:latest[0m   [39mb3c81be9e126[0m       [39m10.8kB[0m         [39m2.62kB[0m        
[34m[1mnginx:1.16[0m           [39m8c0887f175c2[0m        [39m1.8MB[0m         [39m17.5kB[0m        
[34m[1mnginx:latest[0m         [39me7012ab56ffa[0m       [39m1.85MB[0m         [39m22.7kB[0m        

$ docker tag nginx:1.16 learner/web:v1

$ docker push learner/web:v1
The push refers to repository [docker.io/learner/web]
b87168b76645: Mounted from library/nginx
5a17dd1b7287: Mounted from library/nginx
7f45226dfad0: Mounted from library/nginx
v1: digest: sha256:86df93b843a3c4b94c4af7054c8d79ea884e6079693f8f5d06cd9dabf4eeb6a3 size: 907
%blank
[1m[106m[30mi[0m[0m [96mInfo → [0m[0m[3mNot all multiplatform-content is present and only the available single-platform image was pushed[0m
         [3m[31msha256:8c0887f175c23930985aad39a4bfaad055b8e657b33a7a19865e3ee376b1c16d[0m -> [32msha256:86df93b843a3c4b94c4af7054c8d79ea884e6079693f8f5d06cd9dabf4eeb6a3[0m[0m

$ docker push nginx
Using default tag: latest
The push refers to repository [docker.io/library/nginx]
! denied: requested access to the resource is denied
[1]

$ docker tag nginx localhost:5000/web && docker push localhost:5000/web
Using default tag: latest
The push refers to repository [localhost:5000/web]
0e0023e95df9: Pushed
9bbbae080055: Pushed
5875d1e42996: Pushed
b05d727baf2c: Pushed
339302e3c22a: Pushed
0caff3b727a2: Pushed
eea8893f8421: Pushed
latest: digest: sha256:438aea4f16c9775884b5c69d41cf272d9224da53592a1c844f78c03150bfa788 size: 1711
%blank
[1m[106m[30mi[0m[0m [96mInfo → [0m[0m[3mNot all multiplatform-content is present and only the available single-platform image was pushed[0m
         [3m[31msha256:e7012ab56ffae0a9ac0b6fb50e7a92203e95115d5e13b7aec7bf45fccc36222a[0m -> [32msha256:438aea4f16c9775884b5c69d41cf272d9224da53592a1c844f78c03150bfa788[0m[0m

$ docker rmi localhost:5000/web && docker pull localhost:5000/web
Untagged: localhost:5000/web:latest
Using default tag: latest
latest: Pulling from web
Digest: sha256:438aea4f16c9775884b5c69d41cf272d9224da53592a1c844f78c03150bfa788
Status: Downloaded newer image for localhost:5000/web:latest
localhost:5000/web:latest

$ docker system df -v
Images space usage:
%blank
REPOSITORY           TAG       IMAGE ID       CREATED         SIZE      SHARED SIZE   UNIQUE SIZE   CONTAINERS
localhost:5000/web   latest    438aea4f16c9   10 months ago   1.85MB    1.848MB       0B            0
nginx                latest    e7012ab56ffa   10 months ago   1.85MB    1.848MB       1.036kB       0
learner/web          v1        8c0887f175c2   13 months ago   1.8MB     0B            1.795MB       0
hello-world          1         b3c81be9e126   20 months ago   10.8kB    0B            10.81kB       0
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

$ docker image prune -a
WARNING! This will remove all images without at least one container associated to them.
Are you sure you want to continue? [y/N] %no-newline

$ n

$ docker image prune
WARNING! This will remove all dangling images.
Are you sure you want to continue? [y/N] %no-newline

$ y
Total reclaimed space: 0B

$ docker rmi nginx learner/web:v1 && docker image prune -a -f
Untagged: nginx:latest
Deleted: sha256:e7012ab56ffae0a9ac0b6fb50e7a92203e95115d5e13b7aec7bf45fccc36222a
Untagged: learner/web:v1
Deleted Images:
untagged: localhost:5000/web:latest
deleted: sha256:438aea4f16c9775884b5c69d41cf272d9224da53592a1c844f78c03150bfa788
untagged: nginx:1.16
deleted: sha256:8c0887f175c23930985aad39a4bfaad055b8e657b33a7a19865e3ee376b1c16d
deleted: sha256:86df93b843a3c4b94c4af7054c8d79ea884e6079693f8f5d06cd9dabf4eeb6a3
untagged: hello-world:1
untagged: hello-world:latest
deleted: sha256:b3c81be9e126b8f6012e943f813880ae149bea2b06a5dacfb6bd2c14e510f67f
deleted: sha256:3483f99c3288cc540f934a1884ae3208ba71b4d34d1506585fedce9a59a5c11b
deleted: sha256:6b82fee2d6af04a73e0fdb31b9042931dd65040adc9e5cd83bbf3cf0ea4dbe92
%blank
Total reclaimed space: 3.662MB

$ docker images -q

