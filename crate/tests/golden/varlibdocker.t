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
c5a6cd16524779ae38762a2913f36cec73fccb3ee80663980b3f698dddd5cbba

$ docker exec web sh -c 'echo hi > /tmp/greeting; rm /etc/group'

$ ls /var/lib/docker
containers
image
overlay2
volumes

$ ls /var/lib/docker/overlay2
11c613859129ae9b97494fc4896c1b92ee2cc16e57adbf1b1eedf370e4444ebf
7fe11e3e0e390ddaa5ce21858f4e581c51a9606cc7ba7655ca668d57c527c427
7fe11e3e0e390ddaa5ce21858f4e581c51a9606cc7ba7655ca668d57c527c427-init
l

# docker: daemon/graphdriver/overlay2/overlay.go GetMetadata (the four keys: LowerDir
# nearest first, the init layer's diff before the image's), daemon/inspect.go
$ docker inspect -f '{{json .GraphDriver}}' web
{"Data":{"LowerDir":"/var/lib/docker/overlay2/7fe11e3e0e390ddaa5ce21858f4e581c51a9606cc7ba7655ca668d57c527c427-init/diff:/var/lib/docker/overlay2/11c613859129ae9b97494fc4896c1b92ee2cc16e57adbf1b1eedf370e4444ebf/diff","MergedDir":"/var/lib/docker/overlay2/7fe11e3e0e390ddaa5ce21858f4e581c51a9606cc7ba7655ca668d57c527c427/merged","UpperDir":"/var/lib/docker/overlay2/7fe11e3e0e390ddaa5ce21858f4e581c51a9606cc7ba7655ca668d57c527c427/diff","WorkDir":"/var/lib/docker/overlay2/7fe11e3e0e390ddaa5ce21858f4e581c51a9606cc7ba7655ca668d57c527c427/work"},"Name":"overlay2"}

$ ls -R $(docker inspect -f '{{.GraphDriver.Data.UpperDir}}' web)
/var/lib/docker/overlay2/7fe11e3e0e390ddaa5ce21858f4e581c51a9606cc7ba7655ca668d57c527c427/diff:
etc
tmp
%blank
/var/lib/docker/overlay2/7fe11e3e0e390ddaa5ce21858f4e581c51a9606cc7ba7655ca668d57c527c427/diff/etc:
group
%blank
/var/lib/docker/overlay2/7fe11e3e0e390ddaa5ce21858f4e581c51a9606cc7ba7655ca668d57c527c427/diff/tmp:
greeting

$ find $(docker inspect -f '{{.GraphDriver.Data.UpperDir}}' web)
/var/lib/docker/overlay2/7fe11e3e0e390ddaa5ce21858f4e581c51a9606cc7ba7655ca668d57c527c427/diff
/var/lib/docker/overlay2/7fe11e3e0e390ddaa5ce21858f4e581c51a9606cc7ba7655ca668d57c527c427/diff/etc
/var/lib/docker/overlay2/7fe11e3e0e390ddaa5ce21858f4e581c51a9606cc7ba7655ca668d57c527c427/diff/etc/group
/var/lib/docker/overlay2/7fe11e3e0e390ddaa5ce21858f4e581c51a9606cc7ba7655ca668d57c527c427/diff/tmp
/var/lib/docker/overlay2/7fe11e3e0e390ddaa5ce21858f4e581c51a9606cc7ba7655ca668d57c527c427/diff/tmp/greeting

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
/var/lib/docker/overlay2/11c613859129ae9b97494fc4896c1b92ee2cc16e57adbf1b1eedf370e4444ebf/diff:
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
%blank
/var/lib/docker/overlay2/7fe11e3e0e390ddaa5ce21858f4e581c51a9606cc7ba7655ca668d57c527c427-init/diff:
dev
etc
proc
sys

$ D=$(docker inspect -f '{{.GraphDriver.Data.UpperDir}}' web); ls $D/..; cat $D/../link; echo; cat $D/../lower; echo
diff
link
lower
merged
work
GXMY5EZVA6DETCIWK3SYKYUOEP
l/JZBBTX5GI2YTJ27IND7K7SKN66:l/SXHINAUIVZFEZVNMNS2XLH47QT

# docker: daemon/graphdriver/overlay2/overlay.go create: os.Symlink(path.Join("..", id,
# "diff"), path.Join(home, "l", lid)); the 26-character names are layerlab's own
$ ls -l /var/lib/docker/overlay2/l
lrwxrwxrwx 1 root root       72 GXMY5EZVA6DETCIWK3SYKYUOEP -> ../7fe11e3e0e390ddaa5ce21858f4e581c51a9606cc7ba7655ca668d57c527c427/diff
lrwxrwxrwx 1 root root       77 JZBBTX5GI2YTJ27IND7K7SKN66 -> ../7fe11e3e0e390ddaa5ce21858f4e581c51a9606cc7ba7655ca668d57c527c427-init/diff
lrwxrwxrwx 1 root root       72 SXHINAUIVZFEZVNMNS2XLH47QT -> ../11c613859129ae9b97494fc4896c1b92ee2cc16e57adbf1b1eedf370e4444ebf/diff

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
154dac5f2e04330ecd79ddae4e9c1afb33f3a6c27ea5f2f80bb92465c5b40686

$ docker inspect -f '{{.RootFS.Layers}} {{.GraphDriver.Data.UpperDir}}' busybox
[sha256:154dac5f2e04330ecd79ddae4e9c1afb33f3a6c27ea5f2f80bb92465c5b40686] /var/lib/docker/overlay2/11c613859129ae9b97494fc4896c1b92ee2cc16e57adbf1b1eedf370e4444ebf/diff

# docker: layer/filestore.go SetCacheID, SetDiffID, SetParent, SetSize (no newline after
# a value), SetMountID, SetInitID, SetMountParent
$ grep -r . /var/lib/docker/image/overlay2/layerdb
/var/lib/docker/image/overlay2/layerdb/mounts/c5a6cd16524779ae38762a2913f36cec73fccb3ee80663980b3f698dddd5cbba/init-id:7fe11e3e0e390ddaa5ce21858f4e581c51a9606cc7ba7655ca668d57c527c427-init
/var/lib/docker/image/overlay2/layerdb/mounts/c5a6cd16524779ae38762a2913f36cec73fccb3ee80663980b3f698dddd5cbba/mount-id:7fe11e3e0e390ddaa5ce21858f4e581c51a9606cc7ba7655ca668d57c527c427
/var/lib/docker/image/overlay2/layerdb/mounts/c5a6cd16524779ae38762a2913f36cec73fccb3ee80663980b3f698dddd5cbba/parent:sha256:154dac5f2e04330ecd79ddae4e9c1afb33f3a6c27ea5f2f80bb92465c5b40686
/var/lib/docker/image/overlay2/layerdb/sha256/154dac5f2e04330ecd79ddae4e9c1afb33f3a6c27ea5f2f80bb92465c5b40686/cache-id:11c613859129ae9b97494fc4896c1b92ee2cc16e57adbf1b1eedf370e4444ebf
/var/lib/docker/image/overlay2/layerdb/sha256/154dac5f2e04330ecd79ddae4e9c1afb33f3a6c27ea5f2f80bb92465c5b40686/diff:sha256:154dac5f2e04330ecd79ddae4e9c1afb33f3a6c27ea5f2f80bb92465c5b40686
/var/lib/docker/image/overlay2/layerdb/sha256/154dac5f2e04330ecd79ddae4e9c1afb33f3a6c27ea5f2f80bb92465c5b40686/size:905

# docker: reference/store.go addReference (FamiliarName keys, FamiliarString references)
# and save (json.Marshal: sorted keys, no newline)
$ cat /var/lib/docker/image/overlay2/repositories.json; echo
{"Repositories":{"busybox":{"busybox:latest":"sha256:abd525946bc08b611cdaea130d2bd5ab52f66bcc28201d27767a3eb71d43d93c","busybox@sha256:2e2c6dec3faf1f028542c7cfda022e18eac83963ab2032f841e8dfe21edd8fa1":"sha256:abd525946bc08b611cdaea130d2bd5ab52f66bcc28201d27767a3eb71d43d93c"}}}

# docker: image/fs.go contentFile: the config bytes, whose sha256 is the image ID
$ sha256sum /var/lib/docker/image/overlay2/imagedb/content/sha256/*
abd525946bc08b611cdaea130d2bd5ab52f66bcc28201d27767a3eb71d43d93c  /var/lib/docker/image/overlay2/imagedb/content/sha256/abd525946bc08b611cdaea130d2bd5ab52f66bcc28201d27767a3eb71d43d93c

$ docker images --no-trunc -q
sha256:abd525946bc08b611cdaea130d2bd5ab52f66bcc28201d27767a3eb71d43d93c

$ docker run --name hello busybox echo '<hi>	there'
<hi>	there

# docker: daemon/logger/jsonfilelog/jsonlog/jsonlogbytes.go MarshalJSONBuf (`<`, `>`,
# `&` and control characters as \u00XX, time in RFC3339Nano); container/container.go
# (config.v2.json, hostconfig.json), container/container_unix.go BuildHostnameFile and
# daemon/container_operations.go (hostname, hosts, resolv.conf written when it starts)
$ C=$(docker inspect -f '{{.Id}}' hello); ls /var/lib/docker/containers/$C; cat /var/lib/docker/containers/$C/hostname /var/lib/docker/containers/$C/*.log
0db851dc0cd93987eb7ad07c8a82fe0a8f9d5006b0cb8ae6c5d635ea100d6abc-json.log
checkpoints
config.v2.json
hostconfig.json
hostname
hosts
mounts
resolv.conf
0db851dc0cd9
{"log":"\u003chi\u003e\u0009there\n","stream":"stdout","time":"2026-01-01T00:00:00Z"}

$ grep -c HostnamePath /var/lib/docker/containers/*/config.v2.json; cat /var/lib/docker/containers/*/hostconfig.json | grep -c json-file
/var/lib/docker/containers/0db851dc0cd93987eb7ad07c8a82fe0a8f9d5006b0cb8ae6c5d635ea100d6abc/config.v2.json:1
/var/lib/docker/containers/c5a6cd16524779ae38762a2913f36cec73fccb3ee80663980b3f698dddd5cbba/config.v2.json:1
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
0db851dc0cd9
c5a6cd165247

$ echo $?; docker rmi $(docker images -q)
0
Untagged: busybox:latest
Untagged: busybox@sha256:2e2c6dec3faf1f028542c7cfda022e18eac83963ab2032f841e8dfe21edd8fa1
Deleted: sha256:abd525946bc08b611cdaea130d2bd5ab52f66bcc28201d27767a3eb71d43d93c
Deleted: sha256:154dac5f2e04330ecd79ddae4e9c1afb33f3a6c27ea5f2f80bb92465c5b40686

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

