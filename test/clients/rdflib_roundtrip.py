"""Parse every RDF export of a folder with Python rdflib (Debian python3-rdflib) and compare each with the
source dataset (given as N-Quads written by the package, parsed here by rdflib's own N-Quads parser).

Usage: /usr/bin/python3 rdflib_roundtrip.py EXPORT_DIR SOURCE.nq CONTEXT.jsonld
Prints one JSON object: {file: {"graphs": n, "triples": n, "isomorphic": bool, "problem": str|null}}.
Plain-triple formats (Turtle, N-Triples, RDF/XML) are compared with the default graph of the source;
quad formats (N-Quads, TriG, JSON-LD) with every graph; each per-entity document (JSON Lines, "graphs" =
number of documents) must mean a subset of the source ("isomorphic" then means "every quad is in it"). JSON-LD contexts are served from the local file
(no network): the package context IRI is mapped to CONTEXT.jsonld, anything else fails.
"""
import json
import sys

import rdflib
from rdflib import BNode, Dataset, Graph, URIRef
from rdflib.compare import isomorphic
import rdflib.plugins.shared.jsonld.context as jsonld_context
import rdflib.plugins.shared.jsonld.util as jsonld_util

rdflib.NORMALIZE_LITERALS = False  # compare lexical forms exactly, as the package writes them

CONTEXT_IRI = "https://w3id.org/kaspersky-kg/context/v2.jsonld"
DEFAULT = rdflib.graph.DATASET_DEFAULT_GRAPH_ID


def offline_loader(export_context):
    with open(export_context, encoding="utf-8") as f:
        local = json.load(f)
    original = jsonld_util.source_to_json

    def load(source):
        if isinstance(source, str) and source.startswith(("http:", "https:")):
            if source == CONTEXT_IRI:
                return local
            raise RuntimeError("offline: refusing to fetch " + source)
        return original(source)

    jsonld_context.source_to_json = load


def graphs_of(ds):
    """{graph name or None for the default graph: Graph}, with rdflib's JSON-LD quirk (default triples
    in a graph named by a fresh blank node) folded into the default graph."""
    out = {}
    for g in ds.contexts():
        name = None if g.identifier == DEFAULT or isinstance(g.identifier, BNode) else str(g.identifier)
        target = out.setdefault(name, Graph())
        for t in g:
            target.add(t)
    return {k: v for k, v in out.items() if len(v) > 0}


def compare(got, want):
    if set(got) != set(want):
        missing = sorted(str(k) for k in set(want) - set(got))[:3]
        extra = sorted(str(k) for k in set(got) - set(want))[:3]
        return "graph names differ: missing %s, extra %s" % (missing, extra)
    for name, g in want.items():
        if not isomorphic(g, got[name]):
            a = set(g) - set(got[name])
            b = set(got[name]) - set(g)
            return "graph %s differs: %d missing (e.g. %s), %d extra (e.g. %s)" % (
                name, len(a), list(a)[:1], len(b), list(b)[:1])
    return None


def main():
    export_dir, source_nq, context_file = sys.argv[1:4]
    offline_loader(context_file)
    src = Dataset()
    src.parse(source_nq, format="nquads", publicID=DEFAULT)
    want_all = graphs_of(src)
    want_default = {None: want_all.get(None, Graph())}
    report = {}
    for name, fmt, quads in [
        ("kaspersky-kg.ttl", "turtle", False),
        ("kaspersky-kg.nt", "nt", False),
        ("kaspersky-kg.rdf", "xml", False),
        ("kaspersky-kg.nq", "nquads", True),
        ("kaspersky-kg.trig", "trig", True),
        ("kaspersky-kg.jsonld", "json-ld", True),
        ("kaspersky-kg.expanded.jsonld", "json-ld", True),
    ]:
        path = export_dir + "/" + name
        try:
            if quads:
                ds = Dataset()
                ds.parse(path, format=fmt, publicID=DEFAULT)
                got = graphs_of(ds)
            else:
                g = Graph()
                g.parse(path, format=fmt)
                got = {None: g}
            problem = compare(got, want_all if quads else want_default)
            report[name] = {
                "graphs": len(got),
                "triples": sum(len(g) for g in got.values()),
                "isomorphic": problem is None,
                "problem": problem,
            }
        except Exception as e:  # report, do not hide
            report[name] = {"graphs": 0, "triples": 0, "isomorphic": False, "problem": "%s: %s" % (type(e).__name__, e)}
    # Per-entity documents (JSON Lines, "claims" = @included): each must mean a subset of the dataset.
    src_quads = set()
    for name, g in want_all.items():
        for t in g:
            src_quads.add((name,) + t)
    lines = open(export_dir + "/kaspersky-kg.entities.jsonl", encoding="utf-8").read().splitlines()
    bad = None
    count = 0
    for i, line in enumerate(lines):
        ds = Dataset()
        ds.parse(data=line, format="json-ld", publicID=DEFAULT)
        got = graphs_of(ds)
        for name, g in got.items():
            for t in g:
                count += 1
                if (name,) + t not in src_quads and bad is None:
                    bad = "line %d: %s not in the source" % (i + 1, ((name,) + t,))
        if not got and bad is None:
            bad = "line %d: no triples" % (i + 1)
    report["kaspersky-kg.entities.jsonl"] = {"graphs": len(lines), "triples": count, "isomorphic": bad is None, "problem": bad}
    print(json.dumps(report, indent=1, sort_keys=True))


if __name__ == "__main__":
    main()
