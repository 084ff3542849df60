# /var/lib on the host command line in Docker 29: containerd's root beside Docker's data
# root, as a fresh install keeps them, derived from the images and containers, read-only.
# The clock is 2026-01-01T00:00:00Z.
# Provenance (format and note keys: crate/tests/common/golden.rs). Blocks with no note:
# - The containerd layout, from containerd v2.3.3's source: the content store's
#   `blobs/sha256/<hex>` files, read-only, and `ingest/` (plugins/content/local/store.go,
#   writer.go), the overlayfs snapshotter's `snapshots/<n>/fs` and `work`, numbered in the
#   order they are made and never reused (plugins/snapshots/overlay/overlay.go
#   prepareDirectory, core/snapshots/storage/bolt.go's sequence); dockerd with the system
#   containerd at /var/lib/containerd (the `docker.service` of Docker's packages runs
#   `dockerd --containerd=/run/containerd/containerd.sock`); a container's init and
#   writable snapshots (moby docker-v29.7.2 daemon/containerd/image_snapshot.go
#   createLayer); `/var/lib/docker` without `image/` and `overlay2/`.
# - Container inspect at API 1.55: `Driver` and `Storage.RootFS.Snapshot.Name` overlayfs,
#   no `GraphDriver`, `ImageManifestDescriptor` the platform manifest with its platform,
#   `NetworkSettings` only the sandbox, ports and networks (moby docker-v29.7.2
#   daemon/inspect.go, daemon/server/router/container/inspect.go,
#   api/types/container/container.go, network_settings.go, api/types/network/endpoint.go).
# - layerlab's own: the demo images and container IDs (hence every digest and number);
#   GNU coreutils' ls, cat, find and sha256sum output over them (ls -l without dates).
%docker 29
$ docker pull -q busybox
docker.io/library/busybox:latest

$ docker run -d --name web busybox sleep 1000
9f394fd1c034b00fa5b7a68406b0bd8566580a7fcb7944fa78f6b35d65497261

$ docker exec web sh -c 'echo hi > /tmp/greeting; rm /etc/group'

$ ls /var/lib /var/lib/docker /var/lib/containerd
/var/lib:
containerd
docker
%blank
/var/lib/containerd:
io.containerd.content.v1.content
io.containerd.snapshotter.v1.overlayfs
%blank
/var/lib/docker:
containers
volumes

$ ls -l /var/lib/containerd/io.containerd.content.v1.content/blobs/sha256
-r--r--r-- 1 root root     6140 0e61ae8835df334a8ec3b6e8c87124a7156fa02b57a9ba89e9f8294cf12d6e2b
-r--r--r-- 1 root root      385 18449d4ae27088f133fa98fcdd6fc742275772f0abadcb9ab5662d0d70653139
-r--r--r-- 1 root root     3913 2e2c6dec3faf1f028542c7cfda022e18eac83963ab2032f841e8dfe21edd8fa1
-r--r--r-- 1 root root      167 933f578c3da303826ff4eefe581d753fb178a2497fb3988863f8a6c2db9522f6
-r--r--r-- 1 root root      863 abd525946bc08b611cdaea130d2bd5ab52f66bcc28201d27767a3eb71d43d93c
-r--r--r-- 1 root root      486 dbee8923876474f660e4157360f60134f32278dc4d690510d5499e4b275f3d4b
-r--r--r-- 1 root root      502 de8fc52be889071d8e906b4d1edea87381c65cbdee2160118f85ac04f893777c

$ docker images --no-trunc -q; docker inspect -f '{{json .Descriptor}}' busybox
sha256:2e2c6dec3faf1f028542c7cfda022e18eac83963ab2032f841e8dfe21edd8fa1
{"mediaType":"application/vnd.oci.image.index.v1+json","digest":"sha256:2e2c6dec3faf1f028542c7cfda022e18eac83963ab2032f841e8dfe21edd8fa1","size":3913}

$ cat /var/lib/containerd/io.containerd.content.v1.content/blobs/sha256/$(docker inspect -f '{{slice .Id 7}}' busybox); echo
{
  "schemaVersion": 2,
  "mediaType": "application/vnd.oci.image.index.v1+json",
  "manifests": [
    {
      "mediaType": "application/vnd.oci.image.manifest.v1+json",
      "digest": "sha256:de8fc52be889071d8e906b4d1edea87381c65cbdee2160118f85ac04f893777c",
      "size": 502,
      "platform": {
        "architecture": "amd64",
        "os": "linux"
      }
    },
    {
      "mediaType": "application/vnd.oci.image.manifest.v1+json",
      "digest": "sha256:3f8947de9f61da0027f751b89197b9ed618835ce10002bc9ba7904505546b58f",
      "size": 502,
      "platform": {
        "architecture": "arm",
        "os": "linux",
        "variant": "v7"
      }
    },
    {
      "mediaType": "application/vnd.oci.image.manifest.v1+json",
      "digest": "sha256:ba8e9b5f56024e7778987bc88733e765300eeb63c1a5731d0476a93a164664b3",
      "size": 502,
      "platform": {
        "architecture": "arm64",
        "os": "linux",
        "variant": "v8"
      }
    },
    {
      "mediaType": "application/vnd.oci.image.manifest.v1+json",
      "digest": "sha256:bdb655b7eb0922b6d83b4939c2bad5a88cb77f1cc19ff96f768e603f527e384c",
      "size": 502,
      "platform": {
        "architecture": "ppc64le",
        "os": "linux"
      }
    },
    {
      "mediaType": "application/vnd.oci.image.manifest.v1+json",
      "digest": "sha256:8dcdc41b7ef35bb81d290cbb892a7cbfd9d6427412dab4fc86e6c55d712c64c8",
      "size": 502,
      "platform": {
        "architecture": "s390x",
        "os": "linux"
      }
    },
    {
      "mediaType": "application/vnd.oci.image.manifest.v1+json",
      "digest": "sha256:dbee8923876474f660e4157360f60134f32278dc4d690510d5499e4b275f3d4b",
      "size": 486,
      "annotations": {
        "vnd.docker.reference.digest": "sha256:de8fc52be889071d8e906b4d1edea87381c65cbdee2160118f85ac04f893777c",
        "vnd.docker.reference.type": "attestation-manifest"
      },
      "platform": {
        "architecture": "unknown",
        "os": "unknown"
      }
    },
    {
      "mediaType": "application/vnd.oci.image.manifest.v1+json",
      "digest": "sha256:339160dc480417bd0eb857ec4dcb637c2ac1991c1cc0b890adcf63c92d0ade63",
      "size": 486,
      "annotations": {
        "vnd.docker.reference.digest": "sha256:3f8947de9f61da0027f751b89197b9ed618835ce10002bc9ba7904505546b58f",
        "vnd.docker.reference.type": "attestation-manifest"
      },
      "platform": {
        "architecture": "unknown",
        "os": "unknown"
      }
    },
    {
      "mediaType": "application/vnd.oci.image.manifest.v1+json",
      "digest": "sha256:5b371a546396bd587282b07152cffdafe740357db2c9baedb63e77fae6d6d99d",
      "size": 486,
      "annotations": {
        "vnd.docker.reference.digest": "sha256:ba8e9b5f56024e7778987bc88733e765300eeb63c1a5731d0476a93a164664b3",
        "vnd.docker.reference.type": "attestation-manifest"
      },
      "platform": {
        "architecture": "unknown",
        "os": "unknown"
      }
    },
    {
      "mediaType": "application/vnd.oci.image.manifest.v1+json",
      "digest": "sha256:93c094f82d799b3de2945831c0f40cad683aca74efe9db2e1d66e2771d3ae5e8",
      "size": 486,
      "annotations": {
        "vnd.docker.reference.digest": "sha256:bdb655b7eb0922b6d83b4939c2bad5a88cb77f1cc19ff96f768e603f527e384c",
        "vnd.docker.reference.type": "attestation-manifest"
      },
      "platform": {
        "architecture": "unknown",
        "os": "unknown"
      }
    },
    {
      "mediaType": "application/vnd.oci.image.manifest.v1+json",
      "digest": "sha256:cebde8365397113839eb4ba7ab541ca260380c323feed8dde625f12ab27052c7",
      "size": 486,
      "annotations": {
        "vnd.docker.reference.digest": "sha256:8dcdc41b7ef35bb81d290cbb892a7cbfd9d6427412dab4fc86e6c55d712c64c8",
        "vnd.docker.reference.type": "attestation-manifest"
      },
      "platform": {
        "architecture": "unknown",
        "os": "unknown"
      }
    }
  ]
}

$ sha256sum /var/lib/containerd/io.containerd.content.v1.content/blobs/sha256/*
0e61ae8835df334a8ec3b6e8c87124a7156fa02b57a9ba89e9f8294cf12d6e2b  /var/lib/containerd/io.containerd.content.v1.content/blobs/sha256/0e61ae8835df334a8ec3b6e8c87124a7156fa02b57a9ba89e9f8294cf12d6e2b
18449d4ae27088f133fa98fcdd6fc742275772f0abadcb9ab5662d0d70653139  /var/lib/containerd/io.containerd.content.v1.content/blobs/sha256/18449d4ae27088f133fa98fcdd6fc742275772f0abadcb9ab5662d0d70653139
2e2c6dec3faf1f028542c7cfda022e18eac83963ab2032f841e8dfe21edd8fa1  /var/lib/containerd/io.containerd.content.v1.content/blobs/sha256/2e2c6dec3faf1f028542c7cfda022e18eac83963ab2032f841e8dfe21edd8fa1
933f578c3da303826ff4eefe581d753fb178a2497fb3988863f8a6c2db9522f6  /var/lib/containerd/io.containerd.content.v1.content/blobs/sha256/933f578c3da303826ff4eefe581d753fb178a2497fb3988863f8a6c2db9522f6
abd525946bc08b611cdaea130d2bd5ab52f66bcc28201d27767a3eb71d43d93c  /var/lib/containerd/io.containerd.content.v1.content/blobs/sha256/abd525946bc08b611cdaea130d2bd5ab52f66bcc28201d27767a3eb71d43d93c
dbee8923876474f660e4157360f60134f32278dc4d690510d5499e4b275f3d4b  /var/lib/containerd/io.containerd.content.v1.content/blobs/sha256/dbee8923876474f660e4157360f60134f32278dc4d690510d5499e4b275f3d4b
de8fc52be889071d8e906b4d1edea87381c65cbdee2160118f85ac04f893777c  /var/lib/containerd/io.containerd.content.v1.content/blobs/sha256/de8fc52be889071d8e906b4d1edea87381c65cbdee2160118f85ac04f893777c

$ ls /var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots /var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots/3
/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots:
1
2
3
%blank
/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots/3:
fs
work

$ find /var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots/2 /var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots/3
/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots/2
/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots/2/fs
/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots/2/fs/.dockerenv
/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots/2/fs/dev
/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots/2/fs/dev/console
/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots/2/fs/dev/pts
/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots/2/fs/dev/shm
/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots/2/fs/etc
/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots/2/fs/etc/hostname
/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots/2/fs/etc/hosts
/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots/2/fs/etc/mtab
/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots/2/fs/etc/resolv.conf
/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots/2/fs/proc
/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots/2/fs/sys
/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots/2/work
/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots/3
/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots/3/fs
/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots/3/fs/etc
/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots/3/fs/etc/group
/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots/3/fs/tmp
/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots/3/fs/tmp/greeting
/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots/3/work

$ ls -l /var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots/3/fs/etc; ls /var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots/1/fs
c--------- 1 root root     0, 0 group
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

$ find /var/lib/containerd -name greeting; cat $(find /var/lib/containerd -name greeting)
/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots/3/fs/tmp/greeting
hi

$ docker inspect -f '{{.Driver}} {{json .Storage}}' web
overlayfs {"RootFS":{"Snapshot":{"Name":"overlayfs"}}}

$ docker inspect -f '{{json .ImageManifestDescriptor}}' web; docker inspect -f '{{json .NetworkSettings}}' web
{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:de8fc52be889071d8e906b4d1edea87381c65cbdee2160118f85ac04f893777c","size":502,"platform":{"architecture":"amd64","os":"linux"}}
{"SandboxID":"","SandboxKey":"","Ports":{},"Networks":{"bridge":{"IPAMConfig":null,"Links":null,"Aliases":null,"DriverOpts":null,"GwPriority":0,"NetworkID":"cc0df56d7b83cec081a1b98d2240b6d3708bf985b00477603b4e570788f4e926","EndpointID":"514a88372cd69017f97cf2bcbf23e2c7e1038404f358716bd196772fb8f025c5","Gateway":"172.17.0.1","IPAddress":"172.17.0.2","MacAddress":"02:42:ac:11:00:02","IPPrefixLen":16,"IPv6Gateway":"","GlobalIPv6Address":"","GlobalIPv6PrefixLen":0,"DNSNames":null}}}

$ docker inspect -f '{{.GraphDriver.Data.UpperDir}}' web
%blank
! template parsing error: template: :1:14: executing "" at <.GraphDriver.Data.UpperDir>: map has no entry for key "GraphDriver"
[1]

$ docker pull -q alpine; docker run --name two alpine true; ls /var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots
docker.io/library/alpine:latest
1
2
3
4
5
6

$ touch /var/lib/containerd/x; rm -r /var/lib/containerd/io.containerd.content.v1.content; ls /var/lib/docker/overlay2
! touch: cannot touch '/var/lib/containerd/x': Read-only file system
! rm: cannot remove '/var/lib/containerd/io.containerd.content.v1.content/blobs/sha256/094133ce757174f289ff6df9169b7cc6f94e78587c3544150f610669ef050742': Read-only file system
! ls: cannot access '/var/lib/docker/overlay2': No such file or directory
[2]

$ docker rm -f web two; docker rmi busybox; ls /var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots; ls /var/lib/containerd/io.containerd.content.v1.content/blobs/sha256 | wc -l
web
two
Untagged: busybox:latest
Deleted: sha256:2e2c6dec3faf1f028542c7cfda022e18eac83963ab2032f841e8dfe21edd8fa1
4
7

$ docker pull -q busybox; ls /var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots
docker.io/library/busybox:latest
4
7

