# Docker 29 counterpart of wait_top_stats.t: the same command lines, answered as Docker 29 with the
# containerd image store (wait_top_stats.t says what they exercise).
# Provenance (format and note keys: crate/tests/common/golden.rs). Blocks with no note:
# - Lines that Docker 29 prints as Docker 28 does: from the sources wait_top_stats.t's header and notes
#   name for them.
# - Where Docker 29 differs: image IDs (the record's target digest), sizes, `docker images`,
#   `pull`, `rmi`, `build`, `save`, `load`, `history`, `system df` and image `inspect`, as
#   store29.t, images29.t, pull29.t and build29.t cite them (moby docker-v29.7.2
#   daemon/containerd/, docker/cli v29.7.2); a container's `inspect` at API 1.55 and
#   `/var/lib`, as varlibcontainerd.t cites them; `version` and `info`, as
#   ../shared/REFERENCE-DOCKER29.md §6.
# - layerlab's own: as wait_top_stats.t's header says (the demo images, IDs, the simulated disk).
%docker 29
$ docker pull -q busybox
docker.io/library/busybox:latest

$ docker pull -q nginx
docker.io/library/nginx:latest

$ docker run -d --name nap busybox sleep 60
9f394fd1c034b00fa5b7a68406b0bd8566580a7fcb7944fa78f6b35d65497261

$ docker run -d --name web nginx
2c86226eaf27f8dce5f6edaa8e50cd3de277f91973f51f125c05b5153765343c

$ docker run -dit --name shell busybox
be390292d18ce801f908893e4c8bd46ef781e1b93f13d99cc58edc83538e79f7

$ docker run --name once busybox sh -c 'exit 3'
[3]

$ docker create --name fresh busybox
efb59b569e3aa50e464d03118e47addb8c8b63a58a9f70d5fc68d59432c060c7

$ docker wait --help
Usage:  docker wait CONTAINER [CONTAINER...]
%blank
Block until one or more containers stop, then print their exit codes
%blank
Aliases:
  docker container wait, docker wait

$ docker wait
! docker: 'docker wait' requires at least 1 argument
! 
! Usage:  docker wait CONTAINER [CONTAINER...]
! 
! See 'docker wait --help' for more information
[1]

$ docker wait once fresh
3
0

$ docker container wait once nosuch
3
! Error response from daemon: No such container: nosuch
[1]

$ docker wait nap
0

%now 2026-01-01T00:01:30Z
$ docker wait nap
0

$ docker top --help
Usage:  docker top CONTAINER [ps OPTIONS]
%blank
Display the running processes of a container
%blank
Aliases:
  docker container top, docker top

$ docker top
! docker: 'docker top' requires at least 1 argument
! 
! Usage:  docker top CONTAINER [ps OPTIONS]
! 
! See 'docker top --help' for more information
[1]

$ docker top web
UID                 PID                 PPID                C                   STIME               TTY                 TIME                CMD
root                49142               49121               0                   00:00               ?                   00:00:00            nginx: master process nginx -g daemon off;
101                 49173               49142               0                   00:00               ?                   00:00:00            nginx: worker process
101                 49174               49142               0                   00:00               ?                   00:00:00            nginx: worker process

$ docker container top shell
UID                 PID                 PPID                C                   STIME               TTY                 TIME                CMD
root                8250                8229                0                   00:00               pts/0               00:00:00            sh

$ docker top once
! Error response from daemon: container d14e8c825070661eb8c66db8058241cfb389a94ff50fb2549fd2f5838038b35b is not running
[1]

$ docker top nosuch
! Error response from daemon: No such container: nosuch
[1]

$ docker top web aux
! layerlab: docker top: only ps's default columns (-ef) are simulated, not "aux"
[1]

$ docker stats --help
Usage:  docker stats [OPTIONS] [CONTAINER...]
%blank
Display a live stream of container(s) resource usage statistics
%blank
Aliases:
  docker container stats, docker stats
%blank
Options:
  -a, --all             Show all containers (default shows just running)
      --format string   Format output using a custom template:
                        'table':            Print output in table format
                        with column headers (default)
                        'table TEMPLATE':   Print output in table format
                        using the given Go template
                        'json':             Print in JSON format
                        'TEMPLATE':         Print output using the given
                        Go template.
                        Refer to https://docs.docker.com/go/formatting/
                        for more information about formatting output with
                        templates
      --no-stream       Disable streaming stats and only pull the first result
      --no-trunc        Do not truncate output

$ docker stats
[HCONTAINER ID   NAME      CPU %     MEM USAGE / LIMIT     MEM %     NET I/O     BLOCK I/O   PIDS [K
be390292d18c   shell     0.00%     536KiB / 7.751GiB     0.01%     872B / 0B   0B / 0B     1 [K
2c86226eaf27   web       0.00%     3.301MiB / 7.751GiB   0.04%     872B / 0B   0B / 0B     3 [K
[J%no-newline

^C
! ^C
[130]

$ docker stats --no-stream
CONTAINER ID   NAME      CPU %     MEM USAGE / LIMIT     MEM %     NET I/O     BLOCK I/O   PIDS
be390292d18c   shell     0.00%     536KiB / 7.751GiB     0.01%     872B / 0B   0B / 0B     1
2c86226eaf27   web       0.00%     3.301MiB / 7.751GiB   0.04%     872B / 0B   0B / 0B     3

$ docker stats --no-stream -a
CONTAINER ID   NAME      CPU %     MEM USAGE / LIMIT     MEM %     NET I/O     BLOCK I/O   PIDS
efb59b569e3a   fresh     0.00%     0B / 0B               0.00%     0B / 0B     0B / 0B     0
d14e8c825070   once      0.00%     0B / 0B               0.00%     0B / 0B     0B / 0B     0
be390292d18c   shell     0.00%     536KiB / 7.751GiB     0.01%     872B / 0B   0B / 0B     1
2c86226eaf27   web       0.00%     3.301MiB / 7.751GiB   0.04%     872B / 0B   0B / 0B     3
9f394fd1c034   nap       0.00%     0B / 0B               0.00%     0B / 0B     0B / 0B     0

$ docker stats --no-stream --no-trunc --format '{{.Container}} {{.ID}} {{.PIDs}}' web once
web 2c86226eaf27f8dce5f6edaa8e50cd3de277f91973f51f125c05b5153765343c 3
once d14e8c825070661eb8c66db8058241cfb389a94ff50fb2549fd2f5838038b35b 0

$ docker stats --no-stream --format json shell
{"BlockIO":"0B / 0B","CPUPerc":"0.00%","Container":"shell","ID":"be390292d18c","MemPerc":"0.01%","MemUsage":"536KiB / 7.751GiB","Name":"shell","NetIO":"872B / 0B","PIDs":"1"}

$ docker stats --no-stream web nosuch
! Error response from daemon: No such container: nosuch
[1]

