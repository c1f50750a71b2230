# SPDX-License-Identifier: GPL-3.0-or-later
"""The <!-- bench:NAME --> blocks of docs/performance.md that scripts/bench.sh rewrites."""
import os
import re


def replace_block(doc, name, text):
    """Rewrites only the <!-- bench:NAME --> block of doc; the rest (analysis written by hand) stays."""
    begin, end = f"<!-- bench:{name}:begin -->", f"<!-- bench:{name}:end -->"
    block = f"{begin}\n{text.rstrip()}\n{end}\n"
    old = open(doc).read() if os.path.exists(doc) else "# Performance\n"
    if begin in old and end in old:
        new = re.sub(re.escape(begin) + ".*?" + re.escape(end) + "\n?", lambda m: block, old, flags=re.S)
    else:
        new = old.rstrip("\n") + "\n\n" + block
    with open(doc, "w") as f:
        f.write(new)
