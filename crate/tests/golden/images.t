# docker load, images (flags and filters), tag, inspect errors, history, rmi, prune, import,
# save and system df on archives made in the test. The clock is 2026-01-01T00:00:00Z.
# Provenance (format and note keys: crate/tests/common/golden.rs). Blocks with no note:
# - Docker 28 per ../shared/REFERENCE.md "CLI output" (docker/cli cli/command/formatter and
#   cli/command/image): the images and history tables (tabwriter: min width 10, padding 3),
#   SIZE (HumanSizeWithPrecision) and CREATED (HumanDuration + " ago", N/A at or before 2000),
#   `-q` one ID per tag row, --digests, --no-trunc, -H=false, the filters, inspect's `[]` +
#   `Error: No such object`, rmi's Untagged/Deleted lines and its multiple-repositories
#   conflict, prune's lowercase untagged/deleted lines and total; REFERENCE-DOCKER29.md §1
#   confirms the legacy images table is unchanged from 28.
# - Docker 28 per REFERENCE.md "docker load" (moby image/tarexport/load.go): `Loaded image:`
#   per tag in familiar form, `Loaded image ID:` for an untagged image; "docker import": one
#   layer, `sha256:<id>`, comment `Imported from -`, --change/-m; "Identities": IDs are the
#   sha256 of the config bytes, Deleted layers are chain IDs; "Corrections found since":
#   an image's size is the sum of its files' tar header sizes.
# - layerlab's own: the archives (%legacy/%oci/%tar: the test's demo layers, common/mod.rs),
#   hence every ID, digest, size and date printed here (Docker's rules on the test's data);
#   the `ls -l` line of the built-in shell and the size of layerlab's own save archive.
%legacy a.tar demo:1,demo:latest
%oci b.tar
%oci c.tar localhost:5000/team/app:2.0
%tar flat.tar etc/hostname=box bin/tool=run

$ docker load -i a.tar
Loaded image: demo:1
Loaded image: demo:latest

$ docker load < b.tar
Loaded image ID: sha256:7f57bcc03a7fdff4a0252201750d219c77ff0ec622074c23bad4abed4a72bca4

$ docker load -i c.tar
Loaded image: localhost:5000/team/app:2.0

$ docker load -i a.tar
Loaded image: demo:1
Loaded image: demo:latest

$ docker images
REPOSITORY                TAG       IMAGE ID       CREATED         SIZE
localhost:5000/team/app   2.0       7f57bcc03a7f   19 months ago   21B
demo                      1         6d3787bcd9c0   2 years ago     21B
demo                      latest    6d3787bcd9c0   2 years ago     21B

$ docker image ls -q
7f57bcc03a7f
6d3787bcd9c0
6d3787bcd9c0

$ docker images -q --no-trunc demo
sha256:6d3787bcd9c0902d0fc7d5e886e116a38ddfac8e9fffcf9ea1aab1f9a72b5d2f
sha256:6d3787bcd9c0902d0fc7d5e886e116a38ddfac8e9fffcf9ea1aab1f9a72b5d2f

$ docker images --digests demo:1
REPOSITORY   TAG       DIGEST    IMAGE ID       CREATED       SIZE
demo         1         <none>    6d3787bcd9c0   2 years ago   21B

$ docker images demo:latest
REPOSITORY   TAG       IMAGE ID       CREATED       SIZE
demo         latest    6d3787bcd9c0   2 years ago   21B

$ docker images --filter dangling=true
REPOSITORY   TAG       IMAGE ID   CREATED   SIZE

$ docker images -f dangling=false -f reference='demo:*'
REPOSITORY   TAG       IMAGE ID       CREATED       SIZE
demo         1         6d3787bcd9c0   2 years ago   21B
demo         latest    6d3787bcd9c0   2 years ago   21B

$ docker images -f reference='*/*/*'
REPOSITORY                TAG       IMAGE ID       CREATED         SIZE
localhost:5000/team/app   2.0       7f57bcc03a7f   19 months ago   21B

$ docker images -f before=demo:1
REPOSITORY   TAG       IMAGE ID   CREATED   SIZE

$ docker images -f since=demo:1
REPOSITORY                TAG       IMAGE ID       CREATED         SIZE
localhost:5000/team/app   2.0       7f57bcc03a7f   19 months ago   21B

$ docker images -f label=x='<b>'
REPOSITORY                TAG       IMAGE ID       CREATED         SIZE
localhost:5000/team/app   2.0       7f57bcc03a7f   19 months ago   21B
demo                      1         6d3787bcd9c0   2 years ago     21B
demo                      latest    6d3787bcd9c0   2 years ago     21B

$ docker images -f label=y
REPOSITORY   TAG       IMAGE ID   CREATED   SIZE

# unverified: the text of the daemon's invalid-filter errors (here and below); no source found
$ docker images -f nope=1
! Error response from daemon: invalid filter 'nope'
[1]

$ docker images -f dangling=maybe
! Error response from daemon: invalid filter 'dangling=[maybe]'
[1]

# docker: run of the real Docker 28.2.2 CLI (checked client side, no daemon): same lines, same status
$ docker images -f oops
! invalid argument "oops" for "-f, --filter" flag: bad format of filter (expected name=value)
! 
! Usage:  docker images [OPTIONS] [REPOSITORY[:TAG]]
! 
! Run 'docker images --help' for more information
[125]

# docker: run of the real Docker 28.2.2 CLI (checked client side, no daemon): same lines, same status
$ docker images --nope
! unknown flag: --nope
! 
! Usage:  docker images [OPTIONS] [REPOSITORY[:TAG]]
! 
! Run 'docker images --help' for more information
[125]

# docker: run of the real Docker 28.2.2 CLI (checked client side, no daemon): same lines, same status
$ docker images a b
! docker: 'docker images' requires at most 1 argument
! 
! Usage:  docker images [OPTIONS] [REPOSITORY[:TAG]]
! 
! Run 'docker images --help' for more information
[1]

$ docker tag demo:1 learner/demo

# docker: run of the real Docker 28.2.2 CLI (checked client side, no daemon): same lines, same status
$ docker tag demo:1 Learner/Demo
! Error parsing reference: "Learner/Demo" is not a valid repository/tag: invalid reference format: repository name (Demo) must be lowercase
[1]

# docker: run of the real Docker 28.2.2 CLI (checked client side, no daemon): same lines, same status
$ docker tag demo:1 demo@sha256:0000000000000000000000000000000000000000000000000000000000000000
! refusing to create a tag with a digest reference
[1]

# unverified: the daemon's No such image text for tag; REFERENCE.md has it for rmi
$ docker tag nothing:1 x
! Error response from daemon: No such image: nothing:1
[1]

# docker: run of the real Docker 28.2.2 CLI (checked client side, no daemon): same lines, same status
$ docker tag demo:1
! docker: 'docker tag' requires 2 arguments
! 
! Usage:  docker tag SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]
! 
! Run 'docker tag --help' for more information
[1]

$ docker images demo
REPOSITORY   TAG       IMAGE ID       CREATED       SIZE
demo         1         6d3787bcd9c0   2 years ago   21B
demo         latest    6d3787bcd9c0   2 years ago   21B

$ docker history demo:1
IMAGE          CREATED   CREATED BY   SIZE      COMMENT
6d3787bcd9c0   N/A       b            8B        
<missing>      N/A       a            13B       

$ docker history -q demo:1
6d3787bcd9c0
<missing>

$ docker history -H=false --no-trunc demo:1
IMAGE                                                                     CREATED AT             CREATED BY   SIZE      COMMENT
sha256:6d3787bcd9c0902d0fc7d5e886e116a38ddfac8e9fffcf9ea1aab1f9a72b5d2f   1970-01-01T00:00:00Z   b            8         
<missing>                                                                 1970-01-01T00:00:00Z   a            13        

$ docker history nothing
! Error response from daemon: No such image: nothing:latest
[1]

$ docker inspect nothing
[]
! Error: No such object: nothing
[1]

# unverified: `docker image inspect`'s error (REFERENCE.md gives `docker inspect`'s only)
$ docker image inspect nothing
[]
! Error response from daemon: No such image: nothing:latest
[1]

$ docker rmi 6d37
! Error response from daemon: conflict: unable to delete 6d3787bcd9c0 (must be forced) - image is referenced in multiple repositories
[1]

$ docker rmi demo:latest learner/demo
Untagged: demo:latest
Untagged: learner/demo:latest

$ docker rmi 6d37
Untagged: demo:1
Deleted: sha256:6d3787bcd9c0902d0fc7d5e886e116a38ddfac8e9fffcf9ea1aab1f9a72b5d2f

$ docker rmi nothing
! Error response from daemon: No such image: nothing:latest
[1]

# unverified: that -f turns No such image into exit status 0 (stderr kept); no source found
$ docker rmi -f nothing
! Error response from daemon: No such image: nothing:latest

$ docker image prune -f
Total reclaimed space: 0B

$ docker images
REPOSITORY                TAG       IMAGE ID       CREATED         SIZE
localhost:5000/team/app   2.0       7f57bcc03a7f   19 months ago   21B

$ docker import flat.tar imported:1
sha256:0db5a50816d834b5010701c09ddb07de83ed99cde8d1fe1dd9bcb32afd811da4

$ docker import -c 'ENV A=b' -c 'CMD ["tool"]' -m 'from a flat tar' - other < flat.tar
sha256:cb246cd00bea993ad5fbc4017e16bc2a40a09e3a6588c9b924b4a063f3ab8edc

# unverified: REFERENCE.md gives `<X> is not a valid change command`; the lowercase `run` is not checked
$ docker import -c 'RUN true' flat.tar
! Error response from daemon: run is not a valid change command
[1]

# docker: run of the real Docker 28.2.2 CLI (checked client side, no daemon): same lines, same status
$ docker import flat.tar Bad:Name
! invalid reference format: repository name (library/Bad) must be lowercase
[1]

# docker: run of the real Docker 28.2.2 CLI (checked client side, no daemon): same lines, same status
$ docker import missing.tar
! open missing.tar: no such file or directory
[1]

$ docker history imported:1
IMAGE          CREATED                  CREATED BY   SIZE      COMMENT
0db5a50816d8   Less than a second ago                6B        Imported from -

# own: the built-in shell's `ls -l` and the byte size of layerlab's save archive
$ docker save imported:1 other > both.tar && ls -l both.tar
-rw-r--r-- 1 user user    15872 both.tar

# unverified: docker/cli's refusal to write to a terminal; not run (needs a terminal)
$ docker save imported:1
! cowardly refusing to save to a terminal. Use the -o flag or redirect
[1]

# unverified: no source found for this daemon error
$ docker save nothing:1 -o x.tar
! Error response from daemon: reference does not exist
[1]

# unverified: the system df table; no source found for its layout in Docker 28
$ docker system df
TYPE            TOTAL     ACTIVE    SIZE      RECLAIMABLE
Images          3         0         27B       27B (100%)
Containers      0         0         0B        0B
Local Volumes   0         0         0B        0B
Build Cache     0         0         0B        0B

$ docker image prune -a -f
Deleted Images:
untagged: imported:1
deleted: sha256:0db5a50816d834b5010701c09ddb07de83ed99cde8d1fe1dd9bcb32afd811da4
untagged: localhost:5000/team/app:2.0
deleted: sha256:7f57bcc03a7fdff4a0252201750d219c77ff0ec622074c23bad4abed4a72bca4
deleted: sha256:776d94b72546b99b1af20009bc9a4c0663f4e01909a49cc69bdd28107c49798f
deleted: sha256:c00ab18dda61d6fde8866c2e8f77a2f2addd9d0d80c6f3173311dfc36f6a074e
untagged: other:latest
deleted: sha256:cb246cd00bea993ad5fbc4017e16bc2a40a09e3a6588c9b924b4a063f3ab8edc
deleted: sha256:7db6152e805a479b32a07ce39e99918aaedc4cf0fb952f3697da85b302b5773f
%blank
Total reclaimed space: 27B

$ docker system df
TYPE            TOTAL     ACTIVE    SIZE      RECLAIMABLE
Images          0         0         0B        0B
Containers      0         0         0B        0B
Local Volumes   0         0         0B        0B
Build Cache     0         0         0B        0B

# docker: moby v28.2.2 image/tarexport/save.go takeLayerReference (an image of another
# platform: `no suitable export target found for platform`), docker/cli v28.2.2
# cli/command/image/save.go (one platform)
$ docker pull -q busybox; docker save --platform linux/arm64 busybox -o arm.tar
docker.io/library/busybox:latest
! Error response from daemon: no suitable export target found for platform linux/arm64
[1]

$ docker save --platform linux/amd64 busybox -o amd.tar && docker rmi -f busybox >/dev/null && docker load -i amd.tar
Loaded image: busybox:latest

# docker: moby v28.2.2 image/tarexport/load.go (an image of another platform is skipped)
$ docker rmi busybox; docker load --platform linux/arm64 -i amd.tar; echo $?; docker images -q busybox
Untagged: busybox:latest
Deleted: sha256:abd525946bc08b611cdaea130d2bd5ab52f66bcc28201d27767a3eb71d43d93c
Deleted: sha256:154dac5f2e04330ecd79ddae4e9c1afb33f3a6c27ea5f2f80bb92465c5b40686
0

# docker: moby v28.2.2 daemon/images/image_delete.go and image.go GetImage (the image must
# be of the one platform asked for), docker/cli v28.2.2 cli/command/image/remove.go
$ docker pull -q busybox; docker rmi --platform linux/arm64 busybox; docker rmi --platform linux/arm64,linux/amd64 busybox; docker rmi --platform linux/amd64 busybox
docker.io/library/busybox:latest
Untagged: busybox:latest
Untagged: busybox@sha256:2e2c6dec3faf1f028542c7cfda022e18eac83963ab2032f841e8dfe21edd8fa1
Deleted: sha256:abd525946bc08b611cdaea130d2bd5ab52f66bcc28201d27767a3eb71d43d93c
Deleted: sha256:154dac5f2e04330ecd79ddae4e9c1afb33f3a6c27ea5f2f80bb92465c5b40686
! Error response from daemon: image with reference busybox was found but its platform (linux/amd64) does not match the specified platform (linux/arm64)
! Error response from daemon: multiple platforms are not supported

