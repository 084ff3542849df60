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
#   exit status a signal gives (crate/src/container/process.rs: nginx, whose image declares
#   a STOPSIGNAL, exits 0 on it and on TERM, INT and QUIT as nginx's shutdowns do; KILL
#   gives 137; CHLD, CONT, URG, WINCH, STOP, TSTP, TTIN, TTOU leave it running; sleep, sh
#   and tail as PID 1 ignore all but KILL), where a real program may differ.
# - networks: `docker network` texts from the real CLI; ls's table and name order,
#   create printing the ID, rm echoing names and ending with `exit status 1` on an error
#   (its StatusError), inspect's `[]` then the errors: docker/cli v28.2.2 cli/command/network;
#   the errors: moby daemon/network.go (pre-defined network, FindNetwork's `not found`),
#   libnetwork error.go (name exists, active endpoints). layerlab's own: every network ID
#   and endpoint ID, the predefined networks' Created time, the subnets 172.18.0.0/16, ...
#   handed out in order, addresses .2, .3 ... in the order containers were made.
# - `docker version`: the Client section is what the real Docker 28.2.2 CLI here prints
#   (its first 8 lines); the Server section follows docker/cli's defaultVersionTemplate
#   (system/version.go, a tabwriter of minimum width 20) with moby v28.2.2's values (API
#   1.50, minimum 1.24, tag commit 45873be, go1.24.3); the Built time and the containerd,
#   runc and docker-init versions and commits are layerlab's own plausible values.
# - `docker info`: docker/cli system/info.go's printer; the Client section as the real CLI
#   here prints it (no CLI plugins installed); the counts are the session's; Storage Driver
#   overlay2, Logging Driver json-file, Docker Root Dir /var/lib/docker, the plugin lists,
#   Swarm inactive, runc and docker-init follow moby's defaults; layerlab's own: the
#   overlay2 details, Cgroup Driver/Version, CDI directories, Security Options, Kernel
#   Version, Operating System, CPUs, Total Memory, Name, ID, Insecure Registries.
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
c6bc47e79fafd73690523df97fa41aee8de1d96ffb2d04c9d2ed505c61795230

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
3879a0d2f176c4940a70e190b2099660ce238c23bd93549505ccb0a5aa99c792

$ docker rename web other
! Error response from daemon: Error when allocating new name: Conflict. The container name "/other" is already in use by container "3879a0d2f176c4940a70e190b2099660ce238c23bd93549505ccb0a5aa99c792". You have to remove (or rename) that container to be able to reuse that name.
! Error: failed to rename container named web
[1]

$ docker rename other sleeper

$ docker ps
CONTAINER ID   IMAGE     COMMAND                  CREATED                  STATUS                  PORTS                                     NAMES
3879a0d2f176   nginx     "/docker-entrypoint.…"   Less than a second ago   Up Less than a second   80/tcp                                    sleeper
c6bc47e79faf   nginx     "/docker-entrypoint.…"   Less than a second ago   Up Less than a second   0.0.0.0:8080->80/tcp, [::]:8080->80/tcp   web

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
43d9ff138b2d547ee39c9402672c3d629dd2b26fbfb1695e5f124b04945579f8

$ docker run -d --name all -P nginx
06fa550855afe1dc33775315e83389f6f60220ac1598db4cf4587ad7b0350754

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
! Error response from daemon: Container c6bc47e79fafd73690523df97fa41aee8de1d96ffb2d04c9d2ed505c61795230 is already paused
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
! Error response from daemon: Container 3879a0d2f176c4940a70e190b2099660ce238c23bd93549505ccb0a5aa99c792 is not paused
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

# own: the exit statuses after kill are layerlab's choice (see the header): nginx handles
# SIGTERM (fast shutdown, exit 0: nginx.org/en/docs/control.html); SIGKILL gives 137
$ docker kill -s TERM web
web

$ docker kill all multi
all
multi

$ docker kill all
! Error response from daemon: container 06fa550855afe1dc33775315e83389f6f60220ac1598db4cf4587ad7b0350754 is not running
[1]

$ docker run -d --name paused nginx
277b38d86b5d77462c349dfcd58be03e714a82bee2be46646c90fc98b0748d74

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
 Version:           28.2.2
 API version:       1.50
 Go version:        go1.24.3
 Git commit:        e6534b4
 Built:             Fri May 30 12:07:14 2025
 OS/Arch:           linux/amd64
 Context:           default
%blank
Server:
 Engine:
  Version:          28.2.2
  API version:      1.50 (minimum version 1.24)
  Go version:       go1.24.3
  Git commit:       45873be
  Built:            Fri May 30 12:07:26 2025
  OS/Arch:          linux/amd64
  Experimental:     false
 containerd:
  Version:          1.7.27
  GitCommit:        05044ec0a9a75232cad458027ca83437aae3f4da
 runc:
  Version:          1.2.5
  GitCommit:        v1.2.5-0-g59923ef
 docker-init:
  Version:          0.19.0
  GitCommit:        de40ad0

$ docker version -f '{{.Client.Version}} {{.Client.APIVersion}} {{.Server.Version}}'
28.2.2 1.50 28.2.2

# docker: the Client object as the real Docker 28.2.2 CLI prints it; the Server object
# follows moby's types.Version with the values above
$ docker version -f json
{"Client":{"Version":"28.2.2","ApiVersion":"1.50","DefaultAPIVersion":"1.50","GitCommit":"e6534b4","GoVersion":"go1.24.3","Os":"linux","Arch":"amd64","BuildTime":"Fri May 30 12:07:14 2025","Context":"default"},"Server":{"Platform":{"Name":""},"Components":[{"Name":"Engine","Version":"28.2.2","Details":{"ApiVersion":"1.50","Arch":"amd64","BuildTime":"Fri May 30 12:07:26 2025","Experimental":"false","GitCommit":"45873be","GoVersion":"go1.24.3","KernelVersion":"6.8.0-60-generic","MinAPIVersion":"1.24","Os":"linux"}},{"Name":"containerd","Version":"1.7.27","Details":{"GitCommit":"05044ec0a9a75232cad458027ca83437aae3f4da"}},{"Name":"runc","Version":"1.2.5","Details":{"GitCommit":"v1.2.5-0-g59923ef"}},{"Name":"docker-init","Version":"0.19.0","Details":{"GitCommit":"de40ad0"}}],"Version":"28.2.2","ApiVersion":"1.50","MinAPIVersion":"1.24","GitCommit":"45873be","GoVersion":"go1.24.3","Os":"linux","Arch":"amd64","KernelVersion":"6.8.0-60-generic","BuildTime":"2025-05-30T12:07:26.000000000+00:00"}}

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
 Version:    28.2.2
 Context:    default
 Debug Mode: false
%blank
Server:
 Containers: 5
  Running: 0
  Paused: 0
  Stopped: 5
 Images: 1
 Server Version: 28.2.2
 Storage Driver: overlay2
  Backing Filesystem: extfs
  Supports d_type: true
  Using metacopy: false
  Native Overlay Diff: true
  userxattr: false
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
 containerd version: 05044ec0a9a75232cad458027ca83437aae3f4da
 runc version: v1.2.5-0-g59923ef
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
e71b59ba0014fff7aa868e97a0e9b1ab84a9dd1df86194653c2ae8c08ffa0f9f

$ docker inspect -f '{{json .NetworkSettings.Networks}} {{.HostConfig.NetworkMode}} [{{.NetworkSettings.IPAddress}}]' api
{"appnet":{"IPAMConfig":null,"Links":null,"Aliases":null,"MacAddress":"02:42:ac:12:00:02","DriverOpts":null,"GwPriority":0,"NetworkID":"7f9452911a2cfc29bbd7f99e1fbc4dd9f70f2171550dc2dfc65c6620ba9d9f64","EndpointID":"f7aa7a59b9ff1a0a3a32fba6fa8996196249d30cb80ebb24e274524ac264e50b","Gateway":"172.18.0.1","IPAddress":"172.18.0.2","IPPrefixLen":16,"IPv6Gateway":"","GlobalIPv6Address":"","GlobalIPv6PrefixLen":0,"DNSNames":["api","e71b59ba0014"]}} appnet []

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
! Error response from daemon: error while removing network: network appnet has active endpoints (name:"api" id:"f7aa7a59b9ff")
! exit status 1
[1]

# unverified: the run-time error for a network that does not exist
$ docker run -d --network nonet nginx
92325ab14280493c0643fae21afbeb59759691f6ea92a85760728d52c489d0d8
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

