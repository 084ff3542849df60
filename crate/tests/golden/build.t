# docker build: a learner writes a small site and its Dockerfile with echo, builds it,
# rebuilds it from the cache, reads its history, runs it, and breaks the build.
# The clock is 2026-01-01T00:00:00Z.
# Provenance (format and note keys: crate/tests/common/golden.rs). Blocks with no note:
# - Docker 28 per ../shared/REFERENCE.md "Dockerfiles" (moby/buildkit frontend/dockerfile):
#   the history rows of the build (`RUN /bin/sh -c ... # buildkit`, `COPY index.html . #
#   buildkit`, `WORKDIR /www`, `EXPOSE map[80/tcp:{}]`, `CMD ["httpd" ...]`, comment
#   buildkit.dockerfile.v0), which steps make layers; "CLI output": the images and history
#   tables; REFERENCE-DOCKER29.md §7: the classic store's `writing image sha256:<id> done`.
# - unverified (meant to be BuildKit's plain progress as Docker 28 prints it; no source found
#   for the rest): the `#N` step lines, `[internal]` steps, `transferring` sizes, CACHED, the
#   error frame (`------`, the Dockerfile excerpt, `ERROR: failed to build: failed to solve:`)
#   and `build -q` printing the image ID.
# - layerlab's own: the timings (0.0s, 0.000: the fixed clock); the context ref name
#   `layerlab::context` (BuildKit names a random ref); `sh: apt-get: not found` (the
#   built-in busybox-like shell); the demo busybox image's rows, ID and sizes; the built-in
#   shell's echo and cat; `$(date +%F)` from the fixed clock.
# unverified: that -q prints only the reference (REFERENCE.md gives it as pull's last line)
$ docker pull -q busybox
docker.io/library/busybox:latest

$ echo '<h1>Hello from layerlab</h1>' > site/index.html

$ echo 'FROM busybox' > site/Dockerfile

$ echo 'WORKDIR /www' >> site/Dockerfile

$ echo 'COPY index.html .' >> site/Dockerfile

$ echo 'RUN echo built on $(date +%F) > built.txt' >> site/Dockerfile

$ echo 'EXPOSE 80' >> site/Dockerfile

$ echo 'CMD ["httpd", "-f", "-p", "80", "-h", "/www"]' >> site/Dockerfile

$ cat site/Dockerfile
FROM busybox
WORKDIR /www
COPY index.html .
RUN echo built on $(date +%F) > built.txt
EXPOSE 80
CMD ["httpd", "-f", "-p", "80", "-h", "/www"]

$ docker build -t site:1 site
! #0 building with "default" instance using docker driver
! 
! #1 [internal] load build definition from Dockerfile
! #1 transferring dockerfile: 142B done
! #1 DONE 0.0s
! 
! #2 [internal] load metadata for docker.io/library/busybox:latest
! #2 DONE 0.0s
! 
! #3 [internal] load .dockerignore
! #3 transferring context: 2B done
! #3 DONE 0.0s
! 
! #4 [1/4] FROM docker.io/library/busybox:latest
! #4 DONE 0.0s
! 
! #5 [internal] load build context
! #5 transferring context: 29B done
! #5 DONE 0.0s
! 
! #6 [2/4] WORKDIR /www
! #6 DONE 0.0s
! 
! #7 [3/4] COPY index.html .
! #7 DONE 0.0s
! 
! #8 [4/4] RUN echo built on $(date +%F) > built.txt
! #8 DONE 0.0s
! 
! #9 exporting to image
! #9 exporting layers 0.0s done
! #9 writing image sha256:d96859007f1a4cc1679f586b3b3be8655d2fce940def832b8544698590aa4df7 done
! #9 naming to docker.io/library/site:1 done
! #9 DONE 0.0s
! 

$ docker build -t site:1 site
! #0 building with "default" instance using docker driver
! 
! #1 [internal] load build definition from Dockerfile
! #1 transferring dockerfile: 142B done
! #1 DONE 0.0s
! 
! #2 [internal] load metadata for docker.io/library/busybox:latest
! #2 DONE 0.0s
! 
! #3 [internal] load .dockerignore
! #3 transferring context: 2B done
! #3 DONE 0.0s
! 
! #4 [1/4] FROM docker.io/library/busybox:latest
! #4 DONE 0.0s
! 
! #5 [internal] load build context
! #5 transferring context: 29B done
! #5 DONE 0.0s
! 
! #6 [2/4] WORKDIR /www
! #6 CACHED
! 
! #7 [3/4] COPY index.html .
! #7 CACHED
! 
! #8 [4/4] RUN echo built on $(date +%F) > built.txt
! #8 CACHED
! 
! #9 exporting to image
! #9 exporting layers done
! #9 writing image sha256:d96859007f1a4cc1679f586b3b3be8655d2fce940def832b8544698590aa4df7 done
! #9 naming to docker.io/library/site:1 done
! #9 DONE 0.0s
! 

$ docker images site
REPOSITORY   TAG       IMAGE ID       CREATED                  SIZE
site         1         d96859007f1a   Less than a second ago   954B

$ docker history site:1
IMAGE          CREATED                  CREATED BY                                      SIZE      COMMENT
d96859007f1a   Less than a second ago   CMD ["httpd" "-f" "-p" "80" "-h" "/www"]        0B        buildkit.dockerfile.v0
<missing>      Less than a second ago   EXPOSE map[80/tcp:{}]                           0B        buildkit.dockerfile.v0
<missing>      Less than a second ago   RUN /bin/sh -c echo built on $(date +%F) > b…   20B       buildkit.dockerfile.v0
<missing>      Less than a second ago   COPY index.html . # buildkit                    29B       buildkit.dockerfile.v0
<missing>      Less than a second ago   WORKDIR /www                                    0B        buildkit.dockerfile.v0
<missing>      15 months ago            CMD ["sh"]                                      0B        buildkit.dockerfile.v0
<missing>      15 months ago            LABEL dev.layerlab.demo=true org.opencontain…   0B        buildkit.dockerfile.v0
<missing>      15 months ago            ADD busybox.tar.xz / # buildkit                 905B      buildkit.dockerfile.v0

$ docker run --rm site:1 cat /www/index.html /www/built.txt
<h1>Hello from layerlab</h1>
built on 2026-01-01

$ echo '<h1>Hello again</h1>' > site/index.html

$ docker build -q -t site:2 site
sha256:cafb6be09d7f4b7e2ad777ff920b9178a22a1f80eb6d515d25d31be654e8dcf7

$ echo 'RUN apt-get update && apt-get install -y curl' >> site/Dockerfile

$ docker build -t site:3 site
! #0 building with "default" instance using docker driver
! 
! #1 [internal] load build definition from Dockerfile
! #1 transferring dockerfile: 188B done
! #1 DONE 0.0s
! 
! #2 [internal] load metadata for docker.io/library/busybox:latest
! #2 DONE 0.0s
! 
! #3 [internal] load .dockerignore
! #3 transferring context: 2B done
! #3 DONE 0.0s
! 
! #4 [1/5] FROM docker.io/library/busybox:latest
! #4 DONE 0.0s
! 
! #5 [internal] load build context
! #5 transferring context: 21B done
! #5 DONE 0.0s
! 
! #6 [2/5] WORKDIR /www
! #6 CACHED
! 
! #7 [3/5] COPY index.html .
! #7 CACHED
! 
! #8 [4/5] RUN echo built on $(date +%F) > built.txt
! #8 CACHED
! 
! #9 [5/5] RUN apt-get update && apt-get install -y curl
! #9 0.000 sh: apt-get: not found
! #9 ERROR: process "/bin/sh -c apt-get update && apt-get install -y curl" did not complete successfully: exit code: 127
! ------
!  > [5/5] RUN apt-get update && apt-get install -y curl:
! 0.000 sh: apt-get: not found
! ------
! Dockerfile:7
! --------------------
!    5 |     EXPOSE 80
!    6 |     CMD ["httpd", "-f", "-p", "80", "-h", "/www"]
!    7 | >>> RUN apt-get update && apt-get install -y curl
!    8 |     
! --------------------
! ERROR: failed to build: failed to solve: process "/bin/sh -c apt-get update && apt-get install -y curl" did not complete successfully: exit code: 127
[1]

$ echo 'FROM busybox' > broken/Dockerfile

$ echo 'COPY style.css /www/' >> broken/Dockerfile

$ docker build broken
! #0 building with "default" instance using docker driver
! 
! #1 [internal] load build definition from Dockerfile
! #1 transferring dockerfile: 34B done
! #1 DONE 0.0s
! 
! #2 [internal] load metadata for docker.io/library/busybox:latest
! #2 DONE 0.0s
! 
! #3 [internal] load .dockerignore
! #3 transferring context: 2B done
! #3 DONE 0.0s
! 
! #4 [1/2] FROM docker.io/library/busybox:latest
! #4 DONE 0.0s
! 
! #5 [internal] load build context
! #5 transferring context: 0B done
! #5 DONE 0.0s
! 
! #6 [2/2] COPY style.css /www/
! #6 ERROR: failed to calculate checksum of ref layerlab::context: "/style.css": not found
! ------
!  > [2/2] COPY style.css /www/:
! ------
! Dockerfile:2
! --------------------
!    1 |     FROM busybox
!    2 | >>> COPY style.css /www/
!    3 |     
! --------------------
! ERROR: failed to build: failed to solve: failed to calculate checksum of ref layerlab::context: "/style.css": not found
[1]

# unverified: the parse error's text (BuildKit's "did you mean" hint is not checked here)
$ echo 'FORM busybox' > typo/Dockerfile

$ docker build typo
! #0 building with "default" instance using docker driver
! 
! #1 [internal] load build definition from Dockerfile
! #1 transferring dockerfile: 13B done
! #1 DONE 0.0s
! 
! Dockerfile:1
! --------------------
!    1 | >>> FORM busybox
!    2 |     
! --------------------
! ERROR: failed to build: failed to solve: dockerfile parse error on line 1: unknown instruction: FORM (did you mean FROM?)
[1]

