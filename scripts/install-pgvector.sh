#!/usr/bin/env bash
# Builds pgvector from Debian's own source package (trixie ships 0.8.x; bookworm has no binary package)
# against the local PostgreSQL server headers. Idempotent: skips when the extension is already installed.
set -euo pipefail
pg_major="${PG_MAJOR:-$(ls /etc/postgresql 2>/dev/null | sort -n | tail -n 1)}"
pg_major="${pg_major:-15}"
if [ -f "/usr/share/postgresql/${pg_major}/extension/vector.control" ]; then
  echo "pgvector already installed for PostgreSQL ${pg_major}"
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
sources=/etc/apt/sources.list.d/trixie-src.sources
if [ ! -f "$sources" ]; then
  cat > "$sources" <<SRC
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
fi
apt-get update -qq
apt-get install -y -qq "postgresql-server-dev-${pg_major}" build-essential dpkg-dev >/dev/null
work=$(mktemp -d)
( cd "$work" && apt-get source -qq pgvector >/dev/null 2>&1 )
src=$(find "$work" -maxdepth 1 -type d -name 'pgvector-*' | head -n 1)
make -s -C "$src" PG_CONFIG="/usr/lib/postgresql/${pg_major}/bin/pg_config" >/dev/null
make -s -C "$src" PG_CONFIG="/usr/lib/postgresql/${pg_major}/bin/pg_config" install >/dev/null
rm -rf "$work"
echo "pgvector installed for PostgreSQL ${pg_major}"
