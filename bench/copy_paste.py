"""Scraped plain text: body token-F1 of `clean_plain_text` on real pages rendered as a person's copy-and-paste.

Each English page of ../shared/data/html-articles is rendered to plain text the way selecting the whole page and
pasting it would give it: every visible block element's text on its own line (menus, captions, buttons, footers and
all), hidden elements dropped. `clean_plain_text` then has to find the article body in that text. The figure is the
mean token-F1 against `ground-truth.json` (`articleBody`), with the tokenisation of ../shared/tools/score.py (`html`).
Pages are split by their sorted index into an even half (used while developing the rules) and an odd half (held out).

    python bench/copy_paste.py [--shared ../shared] [--baselines] [--polnear] [--out bench/results/copy_paste.json]
"""

from __future__ import annotations

import argparse
import collections
import gzip
import json
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from lxml import etree, html

from stancemap.config import load_settings
from stancemap.ingest.plaintext import clean_plain_text

# Elements a browser lays out as blocks: their text starts a new line when copied.
BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "button",
        "caption",
        "center",
        "dd",
        "details",
        "dialog",
        "dir",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "legend",
        "li",
        "main",
        "menu",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
    ]
)
# Never visible.
SKIP_TAGS = frozenset(
    [
        "script",
        "style",
        "noscript",
        "template",
        "head",
        "title",
        "meta",
        "link",
        "iframe",
        "object",
        "embed",
        "select",
        "svg",
    ]
)
HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
SPACES = re.compile(r"[ \t\r\f\v\u00a0\u200b]+")


def _hidden(el: etree._Element) -> bool:
    if el.get("hidden") is not None or (el.get("type") or "").lower() == "hidden":
        return True
    return bool(HIDDEN_STYLE.search(el.get("style") or ""))


def render_copy_paste(page: str) -> str:
    """The page's visible text, one line per block element, as a person's select-all copy-and-paste gives it."""
    root = html.document_fromstring(page)
    lines: list[str] = []
    current: list[str] = []

    def flush() -> None:
        line = SPACES.sub(" ", "".join(current)).strip()
        if line:
            lines.append(line)
        current.clear()

    def walk(el: etree._Element) -> None:
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if not tag or tag in SKIP_TAGS or _hidden(el):
            # Comments and processing instructions carry no visible text, but the text after them does.
            if el.tail:
                current.append(el.tail.replace("\n", " "))
            return
        block = tag in BLOCK_TAGS
        if block:
            flush()
        if tag == "br":
            flush()
        if el.text:
            current.append(el.text.replace("\n", " "))
        for child in el:
            walk(child)
        if block:
            flush()
        if el.tail:
            current.append(el.tail.replace("\n", " "))

    body = root.find("body")
    walk(body if body is not None else root)
    flush()
    return "\n".join(lines) + "\n"


def tokens(text: str) -> list[str]:
    """The scorer's tokens (../shared/tools/score.py, `html`)."""
    return re.findall(r"\w+", text.lower())


def token_f1(predicted: str, truth: str) -> float:
    gold = collections.Counter(tokens(truth))
    got = collections.Counter(tokens(predicted))
    tp = sum((gold & got).values())
    precision = tp / sum(got.values()) if got else 0.0
    recall = tp / sum(gold.values()) if gold else 0.0
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def load_pages(shared: Path) -> list[tuple[str, str, str]]:
    """(key, rendered text, true body) for every English page, in sorted key order."""
    folder = shared / "data" / "html-articles"
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    skip = set((folder / "non-english.txt").read_text(encoding="utf-8").split())
    pages = []
    for key in sorted(k for k in truth if k not in skip):
        raw = gzip.decompress((folder / "html" / f"{key}.html.gz").read_bytes()).decode("utf-8", errors="replace")
        pages.append((key, render_copy_paste(raw), truth[key]["articleBody"]))
    return pages


def _ours(text: str) -> str:
    return clean_plain_text(text).text


def _trafilatura(text: str) -> str:
    import trafilatura

    # Plain text wrapped in paragraphs: the only way to hand trafilatura text that is not HTML.
    page = "<html><body>" + "".join(f"<p>{html_escape(line)}</p>" for line in text.splitlines()) + "</body></html>"
    return trafilatura.extract(page) or ""


def _justext(text: str) -> str:
    import justext

    page = "<html><body>" + "".join(f"<p>{html_escape(line)}</p>" for line in text.splitlines()) + "</body></html>"
    paragraphs = justext.justext(page.encode("utf-8"), justext.get_stoplist("English"))
    return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)


def _everything(text: str) -> str:
    return text


def html_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def score(pages: list[tuple[str, str, str]], system: Callable[[str], str]) -> dict[str, object]:
    started = time.perf_counter()
    f1s = [token_f1(system(text), truth) for _, text, truth in pages]
    seconds = time.perf_counter() - started
    even, odd = f1s[0::2], f1s[1::2]
    return {
        "mean_f1": round(statistics.fmean(f1s), 4),
        "mean_f1_even_dev": round(statistics.fmean(even), 4),
        "mean_f1_odd_heldout": round(statistics.fmean(odd), 4),
        "median_f1": round(statistics.median(f1s), 4),
        "pages_below_0.5": sum(1 for f in f1s if f < 0.5),
        "pages_per_second": round(len(pages) / seconds, 1),
        "per_page": dict(zip((k for k, _, _ in pages), (round(f, 4) for f in f1s), strict=True)),
    }


def polnear_content_kept(shared: Path) -> dict[str, object]:
    """How much of PolNeAR's gold attribution content survives cleaning of its (already clean) article texts.

    The texts are articles without page residue, so this measures what the cleaner wrongly takes away: the share
    of gold Content spans whose first and last characters lie inside the cleaned body (mapped through `pieces`).
    """
    total = kept = 0
    for split in ("train", "dev"):
        folder = shared / "data" / "polnear" / split
        annotations: dict[str, Path] = {}
        for path in sorted((folder / "attributions").glob("*.ann")):
            annotations.setdefault(path.stem.rsplit("_", 1)[0], path)
        for doc, ann in annotations.items():
            raw = (folder / "text" / f"{doc}.txt").read_text(encoding="utf-8")
            inside = bytearray(len(raw) + 1)
            for piece in clean_plain_text(raw).pieces:
                inside[piece.raw_start : piece.raw_start + piece.length] = b"\x01" * piece.length
            for line in ann.read_text(encoding="utf-8").splitlines():
                fields = line.split("\t")
                if not line.startswith("T") or len(fields) < 2 or not fields[1].startswith("Content "):
                    continue
                offsets = fields[1].split(" ", 1)[1].split(";")
                start, end = int(offsets[0].split()[0]), int(offsets[-1].split()[-1])
                total += 1
                kept += bool(inside[start] and inside[end - 1])
    return {"content_spans": total, "kept": kept, "share_kept": round(kept / total, 4) if total else None}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=None, help="the shared data folder (default: settings)")
    parser.add_argument("--baselines", action="store_true", help="also score trafilatura and jusText on the text")
    parser.add_argument("--out", type=Path, default=None, help="write the results here as JSON")
    parser.add_argument("--polnear", action="store_true", help="also measure gold content kept on PolNeAR texts")
    parser.add_argument("--dump", type=Path, default=None, help="write each rendered page here (for reading)")
    args = parser.parse_args(argv)
    shared = args.shared or load_settings().shared
    if not (shared / "data" / "html-articles").is_dir():
        print(f"{shared}: no data/html-articles folder (set --shared or STANCEMAP_SHARED)", file=sys.stderr)
        return 2
    pages = load_pages(shared)
    if args.dump:
        args.dump.mkdir(parents=True, exist_ok=True)
        for i, (key, text, truth) in enumerate(pages):
            (args.dump / f"{i:03d}-{key[:12]}.txt").write_text(text, encoding="utf-8")
            (args.dump / f"{i:03d}-{key[:12]}.truth").write_text(truth, encoding="utf-8")
    systems: dict[str, Callable[[str], str]] = {"stancemap": _ours, "whole_text": _everything}
    if args.baselines:
        systems |= {"trafilatura": _trafilatura, "justext": _justext}
    results: dict[str, object] = {
        "input": "English pages of ../shared/data/html-articles rendered as copy-and-paste text",
        "pages": len(pages),
        "split": "even = sorted index 0, 2, 4, ... (development); odd = 1, 3, 5, ... (held out)",
        "systems": {},
    }
    for name, system in systems.items():
        figures = score(pages, system)
        results["systems"][name] = figures  # type: ignore[index]
        print(
            f"{name:12s} mean F1 {figures['mean_f1']:.3f} (even/dev {figures['mean_f1_even_dev']:.3f}, "
            f"odd/held-out {figures['mean_f1_odd_heldout']:.3f}), median {figures['median_f1']:.3f}, "
            f"pages below 0.5: {figures['pages_below_0.5']}, {figures['pages_per_second']} pages/s"
        )
    if args.polnear:
        results["polnear_content_kept"] = polnear_content_kept(shared)
        print(f"PolNeAR gold content spans kept in the cleaned body: {results['polnear_content_kept']}")
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
