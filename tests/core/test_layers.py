"""The apps form layers with one direction of dependencies (the `layers` contract of
pyproject.toml, run by `make lint`). This test checks the same graph from the other side: no two
apps import each other, directly or through other modules, so there is no import cycle between
modules of different apps, and every app is named in the contract."""

import tomllib
from itertools import combinations
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def graph():
    return grimp.build_graph("apps", include_external_packages=False, cache_dir=None)


def apps_of(graph) -> list[str]:
    return sorted(module.split(".")[1] for module in graph.find_children("apps"))


def test_no_two_apps_import_each_other(graph):
    cycles = []
    for first, second in combinations(apps_of(graph), 2):
        there = graph.find_shortest_chain(f"apps.{first}", f"apps.{second}", as_packages=True)
        back = graph.find_shortest_chain(f"apps.{second}", f"apps.{first}", as_packages=True)
        if there and back:
            cycles.append((" -> ".join(there), " -> ".join(back)))

    assert cycles == []


def test_every_app_has_its_place_in_the_layers_contract(graph):
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    (layers,) = [c for c in config["contracts"] if c["type"] == "layers"]
    named = {
        name.strip() for layer in layers["layers"] for name in layer.replace(":", "|").split("|")
    }

    assert layers["exhaustive"] is True
    assert named == set(apps_of(graph))
