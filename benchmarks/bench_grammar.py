"""The grammar in the core (issue 18, phase 2, step 1): the engine's pattern calls, Python vs core.

Records every call the engine makes on its ``regex`` patterns while extracting a sample (the
seeds, the development sets, the generated corpora (English, Korean, Chinese), and slices of
Reuters, BBC and the Financial PhraseBank when
``../shared`` is beside the checkout; ``tests/grammar_record.py``), then times the same calls:

* **python**: ``regex`` itself, each call as the engine made it;
* **core via Python**: ``moneyx._core.Patterns`` called from Python per call (the boundary:
  argument conversion, the text borrowed as UTF-8, offsets converted back);
* **core inside**: the same calls run in a loop inside the core (``Patterns.time_calls``, each
  text prepared once), the cost the stages will pay once they are in Rust.

Every replayed result is compared too (the differential test is ``tests/test_native_grammar.py``).
Run ``python benchmarks/bench_grammar.py [docs per corpus]`` for the table; ``make bench`` runs
``test_grammar_speed`` on a small sample (the English calls inside the core as the benchmark).
"""

from __future__ import annotations

import contextlib
import random
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "scripts"))

import parity  # noqa: E402
from grammar_record import Log, core_patterns, recording, replay  # noqa: E402

from moneyx import extract_amounts  # noqa: E402
from moneyx.extract import all_patterns  # noqa: E402

LANGS = ("en", "ko", "zh")


def sample(per_corpus: int, seed: int = 18) -> list[tuple[str, dict[str, object]]]:
    rng = random.Random(seed)
    docs: list[tuple[str, dict[str, object]]] = []
    for name, (_, kind) in parity.sets().items():
        if name == "heldout":
            continue
        found = parity._docs(name)
        if found is None:
            continue
        rows = [(d.text, d.options) for d in found]
        if kind == "csv":
            rows = rng.sample(rows, min(per_corpus, len(rows)))
        docs += rows
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "nk.csv"
        subprocess.run(
            [sys.executable, str(ROOT / "scripts" / "gen_corpus.py"), "-o", str(out)],
            check=True,
            capture_output=True,
        )
        docs += [(d.text, d.options) for d in parity._csv_docs(out)][:per_corpus]
        for lang in ("ko", "zh"):
            out = Path(tmp) / f"nk-{lang}.csv"
            script = str(ROOT / "scripts" / "gen_corpus_cjk.py")
            subprocess.run(
                [sys.executable, script, "--lang", lang, "--docs", str(per_corpus), "-o", str(out)],
                check=True,
                capture_output=True,
            )
            docs += [(d.text, {**d.options, "lang": lang}) for d in parity._csv_docs(out)]
    return docs


def record_calls(docs: list[tuple[str, dict[str, object]]]) -> Log:
    with recording(LANGS) as log:
        for text, opts in docs:
            with contextlib.suppress(ValueError):  # an option the engine refuses
                extract_amounts(text, **opts)  # type: ignore[arg-type]
    return log


def measure(log: Log) -> dict[str, Any]:
    cores = {lang: core_patterns(lang) for lang in LANGS}
    tallies = replay(log, cores, timed=True)
    # inside the core: per pattern, every call of it in the recorded order
    by_key: dict[tuple[str, str], list[tuple[str, str, int, int, int | None]]] = defaultdict(list)
    for lang, name, method, tid, pos, endpos, _ in log.calls:
        by_key[(lang, name)].append((name, method, tid, pos, endpos))
    inside: dict[tuple[str, str], float] = {}
    for (lang, name), calls in by_key.items():
        core = cores["en" if lang == "*" else lang]
        best = min(core.time_calls(log.texts, calls)[0] for _ in range(3))
        inside[(lang, name)] = best
    whole = {
        lang: min(
            cores[lang].time_calls(
                log.texts,
                [(n, m, t, p, e) for lg, n, m, t, p, e, _ in log.calls if lg in (lang, "*")],
            )[0]
            for _ in range(3)
        )
        for lang in LANGS
    }
    return {"tallies": tallies, "inside": inside, "inside_total": sum(whole.values())}


def report(log: Log, m: dict[str, Any], top: int = 30) -> str:
    tallies, inside = m["tallies"], m["inside"]
    calls = sum(t.calls for t in tallies.values())
    equal = sum(t.equal for t in tallies.values())
    py = sum(t.py_s for t in tallies.values())
    via = sum(t.core_s for t in tallies.values())
    ins = m["inside_total"]  # in the recorded order, as the engine calls
    grouped = sum(inside.values())  # each pattern's calls back to back
    lines = [
        f"{len(log.texts)} texts, {sum(map(len, log.texts)) / 1e6:.1f} M characters; "
        f"{calls} calls on {len(tallies)} (lang, pattern) pairs; equal {equal}, "
        f"different {calls - equal}",
        f"total: python {py:.3f} s ({py / calls * 1e6:.2f} us/call); core via Python "
        f"{via:.3f} s ({via / calls * 1e6:.2f} us/call, {py / via:.2f}x); core inside "
        f"{ins:.3f} s ({ins / calls * 1e6:.2f} us/call, {py / ins:.2f}x); core inside, each "
        f"pattern's calls back to back {grouped:.3f} s ({grouped / calls * 1e6:.2f} us/call, "
        f"{py / grouped:.2f}x)",
        "(python and core via Python: each call timed in the recorded order; the columns "
        "below: us per call, 'in' = inside the core, back to back)",
    ]
    for lg in ("*", *LANGS):
        keys = [k for k in tallies if k[0] == lg]
        n = sum(tallies[k].calls for k in keys)
        if not n:
            continue
        p_s = sum(tallies[k].py_s for k in keys)
        i_s = sum(inside[k] for k in keys)
        lines.append(
            f"  {lg:3} {n:8} calls: python {p_s / n * 1e6:6.2f} us/call, core inside (back to "
            f"back) {i_s / n * 1e6:6.2f} us/call, {p_s / i_s:.2f}x"
        )
    lines += [
        "",
        f"{'lang':4} {'pattern':32} {'calls':>7} {'py us':>8} {'via us':>8} {'in us':>8} "
        f"{'py/in':>7} {'equal':>6}",
    ]
    rows = sorted(tallies.items(), key=lambda kv: -kv[1].py_s)
    for (lang, name), t in rows[:top]:
        n = t.calls
        i = inside[(lang, name)]
        lines.append(
            f"{lang:4} {name:32} {n:7} {t.py_s / n * 1e6:8.2f} {t.core_s / n * 1e6:8.2f} "
            f"{i / n * 1e6:8.2f} {t.py_s / i if i else 0:7.2f} {t.equal == n!s:>6}"
        )
    return "\n".join(lines)


def test_grammar_speed(benchmark: Any) -> None:
    log = record_calls(sample(40))
    m = measure(log)
    print()
    print(report(log, m, top=12))
    assert all(t.equal == t.calls for t in m["tallies"].values())
    core = core_patterns("en")
    calls = [(n, mt, t, p, e) for lg, n, mt, t, p, e, _ in log.calls if lg in ("en", "*")]
    benchmark.pedantic(lambda: core.time_calls(log.texts, calls), rounds=3, iterations=1)


def main(argv: list[str]) -> int:
    per = int(argv[0]) if argv else 400
    t = time.perf_counter()
    docs = sample(per)
    log = record_calls(docs)
    print(f"recorded {len(log.calls)} calls over {len(docs)} documents in "
          f"{time.perf_counter() - t:.1f} s")  # fmt: skip
    assert all_patterns("en")
    print(report(log, measure(log)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
