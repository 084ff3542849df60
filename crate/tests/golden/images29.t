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
# - differs: the IDs are the configs' digests and CONTENT SIZE is 0B, as Docker 29 prints
#   them over the classic store (graph drivers keep no manifests); with the containerd store,
#   Docker 29's default, IDs are the manifests' or indexes' digests and content sizes count
#   the stored blobs. layerlab's containerd store is not built yet.
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
Loaded image ID: sha256:7f57bcc03a7fdff4a0252201750d219c77ff0ec622074c23bad4abed4a72bca4

$ docker load -i c.tar
Loaded image: localhost:5000/team/app:2.0

$ docker import flat.tar
sha256:0db5a50816d834b5010701c09ddb07de83ed99cde8d1fe1dd9bcb32afd811da4

$ docker images | cat
IMAGE                         ID             DISK USAGE   CONTENT SIZE   EXTRA
demo:1                        6d3787bcd9c0          21B             0B        
demo:latest                   6d3787bcd9c0          21B             0B        
localhost:5000/team/app:2.0   7f57bcc03a7f          21B             0B        

$ docker images -a | cat
IMAGE                         ID             DISK USAGE   CONTENT SIZE   EXTRA
demo:1                        6d3787bcd9c0          21B             0B        
demo:latest                   6d3787bcd9c0          21B             0B        
localhost:5000/team/app:2.0   7f57bcc03a7f          21B             0B        
<untagged>                    0db5a50816d8           6B             0B        

$ docker images -q
7f57bcc03a7f
6d3787bcd9c0
6d3787bcd9c0

$ docker images --digests | cat
REPOSITORY                TAG       DIGEST    IMAGE ID       CREATED         SIZE
localhost:5000/team/app   2.0       <none>    7f57bcc03a7f   19 months ago   21B
demo                      1         <none>    6d3787bcd9c0   2 years ago     21B
demo                      latest    <none>    6d3787bcd9c0   2 years ago     21B

$ docker image ls --tree | cat
IMAGE                         ID             DISK USAGE   CONTENT SIZE   EXTRA
demo:1                     
demo:latest                   6d3787bcd9c0          21B             0B        
localhost:5000/team/app:2.0   7f57bcc03a7f          21B             0B        

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
demo:1        6d3787bcd9c0          21B             0B        
demo:latest   6d3787bcd9c0          21B             0B        

$ docker images ls | cat
IMAGE   ID             DISK USAGE   CONTENT SIZE   EXTRA
! No images found matching "ls": did you mean "docker image ls"?

$ docker image ls ls | cat
IMAGE   ID             DISK USAGE   CONTENT SIZE   EXTRA

$ docker create --name keep demo:1 true
35f3169a25141fababe87639ee24fd5528f3dece6797cec1ed1b8de70da11fe7

$ docker images | cat
IMAGE                         ID             DISK USAGE   CONTENT SIZE   EXTRA
demo:1                        6d3787bcd9c0          21B             0B   U    
demo:latest                   6d3787bcd9c0          21B             0B   U    
localhost:5000/team/app:2.0   7f57bcc03a7f          21B             0B        

$ docker images -f dangling=true | cat
IMAGE        ID             DISK USAGE   CONTENT SIZE   EXTRA
<untagged>   0db5a50816d8           6B             0B        

