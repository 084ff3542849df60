# /var/lib/docker on the host command line: Docker 28's overlay2 data root, derived from
# the images and containers, read-only; and the host shell's expansions ($(...), $X, $?,
# globs) that tutorials use to look into it. The clock is 2026-01-01T00:00:00Z.
# Provenance (format and note keys: crate/tests/common/golden.rs). Blocks with no note:
# - Docker 28's layout, from moby v28.2.2's source: overlay2 directories (diff, link,
#   lower, work, committed, merged, l/ links: daemon/graphdriver/overlay2/overlay.go
#   create, getLower, Get/Put), layerdb (layer/filestore.go), imagedb (image/fs.go,
#   image/store.go), repositories.json (reference/store.go), the container directory
#   (container/container.go toDisk, WriteHostConfig; daemon/logger/jsonfilelog),
#   GraphDriver (overlay.go GetMetadata, daemon/inspect.go).
# - layerlab's own: the demo images and container IDs (see containers.t), and the names
#   of overlay2 directories and links, random in moby, derived here (crate/src/dataroot/
#   names.rs), hence every cache ID, mount ID and link below; GNU coreutils' ls, cat
#   and sha256sum output format over them (ls -l without dates: the host's files have
#   none); the read-only view (on a real host a user without root is refused earlier, with
#   `Permission denied`).
# - The host line's expansions ($(...), $X, "$X", $?, ~, globs, field splitting of
#   unquoted expansions): a POSIX shell's (bash's words for its own errors).
$ docker pull -q busybox
docker.io/library/busybox:latest

$ docker run -d --name web busybox sleep 1000
7fdc6ec5c6297f1525ad1db33909ec34a77242887ca9902bcea5b8a0ba4dda2f

$ docker exec web sh -c 'echo hi > /tmp/greeting; rm /etc/group'

$ ls /var/lib/docker
containers
image
overlay2
volumes

$ ls /var/lib/docker/overlay2
016d5e1c52fa236b902bd977ba9a56637aa5af82665d6b345d37d5f2406f82a9
016d5e1c52fa236b902bd977ba9a56637aa5af82665d6b345d37d5f2406f82a9-init
e6b270b8181643bd364e093afcde850a1f6e67c42853dcd6f3849c8737399ad5
l

# docker: daemon/graphdriver/overlay2/overlay.go GetMetadata (the four keys: LowerDir
# nearest first, the init layer's diff before the image's), daemon/inspect.go
$ docker inspect -f '{{json .GraphDriver}}' web
{"Data":{"LowerDir":"/var/lib/docker/overlay2/016d5e1c52fa236b902bd977ba9a56637aa5af82665d6b345d37d5f2406f82a9-init/diff:/var/lib/docker/overlay2/e6b270b8181643bd364e093afcde850a1f6e67c42853dcd6f3849c8737399ad5/diff","MergedDir":"/var/lib/docker/overlay2/016d5e1c52fa236b902bd977ba9a56637aa5af82665d6b345d37d5f2406f82a9/merged","UpperDir":"/var/lib/docker/overlay2/016d5e1c52fa236b902bd977ba9a56637aa5af82665d6b345d37d5f2406f82a9/diff","WorkDir":"/var/lib/docker/overlay2/016d5e1c52fa236b902bd977ba9a56637aa5af82665d6b345d37d5f2406f82a9/work"},"Name":"overlay2"}

$ ls -R $(docker inspect -f '{{.GraphDriver.Data.UpperDir}}' web)
/var/lib/docker/overlay2/016d5e1c52fa236b902bd977ba9a56637aa5af82665d6b345d37d5f2406f82a9/diff:
etc
tmp
%blank
/var/lib/docker/overlay2/016d5e1c52fa236b902bd977ba9a56637aa5af82665d6b345d37d5f2406f82a9/diff/etc:
group
%blank
/var/lib/docker/overlay2/016d5e1c52fa236b902bd977ba9a56637aa5af82665d6b345d37d5f2406f82a9/diff/tmp:
greeting

$ find $(docker inspect -f '{{.GraphDriver.Data.UpperDir}}' web)
/var/lib/docker/overlay2/016d5e1c52fa236b902bd977ba9a56637aa5af82665d6b345d37d5f2406f82a9/diff
/var/lib/docker/overlay2/016d5e1c52fa236b902bd977ba9a56637aa5af82665d6b345d37d5f2406f82a9/diff/etc
/var/lib/docker/overlay2/016d5e1c52fa236b902bd977ba9a56637aa5af82665d6b345d37d5f2406f82a9/diff/etc/group
/var/lib/docker/overlay2/016d5e1c52fa236b902bd977ba9a56637aa5af82665d6b345d37d5f2406f82a9/diff/tmp
/var/lib/docker/overlay2/016d5e1c52fa236b902bd977ba9a56637aa5af82665d6b345d37d5f2406f82a9/diff/tmp/greeting

$ find /var/lib/docker/image -maxdepth 3 -name '*db'; find /nope -x
/var/lib/docker/image/overlay2/imagedb
/var/lib/docker/image/overlay2/layerdb
! find: unknown predicate `-x'
[1]

$ docker diff web
C /etc
D /etc/group
C /tmp
A /tmp/greeting

# docker: daemon/graphdriver/overlay2/overlay.go ApplyDiff and the kernel's overlayfs keep a
# deleted file as a 0/0 character device in the upper directory (GNU ls prints `0, 0`)
$ ls -l $(docker inspect -f '{{.GraphDriver.Data.UpperDir}}' web)/etc
c--------- 1 root root     0, 0 group

# docker: moby daemon/initlayer/setup_unix.go (the init layer's dev, etc, proc, sys),
# daemon/graphdriver/overlay2/overlay.go getLowerDirs
$ ls $(docker inspect -f '{{.GraphDriver.Data.LowerDir}}' web | tr : ' ')
/var/lib/docker/overlay2/016d5e1c52fa236b902bd977ba9a56637aa5af82665d6b345d37d5f2406f82a9-init/diff:
dev
etc
proc
sys
%blank
/var/lib/docker/overlay2/e6b270b8181643bd364e093afcde850a1f6e67c42853dcd6f3849c8737399ad5/diff:
bin
dev
etc
home
lib
lib64
root
tmp
usr
var

$ D=$(docker inspect -f '{{.GraphDriver.Data.UpperDir}}' web); ls $D/..; cat $D/../link; echo; cat $D/../lower; echo
diff
link
lower
merged
work
OZ2XU2PCCRFFJRPASZFZS64RFM
l/MZ5Y5APX6BHDATMYEL2L7BQ5AM:l/P3FZXEYSA7T7L6E5J5HASKB435

# docker: daemon/graphdriver/overlay2/overlay.go create: os.Symlink(path.Join("..", id,
# "diff"), path.Join(home, "l", lid)); the 26-character names are layerlab's own
$ ls -l /var/lib/docker/overlay2/l
lrwxrwxrwx 1 root root       77 MZ5Y5APX6BHDATMYEL2L7BQ5AM -> ../016d5e1c52fa236b902bd977ba9a56637aa5af82665d6b345d37d5f2406f82a9-init/diff
lrwxrwxrwx 1 root root       72 OZ2XU2PCCRFFJRPASZFZS64RFM -> ../016d5e1c52fa236b902bd977ba9a56637aa5af82665d6b345d37d5f2406f82a9/diff
lrwxrwxrwx 1 root root       72 P3FZXEYSA7T7L6E5J5HASKB435 -> ../e6b270b8181643bd364e093afcde850a1f6e67c42853dcd6f3849c8737399ad5/diff

$ cat /var/lib/docker/overlay2/l/*/tmp/greeting
hi

$ ls /var/lib/docker/overlay2/*/merged/tmp; cat /var/lib/docker/overlay2/*/merged/etc/group
greeting
! cat: /var/lib/docker/overlay2/*/merged/etc/group: No such file or directory
[1]

$ ls /var/lib/docker/image/overlay2 /var/lib/docker/image/overlay2/layerdb/sha256
/var/lib/docker/image/overlay2:
imagedb
layerdb
repositories.json
%blank
/var/lib/docker/image/overlay2/layerdb/sha256:
7a21cf1cf7d42e99cfa7eaa62af4e8a043172a0132ea239df3f4079e99d799a0

$ docker inspect -f '{{.RootFS.Layers}} {{.GraphDriver.Data.UpperDir}}' busybox
[sha256:7a21cf1cf7d42e99cfa7eaa62af4e8a043172a0132ea239df3f4079e99d799a0] /var/lib/docker/overlay2/e6b270b8181643bd364e093afcde850a1f6e67c42853dcd6f3849c8737399ad5/diff

# docker: layer/filestore.go SetCacheID, SetDiffID, SetParent, SetSize (no newline after
# a value), SetMountID, SetInitID, SetMountParent
$ grep -r . /var/lib/docker/image/overlay2/layerdb
/var/lib/docker/image/overlay2/layerdb/mounts/7fdc6ec5c6297f1525ad1db33909ec34a77242887ca9902bcea5b8a0ba4dda2f/init-id:016d5e1c52fa236b902bd977ba9a56637aa5af82665d6b345d37d5f2406f82a9-init
/var/lib/docker/image/overlay2/layerdb/mounts/7fdc6ec5c6297f1525ad1db33909ec34a77242887ca9902bcea5b8a0ba4dda2f/mount-id:016d5e1c52fa236b902bd977ba9a56637aa5af82665d6b345d37d5f2406f82a9
/var/lib/docker/image/overlay2/layerdb/mounts/7fdc6ec5c6297f1525ad1db33909ec34a77242887ca9902bcea5b8a0ba4dda2f/parent:sha256:7a21cf1cf7d42e99cfa7eaa62af4e8a043172a0132ea239df3f4079e99d799a0
/var/lib/docker/image/overlay2/layerdb/sha256/7a21cf1cf7d42e99cfa7eaa62af4e8a043172a0132ea239df3f4079e99d799a0/cache-id:e6b270b8181643bd364e093afcde850a1f6e67c42853dcd6f3849c8737399ad5
/var/lib/docker/image/overlay2/layerdb/sha256/7a21cf1cf7d42e99cfa7eaa62af4e8a043172a0132ea239df3f4079e99d799a0/diff:sha256:7a21cf1cf7d42e99cfa7eaa62af4e8a043172a0132ea239df3f4079e99d799a0
/var/lib/docker/image/overlay2/layerdb/sha256/7a21cf1cf7d42e99cfa7eaa62af4e8a043172a0132ea239df3f4079e99d799a0/size:1246

# docker: reference/store.go addReference (FamiliarName keys, FamiliarString references)
# and save (json.Marshal: sorted keys, no newline)
$ cat /var/lib/docker/image/overlay2/repositories.json; echo
{"Repositories":{"busybox":{"busybox:latest":"sha256:c38e489721455cf096f9f53fb0c385f685e94b0f31776fa376e6c58c0c8488e0","busybox@sha256:64aaf4ea811fdf85f052346a2cb6cd801f7cd935c31dfe04093b440cdb969ce4":"sha256:c38e489721455cf096f9f53fb0c385f685e94b0f31776fa376e6c58c0c8488e0"}}}

# docker: image/fs.go contentFile: the config bytes, whose sha256 is the image ID
$ sha256sum /var/lib/docker/image/overlay2/imagedb/content/sha256/*
c38e489721455cf096f9f53fb0c385f685e94b0f31776fa376e6c58c0c8488e0  /var/lib/docker/image/overlay2/imagedb/content/sha256/c38e489721455cf096f9f53fb0c385f685e94b0f31776fa376e6c58c0c8488e0

$ docker images --no-trunc -q
sha256:c38e489721455cf096f9f53fb0c385f685e94b0f31776fa376e6c58c0c8488e0

$ docker run --name hello busybox echo '<hi>	there'
<hi>	there

# docker: daemon/logger/jsonfilelog/jsonlog/jsonlogbytes.go MarshalJSONBuf (`<`, `>`,
# `&` and control characters as \u00XX, time in RFC3339Nano); container/container.go
# (config.v2.json, hostconfig.json), container/container_unix.go BuildHostnameFile and
# daemon/container_operations.go (hostname, hosts, resolv.conf written when it starts)
$ C=$(docker inspect -f '{{.Id}}' hello); ls /var/lib/docker/containers/$C; cat /var/lib/docker/containers/$C/hostname /var/lib/docker/containers/$C/*.log
ac9902366824724e2cd938b255d01bbad9d095f2039a1d6b79af780b2a24afd3-json.log
checkpoints
config.v2.json
hostconfig.json
hostname
hosts
mounts
resolv.conf
ac9902366824
{"log":"\u003chi\u003e\u0009there\n","stream":"stdout","time":"2026-01-01T00:00:00Z"}

$ grep -c HostnamePath /var/lib/docker/containers/*/config.v2.json; cat /var/lib/docker/containers/*/hostconfig.json | grep -c json-file
/var/lib/docker/containers/7fdc6ec5c6297f1525ad1db33909ec34a77242887ca9902bcea5b8a0ba4dda2f/config.v2.json:1
/var/lib/docker/containers/ac9902366824724e2cd938b255d01bbad9d095f2039a1d6b79af780b2a24afd3/config.v2.json:1
2

# own: layerlab's view of the data root is read-only (EROFS); the messages are GNU
# coreutils' and bash's for that error
$ touch /var/lib/docker/x; rm /var/lib/docker/image/overlay2/repositories.json; echo > /var/lib/docker/y; mkdir /var/lib/docker/overlay2
! touch: cannot touch '/var/lib/docker/x': Read-only file system
! rm: cannot remove '/var/lib/docker/image/overlay2/repositories.json': Read-only file system
! sh: /var/lib/docker/y: Read-only file system
! mkdir: cannot create directory '/var/lib/docker/overlay2': File exists
[1]

# docker: daemon/graphdriver/overlay2/overlay.go Put removes merged/ when the container
# stops
$ X=web; docker stop -t 0 $X; echo $?; ls /var/lib/docker/overlay2/*/merged
web
0
! ls: cannot access '/var/lib/docker/overlay2/*/merged': No such file or directory
[2]

$ docker rm -f $(docker ps -aq)
ac9902366824
7fdc6ec5c629

$ echo $?; docker rmi $(docker images -q)
0
Untagged: busybox:latest
Untagged: busybox@sha256:64aaf4ea811fdf85f052346a2cb6cd801f7cd935c31dfe04093b440cdb969ce4
Deleted: sha256:c38e489721455cf096f9f53fb0c385f685e94b0f31776fa376e6c58c0c8488e0
Deleted: sha256:7a21cf1cf7d42e99cfa7eaa62af4e8a043172a0132ea239df3f4079e99d799a0

$ ls /var/lib/docker/overlay2 /var/lib/docker/containers; cat /var/lib/docker/image/overlay2/repositories.json; echo
/var/lib/docker/containers:
%blank
/var/lib/docker/overlay2:
l
{"Repositories":{}}

# own: the host's file system: the user's files in /home/user (~) and the data root
$ ls /var/lib/docker/nope; cat /var/lib/docker/overlay2; ls ~ /
/:
home
var
%blank
/home/user:
! ls: cannot access '/var/lib/docker/nope': No such file or directory
! cat: /var/lib/docker/overlay2: Is a directory

