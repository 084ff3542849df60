# Docker 29 counterpart of volumes.t: the same command lines, answered as Docker 29 with the
# containerd image store (volumes.t says what they exercise).
# Provenance (format and note keys: crate/tests/common/golden.rs). Blocks with no note:
# - Lines that Docker 29 prints as Docker 28 does: from the sources volumes.t's header and notes
#   name for them.
# - Where Docker 29 differs: image IDs (the record's target digest), sizes, `docker images`,
#   `pull`, `rmi`, `build`, `save`, `load`, `history`, `system df` and image `inspect`, as
#   store29.t, images29.t, pull29.t and build29.t cite them (moby docker-v29.7.2
#   daemon/containerd/, docker/cli v29.7.2); a container's `inspect` at API 1.55 and
#   `/var/lib`, as varlibcontainerd.t cites them; `version` and `info`, as
#   ../shared/REFERENCE-DOCKER29.md §6.
# - layerlab's own: as volumes.t's header says (the demo images, IDs, the simulated disk).
%docker 29
$ docker pull -q busybox
docker.io/library/busybox:latest

$ docker volume create data
data

$ docker volume create --label env=dev --label team tagged
tagged

$ docker volume create
74f1f8ecc2958ebdb79397708a7d026cff4d0443c4cb50d444be7716abbaa855

$ docker volume ls
DRIVER    VOLUME NAME
local     74f1f8ecc2958ebdb79397708a7d026cff4d0443c4cb50d444be7716abbaa855
local     data
local     tagged

$ docker volume ls -q
74f1f8ecc2958ebdb79397708a7d026cff4d0443c4cb50d444be7716abbaa855
data
tagged

$ docker volume ls --format '{{.Name}} {{.Driver}} {{.Labels}} {{.Scope}}'
74f1f8ecc2958ebdb79397708a7d026cff4d0443c4cb50d444be7716abbaa855 local  local
data local  local
tagged local env=dev,team= local

$ docker volume inspect data tagged
[
    {
        "CreatedAt": "2026-01-01T00:00:00Z",
        "Driver": "local",
        "Labels": null,
        "Mountpoint": "/var/lib/docker/volumes/data/_data",
        "Name": "data",
        "Options": null,
        "Scope": "local"
    },
    {
        "CreatedAt": "2026-01-01T00:00:00Z",
        "Driver": "local",
        "Labels": {
            "env": "dev",
            "team": ""
        },
        "Mountpoint": "/var/lib/docker/volumes/tagged/_data",
        "Name": "tagged",
        "Options": null,
        "Scope": "local"
    }
]

$ docker volume inspect -f '{{.Mountpoint}}' data
/var/lib/docker/volumes/data/_data

$ docker volume inspect nope
[]
! Error response from daemon: get nope: no such volume
[1]

$ docker volume create a/b
! Error response from daemon: create a/b: "a/b" includes invalid characters for a local volume name, only "[a-zA-Z0-9][a-zA-Z0-9_.-]" are allowed. If you intended to pass a host directory, use absolute path
[1]

$ docker volume create x
! Error response from daemon: create x: volume name is too short, names should be at least two alphanumeric characters
[1]

$ docker volume create -d foo y
! Error response from daemon: create y: error looking up volume plugin foo: plugin "foo" not found
[1]

$ docker run --name writer -v data:/data busybox sh -c 'echo one > /data/f; echo x > /other'

$ docker diff writer
A /data
A /other

$ docker run --name reader -v data:/srv:ro busybox sh -c 'cat /srv/f; echo y > /srv/g'
one
! sh: can't create /srv/g: Read-only file system
[1]

$ docker volume rm data
! Error response from daemon: remove data: volume is in use - [53c0d605e1286f60899947776d502473b7ff60b9102fcaf66762416a6dfb7db3, 9f394fd1c034b00fa5b7a68406b0bd8566580a7fcb7944fa78f6b35d65497261]
[1]

$ docker volume ls -f dangling=true
DRIVER    VOLUME NAME
local     74f1f8ecc2958ebdb79397708a7d026cff4d0443c4cb50d444be7716abbaa855
local     tagged

$ docker inspect -f '{{json .Mounts}}' writer
[{"Type":"volume","Name":"data","Source":"/var/lib/docker/volumes/data/_data","Destination":"/data","Driver":"local","Mode":"z","RW":true,"Propagation":""}]

$ docker inspect -f '{{json .HostConfig.Binds}}' reader
["data:/srv:ro"]

$ docker ps -a --format '{{.Names}} {{.Mounts}}'
reader data
writer data

$ docker run --name anon -v /scratch busybox sh -c 'echo a > /scratch/a'

$ docker inspect -f '{{json .Mounts}} {{json .Config.Volumes}}' anon
[{"Type":"volume","Name":"25187174747436833c55090a3d0dc24a1c787cf81581c60f5a4b10c1b4681f40","Source":"/var/lib/docker/volumes/25187174747436833c55090a3d0dc24a1c787cf81581c60f5a4b10c1b4681f40/_data","Destination":"/scratch","Driver":"local","Mode":"","RW":true,"Propagation":""}] {"/scratch":{}}

$ docker run --name mnt --mount type=volume,source=mv,target=/mv,readonly busybox ls -ld /mv
drwxr-xr-x    2 root     root          4096 Jan  1 00:00 /mv

$ docker inspect -f '{{json .Mounts}} {{json .HostConfig.Mounts}}' mnt
[{"Type":"volume","Name":"mv","Source":"/var/lib/docker/volumes/mv/_data","Destination":"/mv","Driver":"local","Mode":"z","RW":false,"Propagation":""}] [{"Type":"volume","Source":"mv","Target":"/mv","ReadOnly":true}]

$ docker create --mount type=volume busybox true
! invalid argument "type=volume" for "--mount" flag: target is required
! 
! Usage:  docker create [OPTIONS] IMAGE [COMMAND] [ARG...]
! 
! Run 'docker create --help' for more information
[125]

$ docker create --mount type=volume,target=/x,foo=bar busybox true
! invalid argument "type=volume,target=/x,foo=bar" for "--mount" flag: unexpected key 'foo' in 'foo=bar'
! 
! Usage:  docker create [OPTIONS] IMAGE [COMMAND] [ARG...]
! 
! Run 'docker create --help' for more information
[125]

$ docker create --mount type=bind,source=./nothing,target=/x busybox true
! Error response from daemon: invalid mount config for type "bind": bind source path does not exist: /home/learner/nothing
[1]

$ docker create -v data: busybox true
! docker: invalid spec: data:: empty section between colons
! 
! Run 'docker create --help' for more information
[125]

$ docker create -v data:/x:bogus busybox true
! Error response from daemon: invalid mode: bogus
[1]

$ docker run -v data:rel busybox true
! docker: Error response from daemon: invalid volume specification: 'data:rel': invalid mount config for type "volume": invalid mount path: 'rel' mount path must be absolute
! 
! Run 'docker run --help' for more information
[125]

$ echo hello > site/index.html

$ docker run --name web -v ./site:/usr/share/nginx/html busybox cat /usr/share/nginx/html/index.html
hello

$ docker inspect -f '{{json .Mounts}} {{json .HostConfig.Binds}}' web
[{"Type":"bind","Source":"/home/learner/site","Destination":"/usr/share/nginx/html","Mode":"","RW":true,"Propagation":"rprivate"}] ["/home/learner/site:/usr/share/nginx/html"]

$ docker run --name seeder busybox sh -c 'mkdir /seed; echo hello > /seed/seed.txt'

$ docker commit -c 'VOLUME /seed' seeder seeded
sha256:b22bacc5051f2a3032c2abebd42470157b08cb46b0e75efe345e12bd8de7e351

$ docker run --name s1 seeded sh -c 'cat /seed/seed.txt; echo more > /seed/more.txt'
hello

$ docker commit -c 'VOLUME /data' writer withvol
sha256:fad6f094f224fde1966379b871034a530ef4098664841ab67f0523f5f87f0ab6

$ docker create --name v1 withvol
2f069623df4bc0ba1e72bfa3b2c8214d3684d1a3a16849f5e300ed59aea0a83f

$ docker inspect -f '{{json .Config.Volumes}}' v1
{"/data":{}}

$ docker volume ls
DRIVER    VOLUME NAME
local     0ba7f0472606285f4be47d3d7244e27fc5b709718a43c1ebc2d66046416f9a52
local     74f1f8ecc2958ebdb79397708a7d026cff4d0443c4cb50d444be7716abbaa855
local     2971b46ded30ab8437c63183acc05b7ac458f97a45c29eb17369b0096355e0b1
local     25187174747436833c55090a3d0dc24a1c787cf81581c60f5a4b10c1b4681f40
local     data
local     mv
local     tagged

$ docker commit writer snap
sha256:d1f5b69a749270c46e2fd5762d14bd39713a5ad94786a3ce8c642dce8a86ddba

$ docker run --rm snap ls /data

$ docker run --rm -v /tmpvol busybox true

$ docker volume ls -q
0ba7f0472606285f4be47d3d7244e27fc5b709718a43c1ebc2d66046416f9a52
74f1f8ecc2958ebdb79397708a7d026cff4d0443c4cb50d444be7716abbaa855
2971b46ded30ab8437c63183acc05b7ac458f97a45c29eb17369b0096355e0b1
25187174747436833c55090a3d0dc24a1c787cf81581c60f5a4b10c1b4681f40
data
mv
tagged

$ docker rm -v anon
anon

$ docker volume ls -q
0ba7f0472606285f4be47d3d7244e27fc5b709718a43c1ebc2d66046416f9a52
74f1f8ecc2958ebdb79397708a7d026cff4d0443c4cb50d444be7716abbaa855
2971b46ded30ab8437c63183acc05b7ac458f97a45c29eb17369b0096355e0b1
data
mv
tagged

$ docker system df
TYPE            TOTAL     ACTIVE    SIZE      RECLAIMABLE
Images          4         3         137kB     1.834kB (1%)
Containers      7         0         8B        8B (100%)
Local Volumes   6         4         15B       0B (0%)
Build Cache     0         0         0B        0B

$ docker system df -v
Images space usage:
%blank
REPOSITORY   TAG       IMAGE ID       CREATED                  SIZE      SHARED SIZE   UNIQUE SIZE   CONTAINERS
seeded       latest    b22bacc5051f   Less than a second ago   115kB     100.3kB       14.27kB       1
snap         latest    d1f5b69a7492   Less than a second ago   115kB     112.8kB       1.834kB       0
withvol      latest    fad6f094f224   Less than a second ago   115kB     112.8kB       1.857kB       1
busybox      latest    2e2c6dec3faf   15 months ago            103kB     100.3kB       2.403kB       5
%blank
Containers space usage:
%blank
CONTAINER ID   IMAGE     COMMAND                  LOCAL VOLUMES   SIZE      CREATED                  STATUS                              NAMES
2f069623df4b   withvol   "sh -c 'echo one > /…"   1               0B        Less than a second ago   Created                             v1
b4fe917015fd   seeded    "sh -c 'cat /seed/se…"   1               0B        Less than a second ago   Exited (0) Less than a second ago   s1
d32e7a4328aa   busybox   "sh -c 'mkdir /seed;…"   0               6B        Less than a second ago   Exited (0) Less than a second ago   seeder
e58259af94d3   busybox   "cat /usr/share/ngin…"   0               0B        Less than a second ago   Exited (0) Less than a second ago   web
d14e8c825070   busybox   "ls -ld /mv"             1               0B        Less than a second ago   Exited (0) Less than a second ago   mnt
53c0d605e128   busybox   "sh -c 'cat /srv/f; …"   1               0B        Less than a second ago   Exited (1) Less than a second ago   reader
9f394fd1c034   busybox   "sh -c 'echo one > /…"   1               2B        Less than a second ago   Exited (0) Less than a second ago   writer
%blank
Local Volumes space usage:
%blank
VOLUME NAME                                                        LINKS     SIZE
0ba7f0472606285f4be47d3d7244e27fc5b709718a43c1ebc2d66046416f9a52   1         11B
74f1f8ecc2958ebdb79397708a7d026cff4d0443c4cb50d444be7716abbaa855   0         0B
2971b46ded30ab8437c63183acc05b7ac458f97a45c29eb17369b0096355e0b1   1         0B
data                                                               2         4B
mv                                                                 1         0B
tagged                                                             0         0B
%blank
Build cache usage: 0B
%blank
CACHE ID   CACHE TYPE   SIZE      CREATED   LAST USED   USAGE     SHARED

$ docker volume prune
WARNING! This will remove anonymous local volumes not used by at least one container.
Are you sure you want to continue? [y/N] %no-newline

$ y
Total reclaimed space: 0B

$ docker rm writer reader mnt web v1 s1 seeder
writer
reader
mnt
web
v1
s1
seeder

$ docker volume prune -a -f
Deleted Volumes:
data
tagged
74f1f8ecc2958ebdb79397708a7d026cff4d0443c4cb50d444be7716abbaa855
mv
0ba7f0472606285f4be47d3d7244e27fc5b709718a43c1ebc2d66046416f9a52
2971b46ded30ab8437c63183acc05b7ac458f97a45c29eb17369b0096355e0b1
%blank
Total reclaimed space: 15B

$ docker volume ls
DRIVER    VOLUME NAME

$ docker volume rm -f nope
nope

$ docker volume --help
Usage:  docker volume COMMAND
%blank
Manage volumes
%blank
Commands:
  create      Create a volume
  inspect     Display detailed information on one or more volumes
  ls          List volumes
  prune       Remove unused local volumes
  rm          Remove one or more volumes
%blank
Run 'docker volume COMMAND --help' for more information on a command.

$ docker volume prune --help
Usage:  docker volume prune [OPTIONS]
%blank
Remove unused local volumes
%blank
Options:
  -a, --all             Remove all unused volumes, not just anonymous ones
      --filter filter   Provide filter values (e.g. "label=<label>")
  -f, --force           Do not prompt for confirmation

$ docker volume create notes
notes

$ docker run --rm -v notes:/notes busybox sh -c 'echo kept > /notes/today.txt'

$ ls -l /var/lib/docker/volumes/notes
drwxr-xr-x 1 root root     4096 _data

$ cat /var/lib/docker/volumes/notes/_data/today.txt
kept

