# Docker 29 counterpart of hardening.t: the same command lines, answered as Docker 29 with the
# containerd image store (hardening.t says what they exercise).
# Provenance (format and note keys: crate/tests/common/golden.rs). Blocks with no note:
# - Lines that Docker 29 prints as Docker 28 does: from the sources hardening.t's header and notes
#   name for them.
# - Where Docker 29 differs: image IDs (the record's target digest), sizes, `docker images`,
#   `pull`, `rmi`, `build`, `save`, `load`, `history`, `system df` and image `inspect`, as
#   store29.t, images29.t, pull29.t and build29.t cite them (moby docker-v29.7.2
#   daemon/containerd/, docker/cli v29.7.2); a container's `inspect` at API 1.55 and
#   `/var/lib`, as varlibcontainerd.t cites them; `version` and `info`, as
#   ../shared/REFERENCE-DOCKER29.md §6.
# - layerlab's own: as hardening.t's header says (the demo images, IDs, the simulated disk).
%docker 29
%tar climb.tar ../../escape.txt=out a/b/../../../../../etc/evil=evil

$ docker import climb.tar climb:1
sha256:ec286deff22aa296d08b8fd9ea4f24ca1671a3e6eaa3f6d21e86aa93e39d1eae

$ docker create --name climber climb:1 x
4b35626d545bd18d9b8d3c500aa6123633d4efd97972244204880ae8d732c6c3

$ docker cp climber:/etc/evil evil.txt
! Successfully copied 2.048kB to evil.txt

$ cat evil.txt
evil%no-newline

$ docker cp - climber:/etc < climb.tar
! Error response from daemon: "../../escape.txt" is outside of "/etc"
[1]

