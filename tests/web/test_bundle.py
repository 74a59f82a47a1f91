"""The committed network bundle (src/stancemap/web/static/network.js) is what web-src/ builds.

Two checks: the SHA-256 of every build input and of the bundle, recorded by the build beside the bundle
(network.inputs.json), must match the files as committed (no Node.js needed: an edit to web-src/ that was not
rebuilt, or a bundle edited by hand, fails it); and, where npm is installed, a clean `npm ci` from the committed
lockfile plus the build must give the committed files byte for byte.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
WEB_SRC = ROOT / "web-src"
STATIC = ROOT / "src" / "stancemap" / "web" / "static"
BUILT = ("network.js", "network.LICENSES.txt", "network.inputs.json")
# npm's words for a registry it cannot reach (then the rebuild is skipped, not failed).
OFFLINE = re.compile(r"ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|ENETUNREACH|network request")


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _inputs() -> list[str]:
    """The build's inputs, named as build.mjs names them."""
    return [
        "build.mjs",
        "package.json",
        "package-lock.json",
        *(f"src/{p.name}" for p in sorted((WEB_SRC / "src").iterdir())),
    ]


def test_bundle_recorded_hashes_match_web_src_and_the_bundle() -> None:
    recorded = json.loads((STATIC / "network.inputs.json").read_text(encoding="utf-8"))
    assert sorted(recorded["inputs"]) == sorted(_inputs()), "web-src/ has other inputs than the bundle was built from"
    stale = [name for name in _inputs() if _sha256(WEB_SRC / name) != recorded["inputs"][name]]
    assert stale == [], f"web-src/ changed since the bundle was built: {stale}; run `npm ci && npm run build` there"
    assert _sha256(STATIC / "network.js") == recorded["network.js"], "network.js is not the bundle the build wrote"


@pytest.mark.slow
def test_bundle_rebuilds_byte_for_byte_from_the_lockfile(tmp_path: Path) -> None:
    npm, node = shutil.which("npm"), shutil.which("node")
    if npm is None or node is None:
        pytest.skip("needs Node.js and npm to rebuild the bundle (apt-get install npm)")
    work = tmp_path / "web-src"
    # The sources only: node_modules comes from the lockfile, as on a fresh clone.
    shutil.copytree(WEB_SRC, work, ignore=shutil.ignore_patterns("node_modules"))
    installed = subprocess.run(
        [npm, "ci", "--no-audit", "--no-fund", "--prefer-offline"], cwd=work, capture_output=True, text=True
    )
    if installed.returncode != 0 and OFFLINE.search(installed.stderr):
        pytest.skip(f"npm cannot reach its registry: {installed.stderr.strip().splitlines()[-1]}")
    assert installed.returncode == 0, installed.stderr
    out = tmp_path / "out"
    out.mkdir()
    built = subprocess.run([node, "build.mjs", str(out)], cwd=work, capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    differ = [name for name in BUILT if (out / name).read_bytes() != (STATIC / name).read_bytes()]
    assert differ == [], f"the committed {differ} differ from a fresh build of web-src/"
