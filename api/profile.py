"""
The site's HSDS profile: what the market adds to HSDS 3.0, written as HSDS's profiles guide
asks (reference/hsds-3.0/profiles.md), as JSON Merge Patches (RFC 7386) of the standard's
schema files, served at /api/hsds/profile/<file>, and the schemas they make once merged, at
/api/hsds/schema/<file>. The data package's table schemas are written from the merged schemas
too (api.export), as the guide recommends, so the CSV files and the profile cannot disagree.

What it adds, from the market's data (nothing here is particular to one country):
- a `regulator` object: the bodies that register or license each kind of care
  (markets/data/<market>.json, "regulators"), with where to check a practitioner; each
  organization names those of its kind of care (`regulators`);
- `postal_sector` on an address: the leading digits of its postal code that name the sector
  (the postal sectors `manage.py load_search_data` loads), and a rule for the postal code's
  shape.
"""

import copy
import json
import uuid
from functools import cache
from pathlib import Path

from api import taxonomies as tx
from markets import market
from providers.models import PostalSector
from providers.vocabulary import Vocabulary

VERSION = "1.0.0"
BASE_VERSION = "3.0"
SCHEMAS = Path(__file__).parent / "hsds-3.0"

# The HSDS tables the site fills, in the order of HSDS's own data package; then the profile's.
TABLES = (
    "organization",
    "service",
    "location",
    "service_at_location",
    "address",
    "phone",
    "schedule",
    "cost_option",
    "language",
    "taxonomy",
    "taxonomy_term",
    "attribute",
)
NEW_TABLES = ("regulator",)


@cache
def base_schema(name):
    """HSDS 3.0's schema of one object (api/hsds-3.0/)."""
    return json.loads((SCHEMAS / f"{name}.json").read_text())


def merge_patch(target, patch):
    """RFC 7386 JSON Merge Patch: `patch` applied to a copy of `target`."""
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    merged = copy.deepcopy(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = merge_patch(merged.get(key), value)
    return merged


def regulator_id(body):
    return uuid.uuid5(tx.NAMESPACE, f"regulator:{body.name}")


def regulator(body):
    """A regulator as the profile's `regulator` object writes it."""
    found = {
        "id": regulator_id(body),
        "name": body.name,
        "abbreviation": body.abbreviation,
        "url": body.url,
        "registers": body.registers,
        "how_to_check": body.how_to_check,
        "check_url": body.check_url,
        "statutory": body.statutory,
        # Codes of terms of the "Kinds of provider" taxonomy, so that a table links them.
        "kinds": " ".join(tx.term_code(tx.KINDS, kind) for kind in body.kinds),
    }
    return {key: value for key, value in found.items() if value not in ("", None)}


def market_regulators():
    return [regulator(body) for body in market.current().regulators]


def regulators_of(kind):
    return [regulator(body) for body in market.current().regulators_for(kind)]


class PostalSectors:
    """The market's postal sectors (PostalSector), read once, to name a code's sector."""

    def __init__(self, sectors):
        # (prefix, the length of a whole code) pairs.
        self.sectors = list(sectors)

    @classmethod
    def load(cls):
        return cls(PostalSector.objects.values_list("prefix", "code_length"))

    @classmethod
    def current(cls):
        """The sectors as the cached vocabulary has them: no query while it is cached."""
        return cls(
            (term.slug, int(term.parent_slug))
            for term in Vocabulary.current().postal_sectors
            if term.parent_slug.isdigit()
        )

    def of(self, code):
        """The sector of a postal code: its longest known prefix for codes of its length."""
        code = (code or "").replace(" ", "")
        found = [p for p, length in self.sectors if length == len(code) and code.startswith(p)]
        return max(found, key=len, default="")

    def code_pattern(self):
        lengths = sorted({length for _, length in self.sectors})
        if not lengths:
            return None
        # Empty is allowed: a branch may have no postal code, and HSDS asks for the property.
        return "^(|" + "|".join(f"[0-9]{{{n}}}" for n in lengths) + ")$"

    def prefixes(self):
        return sorted({prefix for prefix, _ in self.sectors})


def _property(name, title, description, example="", **rules):
    return {
        "name": name,
        "title": title,
        "description": description,
        **rules,
        "constraints": {"unique": False},
        **({"example": example} if example else {}),
    }


def patches(sectors=None):
    """The profile's changes to HSDS, one JSON Merge Patch (or new schema) per file name."""
    sectors = sectors or PostalSectors.load()
    bodies = market.current().regulators
    postal_sector = _property(
        "postal_sector",
        "Postal sector",
        "The leading digits of the postal code that name its postal sector, as the "
        "profile's postal sectors list them. Empty when the code is of no known sector.",
        sectors.prefixes()[0] if sectors.prefixes() else "",
        type="string",
    )
    if sectors.prefixes():
        postal_sector["enum"] = ["", *sectors.prefixes()]
    address = {"properties": {"postal_sector": postal_sector}}
    regulator_name = _property("name", "Name", "The regulator's name.", type="string")
    if bodies:
        regulator_name["enum"] = [body.name for body in bodies]
    if pattern := sectors.code_pattern():
        address["properties"]["postal_code"] = {"pattern": pattern}

    return {
        "organization.json": {
            "properties": {
                "regulators": {
                    "name": "regulators",
                    "type": "array",
                    "title": "Regulators",
                    "description": "The bodies that register or license the kind of care "
                    "this organization gives, where a patient can check that its "
                    "practitioners are registered.",
                    "items": {"$ref": "regulator.json"},
                }
            }
        },
        "address.json": address,
        "regulator.json": {
            "name": "regulator",
            "path": "regulators.csv",
            "description": "A body that registers or licenses practitioners of a kind of care "
            "in the market, and how to check a practitioner's registration with it.",
            "datapackage_metadata": {
                "format": "csv",
                "mediatype": "text/csv",
                "profile": "tabular-data-resource",
                "order": 100,
            },
            "type": "object",
            "properties": {
                "id": _property(
                    "id",
                    "Identifier",
                    "The regulator's identifier, the same in every copy of the data.",
                    type="string",
                    format="uuid",
                )
                | {"constraints": {"unique": True}},
                "name": regulator_name,
                "abbreviation": _property(
                    "abbreviation", "Abbreviation", "Its usual short name.", type="string"
                ),
                "url": _property(
                    "url", "URL", "The regulator's own website.", type="string", format="uri"
                ),
                "registers": _property(
                    "registers", "Registers", "Whom it registers or licenses.", type="string"
                ),
                "how_to_check": _property(
                    "how_to_check",
                    "How to check",
                    "How a patient checks a practitioner's registration.",
                    type="string",
                ),
                "check_url": _property(
                    "check_url",
                    "Check URL",
                    "Where the register can be searched.",
                    type="string",
                    format="uri",
                ),
                "statutory": _property(
                    "statutory",
                    "Statutory",
                    "Whether registration with it is required by law to practise.",
                    type="boolean",
                ),
                "kinds": _property(
                    "kinds",
                    "Kinds of care",
                    "The kinds of care it registers: codes of the terms of the "
                    f"“{tx.TAXONOMIES[tx.KINDS].name}” taxonomy, separated by spaces.",
                    type="string",
                ),
            },
            "required": ["id", "name", "registers"],
        },
    }


def schemas(sectors=None):
    """Every table's schema with the profile merged in, by table name."""
    changes = patches(sectors)
    merged = {}
    for name in (*TABLES, *NEW_TABLES):
        base = base_schema(name) if name in TABLES else {}
        merged[name] = merge_patch(base, changes.get(f"{name}.json", {}))
    return merged


def document(absolute_url):
    """The profile's canonical description: what it is, its files, and its value sets."""
    sectors = PostalSectors.load()
    files = sorted(patches(sectors))
    return {
        "name": "back-pain-care-directory",
        "title": "HSDS profile of the back-pain care directory",
        "version": VERSION,
        "based_on": f"HSDS {BASE_VERSION}",
        "market": market.current().name,
        "description": "HSDS 3.0 with the market's regulators and postal sectors. A provider "
        "is an organization naming the bodies that register its kind of care; each treatment "
        "it offers, with its price, a service; each branch a location whose address names its "
        "postal sector. Treatments, conditions, languages, areas and kinds of provider are "
        "taxonomies with stable ids.",
        "profile": {name: absolute_url(f"profile/{name}") for name in files},
        "schema": {
            f"{name}.json": absolute_url(f"schema/{name}.json") for name in (*TABLES, *NEW_TABLES)
        },
        "value_sets": {
            "regulators": market_regulators(),
            "postal_sectors": [
                {"prefix": prefix, "code_length": length} for prefix, length in sectors.sectors
            ],
        },
    }
