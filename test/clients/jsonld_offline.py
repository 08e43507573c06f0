"""Read every JSON-LD file of an export or release folder with Python rdflib and PyLD, as a user would: no
document loader, no patch, default settings (run it with no network: the test runs it under `unshare -rn`).

Usage: /usr/bin/python3 jsonld_offline.py DIR
DIR holds kaspersky-kg.nq (the reference, parsed by rdflib's N-Quads parser) and the JSON-LD files:
kaspersky-kg.jsonld, kaspersky-kg.expanded.jsonld, kaspersky-kg.entities.jsonl (one document per line),
entities/**/*.jsonld and context/*.jsonld. Checks, with rdflib.compare.isomorphic:
- whole-graph documents: rdflib's graphs and PyLD's graphs are each isomorphic to the N-Quads, graph by graph;
- entity documents (files and lines): rdflib and PyLD read the same triples, all in the N-Quads' default graph,
  and every claim the document lists under "claims" (@included) is there (typed kg:Claim);
- context files: read without error (they hold no triples).
Prints JSON {"files": n, "documents": n, "counts": {file: [rdflib triples, pyld triples]}, "problems": [...]}.
"""
import glob
import json
import os
import sys

import rdflib
from rdflib import BNode, ConjunctiveGraph, Dataset, Graph, URIRef
from rdflib.compare import isomorphic
from pyld import jsonld

rdflib.NORMALIZE_LITERALS = False  # compare lexical forms exactly, as the package writes them
DEFAULT = rdflib.graph.DATASET_DEFAULT_GRAPH_ID
RDF_TYPE = URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
CLAIM = URIRef("https://w3id.org/kaspersky-kg/ontology#Claim")
KG_CLAIM_NS = "https://w3id.org/kaspersky-kg/claim/"


def graphs_of(cg, default_names):
    """{graph name, None for the default graph: Graph} of a parsed dataset; graphs rdflib names by itself
    for the default graph (its DATASET_DEFAULT_GRAPH_ID, a fresh blank node, the file: IRI of the source)
    are the default graph."""
    out = {}
    for g in cg.contexts():
        ident = g.identifier
        name = None if ident == DEFAULT or isinstance(ident, BNode) or str(ident) in default_names else str(ident)
        target = out.setdefault(name, Graph())
        for t in g:
            target.add(t)
    return {k: v for k, v in out.items() if len(v) > 0}


def compare(got, want, what):
    if set(got) != set(want):
        return "%s: graph names differ: got %s, want %s" % (what, sorted(map(str, got))[:4], sorted(map(str, want))[:4])
    for name, g in want.items():
        if not isomorphic(g, got[name]):
            a = set(g) - set(got[name])
            b = set(got[name]) - set(g)
            return "%s: graph %s differs: %d missing (e.g. %s), %d extra (e.g. %s)" % (what, name, len(a), list(a)[:1], len(b), list(b)[:1])
    return None


def rdflib_read(path=None, data=None):
    cg = ConjunctiveGraph()
    if path is not None:
        cg.parse(path, format="json-ld")
        names = {cg.absolutize(path), "file://" + os.path.abspath(path), os.path.abspath(path)}
    else:
        cg.parse(data=data, format="json-ld")
        names = set()
    return graphs_of(cg, {str(n) for n in names})


def pyld_read(doc):
    text = jsonld.to_rdf(doc, {"format": "application/n-quads"})
    ds = Dataset()
    ds.parse(data=text, format="nquads", publicID=DEFAULT)
    return graphs_of(ds, set()), len(text.splitlines())


def failure(label, error):
    return ("%s: %s: %s" % (label, type(error).__name__, error)).splitlines()[0][:300]


def listed_claims(doc):
    claims = doc.get("claims", [])
    claims = claims if isinstance(claims, list) else [claims]
    out = []
    for c in claims:
        cid = c.get("@id") if isinstance(c, dict) else None
        if isinstance(cid, str) and cid.startswith("claim:"):
            out.append(URIRef(KG_CLAIM_NS + cid[len("claim:"):]))
        elif isinstance(cid, str):
            out.append(URIRef(cid))
    return out


def main():
    root = sys.argv[1]
    ref = Dataset()
    ref.parse(os.path.join(root, "kaspersky-kg.nq"), format="nquads", publicID=DEFAULT)
    want = graphs_of(ref, set())
    default_triples = set(want.get(None, Graph()))
    problems, counts = [], {}
    files = documents = 0

    for name in ["kaspersky-kg.jsonld", "kaspersky-kg.expanded.jsonld"]:
        path = os.path.join(root, name)
        files += 1
        documents += 1
        try:
            got = rdflib_read(path=path)
            p = compare(got, want, "rdflib " + name)
            if p:
                problems.append(p)
            with open(path, encoding="utf-8") as f:
                pgot, n = pyld_read(json.load(f))
            p = compare(pgot, want, "PyLD " + name)
            if p:
                problems.append(p)
            counts[name] = [sum(len(g) for g in got.values()), n]
        except Exception as e:  # a tool that cannot read the file: the finding, not a crash
            problems.append(failure(name, e))

    def entity(label, doc, text, path=None):
        try:
            got = rdflib_read(path=path) if path else rdflib_read(data=text)
            pgot, n = pyld_read(doc)
        except Exception as e:
            problems.append(failure(label, e))
            return
        if set(got) - {None} or set(pgot) - {None}:
            problems.append("%s: named graphs in an entity document" % label)
            return
        r = set(got.get(None, Graph()))
        p = set(pgot.get(None, Graph()))
        counts[label] = [len(r), n]
        if not r:
            problems.append("%s: rdflib read no triple" % label)
        if r != p:
            problems.append("%s: rdflib and PyLD differ (%d vs %d triples; e.g. %s)" % (label, len(r), len(p), list(r ^ p)[:1]))
        extra = r - default_triples
        if extra:
            problems.append("%s: %d triples not in the N-Quads' default graph (e.g. %s)" % (label, len(extra), list(extra)[:1]))
        for c in listed_claims(doc):
            if (c, RDF_TYPE, CLAIM) not in r:
                problems.append("%s: claim %s listed but not read (claims = @included)" % (label, c))

    for path in sorted(glob.glob(os.path.join(root, "entities", "**", "*.jsonld"), recursive=True)):
        files += 1
        documents += 1
        with open(path, encoding="utf-8") as f:
            text = f.read()
        entity(os.path.relpath(path, root), json.loads(text), text, path=path)

    files += 1
    with open(os.path.join(root, "kaspersky-kg.entities.jsonl"), encoding="utf-8") as f:
        for i, line in enumerate(f, 1):
            documents += 1
            entity("kaspersky-kg.entities.jsonl:%d" % i, json.loads(line), line)

    for path in sorted(glob.glob(os.path.join(root, "context", "*.jsonld"))):
        files += 1
        try:
            got = rdflib_read(path=path)
            with open(path, encoding="utf-8") as f:
                _, n = pyld_read(json.load(f))
            counts[os.path.relpath(path, root)] = [sum(len(g) for g in got.values()), n]
        except Exception as e:
            problems.append(failure(os.path.relpath(path, root), e))

    print(json.dumps({"files": files, "documents": documents, "counts": counts, "problems": problems}))


if __name__ == "__main__":
    main()
