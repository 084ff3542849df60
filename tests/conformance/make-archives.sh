#!/usr/bin/env bash
# make-archives.sh OUTDIR
#
# Builds real image archives with the real container tools (buildah, umoci,
# skopeo, podman), from scratch and offline, and writes OUTDIR/expected.json:
#   [{"file", "format", "image", "tags", "id", "diffIds", "made"}]
# One entry per image in an archive (a multi-image archive has several
# entries with the same "file", in the order the archive lists them).
#   tags     the `Loaded image:` references docker load prints, familiar form
#            ([] for an untagged image: `Loaded image ID: <id>`)
#   id       sha256 of the config bytes, as skopeo reads it from the archive
#            (cross-checked against the ID podman's storage gives the image)
#   diffIds  the config's rootfs.diff_ids
#   image    key of OUTDIR/trees/<image>.txt, the merged rootfs as
#            containers-storage unpacked it (see list-tree.sh)
#
# All tool state lives in a temporary directory (vfs storage driver, own
# storage.conf/containers.conf/registries.conf/policy.json); nothing pulls.
# Quiet unless something fails (then the failing step's output is shown).
set -euo pipefail

if [ $# -ne 1 ]; then
  echo "usage: $0 OUTDIR" >&2
  exit 2
fi
OUT=$1
HERE=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)

for tool in buildah skopeo podman umoci node tar gzip sha256sum openssl; do
  command -v "$tool" >/dev/null || { echo "make-archives: missing tool: $tool" >&2; exit 3; }
done

WORK=$(mktemp -d "${TMPDIR:-/tmp}/layerlab-archives.XXXXXX")
LOG=$WORK/log
cleanup() {
  local rc=$?
  if [ $rc -ne 0 ] && [ -s "$LOG" ]; then
    echo "make-archives: failed; output of the failing step:" >&2
    tail -n 40 "$LOG" >&2
  fi
  buildah rm --all >/dev/null 2>&1 || true
  rm -rf "$WORK"
  exit $rc
}
trap cleanup EXIT

# --- private, offline configuration for the containers tools ---------------
mkdir -p "$WORK/tmp" "$WORK/run" "$WORK/graph"
cat >"$WORK/storage.conf" <<EOF
[storage]
driver = "vfs"
runroot = "$WORK/run"
graphroot = "$WORK/graph"
EOF
cat >"$WORK/containers.conf" <<EOF
[engine]
events_logger = "none"
cgroup_manager = "cgroupfs"
image_copy_tmp_dir = "$WORK/tmp"
EOF
cat >"$WORK/registries.conf" <<EOF
unqualified-search-registries = []
short-name-mode = "disabled"
EOF
echo '{"default":[{"type":"insecureAcceptAnything"}]}' >"$WORK/policy.json"
export CONTAINERS_STORAGE_CONF=$WORK/storage.conf
export CONTAINERS_CONF=$WORK/containers.conf
export CONTAINERS_REGISTRIES_CONF=$WORK/registries.conf
export BUILDAH_ISOLATION=chroot
export TMPDIR=$WORK/tmp
POLICY=$WORK/policy.json

# run CMD...: quiet, output kept in $LOG for the failure report
run() {
  echo "+ $*" >"$LOG"
  "$@" >>"$LOG" 2>&1
}
# out CMD...: prints stdout, stderr to $LOG
out() {
  echo "+ $*" >"$LOG"
  "$@" 2>>"$LOG"
}

EPOCH=1704067200 # 2024-01-01T00:00:00Z: every created time and file mtime
CREATED=2024-01-01T00:00:00Z
REPO=localhost/layerlab-conf

# deterministic pseudo-random bytes: rand SEED BYTES
rand() {
  head -c "$2" /dev/zero | openssl enc -aes-128-ctr -nosalt \
    -K "$(printf '%s' "$1" | sha256sum | cut -c1-32)" -iv 00000000000000000000000000000000
}

LONG100=name-$(printf '%0195d' 0 | tr 0 x)               # a 200-byte name (> 100, < 255)
SEG=$(printf 'segment%.0s-abcdefghij' $(seq 1 3))         # 54 bytes
DEEP="deep/$SEG-1/$SEG-2/$SEG-3/$SEG-4/$SEG-5"           # > 255 bytes of path
CJK=$(printf '长%.0s' $(seq 1 60))                        # 180 bytes, 60 characters

# ============================================================================
# Image "multi": buildah from scratch, four commits (one layer each).
# vfs computes layers by comparing trees: deletions become `.wh.` entries.
# ============================================================================
ctr=$(out buildah from --pull-never --signature-policy "$POLICY" scratch)
mnt=$(out buildah mount "$ctr")
commit() { # commit IMAGE: commit $ctr, then continue from the new image
  run buildah commit -q --signature-policy "$POLICY" --timestamp "$EPOCH" --rm "$ctr" "$1"
  ctr=$(out buildah from --pull-never --signature-policy "$POLICY" "$1")
  mnt=$(out buildah mount "$ctr")
}

# layer 1: the base
(
  cd "$mnt"
  mkdir -p etc data/dir-to-delete/sub opq links hard modes/private modes/sticky long/"$DEEP" utf8/café big empty-dir
  echo 'version 1' >etc/a.txt
  echo 'mode will change' >etc/b.txt
  echo 'deleted in layer 2, back in layer 3' >etc/gone.txt
  echo x >data/dir-to-delete/x
  echo y >data/dir-to-delete/y
  echo z >data/dir-to-delete/sub/z
  echo 'kept' >data/kept.txt
  echo old1 >opq/old1
  echo old2 >opq/old2
  mkdir opq/olddir && echo old3 >opq/olddir/old3
  ln -s ../etc/a.txt links/relative
  ln -s /etc/a.txt links/absolute
  ln -s /does/not/exist links/dangling
  ln -s ../data links/dir-link
  echo 'one inode, two names' >hard/one
  ln hard/one hard/two
  echo setuid >modes/setuid && chmod 4755 modes/setuid
  echo setgid >modes/setgid && chmod 2755 modes/setgid
  echo readonly >modes/readonly && chmod 0444 modes/readonly
  echo secret >modes/private/secret && chmod 0600 modes/private/secret
  chmod 0700 modes/private
  chmod 1777 modes/sticky
  echo 'owned by 1000' >modes/owned && chown 1000:1000 modes/owned
  echo 'owned by nobody' >modes/nobody && chown 65534:65534 modes/nobody
  mkfifo modes/fifo
  echo 'a 200-byte name' >"long/$LONG100"
  echo 'a path longer than 255 bytes' >"long/$DEEP/file.txt"
  echo '中文' >utf8/中文.txt
  echo 'naïve' >utf8/café/naïve.txt
  echo 'emoji' >utf8/😀.txt
  echo 'long CJK name' >"utf8/$CJK.txt"
  : >empty
  rand big 4194304 >big/random.bin
)
commit "$REPO:multi-l1"

# layer 2: changes, deletions, a directory removed, a directory replaced
(
  cd "$mnt"
  echo 'version 2' >etc/a.txt
  chmod 0600 etc/b.txt
  rm etc/gone.txt
  rm -rf data/dir-to-delete
  rm -rf opq
  mkdir opq
  echo new1 >opq/new1
  mkdir opq/olddir && echo 'new in a recreated dir' >opq/olddir/new3
  rm hard/two
  ln hard/one hard/three
  echo 'added in layer 2' >"long/$DEEP/second.txt"
  rand big2 1048576 >big/random.bin # overwrite the big file with other data
)
commit "$REPO:multi-l2"

# layer 3: a file comes back after its whiteout; a directory's mode changes
(
  cd "$mnt"
  echo 'back again' >etc/gone.txt
  chmod 0750 data
  rm links/dangling
  mkdir -p data/dir-to-delete && echo 'recreated' >data/dir-to-delete/again
)
commit "$REPO:multi-l3"

# layer 4: no file changes, only config
run buildah config --env LAYERLAB=1 --cmd '["/bin/true"]' --label org.example.test=conformance \
  --workingdir /data --created-by 'config only' "$ctr"
commit "$REPO:multi"
run buildah rm "$ctr"
run podman rmi "$REPO:multi-l1" "$REPO:multi-l2" "$REPO:multi-l3"

# ============================================================================
# Image "crafted": an OCI layout made with umoci from layer tars written by
# GNU tar: ./ prefixes and ././@LongLink names (gnu format), PAX headers
# (pax format), an opaque directory whose marker comes after the directory's
# new entries, and a whiteout. (umoci 0.4.7's own `insert` writes layer tars
# without the end-of-archive blocks, so it is not used.)
# ============================================================================
SRC=$WORK/src
mkdir -p "$SRC/l1/opt/app/sub" "$SRC/l1/keep" "$SRC/l1/usr/share/very"
(
  cd "$SRC/l1"
  echo 'app v1' >opt/app/old1
  echo 'app v1' >opt/app/old2
  echo 'sub' >opt/app/sub/x
  echo 'to be whited out' >keep/file
  echo 'stays' >keep/other
  echo 'GNU long name' >"usr/share/very/$LONG100"
  echo '中文' >usr/share/中文.txt
  ln -s ../../keep/other usr/share/rel-link
  ln -s /keep/other usr/share/abs-link
  ln keep/other keep/other-hardlink
  chmod 0700 keep
)
mkdir -p "$SRC/l2/opt/app/sub2"
(
  cd "$SRC/l2"
  echo 'app v2' >opt/app/new1
  echo 'sub2' >opt/app/sub2/y
  : >opt/app/.wh..wh..opq
)
mkdir -p "$SRC/l3/keep" "$SRC/l3/srv/$DEEP" "$SRC/l3/usr/share"
(
  cd "$SRC/l3"
  : >keep/.wh.file
  echo 'pax: a path longer than 255 bytes' >"srv/$DEEP/pax.txt"
  echo 'pax: non-ASCII name' >usr/share/ünïcödé.txt
)
chmod 0755 "$SRC"/l*
chmod 0600 "$SRC/l2/opt/app/.wh..wh..opq" "$SRC/l3/keep/.wh.file"
find "$SRC" -exec touch -h -d "@$EPOCH" {} +
TAR=(tar --numeric-owner --owner=0 --group=0 --mtime="@$EPOCH")
run "${TAR[@]}" --format=gnu --sort=name -C "$SRC/l1" -cf "$WORK/l1.tar" .
# the opaque marker last, after the directory's new entries
run "${TAR[@]}" --format=pax --pax-option=delete=atime,delete=ctime --no-recursion \
  -C "$SRC/l2" -cf "$WORK/l2.tar" opt opt/app opt/app/new1 opt/app/sub2 opt/app/sub2/y opt/app/.wh..wh..opq
run "${TAR[@]}" --format=pax --pax-option=delete=atime,delete=ctime --sort=name \
  -C "$SRC/l3" -cf "$WORK/l3.tar" keep srv usr

OCI=$WORK/oci
H=(--history.created "$CREATED" --history.author layerlab)
run umoci init --layout "$OCI"
run umoci new --image "$OCI:crafted"
run umoci config --image "$OCI:crafted" --created "$CREATED" --os linux --architecture amd64 \
  --config.env 'PATH=/usr/bin:/bin' --config.cmd /bin/sh --no-history
run umoci raw add-layer --image "$OCI:crafted" "${H[@]}" --history.created_by 'gnu tar layer' "$WORK/l1.tar"
run umoci raw add-layer --image "$OCI:crafted" "${H[@]}" --history.created_by 'opaque /opt/app' "$WORK/l2.tar"
run umoci raw add-layer --image "$OCI:crafted" "${H[@]}" --history.created_by 'whiteout, pax names' "$WORK/l3.tar"
run umoci gc --layout "$OCI"
run skopeo --tmpdir "$WORK/tmp" copy -q --policy "$POLICY" "oci:$OCI:crafted" "containers-storage:$REPO:crafted"

# more names for the images
run podman tag "$REPO:crafted" example.com:5000/team/app:v1.2
run podman tag "$REPO:multi" docker.io/library/layerlab-multi:latest

# --- merged rootfs of each image, as containers-storage unpacked it --------
mkdir -p "$OUT/trees"
for img in multi crafted; do
  c=$(out buildah from --pull-never --signature-policy "$POLICY" "$REPO:$img")
  m=$(out buildah mount "$c")
  bash "$HERE/list-tree.sh" "$m" >"$OUT/trees/$img.txt"
  run buildah rm "$c"
done

# ============================================================================
# Archives
# ============================================================================
rm -f "$OUT"/*.tar "$OUT"/*.tar.gz "$OUT/expected.json"
S="containers-storage:"
SK=(skopeo --tmpdir "$WORK/tmp" copy -q --policy "$POLICY")
declare -a MADE=() # "file|format|image|how"
made() { MADE+=("$1|$2|$3|$4"); }

for img in multi crafted; do
  R="$REPO:$img"
  run "${SK[@]}" "$S$R" "docker-archive:$OUT/$img.skopeo-docker.tar:$R"
  made "$img.skopeo-docker.tar" docker-archive "$img" "skopeo copy $S$R docker-archive:FILE:$R"
  run "${SK[@]}" "$S$R" "oci-archive:$OUT/$img.skopeo-oci.tar"
  made "$img.skopeo-oci.tar" oci-archive "$img" "skopeo copy $S$R oci-archive:FILE (gzip layers)"
  run podman save -q --format docker-archive -o "$OUT/$img.podman-docker.tar" "$R"
  made "$img.podman-docker.tar" docker-archive "$img" "podman save --format docker-archive $R"
  run podman save -q --format oci-archive -o "$OUT/$img.podman-oci.tar" "$R"
  made "$img.podman-oci.tar" oci-archive "$img" "podman save --format oci-archive $R"
done

R="$REPO:multi"
run "${SK[@]}" --additional-tag layerlab-multi:latest --additional-tag example.com:5000/team/multi:v1 \
  "$S$R" "docker-archive:$OUT/multi.skopeo-docker-3tags.tar:$R"
made multi.skopeo-docker-3tags.tar docker-archive multi "skopeo copy --additional-tag x2 $S$R docker-archive:FILE:$R"
run "${SK[@]}" "$S$R" "docker-archive:$OUT/multi.skopeo-docker-untagged.tar"
made multi.skopeo-docker-untagged.tar docker-archive multi "skopeo copy $S$R docker-archive:FILE (no reference)"
run "${SK[@]}" "$S$R" "oci-archive:$OUT/multi.skopeo-oci-refname.tar:$R"
made multi.skopeo-oci-refname.tar oci-archive multi "skopeo copy $S$R oci-archive:FILE:$R (ref.name annotation only)"
run "${SK[@]}" --dest-oci-accept-uncompressed-layers "$S$R" "oci-archive:$OUT/multi.skopeo-oci-uncompressed.tar"
made multi.skopeo-oci-uncompressed.tar oci-archive multi "skopeo copy --dest-oci-accept-uncompressed-layers $S$R oci-archive:FILE"
run "${SK[@]}" --dest-compress-format zstd "$S$R" "oci-archive:$OUT/multi.skopeo-oci-zstd.tar"
made multi.skopeo-oci-zstd.tar oci-archive multi "skopeo copy --dest-compress-format zstd $S$R oci-archive:FILE"
run "${SK[@]}" --dest-compress-format zstd "$S$REPO:crafted" "oci-archive:$OUT/crafted.skopeo-oci-zstd.tar"
made crafted.skopeo-oci-zstd.tar oci-archive crafted "skopeo copy --dest-compress-format zstd $S$REPO:crafted oci-archive:FILE"
# zstd:chunked: each layer is many zstd frames (a file's chunks) and skippable frames (the
# table of contents and its footer), as podman pushes for partial pulls. (Not of `crafted`:
# the chunked writer rewrites its tar headers, so its layer no longer matches the diffID
# the config keeps; `zstd -dc | sha256sum` says so too, and Docker's load refuses that.)
run "${SK[@]}" --dest-compress --dest-compress-format zstd:chunked "$S$R" "oci-archive:$OUT/multi.skopeo-oci-zstd-chunked.tar"
made multi.skopeo-oci-zstd-chunked.tar oci-archive multi "skopeo copy --dest-compress-format zstd:chunked $S$R oci-archive:FILE"
run podman save -q --format docker-archive -o "$OUT/familiar.podman-docker.tar" docker.io/library/layerlab-multi:latest
made familiar.podman-docker.tar docker-archive multi "podman save --format docker-archive docker.io/library/layerlab-multi:latest"
run podman save -q --multi-image-archive -o "$OUT/both.podman-multi.tar" "$REPO:multi" "$REPO:crafted" example.com:5000/team/app:v1.2
made both.podman-multi.tar docker-archive multi+crafted "podman save --multi-image-archive $REPO:multi $REPO:crafted example.com:5000/team/app:v1.2"
gzip -9 -n -c "$OUT/multi.skopeo-docker.tar" >"$OUT/multi.skopeo-docker.tar.gz"
made multi.skopeo-docker.tar.gz docker-archive+gzip multi "gzip -n of multi.skopeo-docker.tar"

# ============================================================================
# expected.json
# ============================================================================
storage_id() { echo "sha256:$(out podman image inspect --format '{{.Id}}' "$1")"; }
declare -A SID=([multi]=$(storage_id "$REPO:multi") [crafted]=$(storage_id "$REPO:crafted"))

# per image of each archive: its config as skopeo reads it from the archive;
# expected.mjs turns this table into expected.json
TABLE=$WORK/table.tsv
: >"$TABLE"
n=0
for m in "${MADE[@]}"; do
  IFS='|' read -r file format images how <<<"$m"
  plain=$OUT/$file
  if [[ $format == *+gzip ]]; then
    plain=$WORK/${file%.gz}
    gzip -dc "$OUT/$file" >"$plain"
  fi
  IFS='+' read -r -a imgs <<<"$images"
  for i in "${!imgs[@]}"; do
    if [[ $format == docker-archive* ]]; then
      src="docker-archive:$plain:@$i"
    else
      src="oci-archive:$plain"
    fi
    n=$((n + 1))
    out skopeo --tmpdir "$WORK/tmp" inspect --config --raw "$src" >"$WORK/config-$n.json"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$file" "$format" "${imgs[$i]}" "$how" "$i" \
      "$WORK/config-$n.json" "$plain" "${SID[${imgs[$i]}]}" >>"$TABLE"
  done
done
echo "+ node expected.mjs" >"$LOG"
node "$HERE/expected.mjs" "$TABLE" >"$OUT/expected.json" 2>>"$LOG"
