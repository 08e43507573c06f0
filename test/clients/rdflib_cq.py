"""Answer competency questions (SPARQL files) with Python rdflib over an export file.

Usage: /usr/bin/python3 rdflib_cq.py FORMAT FILE QUERY.rq [QUERY.rq ...]
FORMAT is an rdflib parser name (trig, nquads, turtle, ...); quad formats load into a Dataset, whose
SPARQL default graph is the dataset's default graph; with a "+union" suffix (nquads+union, trig+union,
json-ld+union) the default graph is the union of all graphs, as researchers often load data
(Dataset(default_union=True), like ConjunctiveGraph). Prints {query file name: [row, ...]} as JSON, each
row {var: {"t": "iri"|"literal"|"bnode", "v": value, "l": language, "d": datatype}}, rows sorted
(an ASK query: true or false).
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
    union = fmt.endswith("+union")
    fmt = fmt[: -len("+union")] if union else fmt
    if fmt in ("trig", "nquads", "json-ld"):
        g = Dataset(default_union=union)
        g.parse(path, format=fmt, publicID=rdflib.graph.DATASET_DEFAULT_GRAPH_ID)
    else:
        g = Graph()
        g.parse(path, format=fmt)
    out = {}
    for q in sys.argv[3:]:
        with open(q, encoding="utf-8") as f:
            result = g.query(f.read())
        if result.type == "ASK":
            out[os.path.basename(q)] = bool(result.askAnswer)
            continue
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
