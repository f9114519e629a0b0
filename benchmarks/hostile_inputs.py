"""Hostile inputs and options against ``cityreports extract`` / ``run`` (issue 14's table).

Not a test: it runs every case in a fresh folder, each bad input beside two good reports, and
prints one line per case -- ``clean`` or ``NOT CLEAN: why`` -- and a total. Usage::

    .venv/bin/python benchmarks/hostile_inputs.py [--only NAME] [--no-run] [--timeout 300]

A corpus case is clean when ``extract`` exits 0 within the timeout without a traceback, every
line it prints is one ``cityreports: ...`` line, the bad file is either parsed or skipped on a
line naming it, the good reports' rows in every table are exactly those of a run without the
bad file, and nothing is written beside ``--out`` (or in the working folder). An option case
is clean when it is refused with a one-line error before anything is written. Each case runs
in a child process with a 4 GB address-space limit, so a case that reads without end fails
instead of taking the machine down. ``clean*`` marks a clean case whose bad document hit the
time limit (skipped cleanly, but the stage is slower than it should be).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import marshal
import os
import pickle
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
CLI = "import sys; from cityreports.cli import main; sys.exit(main())"
MEMORY_LIMIT = 4 * 1024**3

GOOD = {
    "a_chengdu.txt": "成都市2022年政府工作报告\n\n过去一年，全市新建5G基站1.2万个，数字经济核心产业"
                     "增加值增长12%。我们要加快建设智慧城市，推进城市大脑二期工程。\n",
    "b_hongkong.txt": "香港特區政府新聞公報\n\n2023年10月25日\n\n"
                      "政府今日公布《香港智慧城市藍圖2.0》，推出超過130項措施，推動創新科技發展。\n",
}
GOOD_IDS = {Path(n).stem for n in GOOD}
#: A third report, used for the encoding cases (so that it is never a copy of a good one).
OTHER = "杭州市数据资源管理局关于推进城市数字化转型的通知\n\n各区、县（市）人民政府：\n" \
        "为加快建设数字杭州，现就有关事项通知如下。一是完善数据共享；二是建设城市大脑。\n"
PLANTED = "PWNED"
SECRET = "机密文件：这段文字不应出现在表格里。"


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def cli(args: list[str], *, cwd: Path, timeout: float, env: dict | None = None,
        python: str = CLI) -> tuple[int | None, str, float]:
    """Run the CLI in a child process: (return code or None on timeout, stderr, seconds)."""
    start = time.monotonic()
    child = subprocess.Popen(
        [sys.executable, "-c", python, *args], cwd=cwd, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True, errors="replace", preexec_fn=_limit_memory,
        env={**os.environ, "PYTHONPATH": str(SRC), **(env or {})}, start_new_session=True,
    )
    try:
        _, err = child.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(child.pid, signal.SIGKILL)
        _, err = child.communicate()
        return None, err, time.monotonic() - start
    return child.returncode, err, time.monotonic() - start


def _noise(line: str) -> bool:
    """jieba's own log lines on stderr."""
    return line.startswith(("Building prefix dict", "Loading model", "Prefix dict",
                            "Dumping model", "Dump cache"))


def _messages(err: str) -> list[str]:
    return [ln for ln in err.splitlines() if ln.strip() and not _noise(ln)]


def _good_rows(out: Path) -> dict[str, list[str]]:
    """Lines of every table that belong to the good reports (documents: minus the group)."""
    import csv

    csv.field_size_limit(sys.maxsize)
    rows: dict[str, list[str]] = {}
    for path in sorted(out.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.reader(fh)
            header = next(reader, [])
            kept = []
            for row in reader:
                cells = dict(zip(header, row, strict=False))
                if cells.get("doc_id") in GOOD_IDS:
                    cells.pop("duplicate_group", None)
                    kept.append(json.dumps(cells, ensure_ascii=False, sort_keys=True))
            rows[path.name] = sorted(kept)
    return rows


def _digest(out: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(out.iterdir())}


@dataclass
class Result:
    clean: bool
    why: str = ""
    note: str = ""
    messages: tuple[str, ...] = ()


class Bench:
    def __init__(self, work: Path, timeout: float) -> None:
        self.work, self.timeout = work, timeout
        base = self.case_dir("baseline")
        corpus = self.corpus(base)
        code, err, _ = cli(["extract", str(corpus), "--out", str(base / "out"),
                            "--no-progress"], cwd=base, timeout=timeout)
        if code != 0:
            raise SystemExit(f"the good reports alone do not extract: {err}")
        self.baseline = _good_rows(base / "out")

    def case_dir(self, name: str) -> Path:
        folder = self.work / name
        folder.mkdir(parents=True)
        return folder

    @staticmethod
    def corpus(folder: Path) -> Path:
        corpus = folder / "corpus"
        corpus.mkdir()
        for name, text in GOOD.items():
            (corpus / name).write_text(text, encoding="utf-8")
        return corpus

    def extract_case(self, folder: Path, corpus: Path, *extra: str, name_hint: str = "",
                     workers: str = "1") -> Result:
        out = folder / "out"
        code, err, seconds = cli(["extract", str(corpus), "--out", str(out), "--no-progress",
                                  "--workers", workers, *extra], cwd=folder,
                                 timeout=self.timeout)
        if code is None:
            return Result(False, f"no answer after {seconds:.0f} s")
        lines = _messages(err)
        if code != 0:
            return Result(False, f"exit {code}: {lines[-1] if lines else ''}"[:160])
        if "Traceback" in err or any(not ln.startswith("cityreports: ") for ln in lines):
            bad = next(ln for ln in lines if not ln.startswith("cityreports: "))
            return Result(False, f"stray output: {bad[:120]}")
        stray = sorted(p.name for p in folder.iterdir() if p.name not in {"corpus", "out"})
        if stray:
            return Result(False, f"written beside --out: {stray}")
        if _good_rows(out) != self.baseline:
            differ = [t for t, r in _good_rows(out).items() if r != self.baseline.get(t)]
            return Result(False, f"good reports' rows changed in {differ}")
        skips = [ln for ln in lines if " skipped " in ln and "documents," not in ln]
        if name_hint and skips and not all(name_hint in ln for ln in skips):
            return Result(False, f"skip line does not name the file: {skips[0][:120]}")
        timed = [ln for ln in skips if "time limit" in ln]
        note = "; ".join(ln.removeprefix("cityreports: ")[:110] for ln in skips)
        return Result(True, note=("time limit: " if timed else "") + note, messages=tuple(lines))


# --- corpus cases -----------------------------------------------------------------------------

CorpusCase = Callable[[Path], str]  # writes the bad input into the corpus, returns its name


def _write(name: str, data: bytes | str) -> CorpusCase:
    def build(corpus: Path) -> str:
        path = corpus / name
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        return name
    return build


def _png() -> bytes:
    return b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + os.urandom(200)


def _zip() -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("report.txt", OTHER)
    return buffer.getvalue()


def _symlink_loop(corpus: Path) -> str:
    (corpus / "loop").mkdir()
    (corpus / "loop" / "again").symlink_to(corpus / "loop")
    return "loop"


def _symlink_to(target: str, name: str) -> CorpusCase:
    def build(corpus: Path) -> str:
        (corpus / name).symlink_to(target)
        return name
    return build


def _fifo(corpus: Path) -> str:
    os.mkfifo(corpus / "x.txt")
    return "x.txt"


def _socket(corpus: Path) -> str:
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(corpus / "s.txt"))
    sock.close()
    return "s.txt"


def _sparse(corpus: Path) -> str:
    with open(corpus / "huge.txt", "wb") as fh:
        fh.truncate(250 * 1024 * 1024)
    return "huge.txt"


def _secret(corpus: Path) -> Path:
    """A file outside the case folder that no table may quote."""
    secret = corpus.parent.parent / "secret.txt"
    secret.write_text(SECRET + "\n", encoding="utf-8")
    return secret


def _outside(corpus: Path) -> str:
    (corpus / "peek.txt").symlink_to(_secret(corpus))
    return "peek.txt"


def _manifest(rows: list[str]) -> CorpusCase:
    def build(corpus: Path) -> str:
        _secret(corpus)
        lines = ["doc_id,file"] + [f"{Path(n).stem},{n}" for n in GOOD] + rows
        (corpus / "corpus.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
        return "corpus.csv"
    return build


def _unreadable(corpus: Path) -> str:
    path = corpus / "locked.txt"
    path.write_text(OTHER, encoding="utf-8")
    path.chmod(0)
    return "locked.txt"


def _directory(corpus: Path) -> str:
    (corpus / "folder.txt").mkdir()
    return "folder.txt"


def _odd_name(name: bytes) -> CorpusCase:
    def build(corpus: Path) -> str:
        with open(os.path.join(os.fsencode(corpus), name), "wb") as fh:
            fh.write(OTHER.encode("utf-8"))
        return os.fsdecode(name)[:20]
    return build


def _yaml_bomb() -> str:
    lines = ["---", 'a: &a ["x","x","x","x","x","x","x","x","x"]']
    for i, letter in enumerate("bcdefghi"):
        prev = "abcdefghi"[i]
        lines.append(f"{letter}: &{letter} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},"
                     f"*{prev},*{prev},*{prev}]")
    lines += ["title: *i", "---", OTHER]
    return "\n".join(lines)


CORPUS_CASES: dict[str, CorpusCase] = {
    "empty file": _write("empty.txt", b""),
    "whitespace only": _write("blank.txt", " \n\t\n  "),
    "binary": _write("binary.txt", bytes(range(256)) * 8),
    "PNG named .txt": _write("image.txt", _png()),
    "PNG file": _write("image.png", _png()),
    "zip named .txt": _write("archive.txt", _zip()),
    "malformed JSON": _write("broken.json", '{"title": "智慧城市", "content": "未完'),
    "JSON without a text field": _write("notext.json", json.dumps({"title": "智慧城市"})),
    "JSON number": _write("number.json", "42"),
    "JSON nested 100,000 deep": _write("deep.json", "[" * 100_000 + "]" * 100_000),
    "JSONL with one bad line of three": _write(
        "records.jsonl", json.dumps({"content": OTHER}, ensure_ascii=False) + "\n{bad json\n"
        + json.dumps({"content": OTHER.replace("杭州", "宁波")}, ensure_ascii=False) + "\n"),
    "JSONL record without text": _write("partial.jsonl", '{"title": "x"}\n'),
    "CSV without a text column": _write("table.csv", "a,b\n1,2\n"),
    "CSV with ragged rows": _write("ragged.csv", 'content,title\n"' + OTHER + '",t,extra\nx\n'),
    "UTF-8 with BOM": _write("bom8.txt", b"\xef\xbb\xbf" + OTHER.encode("utf-8")),
    "UTF-16 LE with BOM": _write("bom16le.txt", OTHER.encode("utf-16")),
    "UTF-16 BE with BOM": _write("bom16be.txt", b"\xfe\xff" + OTHER.encode("utf-16-be")),
    "UTF-16 without BOM": _write("nobom16.txt", OTHER.encode("utf-16-le")),
    "GB18030": _write("gb.txt", OTHER.encode("gb18030")),
    "Big5": _write("big5.txt", "臺北市智慧城市推動計畫\n\n本府推動智慧城市，建置物聯網。\n"
                   .encode("big5")),
    "Latin-1 French": _write("french.txt", "Ville intelligente: la mairie a présenté "
                             "son plan numérique.\n".encode("latin-1")),
    "invalid UTF-8 bytes": _write("invalid.txt", OTHER.encode("utf-8")[:40] + b"\xed\xa0\x80"
                                  + b"\xff\xfe\x00" + OTHER.encode("utf-8")[40:]),
    "CRLF line ends": _write("crlf.txt", OTHER.replace("\n", "\r\n")),
    "bare CR line ends": _write("cr.txt", OTHER.replace("\n", "\r")),
    "astral characters": _write("astral.txt", "𠀀𠀁智慧城市🏙️📈建设\U0001F600。\n" + OTHER),
    "NUL in the text": _write("nul.txt", OTHER[:30] + "\x00" + OTHER[30:]),
    "control and zero-width characters": _write("ctrl.txt", "\u200b\u202e\x07" + OTHER + "\ufeff"),
    "title starting with =": _write("formula.txt", "=HYPERLINK(\"http://x\",\"点我\")\n\n" + OTHER),
    "titles starting with + - @": _write("formula2.md", "---\ntitle: \"@SUM(1+1)\"\n---\n"
                                         "-2+3 智慧城市\n\n" + OTHER),
    "duplicate doc_id in a manifest": _manifest(["a_chengdu,a_chengdu.txt"]),
    "manifest row with ../..": _manifest(["escape,../../secret.txt"]),
    "manifest row with an absolute path": _manifest(["absolute,/replaced/below"]),
    "symlink loop": _symlink_loop,
    "symlink outside the corpus": _outside,
    "symlink to /dev/zero": _symlink_to("/dev/zero", "z.txt"),
    "FIFO named x.txt": _fifo,
    "socket named s.txt": _socket,
    "250 MB sparse file": _sparse,
    "unreadable file": _unreadable,
    "folder named .txt": _directory,
    "file name with a line break": _odd_name(b"line\nbreak.txt"),
    "file name not UTF-8": _odd_name(b"gb\xd6\xc7\xbb\xdb.txt"),
    "255-byte file name": _odd_name(b"n" * 251 + b".txt"),
    "!!python YAML tag": _write("tag.md", "---\ntitle: !!python/object/apply:os.system "
                                f"['touch {PLANTED}']\n---\n" + OTHER),
    "broken YAML front matter": _write("broken.md", "---\ntitle: [unclosed\n---\n" + OTHER),
    "YAML alias bomb": _write("bomb.md", _yaml_bomb()),
    "front matter only": _write("onlyfm.md", "---\ntitle: 只有标题\n---\n"),
    "5,000 Chinese numerals": _write("nine.txt", "九" * 5000 + "元"),
    "200 KB of ASCII letters": _write("letters.txt", "a" * 200_000),
    "200 KB of digits": _write("digits.txt", "1234567890" * 20_000),
    "10 MB single line": _write("oneline.txt",
                                ("智慧城市建设“数字经济”发展，" * 250_000)[:3_500_000]),
    "100,000 short lines": _write("lines.txt", "智慧城市。\n" * 100_000),
    # one block of nothing but years (a red-team helper's: the year guess was quadratic, 46 s)
    "50,000 years in one line": _write("years.txt", "2024年" * 50_000),
    "years and data cues, no punctuation": _write(
        "cued.txt", "根据统计数据2021年 2022年 2023年 增长 " * 8_000),
    # space-padded site paths and page titles (a review helper's: nested, unbounded steps in
    # the breadcrumb and site-suffix patterns backtracked exponentially, 6.6 s on 63 characters)
    "space-padded site path": _write("path.txt", ("首页" + " >      a      " * 40 + "。\n") * 50),
    "space-padded page title": _write(
        "title.html", "<html><head><title>智慧城市 - 新华网" + " -   ab   " * 40
        + "-x</title></head><body><p>" + OTHER + "</p></body></html>"),
    # a title field with a long run of spaces inside its label (a red-team helper's: the raw
    # surface of a title rescanned the run from each space, 10 s at 40,000 spaces)
    "spaces inside a title field": _write(
        "field.txt", "标" + " " * 200_000 + "题：关于推进智慧城市建设的通知\n" + OTHER),
    # one sentence of 20,000 numbers in a 、 list (a red-team helper's: each claim's subject
    # scanned every claim of the sentence, 15 s)
    "20,000 numbers in one list": _write("list.txt", "、".join(["3"] * 20_000) + "万元。\n"),
    # a review helper's: a ？ between Han characters searched its clause from the start of the
    # text (18 s on 4,000 lines of Q&A); a date's clock and a Taiwan dateline day split a run
    # of spaces many ways (10 s and 7 s at 40,000 spaces); an e-mail pattern on a run of dots
    "4,000 questions and answers": _write(
        "qa.txt", "如何办理居住证？答：请携带身份证到社区服务中心办理，当天即可领取。\n" * 4000),
    "a date and 100,000 spaces": _write(
        "clock.txt", "关于开展调研的通知\n\n2023年5月6日" + " " * 100_000 + "x\n\n" + OTHER),
    "a Taiwan dateline and 100,000 spaces": _write(
        "twday.txt", "民國112年臺北市政府新聞稿\n\n日期" + " " * 100_000 + "x\n\n"
        "臺北市政府今（15）日表示，將推動智慧城市。\n"),
    "100,000 dots": _write("dots.txt", "智慧城市" + "." * 100_000 + "@example.com\n" + OTHER),
    "unknown suffix": _write("page.html", "<html><body>" + OTHER + "</body></html>"),
}


def run_corpus_case(bench: Bench, name: str, build: CorpusCase) -> Result:
    folder = bench.case_dir(name.replace(" ", "_").replace("/", "_"))
    corpus = bench.corpus(folder)
    if name == "manifest row with an absolute path":
        build = _manifest([f"absolute,{bench.work / 'secret.txt'}"])
    hint = build(corpus)
    result = bench.extract_case(folder, corpus, name_hint=hint if "manifest" not in name else "")
    planted = list(folder.rglob(PLANTED))
    if planted:
        return Result(False, "code in the input ran")
    out = folder / "out"
    if result.clean and "formula" in hint:
        import csv

        with (out / "documents.csv").open(encoding="utf-8", newline="") as fh:
            titles = [r["title"] for r in csv.DictReader(fh)]
        if any(t[:1] in "=+-@" for t in titles):
            return Result(False, f"title written as a formula: {titles}")
    if result.clean and any(SECRET in p.read_text("utf-8") for p in out.glob("*.csv")):
        return Result(False, "a file outside the corpus was copied into the tables")
    return result


# --- option cases -----------------------------------------------------------------------------


def _one_line_error(code, err, seconds, *, expect: str) -> Result:
    lines = _messages(err)
    if code is None:
        return Result(False, f"no answer after {seconds:.0f} s")
    if code != 2 or len(lines) != 1 or "Traceback" in err:
        return Result(False, f"exit {code}, {len(lines)} lines: {lines[-1][:100] if lines else ''}")
    if expect not in lines[0]:
        return Result(False, f"message does not say {expect!r}: {lines[0][:100]}")
    return Result(True, note=lines[0][:110])


def option_cases(bench: Bench) -> dict[str, Callable[[], Result]]:
    def refused(name: str, args: list[str], expect: str, setup=None) -> Callable[[], Result]:
        def run() -> Result:
            folder = bench.case_dir(name.replace(" ", "_"))
            corpus = bench.corpus(folder)
            if setup:
                setup(folder)
            argv = [a.format(corpus=corpus, folder=folder) for a in args]
            code, err, seconds = cli(argv, cwd=folder, timeout=bench.timeout)
            result = _one_line_error(code, err, seconds, expect=expect)
            stray = sorted(p.name for p in folder.iterdir()
                           if p.name not in {"corpus", "afile", "notes"})
            if result.clean and stray:
                return Result(False, f"written: {stray}")
            return result
        return run

    def note(folder: Path) -> None:
        (folder / "notes").mkdir()
        (folder / "notes" / "thesis.docx").write_text("years of work")

    cases = {
        "--out an existing file": refused(
            "out_file", ["extract", "{corpus}", "--out", "{folder}/afile"],
            "not a folder", lambda f: (f / "afile").write_text("keep")),
        "--out an unwritable path": refused(
            "out_unwritable", ["extract", "{corpus}", "--out", "/proc/cityreports-out"],
            "cannot write"),
        "--out a folder of other files": refused(
            "out_notes", ["extract", "{corpus}", "--out", "{folder}/notes"], "holds files", note),
        "--out the corpus folder": refused(
            "out_corpus", ["extract", "{corpus}", "--out", "{corpus}"], "holds the corpus"),
        "empty corpus argument": refused("empty_corpus", ["extract", "", "--out", "{folder}/o"],
                                         "empty"),
        "--workers 0": refused("workers0", ["extract", "{corpus}", "--out", "{folder}/o",
                                            "--workers", "0"], "workers"),
        "--time-limit -1": refused("timelimit", ["extract", "{corpus}", "--out", "{folder}/o",
                                                 "--time-limit", "-1"], "time_limit"),
    }

    def many_workers() -> Result:
        folder = bench.case_dir("workers999")
        result = bench.extract_case(folder, bench.corpus(folder), workers="999")
        notes = [m for m in result.messages if "capped" in m]
        if result.clean and not notes:
            return Result(False, "no note that --workers was capped")
        return Result(result.clean, result.why, notes[0][:110] if notes else "")

    cases["--workers 999"] = many_workers
    cases["kill the parent of --workers 2"] = lambda: kill_parent(bench)
    cases["kill extract while it writes"] = lambda: kill_while_writing(bench)
    return cases


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            fields = stat.rpartition(")")[2].split()
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def _running(pid: int) -> bool:
    try:
        return (Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]) != "Z"
    except OSError:
        return False


def _dev_corpus() -> Path:
    beside = ROOT.parent / "shared" / "devcorpus" / "docs"
    return beside if beside.is_dir() else Path("/work/shared/devcorpus/docs")


def kill_parent(bench: Bench) -> Result:
    folder = bench.case_dir("kill_parent")
    child = subprocess.Popen([sys.executable, "-c", CLI, "extract", str(_dev_corpus()), "--out",
                              str(folder / "out"), "--workers", "2", "--no-progress"],
                             cwd=folder, env={**os.environ, "PYTHONPATH": str(SRC)},
                             stderr=subprocess.DEVNULL)
    workers: list[int] = []
    deadline = time.monotonic() + 60
    while len(workers) < 2 and time.monotonic() < deadline:
        time.sleep(0.2)
        workers = _children(child.pid)
    time.sleep(2)
    child.kill()
    child.wait()
    time.sleep(3)
    left = [pid for pid in workers if _running(pid)]
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    if len(workers) < 2:
        return Result(False, f"saw {len(workers)} workers")
    return Result(not left, f"{len(left)} worker(s) still running 3 s later" if left else "",
                  note=f"{len(workers)} workers ended with the parent")


def kill_while_writing(bench: Bench) -> Result:
    """SIGKILL ``extract`` of the dev corpus at several moments; the old set must survive."""
    folder = bench.case_dir("kill_writing")
    corpus = bench.corpus(folder)
    out = folder / "out"
    code, _, _ = cli(["extract", str(corpus), "--out", str(out), "--no-progress"], cwd=folder,
                     timeout=bench.timeout)
    old = _digest(out)
    dev = _dev_corpus()
    # kill at fractions of how long a whole run takes here (a fixed delay misses the end of
    # the run on a faster or less loaded machine)
    started = time.monotonic()
    cli(["extract", str(dev), "--out", str(folder / "timing"), "--no-progress"], cwd=folder,
        timeout=bench.timeout)
    whole = time.monotonic() - started
    shutil.rmtree(folder / "timing", ignore_errors=True)
    for delay in (round(whole * f, 1) for f in (0.1, 0.25, 0.4, 0.5, 0.6, 0.7, 0.85)):
        child = subprocess.Popen([sys.executable, "-c", CLI, "extract", str(dev), "--out",
                                  str(out), "--no-progress"], cwd=folder,
                                 env={**os.environ, "PYTHONPATH": str(SRC)},
                                 stderr=subprocess.DEVNULL)
        time.sleep(delay)
        finished = child.poll() is not None
        child.kill()
        child.wait()
        now = _digest(out)
        if finished:
            return Result(False, f"extract finished before {delay} s; use a bigger corpus")
        if now != old:
            return Result(False, f"killed after {delay} s: the old tables changed")
        visible = [p.name for p in folder.iterdir() if not p.name.startswith(".")]
        if sorted(visible) != ["corpus", "out"]:
            return Result(False, f"killed after {delay} s: {visible}")
    code, _, _ = cli(["extract", str(corpus), "--out", str(out), "--no-progress"], cwd=folder,
                     timeout=bench.timeout)
    leftovers = [p.name for p in folder.iterdir() if p.name not in {"corpus", "out"}]
    if code != 0 or leftovers:
        return Result(False, f"the next run: exit {code}, left {leftovers}")
    return Result(True, note="old set intact after 7 kills; the next run cleared the leftovers")


# --- the cache, jieba's cache, determinism ---------------------------------------------------

LOAD = """
import sys, warnings
from cityreports.pipeline import load_corpus
warnings.simplefilter("always")
corpus = load_corpus(sys.argv[1], cache_dir=sys.argv[2])
print(len(corpus), corpus.sha256)
"""


class _Exploit:
    def __init__(self, marker: str) -> None:
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def cache_cases(bench: Bench) -> dict[str, Callable[[], Result]]:
    def planted(kind: str) -> Callable[[], Result]:
        def run() -> Result:
            folder = bench.case_dir(f"cache_{kind}")
            corpus, cache = bench.corpus(folder), folder / "cache"
            marker = folder / PLANTED
            code, first, _ = cli([str(corpus), str(cache)], cwd=folder, timeout=bench.timeout,
                                 python=LOAD)
            entries = list(cache.glob("corpus-*"))
            if code != 0 or len(entries) != 1:
                return Result(False, f"first load: exit {code}, {len(entries)} entries")
            entry, bomb = entries[0], pickle.dumps(_Exploit(str(marker)))
            if kind == "pickle":
                entry.write_bytes(bomb)
                (cache / entry.name.replace(".json.gz", ".pickle")).write_bytes(bomb)
            elif kind == "truncated":
                entry.write_bytes(entry.read_bytes()[:100])
            else:
                header, _, payload = gzip.decompress(entry.read_bytes()).partition(b"\n")
                entry.write_bytes(gzip.compress(header + b"\n" + payload.replace(b"5G", b"6G")))
            code, err, _ = cli([str(corpus), str(cache)], cwd=folder, timeout=bench.timeout,
                               python=LOAD)
            if marker.exists():
                return Result(False, "the planted pickle ran")
            if code != 0 or "ignoring the corpus cache" not in err:
                return Result(False, f"exit {code}, no warning")
            return Result(True, note="ignored with a warning and rebuilt")
        return run

    def jieba_poisoned() -> Result:
        folder = bench.case_dir("jieba_tmp")
        tmp = folder / "tmp"
        tmp.mkdir()
        with open(tmp / "jieba.cache", "wb") as fh:
            marshal.dump(({"智": 1, "慧": 1, "城": 1, "市": 1}, 4), fh)
        probe = ("from cityreports.text.tokens import Segmenter; "
                 "print(Segmenter().tokens('智慧城市建设'))")
        out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                             env={**os.environ, "PYTHONPATH": str(SRC), "TMPDIR": str(tmp),
                                  "XDG_CACHE_HOME": str(folder / "home")}).stdout.strip()
        if out != "['智慧城市', '建设']":
            return Result(False, f"tokens changed by a planted /tmp cache: {out}")
        return Result(True, note="tokens unchanged; cache in a private folder")

    return {"cache: planted pickle": planted("pickle"),
            "cache: truncated entry": planted("truncated"),
            "cache: entry with a wrong hash": planted("hash"),
            "jieba: poisoned cache in TMPDIR": jieba_poisoned}


def determinism_cases(bench: Bench) -> dict[str, Callable[[], Result]]:
    dev = _dev_corpus()
    reference: dict[str, dict[str, str]] = {}

    def tables(label: str, corpus: Path, *extra: str, env=None, cwd=None) -> dict[str, str]:
        folder = bench.case_dir(f"det_{label}")
        code, err, _ = cli(["extract", str(corpus), "--out", str(folder / "out"),
                            "--no-progress", *extra], cwd=cwd or folder, timeout=bench.timeout,
                           env=env)
        if code != 0:
            raise RuntimeError(f"exit {code}: {_messages(err)[-1:]}")
        return _digest(folder / "out")

    def compare(label: str, build: Callable[[], dict[str, str]], key: str) -> Callable[[],
                                                                                     Result]:
        def run() -> Result:
            if key not in reference:
                reference[key] = tables(f"{key}_ref", dev if key == "dev" else bundled)
            got = build()
            differ = sorted(n for n in set(got) | set(reference[key])
                            if got.get(n) != reference[key].get(n))
            return Result(not differ, f"differs: {differ}" if differ else "",
                          note="byte-identical")
        return run

    bundled = SRC / "cityreports" / "resources" / "corpus"

    def copy_of(corpus: Path, label: str, change: Callable[[Path], None] | None = None) -> Path:
        target = bench.work / f"copy_{label}"
        shutil.copytree(corpus, target, symlinks=True)
        if change:
            change(target)
        return target

    def touch_all(folder: Path) -> None:
        for path in folder.rglob("*"):
            os.utime(path, (1e9, 1e9))

    cases = {}
    for key in ("bundled", "dev"):
        corpus = bundled if key == "bundled" else dev
        cases[f"determinism {key}: run twice"] = compare(
            f"{key}_again", lambda c=corpus, k=key: tables(f"{k}_again", c), key)
        cases[f"determinism {key}: --workers 2"] = compare(
            f"{key}_w2", lambda c=corpus, k=key: tables(f"{k}_w2", c, "--workers", "2"), key)
        cases[f"determinism {key}: other hash seed"] = compare(
            f"{key}_seed", lambda c=corpus, k=key: tables(f"{k}_seed", c,
                                                          env={"PYTHONHASHSEED": "12345"}), key)
        cases[f"determinism {key}: other working folder"] = compare(
            f"{key}_cwd", lambda c=corpus, k=key: tables(f"{k}_cwd", c, cwd=Path("/")), key)
        cases[f"determinism {key}: copied elsewhere"] = compare(
            f"{key}_copy", lambda c=corpus, k=key: tables(f"{k}_copy", copy_of(c, k)), key)
        cases[f"determinism {key}: other file times"] = compare(
            f"{key}_mtime", lambda c=corpus, k=key: tables(
                f"{k}_mtime", copy_of(c, f"{k}_mtime", touch_all)), key)
    return cases


# --- cityreports run ---------------------------------------------------------------------------

INJECTIONS = [
    ("lang", "en'); __import__('os').system('touch PWNED'); ('"),
    ("year_min", "2016); __import__('os').system('touch PWNED'"),
    ("year_max", "__import__('os').system('touch PWNED')"),
    ("formats", "[pdf, \"png'); __import__('os').system('touch PWNED'); ('\"]"),
    ("corpus", "x'); __import__('os').system('touch PWNED'); ('"),
    ("codebook", "themes.yml\nimport os; os.system('touch PWNED')"),
    ("collapse_duplicates", "True; __import__('os').system('touch PWNED')"),
    ("build_dir", "/tmp/elsewhere"),
    ("__import__('os').system('touch PWNED')", "1"),
    ("split_year", "2016\n__import__('os').system('touch PWNED')"),
    ("cache_dir", "'; import os; os.system('touch PWNED')"),
]


def run_cases(bench: Bench) -> dict[str, Callable[[], Result]]:
    def injection(name: str, value: str) -> Callable[[], Result]:
        def run() -> Result:
            tag = hashlib.sha1((name + value).encode()).hexdigest()[:8]
            folder = bench.case_dir(f"inject_{tag}")
            code, err, seconds = cli(["run", "--notebooks-dir", str(ROOT / "notebooks"),
                                      "--out", str(folder / "out"), "-p", name, value,
                                      "--no-progress"], cwd=folder, timeout=bench.timeout)
            if list(folder.rglob(PLANTED)) or Path(ROOT / "notebooks" / PLANTED).exists():
                return Result(False, "the injected code ran")
            result = _one_line_error(code, err, seconds, expect="parameter")
            if result.clean and (folder / "out").exists():
                return Result(False, "refused only after writing --out")
            return result
        return run

    cases = {f"run: -p {n[:24]} injection": injection(n, v) for n, v in INJECTIONS}
    cases["run: split_year not a year"] = injection("split_year", "soon")
    cases["run: interrupted on another corpus"] = lambda: interrupted_run(bench)
    return cases


def interrupted_run(bench: Bench) -> Result:
    folder = bench.case_dir("run_interrupted")
    build = folder / "out"  # --out DIR: DIR/tables, DIR/figures, DIR/notebooks
    figs = build / "figures"
    args = ["run", "--notebooks-dir", str(ROOT / "notebooks"), "--out", str(build),
            "--no-progress", "-p", "formats", "png"]
    code, err, first = cli(args, cwd=folder, timeout=1800)
    if code != 0:
        return Result(False, f"a full run failed: {_messages(err)[-1:]}")
    before = {p.relative_to(folder).as_posix(): p.read_bytes() for p in
              [build / "tables" / "values.json", figs / "MANIFEST.csv"]}
    other = bench.corpus(folder)
    child = subprocess.Popen([sys.executable, "-c", CLI, *args, "--corpus", str(other)],
                             cwd=folder, env={**os.environ, "PYTHONPATH": str(SRC)},
                             stderr=subprocess.DEVNULL, start_new_session=True)
    time.sleep(first / 2)
    os.killpg(child.pid, signal.SIGKILL)
    child.wait()
    after = {k: (folder / k).read_bytes() for k in before}
    strays = [p.name for p in list(build.rglob("*tmp*")) + list(figs.rglob("*tmp*"))]
    if after != before:
        return Result(False, "values.json or MANIFEST.csv changed: two corpora mixed")
    if strays:
        return Result(False, f"temporary files left: {strays}")
    return Result(True, note=f"killed after {first / 2:.0f} s: previous values and manifest intact")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", action="append", help="run cases whose name holds this")
    parser.add_argument("--no-run", action="store_true", help="skip the cityreports run cases")
    parser.add_argument("--timeout", type=float, default=300, help="seconds per case")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="cityreports-hostile-") as tmp:
        bench = Bench(Path(tmp), args.timeout)
        cases: dict[str, Callable[[], Result]] = {
            name: (lambda n=name, b=build: run_corpus_case(bench, n, b))
            for name, build in CORPUS_CASES.items()
        }
        cases.update(option_cases(bench))
        cases.update(cache_cases(bench))
        cases.update(determinism_cases(bench))
        if not args.no_run:
            cases.update(run_cases(bench))
        if args.only:
            cases = {n: c for n, c in cases.items() if any(o in n for o in args.only)}
        clean = timed = 0
        failed = []
        for name, case in cases.items():
            start = time.monotonic()
            try:
                result = case()
            except Exception as exc:  # noqa: BLE001 - a broken case is reported, not raised
                result = Result(False, f"{type(exc).__name__}: {exc}"[:160])
            seconds = time.monotonic() - start
            mark = "clean" if result.clean else "NOT CLEAN"
            if result.clean and result.note.startswith("time limit"):
                mark, timed = "clean*", timed + 1
            detail = result.why if not result.clean else result.note
            print(f"{mark:9} {name:40} {seconds:6.1f} s  {detail[:150]}", flush=True)
            clean += result.clean
            if not result.clean:
                failed.append(name)
        print(f"\n{clean}/{len(cases)} clean ({timed} of them only thanks to the time limit)")
        if failed:
            print("not clean: " + "; ".join(failed))
    return 0 if clean == len(cases) else 1


if __name__ == "__main__":
    sys.exit(main())
