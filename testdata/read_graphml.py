"""Reads a GraphML file with NetworkX and prints what the export test checks, as JSON:
the node and edge counts, and the quote and type of every edge by its id."""
import json
import sys

import networkx as nx

g = nx.read_graphml(sys.argv[1], force_multigraph=True)
edges = {}
for source, target, key, data in g.edges(keys=True, data=True):
    edges[data.get("id", key)] = {"source": source, "target": target, "type": data.get("type"), "quote": data.get("quote"),
                                  "document": data.get("document"), "offset": data.get("offset")}
labels = {}
for _, data in g.nodes(data=True):
    labels[data.get("type")] = labels.get(data.get("type"), 0) + 1
json.dump({"directed": g.is_directed(), "nodes": g.number_of_nodes(), "edges": g.number_of_edges(),
           "labels": labels, "byId": edges}, sys.stdout)
