#!/usr/bin/env python3
"""Wraps C# lines longer than 120 columns where a break is only whitespace to the compiler: after a comma or before
`=>`, `&&`, `||`, `?`, `:` at bracket depth > 0 or in an expression, outside string literals and comments; comment lines
at a word. Lines inside raw or verbatim strings (SQL) are left as they are. Usage: wrap120.py FILE..."""
import re, sys

MAX = 120

def scan(line):
    """Positions in `line` that are code (not inside a string, char or comment), with bracket depth before each,
    and where a // comment starts (or None). Returns (code_mask, depth, comment_at, ends_in_string)."""
    mask = [False] * len(line); depth = [0] * len(line)
    i = 0; d = 0; comment_at = None
    while i < len(line):
        c = line[i]
        if line.startswith('//', i):
            comment_at = i; break
        if line.startswith('/*', i):
            j = line.find('*/', i + 2)
            if j < 0: return mask, depth, None, True
            i = j + 2; continue
        if line.startswith('"""', i):
            j = line.find('"""', i + 3)
            if j < 0: return mask, depth, None, True
            i = j + 3; continue
        m = re.match(r'(\$@|@\$|@)"', line[i:])
        if m:
            j = i + len(m.group(0))
            while j < len(line):
                if line[j] == '"' and j + 1 < len(line) and line[j + 1] == '"': j += 2; continue
                if line[j] == '"': break
                j += 1
            if j >= len(line): return mask, depth, None, True
            i = j + 1; continue
        if c == '$' and i + 1 < len(line) and line[i + 1] == '"' or c == '"':
            j = i + (2 if c == '$' else 1); braces = 0
            while j < len(line):
                if line[j] == '\\': j += 2; continue
                if c == '$' and line[j] == '{':
                    if j + 1 < len(line) and line[j + 1] == '{' and braces == 0: j += 2; continue
                    braces += 1
                elif c == '$' and line[j] == '}' and braces > 0: braces -= 1
                elif line[j] == '"' and braces == 0: break
                j += 1
            if j >= len(line): return mask, depth, None, True
            i = j + 1; continue
        if c == "'":
            m = re.match(r"'(\\.[^']*|[^'\\])'", line[i:])
            if m: i += len(m.group(0)); continue
        mask[i] = True; depth[i] = d
        if c in '([{': d += 1
        elif c in ')]}': d -= 1
        i += 1
    return mask, depth, comment_at, False

def wrap_comment(line):
    m = re.match(r'^(\s*///?\s?)(.*)$', line)
    prefix, text = m.group(1), m.group(2)
    out = []; cur = prefix
    for word in text.split(' '):
        if len(cur) + len(word) + (0 if cur == prefix else 1) > MAX and cur != prefix:
            out.append(cur.rstrip()); cur = prefix + word
        else:
            cur = cur + ('' if cur == prefix else ' ') + word
    out.append(cur.rstrip())
    return out

def wrap_code(line, cont_indent):
    out = []
    first = True
    while len(line) > MAX:
        mask, depth, comment_at, _ = scan(line)
        limit = min(MAX, comment_at if comment_at is not None else len(line))
        best = None
        for p in range(limit - 1, len(line) - len(line.lstrip()) + 8, -1):
            if p >= len(mask) or not mask[p]: continue
            if line[p] == ',' and p + 1 < len(line) and line[p + 1] == ' ' and depth[p] > 0:
                best = (p + 1, p + 2); break
            for op in (' => ', ' && ', ' || ', ' ?? '):
                if line.startswith(op, p) and p + len(op) <= MAX + 1 and all(mask[p + k] for k in range(len(op)) if p + k < len(mask)):
                    best = (p, p + 1); break
            if best: break
        if best is None: break
        head, tail = line[:best[0]].rstrip(), line[best[1]:].lstrip()
        if not tail or tail.startswith('//'): break
        out.append(head)
        line = ' ' * cont_indent + tail
        first = False
    out.append(line)
    return out

COMMENT = re.compile(r'^(\s*///?\s?)(.*)$')

def carry_comments(src):
    """Moves the words past column 120 of a comment line to the front of the next line of the same comment when that
    line continues the sentence (same prefix, not a tag, not blank), so a paragraph keeps its shape."""
    for i in range(len(src) - 1):
        line, nxt = src[i], src[i + 1]
        if len(line) <= MAX or not line.strip().startswith('//'): continue
        a, b = COMMENT.match(line), COMMENT.match(nxt)
        if not b or not nxt.strip().startswith('//') or a.group(1) != b.group(1): continue
        if not b.group(2) or b.group(2).startswith('<') or b.group(2).startswith('-'): continue
        words = a.group(2).split(' ')
        keep = a.group(1)
        k = 0
        while k < len(words) and len(keep) + len(words[k]) + (0 if keep == a.group(1) else 1) <= MAX:
            keep += ('' if keep == a.group(1) else ' ') + words[k]; k += 1
        if k == 0 or k == len(words): continue
        src[i] = keep
        src[i + 1] = b.group(1) + ' '.join(words[k:]) + ' ' + b.group(2)
    return src

def process(path):
    src = carry_comments(open(path, encoding='utf-8').read().split('\n'))
    out = []; in_raw = False; in_verbatim = False; changed = False
    for line in src:
        stripped = line.strip()
        if in_raw:
            out.append(line)
            if '"""' in line: in_raw = False
            continue
        if in_verbatim:
            out.append(line)
            # a verbatim string ends at a lone quote
            if re.search(r'(?<!")"(?!")', line.replace('""', '')): in_verbatim = False
            continue
        mask, depth, comment_at, open_string = scan(line)
        if open_string:
            if line.count('"""') % 2 == 1: in_raw = True
            else: in_verbatim = True
            out.append(line); continue
        if len(line) <= MAX or stripped.startswith('#'):
            out.append(line); continue
        if stripped.startswith('//'):
            out.extend(wrap_comment(line)); changed = True; continue
        indent = len(line) - len(line.lstrip())
        wrapped = wrap_code(line, indent + 4)
        if len(wrapped) > 1: changed = True
        out.extend(wrapped)
    if changed or out != open(path, encoding='utf-8').read().split('\n'):
        open(path, 'w', encoding='utf-8').write('\n'.join(out))

for p in sys.argv[1:]:
    process(p)
