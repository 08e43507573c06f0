"""Load the CSV exports as a researcher would: with Python's csv module and, when installed, pandas.

Usage: /usr/bin/python3 csv_load.py EXPORT_DIR
Prints JSON: row and column counts, whether every edge endpoint is a node (Gephi and Neo4j need that),
the Gephi/Neo4j header names found, the statements table (columns, rows, and its rows as
[subject, predicate, object, claim_key, stance, licensed, source, quote]), and pandas' view of the same
files (or null without pandas).
"""
import csv
import json
import sys


def main():
    d = sys.argv[1]
    with open(d + "/nodes.csv", newline="", encoding="utf-8") as f:
        nodes = list(csv.DictReader(f))
    with open(d + "/edges.csv", newline="", encoding="utf-8") as f:
        edges = list(csv.DictReader(f))
    with open(d + "/statements.csv", newline="", encoding="utf-8") as f:
        statements = list(csv.DictReader(f))
    ids = {n["Id"] for n in nodes}
    out = {
        "nodes": len(nodes),
        "edges": len(edges),
        "node_columns": list(nodes[0].keys()) if nodes else [],
        "edge_columns": list(edges[0].keys()) if edges else [],
        "unique_ids": len(ids) == len(nodes),
        "dangling_edges": sum(1 for e in edges if e["Source"] not in ids or e["Target"] not in ids),
        "labels": {n["Id"]: n["Label"] for n in nodes},
        "statement_columns": list(statements[0].keys()) if statements else [],
        "statements": [[r["subject"], r["predicate"], r["object"], r["claim_key"], r["stance"], r["licensed"], r["source"], r["quote"]] for r in statements],
        "statement_claims_are_nodes": all(r["claim"] in ids for r in statements),
        "pandas": None,
    }
    try:
        import pandas as pd
    except ImportError:
        pd = None
    if pd is not None:
        pn = pd.read_csv(d + "/nodes.csv", dtype=str, keep_default_na=False)
        pe = pd.read_csv(d + "/edges.csv", dtype=str, keep_default_na=False)
        ps = pd.read_csv(d + "/statements.csv", dtype=str, keep_default_na=False)
        out["pandas"] = {
            "nodes": int(pn.shape[0]),
            "edges": int(pe.shape[0]),
            "same_as_csv": pn.to_dict("records") == nodes and pe.to_dict("records") == edges and ps.to_dict("records") == statements,
        }
    print(json.dumps(out, sort_keys=True))


if __name__ == "__main__":
    main()
