# Docker 29's `docker images`: the collapsed view, its fallbacks to the table, --tree and its
# errors, the in-use mark, and the hint for `docker images ls`. Piped through `cat`, as a
# script sees it (the terminal's legend and colours: the unit tests of images_tree.rs).
# Provenance (format and note keys: crate/tests/common/golden.rs). Blocks with no note:
# - Docker 29 per docker/cli v29.7.2 cli/command/image/list.go (runImages, shouldUseTree,
#   printAmbiguousHint) and tree.go (runTree, printImageTree, adjustColumns), whose
#   testdata/list-command-filter-dangling.*.golden show the layout: header IMAGE ID DISK
#   USAGE CONTENT SIZE EXTRA, cells padded (3 spaces between), one row per tag sorted by
#   name, untagged rows last and only with -a, the table for -q/--no-trunc/--digests/--format
#   (../shared/REFERENCE-DOCKER29.md §1).
# - Docker 29 per moby docker-v29.7.2 daemon/containerd/image_list.go: IDs are the digests
#   of the records' targets (the manifest a load writes for a legacy archive, an OCI
#   layout's index.json entry, the manifest an import writes), DISK USAGE the content and
#   the snapshots' usage, CONTENT SIZE the manifest, config and layers as stored; --tree's
#   platform row of a single-manifest image is the manifest itself.
# - layerlab's own: the archives (the test's demo layers, common/mod.rs), hence every ID and
#   size.
%docker 29
%legacy a.tar demo:1,demo:latest
%oci b.tar
%oci c.tar localhost:5000/team/app:2.0
%tar flat.tar etc/hostname=box bin/tool=run

$ docker load -i a.tar
Loaded image: demo:1
Loaded image: demo:latest

$ docker load -i b.tar
Loaded image ID: sha256:384428b6d41e2e3bb23d9034996dd6957d948e5562345c5db9f998d9ed9a1711

$ docker load -i c.tar
Loaded image: localhost:5000/team/app:2.0

$ docker import flat.tar
sha256:1d5a392eef469d1bba9cf58d2e52b9ffb61c86706108495695a5d69044cacb7c

$ docker images | cat
IMAGE                         ID             DISK USAGE   CONTENT SIZE   EXTRA
demo:1                        2f42a8fdfe81       32.2kB          7.6kB        
demo:latest                   2f42a8fdfe81       32.2kB          7.6kB        
localhost:5000/team/app:2.0   384428b6d41e       25.8kB         1.26kB        

$ docker images -a | cat
IMAGE                         ID             DISK USAGE   CONTENT SIZE   EXTRA
demo:1                        2f42a8fdfe81       32.2kB          7.6kB        
demo:latest                   2f42a8fdfe81       32.2kB          7.6kB        
localhost:5000/team/app:2.0   384428b6d41e       25.8kB         1.26kB        
<untagged>                    1d5a392eef46       13.1kB           786B        

$ docker images -q
384428b6d41e
2f42a8fdfe81
2f42a8fdfe81

$ docker images --digests | cat
REPOSITORY                TAG       DIGEST                                                                    IMAGE ID       CREATED         SIZE
localhost:5000/team/app   2.0       sha256:384428b6d41e2e3bb23d9034996dd6957d948e5562345c5db9f998d9ed9a1711   384428b6d41e   19 months ago   25.8kB
demo                      1         sha256:2f42a8fdfe819a85a85749fc55249436076da7d0b233561709ea9765b726566c   2f42a8fdfe81   2 years ago     32.2kB
demo                      latest    sha256:2f42a8fdfe819a85a85749fc55249436076da7d0b233561709ea9765b726566c   2f42a8fdfe81   2 years ago     32.2kB

$ docker image ls --tree | cat
IMAGE                         ID             DISK USAGE   CONTENT SIZE   EXTRA
demo:1                     
demo:latest                   2f42a8fdfe81       32.2kB          7.6kB        
└─ linux/amd64                2f42a8fdfe81       32.2kB          7.6kB        
%blank
localhost:5000/team/app:2.0   384428b6d41e       25.8kB         1.26kB        
└─ linux/amd64                384428b6d41e       25.8kB         1.26kB        
%blank

$ docker images --tree -q
! --quiet is not yet supported with --tree
[1]

$ docker images --tree --format '{{.ID}}'
! --format is not yet supported with --tree
[1]

$ docker images --tree --digests
! --show-digest is not yet supported with --tree
[1]

$ docker images demo | cat
IMAGE         ID             DISK USAGE   CONTENT SIZE   EXTRA
demo:1        2f42a8fdfe81       32.2kB          7.6kB        
demo:latest   2f42a8fdfe81       32.2kB          7.6kB        

$ docker images ls | cat
IMAGE   ID             DISK USAGE   CONTENT SIZE   EXTRA
! No images found matching "ls": did you mean "docker image ls"?

$ docker image ls ls | cat
IMAGE   ID             DISK USAGE   CONTENT SIZE   EXTRA

$ docker create --name keep demo:1 true
8e9a3bc14d1fda15f5fe3a00fd678e83a715aa952ff9aad19a7bac57e0e4a3e4

$ docker images | cat
IMAGE                         ID             DISK USAGE   CONTENT SIZE   EXTRA
demo:1                        2f42a8fdfe81       32.2kB          7.6kB   U    
demo:latest                   2f42a8fdfe81       32.2kB          7.6kB   U    
localhost:5000/team/app:2.0   384428b6d41e       25.8kB         1.26kB        

$ docker images -f dangling=true | cat
IMAGE        ID             DISK USAGE   CONTENT SIZE   EXTRA
<untagged>   1d5a392eef46       13.1kB           786B        

