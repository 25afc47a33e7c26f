"""The two README commands: `python -m factorypulse.devstack run|test|smoke|services`.

servers.py   PostgreSQL and Redis: the configured ones, or private ones started under `.data/`
commands.py  run (server, Celery worker and beat), test, smoke, services
"""
