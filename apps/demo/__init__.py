"""Demo and scale data (SPEC sections 9 and 10), the top layer: nothing in the product imports it.

`sample_data` is the sample dataset (`manage.py seed_sample_data`, `first_run`); `loadgen` fills a
database with a production-shaped dataset (`manage.py generate_load_data`); `bench` measures
pages and hot queries on it (`manage.py benchmark`). No models: this app only writes the other
apps' tables (the sample data through their services) and reads them.
"""
