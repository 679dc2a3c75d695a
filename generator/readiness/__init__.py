"""ITA readiness check: which OIT items will score 0, and why.

    assess.assess(model, page_ids, today)  → Assessment (one ItemResult per catalogue item)
    score.compute(catalogue, item_scores)  → Scores (NACC arithmetic and band)
    report.render(assessment, "text"|"json"|"markdown")
    cli.register(commands)                 → `prongsai check`

The rules come from the catalogue data: each component names a `check` from
generator/catalogues/vocabulary.yaml, implemented once in rules.py; a component
without a check is listed for a human check, never silently passed.
See docs/readiness.md.
"""
