#!/usr/bin/env bash
# The standby's entrypoint: on first start, clone the primary with pg_basebackup -R (which writes
# standby.signal and primary_conninfo) into the empty data directory, streaming from slot standby1;
# then run the image's own entrypoint, which skips initdb for a filled data directory.
set -euo pipefail
: "${PGDATA:=/var/lib/postgresql/data}"
if [[ ! -s "$PGDATA/PG_VERSION" ]]; then
  mkdir -p "$PGDATA"
  chown postgres:postgres "$PGDATA"
  chmod 700 "$PGDATA"
  until gosu postgres pg_isready -h "$PRIMARY_HOST" -p 5432 -q; do
    echo "standby: waiting for $PRIMARY_HOST"
    sleep 1
  done
  echo "standby: cloning $PRIMARY_HOST"
  PGPASSWORD="$REPLICATOR_PASSWORD" gosu postgres pg_basebackup \
    -h "$PRIMARY_HOST" -p 5432 -U replicator -D "$PGDATA" -R -X stream -S standby1 --checkpoint=fast
fi
exec docker-entrypoint.sh "$@"
