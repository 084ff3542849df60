# Docker 29's `docker build` into the containerd store: BuildKit's image exporter writes an
# OCI manifest of gzip layers and, with buildx's default provenance (mode=min), an
# attestation manifest and an index of the two, whose digest is the image ID; then it names
# and unpacks the image. `--provenance=false` leaves the attestation out: the ID is the
# manifest's.
# Provenance (format and note keys: crate/tests/common/golden.rs). Blocks with no note:
# - Docker 29 per ../shared/REFERENCE-DOCKER29.md §7 (BuildKit's containerimage exporter
#   lines: exporting manifest, config, attestation manifest, manifest list, naming to,
#   unpacking to) and §2 (the build's ID is the index's; buildx build/opt.go's provenance
#   default), moby docker-v29.7.2 daemon/containerd/image_list.go for the sizes.
# - layerlab's own: the demo images, every digest, size and time, and the provenance
#   statement's contents (BuildKit's names the build's materials and its invocation ID).
%docker 29

$ docker pull -q alpine
docker.io/library/alpine:latest

$ echo 'FROM alpine' > app/Dockerfile

$ echo 'RUN echo hi > /hi' >> app/Dockerfile

$ echo 'CMD ["cat", "/hi"]' >> app/Dockerfile

$ docker build -t app app
! #0 building with "default" instance using docker driver
! 
! #1 [internal] load build definition from Dockerfile
! #1 transferring dockerfile: 49B done
! #1 DONE 0.0s
! 
! #2 [internal] load metadata for docker.io/library/alpine:latest
! #2 DONE 0.0s
! 
! #3 [internal] load .dockerignore
! #3 transferring context: 2B done
! #3 DONE 0.0s
! 
! #4 [1/2] FROM docker.io/library/alpine:latest
! #4 DONE 0.0s
! 
! #5 [2/2] RUN echo hi > /hi
! #5 DONE 0.0s
! 
! #6 exporting to image
! #6 exporting layers 0.0s done
! #6 exporting manifest sha256:fc9e24a136d7382ecf1261304474c5d4f4718c3c8de6aa49e417119dfa77c0d2 done
! #6 exporting config sha256:cb47cdefdcc1a2c54c7296d0446a121ee13f58e681e363f78cdf535ff9068918 done
! #6 exporting attestation manifest sha256:4b05c496a55b0785946613695450a65169fce368407609e773d405927b8324b4 done
! #6 exporting manifest list sha256:647daf1cf355dd450dab81840cae638a0351c2de1dd8e07b7c44b3e13efbb547 done
! #6 naming to docker.io/library/app:latest done
! #6 unpacking to docker.io/library/app:latest done
! #6 DONE 0.0s
! 

$ docker images | cat
IMAGE           ID             DISK USAGE   CONTENT SIZE   EXTRA
alpine:latest   9934b5c66395        280kB         9.29kB        
app:latest      647daf1cf355        289kB         10.2kB        

$ docker image ls --tree | cat
IMAGE                   ID             DISK USAGE   CONTENT SIZE   EXTRA
alpine:latest           9934b5c66395        280kB         9.29kB        
├─ linux/amd64          17bcde3bfc8d        279kB         8.25kB        
├─ linux/arm/v7         9435b8b63bab           0B             0B        
├─ linux/arm64/v8       d6be5aebc1d9           0B             0B        
├─ linux/ppc64le        072fe4efc397           0B             0B        
└─ linux/s390x          a37aa063bef8           0B             0B        
%blank
app:latest              647daf1cf355        289kB         10.2kB        
└─ linux/amd64          fc9e24a136d7        287kB         8.85kB        
%blank

$ docker run --rm app
hi

$ docker inspect -f '{{.Id}} {{.Descriptor.mediaType}}' app
sha256:647daf1cf355dd450dab81840cae638a0351c2de1dd8e07b7c44b3e13efbb547 application/vnd.oci.image.index.v1+json

$ docker build -q --provenance=false -t app:bare app
sha256:fc9e24a136d7382ecf1261304474c5d4f4718c3c8de6aa49e417119dfa77c0d2

$ docker inspect -f '{{.Id}} {{.Descriptor.mediaType}}' app:bare
sha256:fc9e24a136d7382ecf1261304474c5d4f4718c3c8de6aa49e417119dfa77c0d2 application/vnd.oci.image.manifest.v1+json

$ docker history app | cat
IMAGE          CREATED                  CREATED BY                                      SIZE      COMMENT
647daf1cf355   Less than a second ago   CMD ["cat" "/hi"]                               0B        buildkit.dockerfile.v0
<missing>      Less than a second ago   RUN /bin/sh -c echo hi > /hi # buildkit         8.19kB    buildkit.dockerfile.v0
<missing>      11 months ago            CMD ["/bin/sh"]                                 0B        buildkit.dockerfile.v0
<missing>      11 months ago            LABEL dev.layerlab.demo=true org.opencontain…   0B        buildkit.dockerfile.v0
<missing>      11 months ago            ADD alpine-minirootfs-3.21.2-x86_64.tar.gz /…   270kB     buildkit.dockerfile.v0

