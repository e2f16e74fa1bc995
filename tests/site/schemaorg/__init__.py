"""
Checks JSON-LD against the schema.org vocabulary: every @type is a schema.org type, and every
property is one that type has, itself or through a supertype, all the way down nested nodes.
vocabulary.json is a pinned, trimmed copy of a schema.org release (trim.py says how it is made).
"""

import json
from functools import cache
from pathlib import Path

KEYWORDS = {"@context", "@type", "@id"}


@cache
def vocabulary():
    return json.loads(Path(__file__).with_name("vocabulary.json").read_text())["types"]


def properties_of(type_name):
    """The properties a type may carry: its own and every supertype's."""
    types = vocabulary()
    found, todo, seen = set(), [type_name], set()
    while todo:
        name = todo.pop()
        if name in seen or name not in types:
            continue
        seen.add(name)
        found |= set(types[name]["properties"])
        todo += types[name]["supertypes"]
    return found


def problems(node, path="$"):
    """What in a JSON-LD node (and the nodes inside it) schema.org does not define."""
    if isinstance(node, list):
        return [p for i, item in enumerate(node) for p in problems(item, f"{path}[{i}]")]
    if not isinstance(node, dict):
        return []
    found = []
    type_name = node.get("@type")
    if type_name is None:
        found.append(f"{path}: a node without @type")
        allowed = set()
    elif type_name not in vocabulary():
        found.append(f"{path}: {type_name} is not a schema.org type (or not in vocabulary.json)")
        allowed = set()
    else:
        allowed = properties_of(type_name)
    for name, value in node.items():
        if name in KEYWORDS:
            continue
        if type_name in vocabulary() and name not in allowed:
            found.append(f"{path}: {type_name} has no property {name}")
        found += problems(value, f"{path}.{name}")
    return found
