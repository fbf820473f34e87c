"""Benchmarks at the scales of SPEC.md ("Scale and speed"): `python -m outreach bench --scale s|m|l`.

generate.py builds a database of that size in DuckDB itself, through the same refresh SQL the import
uses; run.py times the named queries, the dashboard pages (AppTest), a naive pandas page, the import
path for one more month, two concurrent sessions and the process memory.
"""
