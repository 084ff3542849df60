# docker push in Docker 29: a record goes as containerd's store holds it. Piped through
# `cat` where Docker's output depends on a terminal.
# Provenance (format and note keys: crate/tests/common/golden.rs). Blocks with no note:
# - moby docker-v29.7.2 daemon/containerd/image_push.go (pushRef: the target, and when
#   content is missing the platform manifest getPushDescriptor picks; the
#   `<tag>: digest: <pushed digest> size: <its size>` line), progress.go (pushProgress:
#   one line per blob job by its digest's first 12 hex, `Pushed`, `Layer already exists`,
#   `Already exists` for other blobs, `Mounted from <path>`; no `Preparing`; configs and
#   manifests silent); docker/cli v29.7.2 cli/command/image/push.go (handleAux: the note
#   after the progress, also with -q), internal/tui/note.go (its layout without a
#   terminal).
# - layerlab's own: the demo images and the in-page registry at localhost:5000 (hence
#   every digest and size); the order of the blob lines (the manifest's order; Docker's
#   depends on a 100 ms ticker, ../shared/REFERENCE-DOCKER29.md "Not established").
%docker 29
$ docker pull -q alpine; docker tag alpine localhost:5000/alpine:v1
docker.io/library/alpine:latest

$ docker push localhost:5000/alpine:v1 | cat
The push refers to repository [localhost:5000/alpine]
094133ce7571: Pushed
v1: digest: sha256:17bcde3bfc8deb4eb540e722a93a8ffa2f540f93d757855877ffa3fb37ad65e9 size: 502
%blank
 Info -> Not all multiplatform-content is present and only the available single-platform image was pushed
         sha256:9934b5c663953a79718014c11c014e0ed2cab06f7183c3b337e1fe578f60f232 -> sha256:17bcde3bfc8deb4eb540e722a93a8ffa2f540f93d757855877ffa3fb37ad65e9

$ docker push -q localhost:5000/alpine:v1 | cat
localhost:5000/alpine:v1
%blank
 Info -> Not all multiplatform-content is present and only the available single-platform image was pushed
         sha256:9934b5c663953a79718014c11c014e0ed2cab06f7183c3b337e1fe578f60f232 -> sha256:17bcde3bfc8deb4eb540e722a93a8ffa2f540f93d757855877ffa3fb37ad65e9

$ docker images --digests | cat; docker rmi localhost:5000/alpine:v1
REPOSITORY              TAG       DIGEST                                                                    IMAGE ID       CREATED         SIZE
alpine                  latest    <none>                                                                    9934b5c66395   11 months ago   280kB
localhost:5000/alpine   v1        sha256:9934b5c663953a79718014c11c014e0ed2cab06f7183c3b337e1fe578f60f232   9934b5c66395   11 months ago   280kB
Untagged: localhost:5000/alpine:v1

$ docker pull localhost:5000/alpine:v1 | cat; docker images -q --no-trunc localhost:5000/alpine:v1
v1: Pulling from alpine
Digest: sha256:17bcde3bfc8deb4eb540e722a93a8ffa2f540f93d757855877ffa3fb37ad65e9
Status: Downloaded newer image for localhost:5000/alpine:v1
localhost:5000/alpine:v1
sha256:17bcde3bfc8deb4eb540e722a93a8ffa2f540f93d757855877ffa3fb37ad65e9

$ printf 'FROM alpine\nRUN echo hi > /x\n' > Dockerfile; docker build -q -t localhost:5000/app .
sha256:db5d86434969496de5d0b48bd694f9ed8db5c73fc459bbc4b90413fa04cc398e

$ docker push localhost:5000/app | cat
Using default tag: latest
The push refers to repository [localhost:5000/app]
094133ce7571: Mounted from alpine
82e1ef90c26d: Pushed
6392e86c2947: Pushed
latest: digest: sha256:db5d86434969496de5d0b48bd694f9ed8db5c73fc459bbc4b90413fa04cc398e size: 855

$ docker tag localhost:5000/app localhost:5000/app:again; docker push localhost:5000/app:again | cat
The push refers to repository [localhost:5000/app]
094133ce7571: Layer already exists
82e1ef90c26d: Layer already exists
6392e86c2947: Already exists
again: digest: sha256:db5d86434969496de5d0b48bd694f9ed8db5c73fc459bbc4b90413fa04cc398e size: 855

$ docker rmi localhost:5000/app localhost:5000/app:again; docker pull -q localhost:5000/app; docker images -q --no-trunc
Untagged: localhost:5000/app:latest
Untagged: localhost:5000/app:again
Deleted: sha256:db5d86434969496de5d0b48bd694f9ed8db5c73fc459bbc4b90413fa04cc398e
localhost:5000/app:latest
sha256:db5d86434969496de5d0b48bd694f9ed8db5c73fc459bbc4b90413fa04cc398e
sha256:17bcde3bfc8deb4eb540e722a93a8ffa2f540f93d757855877ffa3fb37ad65e9
sha256:9934b5c663953a79718014c11c014e0ed2cab06f7183c3b337e1fe578f60f232

