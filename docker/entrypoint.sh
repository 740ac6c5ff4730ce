#!/bin/sh
# The image's entrypoint: runs mews-sim as the unprivileged node user (uid 1000, MEWS_SIM_UID to change).
# Started as root (the default), it first hands the folders mews-sim writes to (MEWS_SIM_WRITABLE_DIRS,
# /journal and /reports) to that user when they are owned by root, as Docker creates missing bind-mount
# folders. Started with `user:` it changes nothing: those folders must then be writable by that user.
set -e
uid="${MEWS_SIM_UID:-1000}"
gid="${MEWS_SIM_GID:-$uid}"
if [ "$(id -u)" = 0 ]; then
  for dir in ${MEWS_SIM_WRITABLE_DIRS-/journal /reports}; do
    mkdir -p "$dir"
    if [ "$(stat -c %u "$dir")" = 0 ]; then chown "$uid:$gid" "$dir"; fi
  done
  exec setpriv --reuid="$uid" --regid="$gid" --clear-groups "$@"
fi
exec "$@"
