# Interactive containers: a shell entered with `docker run -it`, `docker exec -it` and
# `docker attach`, the prompt each image's shell prints, `exit` and Ctrl-D; containers
# held in the foreground until they end or Ctrl-C; `docker stop`'s timeout.
# The clock starts at 2026-01-01T00:00:00Z.
# Provenance (format and note keys: crate/tests/common/golden.rs). Blocks with no note:
# - Docker 28: docker/cli cli/command/container/run.go (attached streams, the exit status
#   of the container as the command's status), attach.go, exec.go; the prompts as the
#   images' shells print them for root (crate/src/container/sh/prompt.rs names the
#   sources: busybox ash's default PS1, dash's, Debian's /etc/bash.bashrc, CentOS's
#   /etc/bashrc); container hostnames are the first 12 hex digits of the ID (moby).
# - layerlab's own: the demo images (hence IDs and digests), the built-in applets' output
#   (busybox-like), container IDs and names.
$ docker pull -q busybox
docker.io/library/busybox:latest

# docker: run.go attaches stdin, stdout and stderr; busybox's ash prints `/ # ` for root
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

# docker: a TTY's log is what the terminal showed: prompts, echoed input, CR LF line
# ends (tr shows each CR as ~)
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

# docker: Debian's /etc/bash.bashrc prompt `\u@\h:\w\$ `; Ctrl-D makes bash say `exit`
$ docker run -it --rm ubuntu bash
! Unable to find image 'ubuntu:latest' locally
! latest: Pulling from library/ubuntu
! 4781accb5a93: Pull complete
! Digest: sha256:1464ce045c65979221dc33f5c4bf43c51bdf3fc78de89b9cfcb87f8709f3275c
! Status: Downloaded newer image for ubuntu:latest

root@cb8c044b2cda:/# cd /etc

root@cb8c044b2cda:/etc# ^C

root@cb8c044b2cda:/etc# ^D
! exit

# docker: dash, Debian's and Ubuntu's /bin/sh, prompts `# ` for root
$ docker run -it --rm ubuntu sh

# exit

# docker: CentOS's /etc/bashrc prompt `[\u@\h \W]\$ `
$ docker run -it --rm centos
! Unable to find image 'centos:latest' locally
! latest: Pulling from library/centos
! fd29b04fa126: Pull complete
! Digest: sha256:5e11784e06a40aaa7df34868ef762d959e5fd275b914635b31235092eacd0508
! Status: Downloaded newer image for centos:latest

[root@35b0798cac71 /]# cd /etc

[root@35b0798cac71 etc]# exit 0
! exit

# docker: -dit keeps the shell waiting on its TTY: the container stays up
$ docker run -dit --name bg busybox
b6e8a395d1aa07abb68b0c6bfa135bb81bbc99009deb8adcb37ccaae51a9d550

# docker: exec.go runs a second shell in the running container
$ docker exec -it bg sh

/ # echo from exec > /tmp/x

/ # exit

$ docker ps --format '{{.Names}} {{.Status}}'
bg Up Less than a second

# docker: attach.go; the shell printed its prompt before, so nothing shows until a line
# is typed
$ docker attach bg

cat /tmp/x
from exec

/ # exit 5
[5]

$ docker ps -a --format '{{.Names}} {{.Status}}'
bg Exited (5) Less than a second ago
box Exited (3) Less than a second ago

# docker: hijack.go: Docker's detach keys, Ctrl-P Ctrl-Q, let go of the terminal; the
# shell keeps running (run.go returns without an error)
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

# docker: attach.go refuses a stopped container
$ docker attach bg
! You cannot attach to a stopped container, start it first
[1]

# docker: run.go without -d waits for the container; `sleep 5` ends 5 seconds later
# (the transcript's clock moves on)
$ docker run --name nap busybox sleep 5

$ docker ps -a --format '{{.Names}} {{.Status}}'
nap Exited (0) Less than a second ago
keep Exited (0) 5 seconds ago
bg Exited (5) 5 seconds ago
box Exited (3) 5 seconds ago

# docker: run.go forwards Ctrl-C (SIGINT) to the container (ForwardAllSignals); nginx
# handles it (fast shutdown, exit 0) and logs its shutdown.
# unverified: the nginx notice lines' values (see processes.t)
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

# docker: sleep as PID 1 has no handler for SIGINT: the kernel drops it and Docker keeps
# waiting.
# own: the second Ctrl-C lets go of the container (layerlab's way out of a terminal
# Docker would keep; the container keeps running)
$ docker run --name longnap busybox sleep infinity

^C
! layerlab: Docker forwarded SIGINT to the container, and sleep, as PID 1 with no handler for it, ignores it: Docker keeps waiting. Press Ctrl-C again to let go of the container (it keeps running; docker stop ends it).

^C
[130]

# docker: stop.go / moby daemon/stop.go: SIGTERM is ignored by sleep as PID 1, so
# Docker waits the 10 s timeout and kills it (137)
$ docker stop longnap
longnap

$ docker ps -a --format '{{.Names}} {{.Status}}'
longnap Exited (137) Less than a second ago
web Exited (0) 10 seconds ago
nap Exited (0) 10 seconds ago
keep Exited (0) 15 seconds ago
bg Exited (5) 15 seconds ago
box Exited (3) 15 seconds ago

