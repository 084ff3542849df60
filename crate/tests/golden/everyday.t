# The everyday container commands: rename, pause/unpause, kill, published ports and
# `docker port`. The clock is 2026-01-01T00:00:00Z.
# Provenance (format and note keys: crate/tests/common/golden.rs). Blocks with no note:
# - Docker 28: `--help` texts and argument errors from a run of the real Docker 28.2.2 CLI;
#   the daemon's errors from moby v28.2.2 (daemon/rename.go, names.go, pause.go,
#   unpause.go, kill.go, exec.go, delete.go, errors.go, container/container.go
#   GetRunningTask), the client's lines from docker/cli v28.2.2 (cli/command/container/
#   rename.go, pause.go, unpause.go, kill.go, port.go: each name echoed on success, errors
#   joined after; `-p` parsing: go-connections nat.ParsePortSpec; the PORTS column:
#   formatter.DisplayablePorts; `Up ... (Paused)`: moby container/state.go String).
# - layerlab's own: the demo images, container IDs and generated names (see containers.t);
#   random host ports, taken in order from 32768 (the start of Linux's ephemeral range,
#   which Docker's port allocator uses) over the session, so they are reproducible; the
#   exit status a signal gives (128 + its number; the image's STOPSIGNAL gives 0, as
#   `docker stop` does in layerlab; CHLD, CONT, URG, WINCH, STOP, TSTP, TTIN, TTOU leave
#   the container running), where a real program may handle or ignore the signal.
$ docker pull -q nginx
docker.io/library/nginx:latest

$ docker rename --help
Usage:  docker rename CONTAINER NEW_NAME
%blank
Rename a container
%blank
Aliases:
  docker container rename, docker rename

Rename a container

Aliases:
  docker container rename, docker rename

$ docker container rename --help
Usage:  docker container rename CONTAINER NEW_NAME
%blank
Rename a container
%blank
Aliases:
  docker container rename, docker rename

Rename a container

Aliases:
  docker container rename, docker rename

$ docker rename a
! docker: 'docker rename' requires 2 arguments
! 
! Usage:  docker rename CONTAINER NEW_NAME
! 
! Run 'docker rename --help' for more information
[1]

$ docker run -d --name web -p 8080:80 nginx
5378e2a93b59ac88c8ff659c80aa6d57dbb1cddcff4cdf44c66d8498cfcdd9e7

$ docker rename nope web2
! Error response from daemon: No such container: nope
! Error: failed to rename container named nope
[1]

$ docker rename web web
! Error response from daemon: Renaming a container with the same name as its current name
! Error: failed to rename container named web
[1]

$ docker rename web 'my web'
! Error response from daemon: Error when allocating new name: Invalid container name (/my web), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed
! Error: failed to rename container named web
[1]

$ docker rename web ' '
! Error: Neither old nor new names may be empty
[1]

$ docker run -d --name other nginx
f1f7925746ee3270b2b91d56942ccfff5aa8728bfa69f4863417a75ea0e028d7

$ docker rename web other
! Error response from daemon: Error when allocating new name: Conflict. The container name "/other" is already in use by container "f1f7925746ee3270b2b91d56942ccfff5aa8728bfa69f4863417a75ea0e028d7". You have to remove (or rename) that container to be able to reuse that name.
! Error: failed to rename container named web
[1]

$ docker rename other sleeper

$ docker ps
CONTAINER ID   IMAGE     COMMAND                  CREATED                  STATUS                  PORTS                                     NAMES
f1f7925746ee   nginx     "/docker-entrypoint.…"   Less than a second ago   Up Less than a second   80/tcp                                    sleeper
5378e2a93b59   nginx     "/docker-entrypoint.…"   Less than a second ago   Up Less than a second   0.0.0.0:8080->80/tcp, [::]:8080->80/tcp   web

$ docker port web
80/tcp -> 0.0.0.0:8080
80/tcp -> [::]:8080

$ docker port web 80
0.0.0.0:8080
[::]:8080

$ docker port web 80/udp
! Error: No public port '80/udp' published for web
[1]

$ docker port web abc
! Error: invalid port (abc): strconv.ParseUint: parsing "abc": invalid syntax
[1]

$ docker port sleeper

$ docker port
! docker: 'docker port' requires at least 1 and at most 2 arguments
! 
! Usage:  docker port CONTAINER [PRIVATE_PORT[/PROTO]]
! 
! Run 'docker port --help' for more information
[1]

$ docker port --help
Usage:  docker port CONTAINER [PRIVATE_PORT[/PROTO]]
%blank
List port mappings or a specific mapping for the container
%blank
Aliases:
  docker container port, docker port

# own: the random host port 32768 and the next one, 32769 (see the header)
$ docker run -d --name multi -p 127.0.0.1:9000:443/udp -p 80 -p 8000-8001:81-82 nginx
36f552b2b86525d06e80ac0cdb7f08e118a4e31735f8c222a778272f0aedde33

$ docker run -d --name all -P nginx
b331fc7097a8bc3b3dea9f870fdf7ad50aece16a973a4ca1af2b7787a6ca1669

$ docker ps --format '{{.Names}}: {{.Ports}}'
all: 0.0.0.0:32769->80/tcp, [::]:32769->80/tcp
multi: 0.0.0.0:32768->80/tcp, [::]:32768->80/tcp, 0.0.0.0:8000->81/tcp, [::]:8000->81/tcp, 0.0.0.0:8001->82/tcp, [::]:8001->82/tcp, 127.0.0.1:9000->443/udp
sleeper: 80/tcp
web: 0.0.0.0:8080->80/tcp, [::]:8080->80/tcp

$ docker port multi
80/tcp -> 0.0.0.0:32768
80/tcp -> [::]:32768
81/tcp -> 0.0.0.0:8000
81/tcp -> [::]:8000
82/tcp -> 0.0.0.0:8001
82/tcp -> [::]:8001
443/udp -> 127.0.0.1:9000

$ docker inspect -f '{{json .HostConfig.PortBindings}}' multi
{"443/udp":[{"HostIp":"127.0.0.1","HostPort":"9000"}],"80/tcp":[{"HostIp":"","HostPort":""}],"81/tcp":[{"HostIp":"","HostPort":"8000"}],"82/tcp":[{"HostIp":"","HostPort":"8001"}]}

$ docker inspect -f '{{json .NetworkSettings.Ports}} {{.HostConfig.PublishAllPorts}}' all
{"80/tcp":[{"HostIp":"0.0.0.0","HostPort":"32769"},{"HostIp":"::","HostPort":"32769"}]} true

$ docker run -d -p abc nginx
! docker: invalid containerPort: abc
! 
! Run 'docker run --help' for more information
[125]

$ docker create -p 99999:80 nginx
! docker: invalid hostPort: 99999
! 
! Run 'docker create --help' for more information
[125]

$ docker run -d -p 80/xyz nginx
! docker: invalid proto: xyz
! 
! Run 'docker run --help' for more information
[125]

$ docker pause --help
Usage:  docker pause CONTAINER [CONTAINER...]
%blank
Pause all processes within one or more containers
%blank
Aliases:
  docker container pause, docker pause

$ docker pause
! docker: 'docker pause' requires at least 1 argument
! 
! Usage:  docker pause CONTAINER [CONTAINER...]
! 
! See 'docker pause --help' for more information
[1]

$ docker pause web
web

$ docker pause web
! Error response from daemon: Container 5378e2a93b59ac88c8ff659c80aa6d57dbb1cddcff4cdf44c66d8498cfcdd9e7 is already paused
[1]

$ docker ps --format '{{.Names}}: {{.Status}}'
all: Up Less than a second
multi: Up Less than a second
sleeper: Up Less than a second
web: Up Less than a second (Paused)

$ docker inspect -f '{{.State.Status}} {{.State.Paused}} {{.State.Running}}' web
paused true true

$ docker exec web ls /
! Error response from daemon: Container web is paused, unpause the container before exec
[1]

$ docker start web
! Error response from daemon: cannot start a paused container, try unpause instead
! Error: failed to start containers: web
[1]

$ docker rm web
! Error response from daemon: cannot remove container "/web": container is paused and must be unpaused first
[1]

$ docker unpause --help
Usage:  docker unpause CONTAINER [CONTAINER...]
%blank
Unpause all processes within one or more containers
%blank
Aliases:
  docker container unpause, docker unpause

$ docker unpause web sleeper nope
web
! Error response from daemon: Container f1f7925746ee3270b2b91d56942ccfff5aa8728bfa69f4863417a75ea0e028d7 is not paused
! Error response from daemon: No such container: nope
[1]

$ docker inspect -f '{{.State.Status}} {{.State.Paused}}' web
running false

$ docker kill --help
Usage:  docker kill [OPTIONS] CONTAINER [CONTAINER...]
%blank
Kill one or more running containers
%blank
Aliases:
  docker container kill, docker kill
%blank
Options:
  -s, --signal string   Signal to send to the container

$ docker kill
! docker: 'docker kill' requires at least 1 argument
! 
! Usage:  docker kill [OPTIONS] CONTAINER [CONTAINER...]
! 
! See 'docker kill --help' for more information
[1]

$ docker kill -s
! flag needs an argument: 's' in -s
! 
! Usage:  docker kill [OPTIONS] CONTAINER [CONTAINER...]
! 
! Run 'docker kill --help' for more information
[125]

$ docker kill -s FOO web
! Error response from daemon: invalid signal: FOO
[1]

$ docker kill -s 99 web
! Error response from daemon: the linux daemon does not support signal 99
[1]

# own: the exit statuses after kill are layerlab's choice (see the header)
$ docker kill -s TERM web
web

$ docker kill all multi
all
multi

$ docker kill all
! Error response from daemon: container b331fc7097a8bc3b3dea9f870fdf7ad50aece16a973a4ca1af2b7787a6ca1669 is not running
[1]

$ docker run -d --name paused nginx
dd8593b114766f92f31ffe43202da39e02bcd27a54a9a525a6d6e1c20b5b5309

$ docker pause paused
paused

$ docker kill paused
paused

$ docker ps -a --format '{{.Names}}\t{{.Status}}\t{{.Ports}}'
paused	Exited (137) Less than a second ago	
all	Exited (137) Less than a second ago	
multi	Exited (137) Less than a second ago	
sleeper	Up Less than a second	80/tcp
web	Exited (143) Less than a second ago	

$ docker port web

$ docker inspect -f '{{.State.ExitCode}} {{json .NetworkSettings.Ports}}' web
143 {}

$ docker container pause sleeper
sleeper

$ docker container unpause sleeper
sleeper

$ docker container kill sleeper
sleeper

$ docker container port sleeper

$ docker container rename sleeper napper

$ docker ps -a --format '{{.Names}}'
paused
all
multi
napper
web

