# Docker 29 counterpart of everyday.t: the same command lines, answered as Docker 29 with the
# containerd image store (everyday.t says what they exercise).
# Provenance (format and note keys: crate/tests/common/golden.rs). Blocks with no note:
# - Lines that Docker 29 prints as Docker 28 does: from the sources everyday.t's header and notes
#   name for them.
# - Where Docker 29 differs: image IDs (the record's target digest), sizes, `docker images`,
#   `pull`, `rmi`, `build`, `save`, `load`, `history`, `system df` and image `inspect`, as
#   store29.t, images29.t, pull29.t and build29.t cite them (moby docker-v29.7.2
#   daemon/containerd/, docker/cli v29.7.2); a container's `inspect` at API 1.55 and
#   `/var/lib`, as varlibcontainerd.t cites them; `version` and `info`, as
#   ../shared/REFERENCE-DOCKER29.md §6.
# - layerlab's own: as everyday.t's header says (the demo images, IDs, the simulated disk).
%docker 29
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
4795a7e8c9b104b5116f7937f8fb5a1e941dac5773c2b57cb7152a247fde975d

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
2c86226eaf27f8dce5f6edaa8e50cd3de277f91973f51f125c05b5153765343c

$ docker rename web other
! Error response from daemon: Error when allocating new name: Conflict. The container name "/other" is already in use by container "2c86226eaf27f8dce5f6edaa8e50cd3de277f91973f51f125c05b5153765343c". You have to remove (or rename) that container to be able to reuse that name.
! Error: failed to rename container named web
[1]

$ docker rename other sleeper

$ docker ps
CONTAINER ID   IMAGE     COMMAND                  CREATED                  STATUS                  PORTS                                     NAMES
2c86226eaf27   nginx     "/docker-entrypoint.…"   Less than a second ago   Up Less than a second   80/tcp                                    sleeper
4795a7e8c9b1   nginx     "/docker-entrypoint.…"   Less than a second ago   Up Less than a second   0.0.0.0:8080->80/tcp, [::]:8080->80/tcp   web

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

$ docker run -d --name multi -p 127.0.0.1:9000:443/udp -p 80 -p 8000-8001:81-82 nginx
fd89a2fa4b32aa3722c8651388e74c97f0f3fc296f735f452bfea67f8edc980c

$ docker run -d --name all -P nginx
6a545ce01e0c38d580d2c1b39086a9f46d3a377373ca316e3076b5a9d17a1a18

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
! Error response from daemon: Container 4795a7e8c9b104b5116f7937f8fb5a1e941dac5773c2b57cb7152a247fde975d is already paused
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
! Error response from daemon: Container 2c86226eaf27f8dce5f6edaa8e50cd3de277f91973f51f125c05b5153765343c is not paused
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

$ docker kill -s TERM web
web

$ docker kill all multi
all
multi

$ docker kill all
! Error response from daemon: container 6a545ce01e0c38d580d2c1b39086a9f46d3a377373ca316e3076b5a9d17a1a18 is not running
[1]

$ docker run -d --name paused nginx
eb3629913eb6233b829db9be20a1c721582268c4d086ed94b593a734fe49b6c0

$ docker pause paused
paused

$ docker kill paused
paused

$ docker ps -a --format '{{.Names}}\t{{.Status}}\t{{.Ports}}'
paused	Exited (137) Less than a second ago	
all	Exited (137) Less than a second ago	
multi	Exited (137) Less than a second ago	
sleeper	Up Less than a second	80/tcp
web	Exited (0) Less than a second ago	

$ docker port web

$ docker inspect -f '{{.State.ExitCode}} {{json .NetworkSettings.Ports}}' web
0 {}

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

$ docker version --help
Usage:  docker version [OPTIONS]
%blank
Show the Docker version information
%blank
Options:
  -f, --format string   Format output using a custom template:
                        'json':             Print in JSON format
                        'TEMPLATE':         Print output using the given
                        Go template.
                        Refer to https://docs.docker.com/go/formatting/
                        for more information about formatting output with
                        templates

$ docker version x
! docker: 'docker version' accepts no arguments
! 
! Usage:  docker version [OPTIONS]
! 
! Run 'docker version --help' for more information
[1]

$ docker version
Client:
 Version:           29.7.2
 API version:       1.55
 Go version:        go1.26.5
 Git commit:        a7dcaa6
 Built:             Wed Aug  5 17:34:15 2026
 OS/Arch:           linux/amd64
 Context:           default
%blank
Server:
 Engine:
  Version:          29.7.2
  API version:      1.55 (minimum version 1.40)
  Go version:       go1.26.5
  Git commit:       6a43e3d
  Built:            Wed Aug  5 18:24:27 2026
  OS/Arch:          linux/amd64
  Experimental:     false
 containerd:
  Version:          v2.3.3
  GitCommit:        aad11006b869517fcd3009450b6f82da282e1a9b
 runc:
  Version:          1.4.3
  GitCommit:        v1.4.3-0-gbb14dab
 docker-init:
  Version:          0.19.0
  GitCommit:        de40ad0

$ docker version -f '{{.Client.Version}} {{.Client.APIVersion}} {{.Server.Version}}'
29.7.2 1.55 29.7.2

$ docker version -f json
{"Client":{"Version":"29.7.2","ApiVersion":"1.55","DefaultAPIVersion":"1.55","GitCommit":"a7dcaa6","GoVersion":"go1.26.5","Os":"linux","Arch":"amd64","BuildTime":"Wed Aug  5 17:34:15 2026","Context":"default"},"Server":{"Platform":{"Name":""},"Components":[{"Name":"Engine","Version":"29.7.2","Details":{"ApiVersion":"1.55","Arch":"amd64","BuildTime":"Wed Aug  5 18:24:27 2026","Experimental":"false","GitCommit":"6a43e3d","GoVersion":"go1.26.5","KernelVersion":"6.8.0-60-generic","MinAPIVersion":"1.40","Os":"linux"}},{"Name":"containerd","Version":"v2.3.3","Details":{"GitCommit":"aad11006b869517fcd3009450b6f82da282e1a9b"}},{"Name":"runc","Version":"1.4.3","Details":{"GitCommit":"v1.4.3-0-gbb14dab"}},{"Name":"docker-init","Version":"0.19.0","Details":{"GitCommit":"de40ad0"}}],"Version":"29.7.2","ApiVersion":"1.55","MinAPIVersion":"1.40","GitCommit":"6a43e3d","GoVersion":"go1.26.5","Os":"linux","Arch":"amd64","KernelVersion":"6.8.0-60-generic","BuildTime":"2026-08-05T18:24:27.000000000+00:00"}}

$ docker info --help
Usage:  docker info [OPTIONS]
%blank
Display system-wide information
%blank
Aliases:
  docker system info, docker info
%blank
Options:
  -f, --format string   Format output using a custom template:
                        'json':             Print in JSON format
                        'TEMPLATE':         Print output using the given
                        Go template.
                        Refer to https://docs.docker.com/go/formatting/
                        for more information about formatting output with
                        templates

$ docker info x
! docker: 'docker info' accepts no arguments
! 
! Usage:  docker info [OPTIONS]
! 
! Run 'docker info --help' for more information
[1]

$ docker info
Client:
 Version:    29.7.2
 Context:    default
 Debug Mode: false
%blank
Server:
 Containers: 5
  Running: 0
  Paused: 0
  Stopped: 5
 Images: 1
 Server Version: 29.7.2
 Storage Driver: overlayfs
  driver-type: io.containerd.snapshotter.v1
 Logging Driver: json-file
 Cgroup Driver: systemd
 Cgroup Version: 2
 Plugins:
  Volume: local
  Network: bridge host ipvlan macvlan null overlay
  Log: awslogs fluentd gcplogs gelf journald json-file local splunk syslog
 CDI spec directories:
  /etc/cdi
  /var/run/cdi
 Swarm: inactive
 Runtimes: io.containerd.runc.v2 runc
 Default Runtime: runc
 Init Binary: docker-init
 containerd version: aad11006b869517fcd3009450b6f82da282e1a9b
 runc version: v1.4.3-0-gbb14dab
 init version: de40ad0
 Security Options:
  apparmor
  seccomp
   Profile: builtin
  cgroupns
 Kernel Version: 6.8.0-60-generic
 Operating System: Ubuntu 24.04.2 LTS
 OSType: linux
 Architecture: x86_64
 CPUs: 2
 Total Memory: 7.751GiB
 Name: layerlab
 ID: 5f0c7a3e-2b9d-4c61-8e47-1a2b3c4d5e6f
 Docker Root Dir: /var/lib/docker
 Debug Mode: false
 Experimental: false
 Insecure Registries:
  ::1/128
  127.0.0.0/8
 Live Restore Enabled: false
%blank

$ docker system info -f '{{.Containers}} {{.ContainersRunning}} {{.ContainersStopped}} {{.Images}}'
5 0 5 1

$ docker network --help
Usage:  docker network COMMAND
%blank
Manage networks
%blank
Commands:
  connect     Connect a container to a network
  create      Create a network
  disconnect  Disconnect a container from a network
  inspect     Display detailed information on one or more networks
  ls          List networks
  prune       Remove all unused networks
  rm          Remove one or more networks
%blank
Run 'docker network COMMAND --help' for more information on a command.

$ docker network foo
! docker: unknown command: docker network foo
! 
! Usage:  docker network
! 
! Run 'docker network --help' for more information
[1]

$ docker network ls
NETWORK ID     NAME      DRIVER    SCOPE
cc0df56d7b83   bridge    bridge    local
56ab7b6df4ab   host      host      local
efc1ad0c63aa   none      null      local

$ docker network create
! docker: 'docker network create' requires 1 argument
! 
! Usage:  docker network create [OPTIONS] NETWORK
! 
! Run 'docker network create --help' for more information
[1]

$ docker network create appnet
7f9452911a2cfc29bbd7f99e1fbc4dd9f70f2171550dc2dfc65c6620ba9d9f64

$ docker network create appnet
! Error response from daemon: network with name appnet already exists
[1]

$ docker network create bridge
! Error response from daemon: operation is not permitted on predefined bridge network 
[1]

$ docker network ls --format '{{.Name}} {{.Driver}} {{.Scope}}'
appnet bridge local
bridge bridge local
host host local
none null local

$ docker run -d --name api --network appnet nginx
963e6842507a5544531b08dc2b9dd90350abe000fa6bdb787b6b219d3b73b8df

$ docker inspect -f '{{json .NetworkSettings.Networks}} {{.HostConfig.NetworkMode}} [{{.NetworkSettings.IPAddress}}]' api
%blank
! template parsing error: template: :1:82: executing "" at <.NetworkSettings.IPAddress>: map has no entry for key "IPAddress"
[1]

$ docker ps --format '{{.Names}} {{.Networks}}'
api appnet

$ docker network inspect -f '{{.Name}} {{.Driver}} {{range .IPAM.Config}}{{.Subnet}} {{.Gateway}}{{end}} {{len .Containers}}' appnet bridge host
appnet bridge 172.18.0.0/16 172.18.0.1 1
bridge bridge 172.17.0.0/16 172.17.0.1 0
host host  0

$ docker network inspect nope
[]
! Error response from daemon: network nope not found
[1]

$ docker network rm appnet
! Error response from daemon: error while removing network: network appnet has active endpoints (name:"api" id:"35167289a735")
! exit status 1
[1]

$ docker run -d --network nonet nginx
e19d298086de8f43722e3c2639a01dfc98924a0baf5a2c2e59d8808075c4893f
! docker: Error response from daemon: failed to set up container networking: network nonet not found
! 
! Run 'docker run --help' for more information

$ docker network rm bridge nope
! Error response from daemon: bridge is a pre-defined network and cannot be removed
! Error response from daemon: network nope not found
! exit status 1
[1]

$ docker network rm -f nope

$ docker stop api
api

$ docker network rm appnet
appnet

$ docker network ls -q
cc0df56d7b83
56ab7b6df4ab
efc1ad0c63aa

