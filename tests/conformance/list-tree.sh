#!/usr/bin/env bash
# list-tree.sh ROOT: one line per entry below ROOT, sorted by path, for
# comparing a rootfs unpacked by one tool with one unpacked by another:
#   <type> <mode> <uid>:<gid> <links> <size or link target> <sha256 or -> <path>
# type is find's %y (f d l p ...); mode the permission bits incl. setuid/sticky;
# links is the hardlink count for files (1 for other types); times are left out.
set -euo pipefail
cd "$1"
LC_ALL=C find . -mindepth 1 -printf '%P\0' | LC_ALL=C sort -z |
  while IFS= read -r -d '' p; do
    t=$(stat -c '%F' -- "$p")
    case $t in
      "regular file"|"regular empty file")
        printf 'f %s %s %s\n' "$(stat -c '%a %u:%g %h %s' -- "$p")" \
          "$(sha256sum -- "$p" | cut -c1-64)" "$p" ;;
      "symbolic link")
        printf 'l %s 1 %s - %s\n' "$(stat -c '%a %u:%g' -- "$p" | sed 's/^[0-9]* /777 /')" \
          "$(readlink -- "$p")" "$p" ;;
      directory) printf 'd %s 1 - - %s\n' "$(stat -c '%a %u:%g' -- "$p")" "$p" ;;
      fifo) printf 'p %s 1 - - %s\n' "$(stat -c '%a %u:%g' -- "$p")" "$p" ;;
      *) printf '? %s 1 - - %s\n' "$(stat -c '%a %u:%g' -- "$p")" "$p" ;;
    esac
  done
