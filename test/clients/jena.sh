#!/usr/bin/env bash
# Runs Apache Jena's command-line tools from Debian's libapache-jena-java 4.5 (which installs the jars but no commands).
# Usage: bash test/clients/jena.sh riot [riot options] FILE...    e.g. riot --syntax=jsonld10 --output=nquads out/kaspersky-kg.jsonld
#        bash test/clients/jena.sh shacl validate --shapes SHAPES --data DATA
#
# Two packaging gaps of Debian bookworm are worked around here, nothing else:
# - jena-core.jar holds the relocated xerces classes under xerces/ but their message files under
#   org/apache/jena/ext/xerces/, so Jena fails at start-up ("internal error" in XSSimpleTypeDecl); the message
#   files are copied once to where the classes look for them ($XDG_CACHE_HOME/kaspersky-kg/jena-xerces);
# - /usr/share/java holds both slf4j bindings and log4j bridges, so the class path is listed jar by jar.
# Debian has no jakarta.json implementation, so Jena's JSON-LD 1.1 reader (titanium) cannot run: use
# --syntax=jsonld10 (jsonld-java) for JSON-LD.
set -euo pipefail
J=/usr/share/java
[ -f "$J/jena-cmds.jar" ] || { echo "jena.sh: Apache Jena is not installed (apt-get install libapache-jena-java)" >&2; exit 2; }
fix="${XDG_CACHE_HOME:-$HOME/.cache}/kaspersky-kg/jena-xerces-4.5"
if [ ! -f "$fix/xerces/impl/msg/XMLSchemaMessages.properties" ]; then
  tmp="$(mktemp -d)"
  (cd "$tmp" && unzip -qo "$J/jena-core.jar" 'org/apache/jena/ext/xerces/*.properties' && mkdir -p out/xerces && cp -r org/apache/jena/ext/xerces/impl out/xerces/)
  mkdir -p "$(dirname "$fix")" && rm -rf "$fix" && mv "$tmp/out" "$fix" && rm -rf "$tmp"
fi
cp="$fix"
for jar in jena-arq jena-base jena-cmds jena-core jena-iri jena-shacl jena-dboe-base jena-dboe-index jena-dboe-storage \
  jena-dboe-trans-data jena-dboe-transaction jena-tdb jena-tdb2 jena-rdfconnection commons-cli commons-codec \
  commons-compress commons-csv commons-io commons-lang3 commons-logging dexx.collection gson guava httpclient \
  httpclient-cache httpcore jackson-annotations jackson-core jackson-databind jakarta.json-api jsonld-java protobuf \
  thrift titanium-json-ld slf4j-api slf4j-nop; do
  cp="$cp:$J/$jar.jar"
done
case "${1:-}" in
  riot) main=riotcmd.riot ;;
  shacl) main=shacl.shacl ;;
  *) echo "jena.sh: first argument: riot or shacl" >&2; exit 2 ;;
esac
shift
exec java -cp "$cp" "$main" "$@"
