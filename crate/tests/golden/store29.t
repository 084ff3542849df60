# Docker 29's containerd image store: image IDs are the digests of what each image's record
# names (the pulled index, the manifest a load, commit or import writes), sizes count the
# stored content and the unpacked snapshots, and rmi, prune, history, inspect and info print
# what Docker 29 prints. Piped through `cat` where Docker's output depends on a terminal.
# Provenance (format and note keys: crate/tests/common/golden.rs). Blocks with no note:
# - Docker 29 per moby docker-v29.7.2 daemon/containerd/: image_list.go (ID = the record's
#   target digest; DISK USAGE = each present manifest's content and its snapshots' usage;
#   CONTENT SIZE = the manifests, configs and layers as stored), image_inspect.go (Id,
#   RepoDigests name@target, Size the packed index, manifest, config and layers,
#   Descriptor, no GraphDriver, Identity at API 1.53+), image_history.go (SIZE = each
#   layer's snapshot usage; the top row the target), image_delete.go and image_prune.go
#   (one `Deleted:` line; prune's `deleted:` per index or manifest blob that went),
#   image_commit.go and image_builder.go (commit writes an OCI manifest, the parent's layers
#   and a gzip layer), image_import.go (import writes a compact OCI manifest and a gzip
#   layer), image_exporter.go LoadImage with containerd v2.3.3 core/images/archive/
#   importer.go (a legacy archive's images get a compact Docker schema 2 manifest each; an
#   OCI layout's index.json entries are the targets), service.go (info's storage driver);
#   docker/cli v29.7.2 for the formatting (as ../shared/REFERENCE-DOCKER29.md §2-§7).
# - layerlab's own: the demo images and the test's archives (hence every digest and size),
#   and the simulated disk that snapshot usage counts (ext4, 4 KiB blocks: a directory and
#   each started 4 KiB of a file take a block, as continuity's fs.DiskUsage sums st_blocks).
%docker 29
%legacy a.tar demo:1,demo:latest
%oci b.tar
%oci c.tar localhost:5000/team/app:2.0
%tar flat.tar etc/hostname=box bin/tool=run

$ docker pull alpine | cat
Using default tag: latest
latest: Pulling from library/alpine
094133ce7571: Pulling fs layer
094133ce7571: Download complete
094133ce7571: Pull complete
Digest: sha256:9934b5c663953a79718014c11c014e0ed2cab06f7183c3b337e1fe578f60f232
Status: Downloaded newer image for alpine:latest
docker.io/library/alpine:latest

$ docker images | cat
IMAGE           ID             DISK USAGE   CONTENT SIZE   EXTRA
alpine:latest   9934b5c66395        280kB         9.29kB        

$ docker images -q
9934b5c66395

$ docker images --digests | cat
REPOSITORY   TAG       DIGEST                                                                    IMAGE ID       CREATED         SIZE
alpine       latest    sha256:9934b5c663953a79718014c11c014e0ed2cab06f7183c3b337e1fe578f60f232   9934b5c66395   11 months ago   280kB

$ docker image inspect alpine
[
    {
        "Id": "sha256:9934b5c663953a79718014c11c014e0ed2cab06f7183c3b337e1fe578f60f232",
        "RepoTags": [
            "alpine:latest"
        ],
        "RepoDigests": [
            "alpine@sha256:9934b5c663953a79718014c11c014e0ed2cab06f7183c3b337e1fe578f60f232"
        ],
        "Comment": "buildkit.dockerfile.v0",
        "Created": "2025-01-08T12:07:30Z",
        "Config": {
            "Env": [
                "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
            ],
            "Cmd": [
                "/bin/sh"
            ],
            "WorkingDir": "/",
            "Labels": {
                "dev.layerlab.demo": "true",
                "org.opencontainers.image.description": "layerlab demo image: not the real alpine"
            }
        },
        "Architecture": "amd64",
        "Os": "linux",
        "Size": 12163,
        "RootFS": {
            "Type": "layers",
            "Layers": [
                "sha256:746f8703e7c6954bc547247966bb9dff8241623891f4340c27b5bd132741233c"
            ]
        },
        "Metadata": {
            "LastTagTime": "2026-01-01T00:00:00Z"
        },
        "Descriptor": {
            "mediaType": "application/vnd.oci.image.index.v1+json",
            "digest": "sha256:9934b5c663953a79718014c11c014e0ed2cab06f7183c3b337e1fe578f60f232",
            "size": 3913
        },
        "Identity": {
            "Pull": [
                {
                    "Repository": "docker.io/library/alpine"
                }
            ]
        }
    }
]

$ docker pull --platform linux/arm64 alpine | cat
Using default tag: latest
latest: Pulling from library/alpine
Digest: sha256:9934b5c663953a79718014c11c014e0ed2cab06f7183c3b337e1fe578f60f232
Status: Image is up to date for alpine:latest
docker.io/library/alpine:latest

$ docker image ls --tree | cat
IMAGE                   ID             DISK USAGE   CONTENT SIZE   EXTRA
alpine:latest           9934b5c66395        559kB         18.6kB        
├─ linux/amd64          17bcde3bfc8d        279kB         8.25kB        
├─ linux/arm/v7         9435b8b63bab           0B             0B        
├─ linux/arm64/v8       d6be5aebc1d9        279kB         8.27kB        
├─ linux/ppc64le        072fe4efc397           0B             0B        
└─ linux/s390x          a37aa063bef8           0B             0B        
%blank

$ docker history alpine | cat
IMAGE          CREATED         CREATED BY                                      SIZE      COMMENT
9934b5c66395   11 months ago   CMD ["/bin/sh"]                                 0B        buildkit.dockerfile.v0
<missing>      11 months ago   LABEL dev.layerlab.demo=true org.opencontain…   0B        buildkit.dockerfile.v0
<missing>      11 months ago   ADD alpine-minirootfs-3.21.2-x86_64.tar.gz /…   270kB     buildkit.dockerfile.v0

$ docker load -i a.tar
Loaded image: demo:1
Loaded image: demo:latest

$ docker load -i b.tar
Loaded image ID: sha256:384428b6d41e2e3bb23d9034996dd6957d948e5562345c5db9f998d9ed9a1711

$ docker load -i c.tar
Loaded image: localhost:5000/team/app:2.0

$ docker inspect -f '{{.Id}} {{.Size}} {{json .Descriptor}}' demo:1
sha256:2f42a8fdfe819a85a85749fc55249436076da7d0b233561709ea9765b726566c 7604 {"mediaType":"application/vnd.docker.distribution.manifest.v2+json","digest":"sha256:2f42a8fdfe819a85a85749fc55249436076da7d0b233561709ea9765b726566c","size":575,"annotations":{"io.containerd.image.name":"docker.io/library/demo:1","org.opencontainers.image.ref.name":"1"},"platform":{"architecture":"amd64","os":"linux"}}

$ docker inspect -f '{{.Id}} {{json .Descriptor}}' localhost:5000/team/app:2.0
sha256:384428b6d41e2e3bb23d9034996dd6957d948e5562345c5db9f998d9ed9a1711 {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:384428b6d41e2e3bb23d9034996dd6957d948e5562345c5db9f998d9ed9a1711","size":555}

$ docker load -i a.tar
Loaded image: demo:1
Loaded image: demo:latest

$ docker import flat.tar
sha256:1d5a392eef469d1bba9cf58d2e52b9ffb61c86706108495695a5d69044cacb7c

$ docker images -a | cat
IMAGE                         ID             DISK USAGE   CONTENT SIZE   EXTRA
alpine:latest                 9934b5c66395        559kB         18.6kB        
demo:1                        2f42a8fdfe81       32.2kB          7.6kB        
demo:latest                   2f42a8fdfe81       32.2kB          7.6kB        
localhost:5000/team/app:2.0   384428b6d41e       25.8kB         1.26kB        
<untagged>                    1d5a392eef46       13.1kB           786B        

$ docker run --name c1 alpine touch /new

$ docker commit -m 'added /new' c1 snap
sha256:beb3a9e017d024cef4ddf95a0219d4afb1fd98338a7aa670304b1f858cc4fdc4

$ docker image inspect snap
[
    {
        "Architecture": "amd64",
        "Comment": "added /new",
        "Config": {
            "Cmd": [
                "touch",
                "/new"
            ],
            "Env": [
                "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
            ],
            "Labels": {
                "dev.layerlab.demo": "true",
                "org.opencontainers.image.description": "layerlab demo image: not the real alpine"
            },
            "WorkingDir": "/"
        },
        "Created": "2026-01-01T00:00:00Z",
        "Descriptor": {
            "digest": "sha256:beb3a9e017d024cef4ddf95a0219d4afb1fd98338a7aa670304b1f858cc4fdc4",
            "mediaType": "application/vnd.oci.image.manifest.v1+json",
            "size": 741
        },
        "Id": "sha256:beb3a9e017d024cef4ddf95a0219d4afb1fd98338a7aa670304b1f858cc4fdc4",
        "Identity": {},
        "Metadata": {
            "LastTagTime": "2026-01-01T00:00:00Z"
        },
        "Os": "linux",
        "Parent": "sha256:9934b5c663953a79718014c11c014e0ed2cab06f7183c3b337e1fe578f60f232",
        "RepoDigests": [
            "snap@sha256:beb3a9e017d024cef4ddf95a0219d4afb1fd98338a7aa670304b1f858cc4fdc4"
        ],
        "RepoTags": [
            "snap:latest"
        ],
        "RootFS": {
            "Layers": [
                "sha256:746f8703e7c6954bc547247966bb9dff8241623891f4340c27b5bd132741233c",
                "sha256:c529344e5d9e000000013de83ab3494db4ad2d654d98525f77b79f9e4f2896bd"
            ],
            "Type": "layers"
        },
        "Size": 8730
    }
]

$ docker history snap | cat
IMAGE          CREATED                  CREATED BY                                      SIZE      COMMENT
beb3a9e017d0   Less than a second ago   touch /new                                      4.1kB     added /new
9934b5c66395   11 months ago            CMD ["/bin/sh"]                                 0B        buildkit.dockerfile.v0
<missing>      11 months ago            LABEL dev.layerlab.demo=true org.opencontain…   0B        buildkit.dockerfile.v0
<missing>      11 months ago            ADD alpine-minirootfs-3.21.2-x86_64.tar.gz /…   270kB     buildkit.dockerfile.v0

# Docker 29.4+ (moby 46dba49ec8): RECLAIMABLE is what images no container uses do not
# share with others; the total counts each blob and snapshot once.
$ docker system df
TYPE            TOTAL     ACTIVE    SIZE      RECLAIMABLE
Images          5         1         322.1kB   23.83kB (7%)
Containers      1         0         0B        0B
Local Volumes   0         0         0B        0B
Build Cache     0         0         0B        0B

$ docker system df -v | head -9
Images space usage:
%blank
REPOSITORY                TAG       IMAGE ID       CREATED                  SIZE      SHARED SIZE   UNIQUE SIZE   CONTAINERS
<none>                    <none>    1d5a392eef46   Less than a second ago   13.1kB    0B            13.07kB       0
snap                      latest    beb3a9e017d0   Less than a second ago   283kB     277.2kB       5.99kB        0
alpine                    latest    9934b5c66395   11 months ago            559kB     277.2kB       282.1kB       1
localhost:5000/team/app   2.0       384428b6d41e   19 months ago            25.8kB    24.58kB       1.257kB       0
demo                      1         2f42a8fdfe81   2 years ago              32.2kB    28.67kB       3.508kB       0
%blank

$ docker rmi alpine
! Error response from daemon: conflict: unable to delete alpine:latest (must be forced) - container c1ef12b253dc is using its referenced image 9934b5c66395
[1]

$ docker rmi -f alpine
Untagged: alpine:latest

$ docker images -a | cat
IMAGE                         ID             DISK USAGE   CONTENT SIZE   EXTRA
demo:1                        2f42a8fdfe81       32.2kB          7.6kB        
demo:latest                   2f42a8fdfe81       32.2kB          7.6kB        
localhost:5000/team/app:2.0   384428b6d41e       25.8kB         1.26kB        
snap:latest                   beb3a9e017d0        283kB         8.73kB        
<untagged>                    1d5a392eef46       13.1kB           786B        
<untagged>                    9934b5c66395        559kB         18.6kB   U    

$ docker tag demo:1 demo:2

$ docker rmi demo:latest
Untagged: demo:latest

$ docker rmi 6d3787bcd9c0
! Error response from daemon: No such image: 6d3787bcd9c0:latest
[1]

$ docker rmi -f demo:1
Untagged: demo:1

$ docker image prune -f
Deleted Images:
untagged: sha256:1d5a392eef469d1bba9cf58d2e52b9ffb61c86706108495695a5d69044cacb7c
deleted: sha256:1d5a392eef469d1bba9cf58d2e52b9ffb61c86706108495695a5d69044cacb7c
%blank
Total reclaimed space: 13.07kB

$ docker rmi localhost:5000/team/app:2.0
Untagged: localhost:5000/team/app:2.0
Deleted: sha256:384428b6d41e2e3bb23d9034996dd6957d948e5562345c5db9f998d9ed9a1711

$ docker info -f '{{.Driver}} {{.DriverStatus}} {{.Images}}'
overlayfs [[driver-type io.containerd.snapshotter.v1]] 3

$ docker info | grep -i driver
 Storage Driver: overlayfs
  driver-type: io.containerd.snapshotter.v1
 Logging Driver: json-file
 Cgroup Driver: systemd

# An image pulled by digest is a record named by that digest, listed by it (as Docker 29
# lists hello-world@sha256:… after `docker pull hello-world@sha256:…`, nerdctl#5027).
$ docker pull -q alpine@sha256:9934b5c663953a79718014c11c014e0ed2cab06f7183c3b337e1fe578f60f232
docker.io/library/alpine@sha256:9934b5c663953a79718014c11c014e0ed2cab06f7183c3b337e1fe578f60f232

$ docker images | cat
IMAGE                                                                            ID             DISK USAGE   CONTENT SIZE   EXTRA
alpine@sha256:9934b5c663953a79718014c11c014e0ed2cab06f7183c3b337e1fe578f60f232   9934b5c66395        559kB         18.6kB   U    
demo:2                                                                           2f42a8fdfe81       32.2kB          7.6kB        
snap:latest                                                                      beb3a9e017d0        283kB         8.73kB        

# docker: moby docker-v29.7.2 daemon/containerd/image_list.go (the reference filter
# matches the record's name, as reference.FamiliarMatch: its familiar form or name)
$ docker images --filter reference=alpine | cat; docker images --filter reference=demo | cat
IMAGE                                                                            ID             DISK USAGE   CONTENT SIZE   EXTRA
alpine@sha256:9934b5c663953a79718014c11c014e0ed2cab06f7183c3b337e1fe578f60f232   9934b5c66395        559kB         18.6kB   U    
IMAGE    ID             DISK USAGE   CONTENT SIZE   EXTRA
demo:2   2f42a8fdfe81       32.2kB          7.6kB        

# docker: moby docker-v29.7.2 daemon/containerd/image_exporter.go ExportImage (one platform:
# that platform's manifest in the store is the target, else errPlatformNotFound wrapped in
# `no suitable export target found`; several: the index, only their manifests),
# docker/cli v29.7.2 cli/command/image/save.go (a comma-separated list)
$ docker pull -q busybox; docker save --platform linux/arm64 busybox -o arm.tar
docker.io/library/busybox:latest
! Error response from daemon: no suitable export target found: image with reference busybox:latest was found but does not provide the specified platform (linux/arm64)
[1]

$ docker save --platform linux/amd64 busybox -o amd.tar; docker save --platform linux/amd64,linux/arm64 busybox -o both.tar; docker rmi -f busybox
Untagged: busybox:latest
Deleted: sha256:2e2c6dec3faf1f028542c7cfda022e18eac83963ab2032f841e8dfe21edd8fa1

$ docker load -i amd.tar; docker images -q --no-trunc busybox; docker rmi busybox; docker load -i both.tar; docker images -q --no-trunc busybox
Loaded image: busybox:latest
sha256:de8fc52be889071d8e906b4d1edea87381c65cbdee2160118f85ac04f893777c
Untagged: busybox:latest
Deleted: sha256:de8fc52be889071d8e906b4d1edea87381c65cbdee2160118f85ac04f893777c
Loaded image: busybox:latest
sha256:2e2c6dec3faf1f028542c7cfda022e18eac83963ab2032f841e8dfe21edd8fa1

# docker: moby docker-v29.7.2 daemon/containerd/image_exporter.go LoadImage (the platform
# asked for is unpacked; verifyImagesProvidePlatform's error in the stream, exit status 1)
# own: Docker keeps the records it imported without unpacking them; layerlab loads nothing
$ docker rmi busybox; docker pull -q --platform linux/arm64 busybox; docker save busybox -o multi.tar; docker rmi busybox
Untagged: busybox:latest
Deleted: sha256:2e2c6dec3faf1f028542c7cfda022e18eac83963ab2032f841e8dfe21edd8fa1
docker.io/library/busybox:latest
Untagged: busybox:latest
Deleted: sha256:2e2c6dec3faf1f028542c7cfda022e18eac83963ab2032f841e8dfe21edd8fa1

$ docker load --platform linux/arm64 -i multi.tar; docker images --tree busybox | cat
Loaded image: busybox:latest
IMAGE                   ID             DISK USAGE   CONTENT SIZE   EXTRA
busybox:latest          2e2c6dec3faf        102kB         7.52kB        
├─ linux/amd64          de8fc52be889           0B             0B        
├─ linux/arm/v7         3f8947de9f61           0B             0B        
├─ linux/arm64/v8       ba8e9b5f5602        102kB         7.52kB        
├─ linux/ppc64le        bdb655b7eb09           0B             0B        
└─ linux/s390x          8dcdc41b7ef3           0B             0B        
%blank

$ docker rmi busybox; docker load --platform linux/arm64 -i amd.tar; docker images -q busybox
Untagged: busybox:latest
Deleted: sha256:2e2c6dec3faf1f028542c7cfda022e18eac83963ab2032f841e8dfe21edd8fa1
! image busybox:latest was loaded, but doesn't provide the requested platform ([linux/arm64])

# docker: moby docker-v29.7.2 daemon/containerd/image_delete.go (--platform needs --force;
# deleteImagePlatforms: the platform's manifest, config and layers go, `Deleted:` for the
# manifest; the record stays), docker/cli v29.7.2 cli/command/image/remove.go
$ docker pull -q busybox; docker pull -q --platform linux/arm64 busybox; docker rmi --platform linux/arm64 busybox
docker.io/library/busybox:latest
docker.io/library/busybox:latest
! Error response from daemon: Content will be removed from all images referencing this variant. Use —-force to force delete.
[1]

$ docker rmi -f --platform linux/arm64 busybox; docker images --tree busybox | cat; docker rmi -f --platform linux/arm64 busybox
Deleted: sha256:ba8e9b5f56024e7778987bc88733e765300eeb63c1a5731d0476a93a164664b3
IMAGE                   ID             DISK USAGE   CONTENT SIZE   EXTRA
busybox:latest          2e2c6dec3faf        104kB         9.59kB        
├─ linux/amd64          de8fc52be889        102kB          7.5kB        
├─ linux/arm/v7         3f8947de9f61           0B             0B        
├─ linux/arm64/v8       ba8e9b5f5602           0B             0B        
├─ linux/ppc64le        bdb655b7eb09           0B             0B        
└─ linux/s390x          8dcdc41b7ef3           0B             0B        
%blank
! Error response from daemon: failed to delete platform linux/arm64 for image sha256:2e2c6dec3faf1f028542c7cfda022e18eac83963ab2032f841e8dfe21edd8fa1: image with reference busybox:latest was found but does not provide the specified platform (linux/arm64)
[1]

