"""Two good reports and text that makes the sabotaged stages (see conftest) fail."""

from __future__ import annotations

import time
from pathlib import Path

from cityreports.pipeline import parse as parse_module

#: Two short reports in other styles than the bundled ones (a city report and a press release).
GOOD = {
    "a_chengdu.txt": "成都市2022年政府工作报告\n\n过去一年，全市新建5G基站1.2万个，"
                     "数字经济核心产业增加值增长12%。我们要加快建设智慧城市。\n",
    "b_hongkong.txt": "香港特區政府新聞公報\n\n2023年10月25日\n\n政府今日公布智慧城市藍圖2.0，"
                      "推出超過130項措施，推動創新科技發展。\n",
}
#: Text that makes the sabotaged stages raise or hang.
BOOM, SLOW = "引爆", "很慢"


def write_corpus(folder: Path, **bad: str) -> Path:
    """``folder`` with the good reports and ``bad`` (file name -> text)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in {**GOOD, **bad}.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def sabotage(monkeypatch):
    """The claims stage raises for a document holding BOOM and sleeps on one holding SLOW.

    Monkeypatched before any worker forks, so workers sabotage the same documents.
    """
    real = parse_module.claims_and_diagnostics

    def claims(doc, **kwargs):
        if BOOM in doc.norm.text:
            raise RuntimeError("sabotaged\nsecond line")
        if SLOW in doc.norm.text:
            time.sleep(120)
        return real(doc, **kwargs)

    monkeypatch.setattr(parse_module, "claims_and_diagnostics", claims)
    return claims
