"""Build `src/claimgraph/data/events/agent_heads.tsv` from the Phoenix/PETRARCH agents dictionary.

In: ../shared/data/phoenix_actor_dictionaries/Phoenix.agents.txt (MIT, Open Event Data Alliance).
Out: one line per head noun ("militant", "villager", "police"): the noun that heads an agent
phrase in that dictionary, with the sector code most agent phrases headed by it carry (MIL, REB,
CVL, COP, ...). The events stage uses it to tell a typed participant ("the militants", "three
villagers") from a weapon, an abstract noun or a clause fragment.

    python tools/build_agent_heads.py ../shared/data/phoenix_actor_dictionaries/Phoenix.agents.txt
"""

from __future__ import annotations

import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src/claimgraph/data/events/agent_heads.tsv"
# heads the dictionary lists only inside longer phrases or not at all, common in conflict news
EXTRA = {
    "people": "CVL", "civilian": "CVL", "hostage": "CVL", "schoolgirl": "CVL", "schoolchild": "CVL",
    "child": "CVL", "woman": "CVL", "man": "CVL", "girl": "CVL", "boy": "CVL", "family": "CVL",
    "passenger": "CVL", "worshipper": "CVL", "miner": "CVL", "worker": "CVL", "victim": "CVL",
    "militant": "REB", "fighter": "REB", "gunman": "REB", "attacker": "REB", "assailant": "REB",
    "kidnapper": "CRM", "abductor": "CRM", "captor": "CRM", "bandit": "CRM", "gang": "CRM",
    "force": "MIL", "troop": "MIL", "soldier": "MIL", "military": "MIL", "army": "MIL",
    "police": "COP", "policeman": "COP", "authority": "GOV", "official": "GOV", "group": "",
    "member": "", "leader": "", "commander": "MIL", "spokesman": "", "spokesperson": "",
    "ally": "", "partner": "", "proxy": "", "coalition": "", "supporter": "", "backer": "",
}  # fmt: skip


def heads(path: Path) -> dict[str, str]:
    persons = ["man", "men", "woman", "women", "person"]
    sectors: dict[str, Counter[str]] = defaultdict(Counter)
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = line.split("#", 1)[0].strip()
        m = re.match(r"^([A-Z][A-Z_!\-']*)\s*(?:\{[^}]*\})?\s*\[~?([A-Z]*)", line)
        if not m:
            continue
        phrase, code = m.group(1), m.group(2)[-3:]
        for p in (
            [phrase.replace("!PERSON!", x.upper()) for x in persons]
            if "!PERSON!" in phrase
            else [phrase]
        ):
            if "!" in p:
                continue
            head = p.strip("_").split("_")[-1].lower()
            if len(head) > 2 and head.isalpha():
                sectors[head][code] += 1
    out = {h: c.most_common(1)[0][0] for h, c in sectors.items()}
    out.update(EXTRA)
    return out


def main(argv: list[str]) -> None:
    src = (
        Path(argv[1])
        if len(argv) > 1
        else Path("../shared/data/phoenix_actor_dictionaries/Phoenix.agents.txt")
    )
    table = heads(src)
    lines = [
        "# head noun\tsector (PLOVER/CAMEO code; empty: any). Built by tools/build_agent_heads.py",
        "# from Phoenix.agents.txt (c) 2014 Open Event Data Alliance, MIT License; see NOTICE.",
    ]
    lines += [f"{h}\t{s}" for h, s in sorted(table.items())]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(table)} heads -> {OUT}")


if __name__ == "__main__":
    main(sys.argv)
