"""Rule-based structuring: spaCy's parse of a transcript becomes actors, activities, decisions.

Each module holds one family of linguistic patterns; `pipeline.structure` runs them in order.
"""
