#!/usr/bin/env bash
# One database and one login role per service, each role owning only its own database.
# The postgres image runs this once, on an empty data directory (docker-entrypoint-initdb.d).
# It is idempotent, so after adding a service (or changing a password) on an existing volume:
#   docker compose exec postgres /docker-entrypoint-initdb.d/01-databases.sh
# Passwords come from <SERVICE>_DB_PASSWORD (INTAKE_DB_PASSWORD, ...); all are required.
set -euo pipefail

psql_admin() {
  psql -v ON_ERROR_STOP=1 --no-psqlrc --username "${POSTGRES_USER:-postgres}" "$@"
}

create_service_database() {
  local name="$1" password="$2"
  # Role and database share the name; psql variables quote them (%I, %L), so no injection.
  psql_admin --dbname "${POSTGRES_DB:-postgres}" -v name="$name" -v password="$password" <<'SQL'
SELECT format('CREATE ROLE %I LOGIN', :'name')
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'name') \gexec
SELECT format('ALTER ROLE %I WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD %L', :'name', :'password') \gexec
SELECT format('CREATE DATABASE %I OWNER %I', :'name', :'name')
 WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'name') \gexec
SELECT format('ALTER DATABASE %I OWNER TO %I', :'name', :'name') \gexec
-- Only the owner (and superusers) may connect: no service reads another's database.
SELECT format('REVOKE ALL ON DATABASE %I FROM PUBLIC', :'name') \gexec
SQL
  echo "01-databases: database and role \"$name\" ready"
}

# Check every password before changing anything.
: "${INTAKE_DB_PASSWORD:?is required}" "${CARE_DB_PASSWORD:?is required}" \
  "${FAMILY_CONTACT_DB_PASSWORD:?is required}" "${LEGAL_STATUS_DB_PASSWORD:?is required}" \
  "${REPATRIATION_DB_PASSWORD:?is required}" "${STATISTICS_DB_PASSWORD:?is required}" \
  "${NOTIFICATIONS_DB_PASSWORD:?is required}" "${GATEWAY_DB_PASSWORD:?is required}"

create_service_database intake         "$INTAKE_DB_PASSWORD"
create_service_database care           "$CARE_DB_PASSWORD"
create_service_database family_contact "$FAMILY_CONTACT_DB_PASSWORD"
create_service_database legal_status   "$LEGAL_STATUS_DB_PASSWORD"
create_service_database repatriation   "$REPATRIATION_DB_PASSWORD"
create_service_database statistics     "$STATISTICS_DB_PASSWORD"
create_service_database notifications  "$NOTIFICATIONS_DB_PASSWORD"
create_service_database gateway        "$GATEWAY_DB_PASSWORD"

# Services have no business in the maintenance database either.
psql_admin --dbname "${POSTGRES_DB:-postgres}" <<'SQL'
REVOKE CONNECT ON DATABASE postgres FROM PUBLIC;
SQL

# Fuzzy search on names (intake's duplicate detection). Created by the superuser here, so the
# service's migrations need only `CREATE EXTENSION IF NOT EXISTS pg_trgm`, a no-op.
psql_admin --dbname intake <<'SQL'
CREATE EXTENSION IF NOT EXISTS pg_trgm;
SQL
