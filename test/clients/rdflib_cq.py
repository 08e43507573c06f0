"""Answer competency questions (SPARQL files) with Python rdflib over an export file.

Usage: /usr/bin/python3 rdflib_cq.py FORMAT FILE QUERY.rq [QUERY.rq ...]
FORMAT is an rdflib parser name (trig, nquads, turtle, ...); quad formats load into a Dataset, whose
SPARQL default graph is the dataset's default graph. Prints {query file name: [row, ...]} as JSON, each
row {var: {"t": "iri"|"literal"|"bnode", "v": value, "l": language, "d": datatype}}, rows sorted.
"""
import json
import os
import sys

import rdflib
from rdflib import BNode, Dataset, Graph, Literal, URIRef

rdflib.NORMALIZE_LITERALS = False
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def term(t):
    if isinstance(t, URIRef):
        return {"t": "iri", "v": str(t)}
    if isinstance(t, BNode):
        return {"t": "bnode", "v": str(t)}
    if isinstance(t, Literal):
        if t.language:
            return {"t": "literal", "v": str(t), "l": t.language.lower()}
        return {"t": "literal", "v": str(t), "d": str(t.datatype) if t.datatype else XSD_STRING}
    raise ValueError("unexpected term %r" % (t,))


def main():
    fmt, path = sys.argv[1], sys.argv[2]
    if fmt in ("trig", "nquads", "json-ld"):
        g = Dataset()
        g.parse(path, format=fmt, publicID=rdflib.graph.DATASET_DEFAULT_GRAPH_ID)
    else:
        g = Graph()
        g.parse(path, format=fmt)
    out = {}
    for q in sys.argv[3:]:
        with open(q, encoding="utf-8") as f:
            result = g.query(f.read())
        rows = []
        for r in result:
            row = {}
            for var in result.vars:
                v = r[var]
                if v is not None:
                    row[str(var)] = term(v)
            rows.append(row)
        rows.sort(key=lambda x: json.dumps(x, sort_keys=True))
        out[os.path.basename(q)] = rows
    print(json.dumps(out, sort_keys=True))


if __name__ == "__main__":
    main()
