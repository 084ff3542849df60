# Docker 29 counterpart of processes.t: the same command lines, answered as Docker 29 with the
# containerd image store (processes.t says what they exercise).
# Provenance (format and note keys: crate/tests/common/golden.rs). Blocks with no note:
# - Lines that Docker 29 prints as Docker 28 does: from the sources processes.t's header and notes
#   name for them.
# - Where Docker 29 differs: image IDs (the record's target digest), sizes, `docker images`,
#   `pull`, `rmi`, `build`, `save`, `load`, `history`, `system df` and image `inspect`, as
#   store29.t, images29.t, pull29.t and build29.t cite them (moby docker-v29.7.2
#   daemon/containerd/, docker/cli v29.7.2); a container's `inspect` at API 1.55 and
#   `/var/lib`, as varlibcontainerd.t cites them; `version` and `info`, as
#   ../shared/REFERENCE-DOCKER29.md §6.
# - layerlab's own: as processes.t's header says (the demo images, IDs, the simulated disk).
%docker 29
$ docker pull -q busybox
docker.io/library/busybox:latest

$ docker run hello-world
%blank
Hello from Docker!
This message shows that your installation appears to be working correctly.
%blank
To generate this message, Docker took the following steps:
 1. The Docker client contacted the Docker daemon.
 2. The Docker daemon pulled the "hello-world" image from the Docker Hub.
    (amd64)
 3. The Docker daemon created a new container from that image which runs the
    executable that produces the output you are currently reading.
 4. The Docker daemon streamed that output to the Docker client, which sent it
    to your terminal.
%blank
To try something more ambitious, you can run an Ubuntu container with:
 $ docker run -it ubuntu bash
%blank
Share images, automate workflows, and more with a free Docker ID:
 https://hub.docker.com/
%blank
For more examples and ideas, visit:
 https://docs.docker.com/get-started/
%blank
! Unable to find image 'hello-world:latest' locally
! latest: Pulling from library/hello-world
! 3a699549f36a: Pull complete
! Digest: sha256:b3c81be9e126b8f6012e943f813880ae149bea2b06a5dacfb6bd2c14e510f67f
! Status: Downloaded newer image for hello-world:latest

$ docker run -d --name s busybox sleep 3600
! docker: Error response from daemon: Invalid container name (s), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed.
! 
! Run 'docker run --help' for more information
[125]

$ docker run -d --name sleeper busybox sleep 3600
53c0d605e1286f60899947776d502473b7ff60b9102fcaf66762416a6dfb7db3

$ docker run -d --name once busybox
be390292d18ce801f908893e4c8bd46ef781e1b93f13d99cc58edc83538e79f7

$ docker run -dit --name shell busybox
d14e8c825070661eb8c66db8058241cfb389a94ff50fb2549fd2f5838038b35b

$ docker run -d --name nap busybox sleep 5
efb59b569e3aa50e464d03118e47addb8c8b63a58a9f70d5fc68d59432c060c7

$ docker ps --format '{{.Names}}\t{{.Command}}\t{{.Status}}'
nap	"sleep 5"	Up Less than a second
shell	"sh"	Up Less than a second
sleeper	"sleep 3600"	Up Less than a second

$ docker exec shell echo inside
inside

%now 2026-01-01T00:00:10Z
$ docker ps -a --format '{{.Names}}\t{{.Status}}'
nap	Exited (0) 5 seconds ago
shell	Up 10 seconds
once	Exited (0) 10 seconds ago
sleeper	Up 10 seconds
jovial_khorana	Exited (0) 10 seconds ago

$ docker run -d --rm --name gone busybox sleep 1
8b1c04e01b2c4048adee20373763ba7863aa03bf73dd48ff432d191e9c3635a0

%now 2026-01-01T00:00:12Z
$ docker ps -a --format '{{.Names}}\t{{.Status}}'
nap	Exited (0) 7 seconds ago
shell	Up 12 seconds
once	Exited (0) 12 seconds ago
sleeper	Up 12 seconds
jovial_khorana	Exited (0) 12 seconds ago

$ docker inspect -f '{{.State.Status}} {{.State.ExitCode}} {{.State.FinishedAt}}' nap
exited 0 2026-01-01T00:00:05Z

$ docker logs --tail 3 jovial_khorana
For more examples and ideas, visit:
 https://docs.docker.com/get-started/
%blank

$ docker run --name greet busybox echo hello
hello

$ docker logs -t greet
2026-01-01T00:00:12.000000000Z hello

$ docker run -d --name web nginx
af8da7a75aabdc49cd34926b791f628ad1ce7baba5c502588093fa8ca8a4bee7
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

$ docker logs web
/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration
/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/
/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh
10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf
10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf
/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh
/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh
/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh
/docker-entrypoint.sh: Configuration complete; ready for start up
! 2026/01/01 00:00:12 [notice] 1#1: using the "epoll" event method
! 2026/01/01 00:00:12 [notice] 1#1: nginx/1.27.4
! 2026/01/01 00:00:12 [notice] 1#1: built by gcc 12.2.0 (Debian 12.2.0-14) 
! 2026/01/01 00:00:12 [notice] 1#1: OS: Linux 6.8.0-60-generic
! 2026/01/01 00:00:12 [notice] 1#1: getrlimit(RLIMIT_NOFILE): 1048576:1048576
! 2026/01/01 00:00:12 [notice] 1#1: start worker processes
! 2026/01/01 00:00:12 [notice] 1#1: start worker process 29
! 2026/01/01 00:00:12 [notice] 1#1: start worker process 30

$ docker logs --since 2026-01-01T00:00:13Z web

