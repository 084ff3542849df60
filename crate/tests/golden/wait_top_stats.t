# docker wait, docker top and docker stats --no-stream on containers whose main processes
# keep running or finish (see processes.t). The clock starts at 2026-01-01T00:00:00Z.
# Provenance (format and note keys: crate/tests/common/golden.rs). Blocks with no note:
# - Docker 28: `docker run -d` printing the ID (docker/cli v28.2.2
#   cli/command/container/run.go); the --help texts and argument errors, checked against
#   the real Docker 28.2.2 CLI.
# - layerlab's own: the demo images, container IDs and generated names (see containers.t).
$ docker pull -q busybox
docker.io/library/busybox:latest

$ docker pull -q nginx
docker.io/library/nginx:latest

$ docker run -d --name nap busybox sleep 60
c5a6cd16524779ae38762a2913f36cec73fccb3ee80663980b3f698dddd5cbba

$ docker run -d --name web nginx
3879a0d2f176c4940a70e190b2099660ce238c23bd93549505ccb0a5aa99c792

$ docker run -dit --name shell busybox
e8927414d56250e749ecc4450bd40e8d17618318c4b953ca97e806991da16f8f

# docker: an attached run exits with the container's status (docker/cli run.go)
$ docker run --name once busybox sh -c 'exit 3'
[3]

$ docker create --name fresh busybox
b6e8a395d1aa07abb68b0c6bfa135bb81bbc99009deb8adcb37ccaae51a9d550

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

# docker: docker/cli v28.2.2 cli/command/container/wait.go runWait prints each status
# ("%d\n"); moby v28.2.2 container/state.go Wait answers at once when the condition
# "not-running" is already met (exited, or created and never started: exit code 0)
$ docker wait once fresh
3
0

# docker: wait.go joins the errors (errors.Join) after the statuses; the daemon's
# "No such container" (moby daemon/errors.go); status 1
$ docker container wait once nosuch
3
! Error response from daemon: No such container: nosuch
[1]

# docker: wait.go blocks until the container stops and prints its status; the
# transcript's clock moves on to the end of the sleep (60 s after it started)
$ docker wait nap
0

%now 2026-01-01T00:01:30Z
# docker: wait.go; the sleep ended when the clock passed 60 seconds (exit 0)
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

# docker: the columns are the host's `ps -ef` (moby v28.2.2 daemon/top_unix.go ContainerTop
# runs it when no ps options are given), printed by docker/cli top.go's tabwriter (minwidth
# 20, padding 3)
# own: the PIDs (host PIDs derived from the container ID, the parent being its shim),
# C 0, TIME 00:00:00; STIME is when it started (procps: HH:MM within a day); CMD is the
# main process's command line; nginx's master and two workers (one per CPU, docker info's
# 2) as the nginx image runs them, the workers as user nginx (uid 101, a number on the host)
$ docker top web
UID                 PID                 PPID                C                   STIME               TTY                 TIME                CMD
root                36122               36101               0                   00:00               ?                   00:00:00            nginx: master process nginx -g daemon off;
101                 36153               36122               0                   00:00               ?                   00:00:00            nginx: worker process
101                 36154               36122               0                   00:00               ?                   00:00:00            nginx: worker process

# docker: top.go's tabwriter; a TTY shows as pts/0
# own: the PID and STIME as above
$ docker container top shell
UID                 PID                 PPID                C                   STIME               TTY                 TIME                CMD
root                53084               53063               0                   00:00               pts/0               00:00:00            sh

# docker: moby v28.2.2 container/container.go GetRunningTask:
# "container ID is not running"
$ docker top once
! Error response from daemon: container 61f84822a99f9523ac3787ca03cae460586e94e8a57f0885beaf5f1cc7a03b79 is not running
[1]

# docker: the daemon's "No such container"
$ docker top nosuch
! Error response from daemon: No such container: nosuch
[1]

# own: only ps's default columns (-ef) are simulated; other ps options are refused
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

# docker: stats.go without --no-stream: the cursor goes to the top-left (ESC[H), each
# line of the table ends erasing the rest of the row (" ESC[K"), then what is below is
# erased (ESC[J); it redraws until Ctrl-C (layerlab's figures do not change, so it draws
# once)
$ docker stats
[HCONTAINER ID   NAME      CPU %     MEM USAGE / LIMIT     MEM %     NET I/O     BLOCK I/O   PIDS [K
e8927414d562   shell     0.00%     536KiB / 7.751GiB     0.01%     872B / 0B   0B / 0B     1 [K
3879a0d2f176   web       0.00%     3.301MiB / 7.751GiB   0.04%     872B / 0B   0B / 0B     3 [K
[J%no-newline

^C
! ^C
[130]

# docker: the columns, headers and value formats are docker/cli v28.2.2
# cli/command/container/formatter_stats.go (defaultStatsTableFormat; BytesSize for memory,
# HumanSizeWithPrecision for I/O, two decimals for percentages); running containers only,
# newest first (stats.go: ContainerList)
# own: the figures: CPU 0.00% (idle), memory by process (busybox sh 536KiB, nginx with its
# workers 3.301MiB), the limit is the host's memory (docker info's 7.751GiB), 872B received
# on a bridge network, block writes as the writable layer's size in 4 KiB blocks, PIDS the
# processes docker top lists
$ docker stats --no-stream
CONTAINER ID   NAME      CPU %     MEM USAGE / LIMIT     MEM %     NET I/O     BLOCK I/O   PIDS
e8927414d562   shell     0.00%     536KiB / 7.751GiB     0.01%     872B / 0B   0B / 0B     1
3879a0d2f176   web       0.00%     3.301MiB / 7.751GiB   0.04%     872B / 0B   0B / 0B     3

# docker: -a adds the containers that are not running, with the daemon's empty stats
# (moby v28.2.2 daemon/stats.go: all zero) as formatter_stats.go prints them
$ docker stats --no-stream -a
CONTAINER ID   NAME      CPU %     MEM USAGE / LIMIT     MEM %     NET I/O     BLOCK I/O   PIDS
b6e8a395d1aa   fresh     0.00%     0B / 0B               0.00%     0B / 0B     0B / 0B     0
61f84822a99f   once      0.00%     0B / 0B               0.00%     0B / 0B     0B / 0B     0
e8927414d562   shell     0.00%     536KiB / 7.751GiB     0.01%     872B / 0B   0B / 0B     1
3879a0d2f176   web       0.00%     3.301MiB / 7.751GiB   0.04%     872B / 0B   0B / 0B     3
c5a6cd165247   nap       0.00%     0B / 0B               0.00%     0B / 0B     0B / 0B     0

# docker: with names, the CONTAINER column is the name as given (stats.go NewStats);
# --format as formatter_stats.go's fields; --no-trunc gives the whole ID
$ docker stats --no-stream --no-trunc --format '{{.Container}} {{.ID}} {{.PIDs}}' web once
web 3879a0d2f176c4940a70e190b2099660ce238c23bd93549505ccb0a5aa99c792 3
once 61f84822a99f9523ac3787ca03cae460586e94e8a57f0885beaf5f1cc7a03b79 0

# docker: json is {{json .}} per row (formatter.MarshalJSON, keys sorted)
# own: the figures, as above
$ docker stats --no-stream --format json shell
{"BlockIO":"0B / 0B","CPUPerc":"0.00%","Container":"shell","ID":"e8927414d562","MemPerc":"0.01%","MemUsage":"536KiB / 7.751GiB","Name":"shell","NetIO":"872B / 0B","PIDs":"1"}

# docker: stats.go returns the joined errors instead of the table (status 1)
$ docker stats --no-stream web nosuch
! Error response from daemon: No such container: nosuch
[1]

