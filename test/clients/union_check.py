"""Load distributions as the union of all their graphs with Python rdflib (ConjunctiveGraph) and PyLD, and
report which of the given triples appear as plain triples (in any graph).

Usage: /usr/bin/python3 union_check.py SPEC.json
SPEC: {"forbidden": "F.nt", "facts": "T.nt", "contexts": {context IRI: local file},
       "files": [{"path": p, "format": "nquads"|"trig"|"turtle"|"nt"|"xml"|"json-ld"|"jsonl", "full": bool}]}
For every file, each client loads it into a fresh ConjunctiveGraph (every named graph kept; `t in graph`
looks in the union of all graphs) and reports {"triples": n, "found": [forbidden triples present, as
N-Triples], "facts_missing": n (facts absent; only for "full" files)}. RDF syntaxes are read by rdflib's
own parsers; JSON-LD both by rdflib's JSON-LD parser ("rdflib") and by PyLD to_rdf ("pyld", its N-Quads
then loaded into a ConjunctiveGraph). JSON Lines: every line is a document, all loaded into one graph.
Contexts are served from the local files (no network). Prints one JSON object {path: {client: report}}.
"""
import json
import sys

import rdflib
from rdflib import ConjunctiveGraph, Graph
import rdflib.plugins.shared.jsonld.context as jsonld_context
import rdflib.plugins.shared.jsonld.util as jsonld_util
from pyld import jsonld
from pyld.jsonld import JsonLdError

rdflib.NORMALIZE_LITERALS = False


def install_offline(contexts):
    original = jsonld_util.source_to_json

    def load(source):
        if isinstance(source, str) and source.startswith(("http:", "https:")):
            if source in contexts:
                return contexts[source]
            raise RuntimeError("offline: refusing to fetch " + source)
        return original(source)

    jsonld_context.source_to_json = load

    def loader(url, options=None):
        if url in contexts:
            return {"contentType": "application/ld+json", "contextUrl": None, "documentUrl": url, "document": contexts[url]}
        raise JsonLdError("offline: refusing to load " + url, "jsonld.LoadDocumentError", code="loading document failed")

    return {"documentLoader": loader}


def triples_of(path):
    g = Graph()
    g.parse(path, format="nt")
    return list(g)


def report(cg, forbidden, facts, full):
    found = sorted(" ".join(x.n3() for x in t) for t in forbidden if t in cg)
    missing = sum(1 for t in facts if t not in cg) if full else 0
    return {"triples": len(cg), "found": found, "facts_missing": missing}


def documents(path, fmt):
    with open(path, encoding="utf-8") as f:
        if fmt == "jsonl":
            return [line for line in f.read().splitlines() if line.strip()]
        return [f.read()]


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        spec = json.load(f)
    contexts = {}
    for iri, p in spec["contexts"].items():
        with open(p, encoding="utf-8") as f:
            contexts[iri] = json.load(f)
    pyld_opts = install_offline(contexts)
    forbidden = triples_of(spec["forbidden"])
    facts = triples_of(spec["facts"])
    out = {}
    for entry in spec["files"]:
        path, fmt, full = entry["path"], entry["format"], entry.get("full", False)
        res = {}
        try:
            cg = ConjunctiveGraph()
            if fmt in ("json-ld", "jsonl"):
                for doc in documents(path, fmt):
                    cg.parse(data=doc, format="json-ld")
            else:
                cg.parse(path, format=fmt)
            res["rdflib"] = report(cg, forbidden, facts, full)
        except Exception as e:  # report, do not hide
            res["rdflib"] = {"error": "%s: %s" % (type(e).__name__, e)}
        if fmt in ("json-ld", "jsonl"):
            try:
                cg = ConjunctiveGraph()
                for doc in documents(path, fmt):
                    nq = jsonld.to_rdf(json.loads(doc), dict(pyld_opts, format="application/n-quads"))
                    if nq.strip():
                        cg.parse(data=nq, format="nquads")
                res["pyld"] = report(cg, forbidden, facts, full)
            except Exception as e:
                res["pyld"] = {"error": "%s: %s" % (type(e).__name__, e)}
        out[path] = res
    print(json.dumps(out, sort_keys=True))


if __name__ == "__main__":
    main()
