#!/usr/bin/env bash
# Makes sure the system tools the test suite drives are present: Virtuoso 7 and RDF::Endpoint (two real
# SPARQL servers), Debian's Python rdflib, PyLD and SPARQLWrapper (third-party clients), raptor's rapper, curl,
# Apache Jena (riot, shacl) and Perl RDF::Trine.
# Installs what is missing when running as root (apt-get); otherwise stops and prints the exact command to run.
set -euo pipefail

need=()
command -v virtuoso-t >/dev/null 2>&1 || need+=(virtuoso-opensource-7-bin virtuoso-opensource-7-common)
command -v isql-vt    >/dev/null 2>&1 || need+=(virtuoso-opensource-7-bin)
command -v rapper     >/dev/null 2>&1 || need+=(raptor2-utils)
command -v curl       >/dev/null 2>&1 || need+=(curl)
# RDF::Endpoint (Perl) run by plackup: the second SPARQL server of test/remote-parity.test.ts.
{ command -v plackup >/dev/null 2>&1 && perl -MRDF::Endpoint -e1 >/dev/null 2>&1; } || need+=(librdf-endpoint-perl)
perl -MRDF::Trine -e1 >/dev/null 2>&1 || need+=(librdf-trine-perl)
/usr/bin/python3 -c 'import rdflib' >/dev/null 2>&1 || need+=(python3-rdflib)
/usr/bin/python3 -c 'import pyld'   >/dev/null 2>&1 || need+=(python3-pyld)
/usr/bin/python3 -c 'import pandas' >/dev/null 2>&1 || need+=(python3-pandas)
/usr/bin/python3 -c 'import SPARQLWrapper' >/dev/null 2>&1 || need+=(python3-sparqlwrapper)
command -v chromium   >/dev/null 2>&1 || need+=(chromium)
# Apache Jena 4.5 jars (riot, shacl; run by test/clients/jena.sh): JSON-LD 1.0 reading and SHACL of the exports.
[ -f /usr/share/java/jena-cmds.jar ] && [ -f /usr/share/java/jena-shacl.jar ] || need+=(libapache-jena-java)
command -v unzip      >/dev/null 2>&1 || need+=(unzip)
[ -d /usr/share/fonts/truetype/dejavu ] || need+=(fonts-dejavu-core)

if [ ${#need[@]} -eq 0 ]; then exit 0; fi
# de-duplicate
mapfile -t need < <(printf '%s\n' "${need[@]}" | sort -u)
cmd="apt-get update && DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends ${need[*]}"
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "ensure-system-deps: installing ${need[*]}" >&2
  if ! bash -c "$cmd" >/tmp/kaspersky-kg-apt.log 2>&1; then
    tail -20 /tmp/kaspersky-kg-apt.log >&2
    echo "ensure-system-deps: apt-get failed; run as root: $cmd" >&2
    exit 1
  fi
else
  echo "ensure-system-deps: missing system packages: ${need[*]}" >&2
  echo "Run as root:  $cmd" >&2
  exit 1
fi
