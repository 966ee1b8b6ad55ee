#!/usr/bin/env bash
# Writes a new migration for both providers from the difference between the committed schema
# (git HEAD:prisma/models.prisma) and the working one. Usage: prisma/new-migration.sh add_consents
# (For the very first migration, FROM=empty.) Then review both SQL files and commit them with the schema.
set -euo pipefail
name=${1:?usage: prisma/new-migration.sh <name>}
cd "$(dirname "$0")/.."
stamp=$(date -u +%Y%m%d%H%M%S)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
for p in sqlite postgres; do
  mkdir -p "$tmp/$p"
  cp "prisma/$p/schema.prisma" "$tmp/$p/schema.prisma"
  git show HEAD:prisma/models.prisma > "$tmp/$p/models.prisma"
  out="prisma/$p/migrations/${stamp}_${name}/migration.sql"
  mkdir -p "$(dirname "$out")"
  CREDGATE_SQLITE_FILE="$tmp/diff.db" DATABASE_URL=${MIGRATION_PG_URL:-postgresql://postgres@127.0.0.1:5432/postgres} \
    node node_modules/prisma/build/index.js migrate diff --config "prisma/$p/prisma.config.ts" \
    --from-schema-datamodel "$tmp/$p" --to-schema-datamodel "prisma/$p" --script -o "$out" >/dev/null
  echo "wrote $out"
done
