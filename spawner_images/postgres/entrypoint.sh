#!/bin/sh
# PostgreSQL for InterviewHub: initialise an empty data volume once, then run in the foreground.
# POSTGRES_USER / POSTGRES_PASSWORD own the databases named in POSTGRES_DBS (space-separated).
set -eu
: "${POSTGRES_USER:=interviewhub}" "${POSTGRES_DBS:=jupyterhub interviews}"
if [ -z "${POSTGRES_PASSWORD:-}" ]; then
    echo "POSTGRES_PASSWORD is required" >&2
    exit 1
fi
if [ ! -s "$PGDATA/PG_VERSION" ]; then
    initdb -D "$PGDATA" --username=postgres --auth-local=peer --auth-host=scram-sha-256 \
        --encoding=UTF8 --locale=C.UTF-8 >/dev/null
    # clients come over the compose network only, always with a password
    echo "host all all 0.0.0.0/0 scram-sha-256" >> "$PGDATA/pg_hba.conf"
    pg_ctl -D "$PGDATA" -o "-c listen_addresses=''" -w start >/dev/null
    psql -q -v ON_ERROR_STOP=1 -v user="$POSTGRES_USER" -v pw="$POSTGRES_PASSWORD" postgres <<'SQL'
CREATE ROLE :"user" LOGIN PASSWORD :'pw';
SQL
    for db in $POSTGRES_DBS; do
        createdb -O "$POSTGRES_USER" "$db"
    done
    pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
    echo "PostgreSQL initialised: role $POSTGRES_USER, databases $POSTGRES_DBS"
fi
exec postgres -D "$PGDATA" -c listen_addresses='*' -c unix_socket_directories=/run/postgresql
