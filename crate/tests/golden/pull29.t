# Docker 29's `docker pull`, piped (a script's view): per layer Pulling fs layer, Download
# complete and Pull complete, no Waiting or Verifying Checksum lines, and nothing for a layer
# the store has already; `Digest:` names the index.
# Provenance (format and note keys: crate/tests/common/golden.rs). Blocks with no note:
# - Docker 29 per ../shared/REFERENCE-DOCKER29.md §5 (moby v29.7.2 daemon/containerd/
#   image_pull.go pullTag and progress.go; docker/cli jsonmessage drops messages with counts
#   when not a terminal): the sample of a fresh pull, `Status: Image is up to date`.
# - unverified: that a layer already unpacked prints nothing (REFERENCE-DOCKER29.md §5 [M]:
#   the unpacker's Prepare finds the snapshot, so the layer is never fetched).
# - layerlab's own: the demo images (registry/demo), hence every layer ID and digest.
%docker 29

$ docker pull alpine | cat
Using default tag: latest
latest: Pulling from library/alpine
094133ce7571: Pulling fs layer
094133ce7571: Download complete
094133ce7571: Pull complete
Digest: sha256:9934b5c663953a79718014c11c014e0ed2cab06f7183c3b337e1fe578f60f232
Status: Downloaded newer image for alpine:latest
docker.io/library/alpine:latest

$ docker pull nginx:alpine | cat
alpine: Pulling from library/nginx
e0f8d7fea98f: Pulling fs layer
5875d1e42996: Pulling fs layer
b05d727baf2c: Pulling fs layer
339302e3c22a: Pulling fs layer
0caff3b727a2: Pulling fs layer
eea8893f8421: Pulling fs layer
e0f8d7fea98f: Download complete
5875d1e42996: Download complete
b05d727baf2c: Download complete
339302e3c22a: Download complete
0caff3b727a2: Download complete
eea8893f8421: Download complete
e0f8d7fea98f: Pull complete
5875d1e42996: Pull complete
b05d727baf2c: Pull complete
339302e3c22a: Pull complete
0caff3b727a2: Pull complete
eea8893f8421: Pull complete
Digest: sha256:f080c743d93bb31b0348b6634d6da3af9d72dd40bbda54bbb4c76e39ac0e89c9
Status: Downloaded newer image for nginx:alpine
docker.io/library/nginx:alpine

$ docker pull alpine | cat
Using default tag: latest
latest: Pulling from library/alpine
Digest: sha256:9934b5c663953a79718014c11c014e0ed2cab06f7183c3b337e1fe578f60f232
Status: Image is up to date for alpine:latest
docker.io/library/alpine:latest

# docker: moby docker-v29.7.2 daemon/containerd/image_pull.go:174 (`newer :=
# oldImage.Target.Digest != img.Target().Digest`): the same index, so up to date; the s390x
# manifest's layer is the demo's same layer, already unpacked, so no layer line shows.
$ docker pull --platform linux/s390x alpine | cat
Using default tag: latest
latest: Pulling from library/alpine
Digest: sha256:9934b5c663953a79718014c11c014e0ed2cab06f7183c3b337e1fe578f60f232
Status: Image is up to date for alpine:latest
docker.io/library/alpine:latest

