"""The network picture's data: /questions/ID/network.json over the seeded store, against `mapping.networks`."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from seed import QUESTION_ID

from stancemap.mapping.networks import one_mode
from stancemap.store import open_store
from stancemap.store.stances import iter_stanced, map_positions
from stancemap.web.app import create_app

URL = f"/questions/{QUESTION_ID}/network.json"


@pytest.fixture(scope="module")
def client(web_db: Path) -> TestClient:
    return TestClient(create_app(web_db))


def _edges(data: dict) -> dict[frozenset[str], float]:
    return {frozenset((e["source"], e["target"])): e["attributes"]["weight"] for e in data["edges"]}


@pytest.mark.parametrize(("kind", "normalization"), [("congruence", "none"), ("conflict", "jaccard")])
def test_network_json_is_the_networks_one_mode_graph(
    client: TestClient, web_db: Path, kind: str, normalization: str
) -> None:
    response = client.get(URL, params={"kind": kind, "normalization": normalization})
    assert response.status_code == 200 and response.headers["content-type"] == "application/json"
    data = response.json()
    with open_store(web_db) as store:
        expected = one_mode(
            [(QUESTION_ID, i) for _, i in iter_stanced(store, QUESTION_ID, counted_only=True)], kind, normalization
        )
        mapped = {p.actor: p for p in map_positions(store, QUESTION_ID)}
    assert [n["key"] for n in data["nodes"]] == sorted(expected.nodes)
    assert _edges(data) == {frozenset((a, b)): w for a, b, w in expected.edges(data="weight")}
    assert data["edges"] and all(e["attributes"]["kind"] == kind for e in data["edges"])
    weights = [e["attributes"]["weight"] for e in data["edges"]]
    assert weights == sorted(weights, reverse=True)
    for node in data["nodes"]:
        a = node["attributes"]
        position = mapped[node["key"]]
        assert (a["label"], a["stance"], a["kind"]) == (node["key"], position.stance, position.kind)
        assert a["size"] == expected.nodes[node["key"]]["statements"] > 0


def test_network_json_congruence_ties_sides_and_conflict_crosses_them(client: TestClient) -> None:
    congruence = client.get(URL).json()
    conflict = client.get(URL, params={"kind": "conflict"}).json()
    stance = {n["key"]: n["attributes"]["stance"] for n in congruence["nodes"]}
    # The bill's sponsor and its fiercest opponent: never on the same side, often on opposite ones.
    pair = frozenset(("Tomas Reyle", "Aron Fell"))
    assert stance["Tomas Reyle"] == "support" and stance["Aron Fell"] == "oppose"
    assert pair not in _edges(congruence) and _edges(conflict)[pair] > 0


def test_network_json_follows_the_date_filter(client: TestClient, web_db: Path) -> None:
    data = client.get(URL, params={"from": "2026-02-01", "to": "2026-02-28"}).json()
    with open_store(web_db) as store:
        february = [
            (QUESTION_ID, i)
            for _, i in iter_stanced(store, QUESTION_ID, counted_only=True)
            if i.statement.date and "2026-02-01" <= i.statement.date <= "2026-02-28"
        ]
    expected = one_mode(february)
    assert [n["key"] for n in data["nodes"]] == sorted(expected.nodes)
    assert _edges(data) == {frozenset((a, b)): w for a, b, w in expected.edges(data="weight")}
    assert _edges(data) != _edges(client.get(URL).json())
    # Katrin Vey opposed the bill in February (the unfiltered map has her as a supporter).
    vey = next(n for n in data["nodes"] if n["key"] == "Katrin Vey")
    assert vey["attributes"]["stance"] == "oppose"


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ({"kind": "friendship"}, 400),
        ({"normalization": "euclid"}, 400),
        ({"duplicates": "year"}, 400),
        ({"from": "2026-02-30"}, 400),
        ({"from": "2026-03-01", "to": "2026-02-01"}, 400),
    ],
)
def test_network_json_rejects_bad_parameters(client: TestClient, query: dict[str, str], status: int) -> None:
    response = client.get(URL, params=query)
    assert response.status_code == status, response.text


def test_network_json_unknown_question_is_404(client: TestClient) -> None:
    assert client.get("/questions/no-such-question/network.json").status_code == 404


def test_network_question_page_loads_the_bundle_from_our_static_route(client: TestClient) -> None:
    page = client.get(f"/questions/{QUESTION_ID}", params={"from": "2026-02-01"}).text
    assert '<script src="/static/network.js" defer></script>' in page
    assert f'data-src="{URL}?from=2026-02-01&amp;to=&amp;actor_kind=&amp;outlet="' in page
    assert "The network picture needs JavaScript" in page  # what a reader without JavaScript sees
    bundle = client.get("/static/network.js")
    assert bundle.status_code == 200 and bundle.headers["content-type"].startswith("text/javascript")
    # The licence header of the bundled packages survives minification.
    assert bundle.text.startswith("/*! stancemap network picture") and " * sigma " in bundle.text[:600]
