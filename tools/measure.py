#!/usr/bin/env python3
"""Architecture figures for issue 14: feature-to-feature cycles (from `using Salon.Api.*` lines),
and the share of lines over 120 characters. Run from the repository root."""
import os, re, sys
from collections import defaultdict

ROOT = "src/Salon.Api"
def folder(path):
    rel = os.path.relpath(path, ROOT).split(os.sep)
    if rel[0] == "Features" and len(rel) > 2: return "Features." + rel[1]
    if rel[0] == "Infrastructure": return "Infrastructure." + rel[1] if len(rel) > 2 else "Infrastructure"
    return rel[0]

def cs_files(top):
    for d, dirs, files in os.walk(top):
        dirs[:] = [x for x in dirs if x not in ("bin", "obj", "node_modules")]
        for f in files:
            if f.endswith(".cs"): yield os.path.join(d, f)

edges = defaultdict(set)
for p in cs_files(ROOT):
    src = folder(p)
    for m in re.finditer(r"^using (?:static )?Salon\.Api\.((?:Features|Infrastructure)(?:\.\w+)?)", open(p).read(), re.M):
        dst = m.group(1)
        if dst != src: edges[src].add(dst)

def cycles(nodes_filter):
    # elementary cycles via Johnson-lite DFS (graph is small)
    g = {a: {b for b in bs if nodes_filter(b)} for a, bs in edges.items() if nodes_filter(a)}
    found = set()
    def dfs(start, node, path):
        for n in g.get(node, ()):
            if n == start: found.add(tuple(path))
            elif n not in path and n > start: dfs(start, n, path + [n])
    for s in sorted(g): dfs(s, s, [s])
    return sorted(found, key=lambda c: (len(c), c))

feat = lambda n: n.startswith("Features.")
print("feature edges:")
for a in sorted(edges):
    if feat(a):
        print(f"  {a} -> {', '.join(sorted(b for b in edges[a] if feat(b)))}")
fc = cycles(feat)
print(f"feature-to-feature cycles: {len(fc)}")
for c in fc: print("  " + " -> ".join(c + (c[0],)))
allc = cycles(lambda n: True)
print(f"all folder cycles (features + infrastructure): {len(allc)}")
for c in allc: print("  " + " -> ".join(c + (c[0],)))
inf = sorted({b for a, bs in edges.items() if a.startswith("Infrastructure") for b in bs if feat(b)})
print(f"Infrastructure -> Features edges: {inf}")

def share(top):
    total = long = 0
    for p in cs_files(top):
        for line in open(p, encoding="utf-8"):
            total += 1
            if len(line.rstrip("\r\n")) > 120: long += 1
    return long, total
for top in (ROOT + "/Features", "src", "tests"):
    l, t = share(top)
    print(f"lines over 120 in {top}: {l}/{t} = {100*l/t:.1f} %")
