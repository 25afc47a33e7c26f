"""Project pages (pages.py), the workflow actions taken on them (workflow.py), and the page's main
section that both render (project_main.py)."""
