"""
Demo data for the directory: a market's places and vocabularies, and fictional providers.

Facts about a market (its regions and areas, postal sectors, phone formats, who issues which
licence, prices) live in `data/<market>.json`; vocabularies shared by every market in
`data/taxonomy.json`; copy for fictional listings in `data/content.json`. The code knows only
the shape of those files, so a second market is a new JSON file, not new code.

`seeding.seed()` is what `manage.py seed_demo` runs.
"""
