#!/usr/bin/env bash
# First start of the primary only (the postgres image runs /docker-entrypoint-initdb.d/* once, against
# its temporary server): the app's role and database, the replication role and the standby's slot.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v app_password="$PEAKSHOP_DB_PASSWORD" -v repl_password="$REPLICATOR_PASSWORD" <<'SQL'
create role peakshop login createdb password :'app_password';
create database peakshop owner peakshop;
create role replicator replication login password :'repl_password';
select pg_create_physical_replication_slot('standby1');
SQL
# The image's pg_hba line ("host all all all") does not cover replication connections.
echo "host replication replicator all scram-sha-256" >> "$PGDATA/pg_hba.conf"
