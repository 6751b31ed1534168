"""Developer tool: derive `data/events/cameo_verbs.tsv` from the PETRARCH CAMEO verb dictionary.

    python -m claimgraph.events._derive ../shared/data/phoenix_actor_dictionaries

Reads `CAMEO.2.0.txt` (verb blocks: synonyms with inflections, `- * OBJECT [code]` patterns) and
`CAMEO2PLOVER-2021.txt` (CAMEO code -> PLOVER type, mode, context) and writes one row per
(verb lemma, object word or "*") with the PLOVER type and mode. Not run at runtime.
"""

from __future__ import annotations

import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

from claimgraph.resources import data_path


def read_c2p(path: Path) -> dict[str, tuple[str, str, str]]:
    out: dict[str, tuple[str, str, str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        m = re.match(r"^(\d{2,4}):\s*(.*)$", line)
        if not m:
            continue
        parts = [p.strip() for p in m.group(2).split(",")]
        if not parts or not parts[0]:
            continue
        typ = parts[0]
        mode = parts[1] if len(parts) > 1 else ""
        ctx = parts[2] if len(parts) > 2 else ""
        out.setdefault(m.group(1), (typ, mode, ctx))
    return out


def plover_for(code: str, c2p: dict[str, tuple[str, str, str]]) -> tuple[str, str, str] | None:
    code = code.strip().split(":")[0]
    if not code or code.startswith("-"):
        return None
    while code:
        if code in c2p:
            return c2p[code]
        code = code[:-1]
    return None


def main(src: Path) -> None:
    c2p = read_c2p(src / "CAMEO2PLOVER-2021.txt")
    lines = (src / "CAMEO.2.0.txt").read_text(encoding="latin-1").splitlines()
    rows: dict[tuple[str, str], Counter] = defaultdict(Counter)
    forms: dict[str, str] = {}
    in_verbs = False
    block_code = None
    synonyms: list[str] = []
    for raw in lines:
        if "VERB PATTERNS" in raw:
            in_verbs = True
            continue
        if not in_verbs:
            continue
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        m = re.match(r"^---\s+(\S+)\s+\[([^\]]*)\]", line)
        if m:
            block_code = m.group(2)
            synonyms = []
            continue
        if line.startswith("-"):
            pm = re.match(r"^-\s*(.*?)\s*\[([^\]]*)\]", line)
            if not pm:
                continue
            pat, code = pm.group(1), pm.group(2)
            pl = plover_for(code, c2p)
            if pl is None:
                continue
            # the first plain word after '*' is the object head
            after = pat.split("*", 1)[1] if "*" in pat else ""
            words = re.findall(r"[&A-Z][A-Z_\-']+", after)
            obj = words[0].lower().replace("_", " ") if words else "*"
            if obj.startswith("&"):
                obj = "*"
            for syn in synonyms:
                rows[(syn, obj)][pl] += 1
            continue
        sm = re.match(r"^([A-Z][A-Z_\-']*)\s*(\{[^}]*\})?\s*(\[[^\]]*\])?", line.strip())
        if sm:
            lemma = sm.group(1).lower().replace("_", " ")
            synonyms.append(lemma)
            if sm.group(2):
                for f in sm.group(2).strip("{}").split():
                    forms[f.lower().replace("_", " ")] = lemma
            code = (sm.group(3) or "").strip("[]") or (block_code or "")
            pl = plover_for(code, c2p)
            if pl is not None:
                rows[(lemma, "*")][pl] += 3
    out = data_path("events", "cameo_verbs.tsv")
    with out.open("w", encoding="utf-8") as fh:
        fh.write("# derived from PETRARCH CAMEO.2.0.txt + CAMEO2PLOVER-2021.txt (MIT, OEDA)\n")
        fh.write("# lemma\tobject\tplover\tmode\tcontext\tvotes\n")
        for (lemma, obj), cnt in sorted(rows.items()):
            (typ, mode, ctx), n = cnt.most_common(1)[0]
            fh.write(f"{lemma}\t{obj}\t{typ}\t{mode}\t{ctx}\t{n}\n")
    fout = data_path("events", "verb_forms.tsv")
    with fout.open("w", encoding="utf-8") as fh:
        fh.write("# inflected form -> lemma, from CAMEO.2.0.txt\n")
        for f, lemma in sorted(forms.items()):
            if " " not in f:
                fh.write(f"{f}\t{lemma}\n")
    print(out, len(rows), fout, len(forms))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
