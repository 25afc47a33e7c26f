"""Scale data and the benchmark report (SPEC section 10).

`loadgen` fills a database with a production-shaped dataset (`manage.py generate_load_data`);
`bench` measures pages and hot queries on it (`manage.py benchmark`). No models: this app only
reads and bulk-writes the other apps' tables.
"""
