# Hostile tars as Docker 28 takes them. The clock is 2026-01-01T00:00:00Z.
# Provenance (format and note keys: crate/tests/common/golden.rs):
# - layerlab's own: the archives (%tar: the test's files), hence the IDs printed here;
#   `docker create` and `docker cp` lines as tests/golden/containers.t has them.
%tar climb.tar ../../escape.txt=out a/b/../../../../../etc/evil=evil

# docker: vendor/github.com/moby/go-archive/archive.go at v28.2.2 (Unpack: filepath.Clean, then
# the join to the chroot's "/" in chrootarchive/archive_linux.go stops `..` at the root);
# confirmed with dockerd 20.10 (docker load of such a layer prints `Loaded image:`)
$ docker import climb.tar climb:1
sha256:c8feae282aba50e702e9cbb205282a7e4c79f54555ea0f5a6f1077a825526678

$ docker create --name climber climb:1 x
f887827553e4e6786bf60a97aefd33da74e1e6c0c024cd48c7a2883c4b886b62

$ docker cp climber:/etc/evil evil.txt
! Successfully copied 2.048kB to evil.txt

$ cat evil.txt
evil%no-newline

# docker: vendor/github.com/moby/go-archive/archive.go at v28.2.2 (Unpack's breakoutError into a
# directory below the root) and daemon/archive_unix.go (containerExtractToDir: archive.Untar
# into the resolved directory, the error returned as the API's error)
$ docker cp - climber:/etc < climb.tar
! Error response from daemon: "../../escape.txt" is outside of "/etc"
[1]

