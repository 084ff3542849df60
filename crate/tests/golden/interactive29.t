# Docker 29 counterpart of interactive.t: the same command lines, answered as Docker 29 with the
# containerd image store (interactive.t says what they exercise).
# Provenance (format and note keys: crate/tests/common/golden.rs). Blocks with no note:
# - Lines that Docker 29 prints as Docker 28 does: from the sources interactive.t's header and notes
#   name for them.
# - Where Docker 29 differs: image IDs (the record's target digest), sizes, `docker images`,
#   `pull`, `rmi`, `build`, `save`, `load`, `history`, `system df` and image `inspect`, as
#   store29.t, images29.t, pull29.t and build29.t cite them (moby docker-v29.7.2
#   daemon/containerd/, docker/cli v29.7.2); a container's `inspect` at API 1.55 and
#   `/var/lib`, as varlibcontainerd.t cites them; `version` and `info`, as
#   ../shared/REFERENCE-DOCKER29.md §6.
# - layerlab's own: as interactive.t's header says (the demo images, IDs, the simulated disk).
%docker 29
$ docker pull -q busybox
docker.io/library/busybox:latest

$ docker run -it --name box busybox sh

/ # echo hello from inside
hello from inside

/ # cd /tmp

/tmp # echo data > note.txt

/tmp # cat /tmp/note.txt
data

# docker: the shell's exit status is the container's and `docker run`'s
/tmp # exit 3
[3]

$ docker ps -a --format '{{.Names}} {{.Status}}'
box Exited (3) Less than a second ago

$ docker logs box | tr '\r' '~'
/ # echo hello from inside~
hello from inside~
/ # cd /tmp~
/tmp # echo data > note.txt~
/tmp # cat /tmp/note.txt~
data~
/tmp # exit 3~

$ docker diff box
C /tmp
A /tmp/note.txt

$ docker run -it --rm ubuntu bash
! Unable to find image 'ubuntu:latest' locally
! latest: Pulling from library/ubuntu
! 4781accb5a93: Pull complete
! Digest: sha256:1464ce045c65979221dc33f5c4bf43c51bdf3fc78de89b9cfcb87f8709f3275c
! Status: Downloaded newer image for ubuntu:latest

root@453ff06ad885:/# cd /etc

root@453ff06ad885:/etc# ^C

root@453ff06ad885:/etc# ^D
! exit

$ docker run -it --rm ubuntu sh

# exit

$ docker run -it --rm centos
! Unable to find image 'centos:latest' locally
! latest: Pulling from library/centos
! fd29b04fa126: Pull complete
! Digest: sha256:5e11784e06a40aaa7df34868ef762d959e5fd275b914635b31235092eacd0508
! Status: Downloaded newer image for centos:latest

[root@78a14c55719f /]# cd /etc

[root@78a14c55719f etc]# exit 0
! exit

$ docker run -dit --name bg busybox
efb59b569e3aa50e464d03118e47addb8c8b63a58a9f70d5fc68d59432c060c7

$ docker exec -it bg sh

/ # echo from exec > /tmp/x

/ # exit

$ docker ps --format '{{.Names}} {{.Status}}'
bg Up Less than a second

$ docker attach bg

cat /tmp/x
from exec

/ # exit 5
[5]

$ docker ps -a --format '{{.Names}} {{.Status}}'
bg Exited (5) Less than a second ago
box Exited (3) Less than a second ago

$ docker run -it --name keep busybox sh

# own: the line break after the keys (the terminal moves on to a new line)
/ # ^P^Q
%blank

$ docker ps --format '{{.Names}} {{.Status}}'
keep Up Less than a second

$ docker attach keep

echo back in keep
back in keep

/ # exit

$ docker attach bg
! You cannot attach to a stopped container, start it first
[1]

$ docker run --name nap busybox sleep 5

$ docker ps -a --format '{{.Names}} {{.Status}}'
nap Exited (0) Less than a second ago
keep Exited (0) 5 seconds ago
bg Exited (5) 5 seconds ago
box Exited (3) 5 seconds ago

$ docker run --name web nginx
/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration
/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/
/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh
10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf
10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf
/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh
/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh
/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh
/docker-entrypoint.sh: Configuration complete; ready for start up
! Unable to find image 'nginx:latest' locally
! latest: Pulling from library/nginx
! 0e0023e95df9: Pull complete
! 9bbbae080055: Pull complete
! 5875d1e42996: Pull complete
! b05d727baf2c: Pull complete
! 339302e3c22a: Pull complete
! 0caff3b727a2: Pull complete
! eea8893f8421: Pull complete
! Digest: sha256:e7012ab56ffae0a9ac0b6fb50e7a92203e95115d5e13b7aec7bf45fccc36222a
! Status: Downloaded newer image for nginx:latest
! 2026/01/01 00:00:05 [notice] 1#1: using the "epoll" event method
! 2026/01/01 00:00:05 [notice] 1#1: nginx/1.27.4
! 2026/01/01 00:00:05 [notice] 1#1: built by gcc 12.2.0 (Debian 12.2.0-14) 
! 2026/01/01 00:00:05 [notice] 1#1: OS: Linux 6.8.0-60-generic
! 2026/01/01 00:00:05 [notice] 1#1: getrlimit(RLIMIT_NOFILE): 1048576:1048576
! 2026/01/01 00:00:05 [notice] 1#1: start worker processes
! 2026/01/01 00:00:05 [notice] 1#1: start worker process 29
! 2026/01/01 00:00:05 [notice] 1#1: start worker process 30

^C
! 2026/01/01 00:00:05 [notice] 1#1: signal 2 (SIGINT) received, exiting
! 2026/01/01 00:00:05 [notice] 29#29: exiting
! 2026/01/01 00:00:05 [notice] 30#30: exiting
! 2026/01/01 00:00:05 [notice] 29#29: exit
! 2026/01/01 00:00:05 [notice] 30#30: exit
! 2026/01/01 00:00:05 [notice] 1#1: signal 17 (SIGCHLD) received from 29
! 2026/01/01 00:00:05 [notice] 1#1: worker process 29 exited with code 0
! 2026/01/01 00:00:05 [notice] 1#1: signal 17 (SIGCHLD) received from 30
! 2026/01/01 00:00:05 [notice] 1#1: worker process 30 exited with code 0
! 2026/01/01 00:00:05 [notice] 1#1: exit

$ docker ps -a --format '{{.Names}} {{.Status}}'
web Exited (0) Less than a second ago
nap Exited (0) Less than a second ago
keep Exited (0) 5 seconds ago
bg Exited (5) 5 seconds ago
box Exited (3) 5 seconds ago

$ docker run --name longnap busybox sleep infinity

^C
! layerlab: Docker forwarded SIGINT to the container, and sleep, as PID 1 with no handler for it, ignores it: Docker keeps waiting. Press Ctrl-C again to let go of the container (it keeps running; docker stop ends it).

^C
[130]

$ docker stop longnap
longnap

$ docker ps -a --format '{{.Names}} {{.Status}}'
longnap Exited (137) Less than a second ago
web Exited (0) 10 seconds ago
nap Exited (0) 10 seconds ago
keep Exited (0) 15 seconds ago
bg Exited (5) 15 seconds ago
box Exited (3) 15 seconds ago

