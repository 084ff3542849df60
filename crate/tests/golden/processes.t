# Processes that keep running, and those that finish. The clock starts at
# 2026-01-01T00:00:00Z; `%now` lines move it, as time passing does in the page.
# Provenance (format and note keys: crate/tests/common/golden.rs). Blocks with no note:
# - Docker 28: the ps table and status texts (moby container/state.go String,
#   docker/cli formatter); `docker run -d` printing the ID (docker/cli v28.2.2
#   cli/command/container/run.go runContainer); stop/kill/rm echoing the names as given
#   (docker/cli cli/command/container/stop.go, kill.go, rm.go).
# - layerlab's own: the demo images, container IDs and generated names (see containers.t);
#   which main processes keep running and how they take signals, decided from the command
#   as the real program would behave (crate/src/container/process.rs): `sleep N` runs until
#   the clock passes N seconds; `sh` without a TTY or open stdin reads end of file and exits
#   0; with `-t` or `-i` it waits; sleep, sh and tail as PID 1 ignore SIGTERM (Linux drops a
#   signal PID 1 has no handler for), so `docker stop` kills them after its timeout (137).
$ docker pull -q busybox
docker.io/library/busybox:latest

# docker: the greeting is docker-library/hello-world's hello.c (amd64), as `docker run
# hello-world` prints it; the pull lines go to stderr as in containers.t
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

# docker: a name needs two characters (moby daemon/names validContainerNamePattern
# `[a-zA-Z0-9][a-zA-Z0-9_.-]+`)
$ docker run -d --name s busybox sleep 3600
! docker: Error response from daemon: Invalid container name (s), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed.
! 
! Run 'docker run --help' for more information
[125]

$ docker run -d --name sleeper busybox sleep 3600
0db851dc0cd93987eb7ad07c8a82fe0a8f9d5006b0cb8ae6c5d635ea100d6abc

$ docker run -d --name once busybox
e8927414d56250e749ecc4450bd40e8d17618318c4b953ca97e806991da16f8f

$ docker run -dit --name shell busybox
61f84822a99f9523ac3787ca03cae460586e94e8a57f0885beaf5f1cc7a03b79

$ docker run -d --name nap busybox sleep 5
b6e8a395d1aa07abb68b0c6bfa135bb81bbc99009deb8adcb37ccaae51a9d550

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
peaceful_visvesvaraya	Exited (0) 10 seconds ago

$ docker run -d --rm --name gone busybox sleep 1
420d7d75c8ea19ca89848ab004f56962f76ec17fe18169ddfbceb43cc8b7df2b

%now 2026-01-01T00:00:12Z
$ docker ps -a --format '{{.Names}}\t{{.Status}}'
nap	Exited (0) 7 seconds ago
shell	Up 12 seconds
once	Exited (0) 12 seconds ago
sleeper	Up 12 seconds
peaceful_visvesvaraya	Exited (0) 12 seconds ago

$ docker inspect -f '{{.State.Status}} {{.State.ExitCode}} {{.State.FinishedAt}}' nap
exited 0 2026-01-01T00:00:05Z

# docker: the greeting as hello-world wrote it (docker/cli logs.go prints the stored lines)
$ docker logs --tail 3 peaceful_visvesvaraya
For more examples and ideas, visit:
 https://docs.docker.com/get-started/
%blank

# own: the times are the session clock's; docker: RFC3339NanoFixed timestamps (moby
# daemon/logger/jsonfilelog, docker/cli logs.go -t)
$ docker run --name greet busybox echo hello
hello

$ docker logs -t greet
2026-01-01T00:00:12.000000000Z hello

# docker: nginxinc/docker-nginx entrypoint/docker-entrypoint.sh and
# 10-listen-on-ipv6-by-default.sh print these lines before nginx starts
$ docker run -d --name web nginx
522d2b39c000e90439fee48b304aad7aa4583905a1a95fd50a6db82631f6a461
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

# docker: `docker logs` writes what the container wrote to stderr on stderr (the
# json-file log keeps the stream); nginx's error log is linked to /dev/stderr in the
# image (nginxinc/docker-nginx Dockerfile).
# unverified: the notice lines' values (nginx 1.27.4's startup notices as nginx src/core/nginx.c and
# src/os/unix/ngx_process_cycle.c print them; kernel, limits and worker PIDs assumed)
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

