"""Project pages (pages.py) and the workflow actions taken on them (workflow.py)."""
