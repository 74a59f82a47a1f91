"""Peak memory (max RSS) of `stancemap ingest` on a generated WARC of about 1 GB.

Builds `bench/work/generated.warc` (git-ignored): HTTP response records of varied, realistic news pages (site
chrome, navigation, scripts and styles, a byline and date, ten to thirty paragraphs drawn from a grammar with
fictional people, places and figures, related links, a footer), so that near-duplicate grouping does not collapse
them. Then runs `stancemap ingest` on it into a fresh store in a child process, reads the child's peak RSS from
`wait4`, writes `bench/results/ingest_warc_memory.json` and deletes the WARC and the store.

    nice -n 10 python bench/warc_memory.py --size-mb 1024
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import subprocess
import sys
import time
import uuid
from pathlib import Path

from fastwarc.warc import WarcRecord, WarcRecordType

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "bench" / "work"

FIRST = [
    "Ruth",
    "Dennis",
    "Celia",
    "Marta",
    "Priya",
    "Tomas",
    "Ines",
    "Kwame",
    "Yusuf",
    "Agnes",
    "Lars",
    "Mei",
    "Oskar",
    "Fatima",
    "Hugo",
    "Lena",
    "Rafael",
    "Sunita",
    "Declan",
    "Noor",
    "Bruno",
    "Elif",
    "Jonah",
    "Aiko",
]
LAST = [
    "Okafor",
    "Varga",
    "Brandt",
    "Lindqvist",
    "Natarajan",
    "Reyes",
    "Holm",
    "Mensah",
    "Kaya",
    "Ferreira",
    "Novak",
    "Takeda",
    "Adeyemi",
    "Sorensen",
    "Marchetti",
    "Quinn",
    "Haddad",
    "Petrov",
    "Duarte",
    "Walsh",
]
PLACES = [
    "Port Alder",
    "Millbrook",
    "Gull Island",
    "Kessing",
    "Rowan Falls",
    "East Harrow",
    "Tarn Bay",
    "Holloway",
    "Brackwater",
    "Linden Cross",
    "Saltmere",
    "Oakhaven",
    "Fenwick",
    "Corrie Vale",
    "Dunmore",
    "Ashcombe",
]
ROLES = [
    "the mayor",
    "a council member",
    "the finance minister",
    "a union leader",
    "the harbour master",
    "a local business owner",
    "the opposition leader",
    "a spokesperson for the ministry",
    "a hospital director",
    "the chair of the residents' association",
    "a senior economist",
    "the police commissioner",
]
TOPICS = [
    "a congestion charge",
    "the ferry contract",
    "school repairs",
    "a flood barrier",
    "bus fares",
    "a rates rise",
    "the new hospital wing",
    "rent controls",
    "a ban on short-term lets",
    "water tariffs",
    "the stadium deal",
    "wind farm permits",
    "the police budget",
    "night-time flights",
    "a sugar tax",
]
VERBS = ["approved", "rejected", "postponed", "amended", "debated", "questioned", "defended", "criticised"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October"]
SENTENCES = [
    "{P} {verb} {topic} on {day} after a debate that lasted {n} hours.",
    '"{quote}," said {name}, {role}, speaking outside the town hall in {place}.',
    "{name}, {role}, warned that {topic} could cost {place} about {money} a year.",
    "According to figures released in {month}, {n} percent of households in {place} would be affected.",
    "Critics including {name} argued that the plan for {topic} had been rushed.",
    "The proposal, first floated in {year}, was revived after {n} residents signed a petition.",
    '{name} told reporters that {topic} was "{quote2}".',
    "Officials in {place} said a final decision on {topic} would come before the end of {month}.",
    "Supporters of {topic} held a rally on {day}, while {n} counter-protesters gathered nearby.",
    "A report by {name} found that costs had risen by {n} percent since {year}.",
    "In {place}, where {topic} has divided opinion for years, turnout at the hearing was the highest since {year}.",
    "{name} said {place} could not afford to wait, and urged neighbouring councils to follow.",
    "The vote was {n} to {m}, with {name} abstaining.",
    "Business groups in {place} have asked the regional court to review {topic}.",
    "Asked whether the government would back down, {name} said only that talks would continue on {day}.",
    "Two officials, speaking on condition of anonymity, said the budget for {topic} had already been cut.",
]
QUOTES = [
    "We have waited long enough",
    "This is a question of fairness",
    "Nobody asked the people who live here",
    "The numbers simply do not add up",
    "We will keep fighting this in court",
    "It is a good first step",
    "Families cannot carry this cost alone",
    "The council has listened, at last",
]
QUOTES2 = [
    "a mistake we will regret",
    "long overdue",
    "unworkable in its current form",
    "the right call",
    "a gift to the big operators",
    "a test of our promises",
]
OUTLETS = [
    "Alder Gazette",
    "Millbrook Courier",
    "Tarn Bay Herald",
    "The Harrow Post",
    "Saltmere Tribune",
    "Coastal Daily",
    "Northern Ledger",
    "The Fenwick Times",
]


def sentence(rng: random.Random) -> str:
    return rng.choice(SENTENCES).format(
        P=rng.choice(["The council", "The city assembly", "Parliament", "The regional board", "Ministers"]),
        verb=rng.choice(VERBS),
        topic=rng.choice(TOPICS),
        day=rng.choice(DAYS),
        month=rng.choice(MONTHS),
        year=rng.randint(1998, 2025),
        n=rng.randint(2, 95),
        m=rng.randint(1, 40),
        money=f"{rng.randint(1, 60)}.{rng.randint(0, 9)} million dollars",
        name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
        role=rng.choice(ROLES),
        place=rng.choice(PLACES),
        quote=rng.choice(QUOTES),
        quote2=rng.choice(QUOTES2),
    )


def page(rng: random.Random, number: int) -> tuple[str, bytes]:
    """One news page as a site serves it: chrome and scripts around a varied article."""
    outlet = rng.choice(OUTLETS)
    host = outlet.lower().replace(" ", "-").replace("the-", "") + ".example"
    place, topic = rng.choice(PLACES), rng.choice(TOPICS)
    title = f"{place} {rng.choice(VERBS)} {topic} ({number})"
    slug = f"{number}-" + title.lower().replace(" ", "-")[:60]
    url = f"https://{host}/news/{slug}"
    author = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    day = f"2026-{rng.randint(1, 10):02d}-{rng.randint(1, 28):02d}"
    paragraphs = "\n".join(
        "<p>" + " ".join(sentence(rng) for _ in range(rng.randint(2, 5))) + "</p>" for _ in range(rng.randint(10, 30))
    )
    nav = "".join(
        f'<li><a href="/{s.lower()}">{s}</a></li>' for s in ["News", "Politics", "Business", "Sport", "Opinion"]
    )
    related = "".join(
        f'<li><a href="https://{host}/news/{rng.randint(1, 10**6)}">{rng.choice(PLACES)} weighs {rng.choice(TOPICS)}'
        "</a></li>"
        for _ in range(8)
    )
    # Inline scripts and styles make up most of a real page's bytes; vary them so no two pages are alike.
    script = "\n".join(
        f"window.__cfg_{i}={{slot:'{uuid.UUID(int=rng.getrandbits(128))}',w:{rng.randint(100, 999)},"
        f"h:{rng.randint(100, 999)},lazy:true,targeting:{{section:'news',tag:'{rng.choice(TOPICS)}'}}}};"
        for i in range(rng.randint(150, 400))
    )
    style = "\n".join(
        f".c{i}{{margin:{rng.randint(0, 30)}px;color:#{rng.getrandbits(24):06x};font-size:{rng.randint(10, 30)}px}}"
        for i in range(rng.randint(100, 300))
    )
    html = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title} | {outlet}</title>
<meta property="og:title" content="{title}"><meta property="og:site_name" content="{outlet}">
<meta name="author" content="{author}"><meta property="article:published_time" content="{day}T08:00:00Z">
<link rel="canonical" href="{url}"><style>{style}</style><script>{script}</script></head>
<body><header><div class="logo">{outlet}</div><nav><ul>{nav}</ul></nav>
<div class="promo">Subscribe for 1 dollar a week</div></header>
<main><article><h1>{title}</h1><p class="byline">By {author}</p><time datetime="{day}">{day}</time>
{paragraphs}
</article><aside><h2>Related</h2><ul>{related}</ul></aside></main>
<footer><p>Copyright 2026 {outlet}. All rights reserved.</p><a href="/privacy">Privacy</a></footer>
</body></html>"""
    return url, html.encode("utf-8")


def write_warc(path: Path, size_bytes: int, seed: int) -> int:
    """Write response records until the file reaches `size_bytes`; return the number of pages."""
    rng = random.Random(seed)
    pages = 0
    with path.open("wb") as out:
        while out.tell() < size_bytes:
            url, html = page(rng, pages)
            http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + html
            record = WarcRecord()
            record.init_headers(
                record_type=WarcRecordType.response, record_urn=f"uuid:{uuid.UUID(int=rng.getrandbits(128))}".encode()
            )
            record.headers["WARC-Target-URI"] = url
            record.headers["Content-Type"] = "application/http; msgtype=response"
            record.set_bytes_content(http)
            record.write(out)
            pages += 1
    return pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=int, default=1024, help="size of the generated WARC in MiB")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", action="store_true", help="keep the WARC and the store in bench/work")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "ingest_warc_memory.json")
    args = parser.parse_args()

    WORK.mkdir(parents=True, exist_ok=True)
    warc, db = WORK / "generated.warc", WORK / "warc-memory.db"
    for leftover in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
        leftover.unlink(missing_ok=True)
    started = time.monotonic()
    pages = write_warc(warc, args.size_mb * 1024 * 1024, args.seed)
    generate_s = time.monotonic() - started
    warc_bytes = warc.stat().st_size
    print(f"generated {warc} ({warc_bytes / 2**20:.0f} MiB, {pages} pages) in {generate_s:.0f} s", file=sys.stderr)

    command = [sys.executable, "-m", "stancemap", "ingest", str(warc), "--db", str(db)]
    started = time.monotonic()
    child = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    _pid, status, usage = os.wait4(child.pid, 0)
    ingest_s = time.monotonic() - started
    assert child.stderr is not None
    log = child.stderr.read()
    summary = [line for line in log.splitlines() if line.startswith(("ingest:", "store "))]
    print("\n".join(summary) or log[-2000:], file=sys.stderr)
    result = {
        "command": " ".join(["stancemap", "ingest", "bench/work/generated.warc", "--db", "bench/work/warc-memory.db"]),
        "generator": f"bench/warc_memory.py --size-mb {args.size_mb} --seed {args.seed}",
        "warc_bytes": warc_bytes,
        "pages": pages,
        "exit_status": os.waitstatus_to_exitcode(status),
        # ru_maxrss is in KiB on Linux.
        "peak_rss_mib": round(usage.ru_maxrss / 1024, 1),
        "ingest_seconds": round(ingest_s, 1),
        "pages_per_second": round(pages / ingest_s, 2),
        "generate_seconds": round(generate_s, 1),
        "summary": summary,
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs",
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))
    if not args.keep:
        for leftover in (warc, db, Path(f"{db}-wal"), Path(f"{db}-shm")):
            leftover.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
