"""Expand the package's JSON-LD with PyLD (Debian python3-pyld), offline, and convert it to N-Quads.

Usage: /usr/bin/python3 pyld_expand.py DOCUMENT.jsonld CONTEXT.jsonld [--canonical]
The document loader is static: the package context IRI is served from CONTEXT.jsonld and every other URL
is refused. Prints JSON {"nodes": n (top-level expanded nodes), "nquads": text, "refused": message of the
refusal of an unknown remote context, "canonical_sha256": hex (with --canonical: URDNA2015 = RDFC-1.0)}.
"""
import hashlib
import json
import sys

from pyld import jsonld
from pyld.jsonld import JsonLdError

CONTEXT_IRI = "https://w3id.org/kaspersky-kg/context/v2.jsonld"


def main():
    doc_path, ctx_path = sys.argv[1], sys.argv[2]
    with open(ctx_path, encoding="utf-8") as f:
        local = json.load(f)

    def loader(url, options=None):
        if url == CONTEXT_IRI:
            return {"contentType": "application/ld+json", "contextUrl": None, "documentUrl": url, "document": local}
        raise JsonLdError("offline: refusing to load " + url, "jsonld.LoadDocumentError", code="loading document failed")

    opts = {"documentLoader": loader}
    with open(doc_path, encoding="utf-8") as f:
        doc = json.load(f)
    expanded = jsonld.expand(doc, opts)
    nquads = jsonld.to_rdf(expanded, dict(opts, format="application/n-quads"))
    refused = None
    try:
        jsonld.expand({"@context": "https://example.org/unknown-context.jsonld", "@id": "https://example.org/x"}, opts)
    except JsonLdError as e:
        refused = str(e)
    out = {"nodes": len(expanded), "nquads": nquads, "refused": refused}
    if "--canonical" in sys.argv:
        canon = jsonld.normalize(expanded, dict(opts, algorithm="URDNA2015", format="application/n-quads"))
        out["canonical_sha256"] = hashlib.sha256(canon.encode("utf-8")).hexdigest()
    print(json.dumps(out))


if __name__ == "__main__":
    main()
