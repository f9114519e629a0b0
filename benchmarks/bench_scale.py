"""Scale of ``extract`` (issue 13): time per MB, peak memory, cost against bare jieba, worker
speed-up, and Dask against one worker, on corpora of 5, 20 and 80 MB of distinct real text.

Not a test: it measures and prints. Usage::

    PYTHONPATH=src .venv/bin/python benchmarks/bench_scale.py [--mb 5 20 80] [--keep DIR]

The corpus is built from the dev corpus (``../shared/devcorpus/docs``): every report is cut
into clauses (at ，；：、。！？) and new documents are made of sentences of clauses drawn from
all reports, in paragraphs, under a real title, so that the text is real but two documents
share no passage by chance; 2 % of the documents are near-copies of an earlier one (a
paragraph dropped, a source line added), so reposts are rare but real. (Recombining whole
paragraphs would repeat each paragraph about 20 times at 80 MB, and every document would share
passages with dozens of others.) The same seed gives the same corpus.

Every run is a separate process (``cityreports extract``, default options: claims, checks and
tokens on), timed on the wall clock, with its peak memory summed over the process and its
workers (sampled from /proc every 0.2 s), with the package's bytecode compiled beforehand
as ``pip install`` does (the start-up is printed both ways). The machine's load
(``uptime``) is printed next to every number. This machine's speed drifts by up to a
quarter within a minute (two runs in a row of the same extract differed by 19 %), so on
corpora under 40 MB bare jieba, ``extract`` and ``extract --workers 2`` run in turn
``--repeat`` times (3) and the medians of the runs and of the ratios within a turn are used;
the cost against jieba is also measured paired: jieba cuts the corpus over and over on the
other core while ``extract --workers 1`` runs, and extract's CPU is set against jieba's rate
in the same minutes. Targets (issue 13): time per MB constant
within 20 %; peak memory at 80 MB under 2 GB; default extract <= 1.5x a bare ``jieba.lcut``
pass over the same text on one core; ``--workers 2`` >= 1.6x one worker; a Dask LocalCluster
of 2 workers writes the tables of ``--workers 1`` byte for byte.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import os
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from cityreports.ingest.manifest import read_corpus
from cityreports.text.lexicon import HAN_BASIC

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" if (ROOT.parent / "shared").is_dir() else Path("/work/shared")
DEVDOCS = SHARED / "devcorpus" / "docs"

_CLAUSE = re.compile(r"[^，；：、。！？,;:!?\n]+[，；：、。！？,;:!?]?")
_HAN = re.compile(f"[{HAN_BASIC}]")
_SENTENCE_END = "。！？"


def _source_texts() -> tuple[list[str], list[str]]:
    """Titles (from the dev corpus manifest) and texts of every report cityreports can read."""
    with open(DEVDOCS.parent / "MANIFEST.csv", encoding="utf-8", newline="") as fh:
        titles = sorted({row["title"] for row in csv.DictReader(fh) if row["title"]})
    raws, _ = read_corpus(DEVDOCS)
    return titles, [raw.raw_text for raw in raws]


def _clauses(texts: list[str]) -> list[str]:
    """Every clause (with its punctuation) of at least 2 Han characters."""
    pool = []
    for text in texts:
        for line in text.splitlines():
            if len(line) < 20:  # headings, dates, bylines
                continue
            pool.extend(c for c in _CLAUSE.findall(line) if len(_HAN.findall(c)) >= 2)
    return pool


def _sentence(rng: random.Random, pool: list[str]) -> str:
    parts = [rng.choice(pool) for _ in range(rng.randint(2, 5))]
    last = parts[-1].rstrip("，；：、,;:")
    if not last.endswith(tuple(_SENTENCE_END)):
        last = last.rstrip("。！？!?") + "。"
    mids = [p if p[-1] in "，；：、,;:" else p.rstrip("。！？!?") + "，" for p in parts[:-1]]
    return "".join([*mids, last])


def make_corpus(folder: Path, *, megabytes: float, seed: int = 13) -> tuple[int, int, int]:
    """Write the corpus (see module doc); returns (documents, near-copies, bytes)."""
    titles, texts = _source_texts()
    pool = _clauses(texts)
    rng = random.Random(seed)
    target = int(megabytes * 1024 * 1024)
    size = n = copies = 0
    written: list[list[str]] = []
    while size < target:
        if written and rng.random() < 0.02:
            lines = list(rng.choice(written))
            if len(lines) > 4:
                del lines[rng.randrange(3, len(lines))]
            lines.insert(2, f"（来源：第{n}号转载）")
            copies += 1
        else:
            year = rng.randint(1990, 2024)
            lines = [f"{rng.choice(titles)}（第{n}号）",
                     f"{year}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日"]
            chars, goal = 0, rng.randint(3000, 20000)
            while chars < goal:
                paragraph = "".join(_sentence(rng, pool) for _ in range(rng.randint(3, 7)))
                lines.append(paragraph)
                chars += len(paragraph)
            written.append(lines)
        data = ("\n".join(lines) + "\n").encode("utf-8")
        (folder / f"doc_{n:06d}.txt").write_bytes(data)
        size += len(data)
        n += 1
    return n, copies, size


# --------------------------------------------------------------------------- measuring


def load() -> str:
    """The load averages (1, 5, 15 minutes) and running processes of the machine."""
    with open("/proc/loadavg") as fh:
        parts = fh.read().split()
    return f"load {parts[0]} {parts[1]} {parts[2]}"


def _tree_rss(root: int) -> int:
    """Resident memory (bytes) of ``root`` and all its descendants."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    fields = fh.read().rsplit(")", 1)[1].split()
                parents[int(entry)] = int(fields[1])
            except (OSError, IndexError, ValueError):
                continue
    tree, frontier = {root}, [root]
    while frontier:
        pid = frontier.pop()
        for child, parent in parents.items():
            if parent == pid and child not in tree:
                tree.add(child)
                frontier.append(child)
    total = 0
    page = os.sysconf("SC_PAGE_SIZE")
    for pid in tree:
        try:
            with open(f"/proc/{pid}/statm") as fh:
                total += int(fh.read().split()[1]) * page
        except (OSError, IndexError, ValueError):
            continue
    return total


#: Where the package's bytecode is kept for the runs measured (see :func:`with_bytecode`).
PYCACHE: Path | None = None


def with_bytecode(base: Path) -> None:
    """Measure the package as installed: ``pip install`` compiles every module to bytecode,
    but this machine sets ``PYTHONDONTWRITEBYTECODE=1``, which would make every process
    (each worker too) compile the package's source again (about 0.5 s CPU). The runs keep
    their bytecode in ``base/pycache``, compiled here first."""
    global PYCACHE
    PYCACHE = base / "pycache"
    env = _environment()
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "src" / "cityreports")],
                   env=env, check=True, stdout=subprocess.DEVNULL)


def _environment() -> dict[str, str]:
    """The runs' environment: the checkout's package, with its bytecode once
    :func:`with_bytecode` made it, else compiled by every process."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    if PYCACHE is None:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    else:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
    return env


def run(args: list[str]) -> tuple[float, float, float]:
    """Run a command; (wall seconds, CPU seconds of it and the workers it waited for, peak
    memory of its process tree in MB)."""
    env = _environment()
    with tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=err)
        peak = 0
        done = threading.Event()

        def sample() -> None:
            nonlocal peak
            while not done.is_set():
                peak = max(peak, _tree_rss(proc.pid))
                done.wait(0.2)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        done.set()
        sampler.join()
        if proc.returncode != 0:
            err.seek(0)
            raise SystemExit(f"{' '.join(args)} failed ({proc.returncode}):\n"
                             f"{err.read().decode(errors='replace')[-2000:]}")
    return elapsed, usage.ru_utime + usage.ru_stime, peak / 1024 / 1024


JIEBA = """
import sys, time
from pathlib import Path
import jieba
tokenizer = jieba.Tokenizer()
tokenizer.initialize()
t0, c0 = time.perf_counter(), time.process_time()
for path in sorted(Path(sys.argv[1]).glob("*.txt")):
    tokenizer.lcut(path.read_text("utf-8"))
print(time.perf_counter() - t0, time.process_time() - c0, time.process_time())
"""


#: bare jieba over the corpus again and again, printing the characters cut and the CPU seconds
#: used so far after every file (a reference that runs at the same time as extract).
JIEBA_LOOP = """
import sys, time
from pathlib import Path
import jieba
tokenizer = jieba.Tokenizer()
tokenizer.initialize()
texts = [p.read_text("utf-8") for p in sorted(Path(sys.argv[1]).glob("*.txt"))]
print("ready", flush=True)
chars, c0 = 0, time.process_time()
while True:
    for text in texts:
        tokenizer.lcut(text)
        chars += len(text)
        print(chars, time.process_time() - c0, flush=True)
"""


def paired_ratio(folder: Path, out: Path) -> tuple[float, float]:
    """extract's CPU over bare jieba's, with jieba cutting the same corpus over and over on
    the other core while extract runs: both see the same machine, so a machine that is
    slower for a minute (seen here: the same run 25 % slower) slows both. Returns (extract
    CPU s, jieba CPU s for the whole corpus at the rate it ran during extract)."""
    loop = subprocess.Popen([sys.executable, "-c", JIEBA_LOOP, str(folder)],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert loop.stdout is not None
        if loop.stdout.readline().strip() != "ready":
            raise SystemExit("the jieba loop did not start")
        lines: list[str] = []
        reader = threading.Thread(target=lambda: lines.extend(loop.stdout), daemon=True)
        reader.start()
        _, cpu, _ = extract(folder, out)
        seen = list(lines)
    finally:
        loop.kill()
        loop.wait()
    if len(seen) < 2:
        raise SystemExit("the jieba loop cut too little to measure its rate")
    (c_a, t_a), (c_b, t_b) = (map(float, seen[0].split())), (map(float, seen[-1].split()))
    corpus = sum(len(p.read_text("utf-8")) for p in folder.glob("*.txt"))
    return cpu, corpus * (t_b - t_a) / (c_b - c_a)


def bare_jieba(folder: Path) -> tuple[float, float, float]:
    """Wall and CPU seconds of ``jieba.lcut`` over every file on one core (dictionary loading
    excluded), and the CPU seconds of the whole process (its import of jieba and dictionary
    loading included, as extract's figure includes its start-up)."""
    out = subprocess.run([sys.executable, "-c", JIEBA, str(folder)], check=True,
                         capture_output=True, text=True)
    wall, cpu, process = out.stdout.strip().splitlines()[-1].split()
    return float(wall), float(cpu), float(process)


def extract(folder: Path, out: Path, *extra: str) -> tuple[float, float, float]:
    code = "import sys; from cityreports.cli import main; sys.exit(main())"
    return run([sys.executable, "-c", code, "extract", str(folder), "--out", str(out),
                "--no-progress", *extra])


def digest(out: Path) -> str:
    """One hash of every table and report.json of an output folder."""
    h = hashlib.sha256()
    for path in sorted(out.glob("*.csv")) + [out / "report.json"]:
        h.update(path.name.encode())
        h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()[:16]


def startup(base: Path) -> tuple[float, float]:
    """Wall and CPU seconds of ``extract`` on one short document: the fixed cost of a run
    (imports, dictionary, writing the tables), which bare jieba's figure leaves out."""
    folder = base / "corpus_startup"
    folder.mkdir(parents=True, exist_ok=True)
    text = "关于推进新型智慧城市建设的报告\n2024年3月1日\n全市建成5G基站1.2万个，比上年增长20%。\n"
    (folder / "doc.txt").write_text(text, "utf-8")
    extract(folder, base / "startup_out")  # the first run writes the dictionary cache
    wall, cpu, _ = extract(folder, base / "startup_out")
    return wall, cpu


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def bench(mb: float, base: Path, fixed: tuple[float, float], *, repeat: int) -> dict[str, float]:
    folder = base / f"corpus_{mb:g}mb"
    folder.mkdir(parents=True, exist_ok=True)
    n, copies, size = make_corpus(folder, megabytes=mb)
    real_mb = size / 1024 / 1024
    print(f"\n== {real_mb:.1f} MB: {n} documents ({copies} near-copies); wall s, CPU s, "
          f"peak memory of the process tree; bare jieba and extract run in turn {repeat} "
          "time(s), the medians are used", flush=True)
    jieba_runs, one_runs, two_runs = [], [], []
    for _ in range(repeat):  # in turn: a slower minute of the machine slows all three
        jieba_runs.append(bare_jieba(folder))
        print(f"   bare jieba.lcut, 1 core:    {jieba_runs[-1][0]:7.1f} s wall "
              f"{jieba_runs[-1][1]:7.1f} s CPU ({jieba_runs[-1][2]:.1f} s CPU for the process, "
              f"import and dictionary included)   [{load()}]", flush=True)
        one_runs.append(extract(folder, base / "one"))
        print(f"   extract --workers 1:        {one_runs[-1][0]:7.1f} s wall "
              f"{one_runs[-1][1]:7.1f} s CPU, {one_runs[-1][1] / jieba_runs[-1][1]:.2f}x the "
              f"jieba run before it   [{load()}]", flush=True)
        two_runs.append(extract(folder, base / "two", "--workers", "2"))
        print(f"   extract --workers 2:        {two_runs[-1][0]:7.1f} s wall "
              f"{two_runs[-1][1]:7.1f} s CPU, speed-up {one_runs[-1][0] / two_runs[-1][0]:.2f}x "
              f"over the run before it   [{load()}]", flush=True)
    t_jieba, c_jieba, p_jieba = (_median([r[i] for r in jieba_runs]) for i in range(3))
    t_one, c_one = (_median([r[i] for r in one_runs]) for i in range(2))
    t_two = _median([r[0] for r in two_runs])
    m_one, m_two = max(r[2] for r in one_runs), max(r[2] for r in two_runs)
    cpu_ratio = _median([o[1] / j[1] for o, j in zip(one_runs, jieba_runs, strict=True)])
    speed_up = _median([o[0] / t[0] for o, t in zip(one_runs, two_runs, strict=True)])
    print(f"   medians: jieba {t_jieba:.1f} s wall {c_jieba:.1f} s CPU; extract --workers 1 "
          f"{t_one:7.1f} s wall {c_one:7.1f} s CPU "
          f"{t_one / real_mb:5.2f} s/MB  peak {m_one:5.0f} MB  {t_one / t_jieba:.2f}x jieba wall,"
          f" {c_one / c_jieba:.2f}x CPU, median of the ratios in turn {cpu_ratio:.2f}x (target "
          f"<= 1.5x); without the start-up of {fixed[1]:.1f} s CPU: "
          f"{(c_one - fixed[1]) / c_jieba:.2f}x; process against process, both with their "
          f"start-up: {c_one / p_jieba:.2f}x; --workers 2 {t_two:.1f} s wall, peak {m_two:.0f} MB,"
          f" median speed-up in turn {speed_up:.2f}x (target >= 1.6x)   [{load()}]", flush=True)
    paired_cpu, paired_jieba = paired_ratio(folder, base / "paired")
    print(f"   extract --workers 1 with jieba looping on the other core: {paired_cpu:.1f} s CPU, "
          f"jieba's rate meanwhile {paired_jieba:.1f} s CPU for the corpus: "
          f"{paired_cpu / paired_jieba:.2f}x (target <= 1.5x)   [{load()}]", flush=True)
    t_dask, c_dask, m_dask = extract(folder, base / "dask", "--scheduler", "local",
                                     "--workers", "2")
    same = digest(base / "one") == digest(base / "two") == digest(base / "dask")
    print(f"   extract Dask LocalCluster 2: {t_dask:6.1f} s wall {c_dask:7.1f} s CPU "
          f"{t_dask / real_mb:5.2f} s/MB  peak {m_dask:5.0f} MB  speed-up {t_one / t_dask:.2f}x; "
          f"tables of --workers 1, 2 and Dask {'identical' if same else 'DIFFERENT'} "
          f"(target identical)   [{load()}]", flush=True)
    return {"mb": real_mb, "jieba": t_jieba, "jieba_cpu": c_jieba, "jieba_process": p_jieba,
            "one": t_one, "one_cpu": c_one, "cpu_ratio": cpu_ratio, "two": t_two,
            "speed_up": speed_up, "dask": t_dask,
            "peak": max(m_one, m_two, m_dask), "same": float(same),
            "paired": paired_cpu / paired_jieba}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, nargs="+", default=[5, 20, 80])
    parser.add_argument("--repeat", type=int, default=3,
                        help="runs of bare jieba, extract and extract --workers 2, in turn, on "
                             "corpora under 40 MB "
                             "(the medians are used; one run above, where a run is minutes long)")
    parser.add_argument("--keep", type=Path, default=None,
                        help="build the corpora and outputs here (default: a temporary folder)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base = args.keep or Path(tmp)
        compiling = startup(base)
        with_bytecode(base)
        fixed = startup(base)
        print(f"== start-up (extract of one short document): {fixed[0]:.2f} s wall, "
              f"{fixed[1]:.2f} s CPU with the package's bytecode, as installed (every run "
              f"below); {compiling[0]:.2f} s wall, {compiling[1]:.2f} s CPU compiling it "
              f"first, as this machine's PYTHONDONTWRITEBYTECODE=1 would   [{load()}]",
              flush=True)
        results = [bench(mb, base, fixed, repeat=args.repeat if mb < 40 else 1)
                   for mb in args.mb]
    print("\n== summary (targets from issue 13)")
    for key, what in (("one", "wall"), ("one_cpu", "CPU")):
        per_mb = [r[key] / r["mb"] for r in results]
        spread = max(per_mb) / min(per_mb) - 1
        print(f"   {what} time per MB (--workers 1): {', '.join(f'{x:.2f}' for x in per_mb)} "
              f"s/MB; spread {spread:.0%} (target within 20 %)")
    per_jieba = [r["one_cpu"] / r["jieba_cpu"] for r in results]  # the machine's speed drifts
    print(f"   CPU time per MB of jieba's on the same text, in the same minutes: "
          f"{', '.join(f'{x:.2f}' for x in per_jieba)}x; spread "
          f"{max(per_jieba) / min(per_jieba) - 1:.0%} (jieba is linear: the same linearity "
          "target, with the machine's drift divided out)")
    for r in results:
        print(f"   {r['mb']:5.1f} MB: peak {r['peak']:.0f} MB (target < 2048 MB at 80 MB); "
              f"{r['one'] / r['jieba']:.2f}x jieba wall, {r['one_cpu'] / r['jieba_cpu']:.2f}x "
              f"CPU ({r['cpu_ratio']:.2f}x median in turn), {r['paired']:.2f}x paired, "
              f"{r['one_cpu'] / r['jieba_process']:.2f}x process to process (<= 1.5x); "
              f"--workers 2 {r['speed_up']:.2f}x median in turn (>= 1.6x); "
              f"Dask identical: {bool(r['same'])}")
    print(f"   [{load()}]")
    return 0


if __name__ == "__main__":
    sys.exit(main())
