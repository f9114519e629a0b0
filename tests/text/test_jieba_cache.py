"""jieba's dictionary cache lives in a private per-user folder, never the shared /tmp."""

from __future__ import annotations

import stat
import tempfile
from pathlib import Path

import pytest

from cityreports import cache_folders
from cityreports.text.tokens import Segmenter, jieba_cache_dir


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


def test_the_cache_folder_is_private_and_used(cache_home):
    folder = jieba_cache_dir()
    assert folder == cache_home / "cityreports" / "jieba" and _mode(folder) == 0o700
    assert Segmenter(user_words=["测试词语甲乙"]).tokens("智慧城市") == ["智慧城市"]
    assert (folder / "jieba.cache").is_file()
    tokenizer, _ = Segmenter()._load()
    assert tokenizer.tmp_dir == str(folder) != tempfile.gettempdir()


@pytest.mark.parametrize("attack", ["world-writable parent", "symlink", "world-writable"])
def test_a_folder_others_can_write_is_not_used(cache_home, tmp_path, attack):
    parent = cache_home / "cityreports"
    parent.mkdir(parents=True)
    if attack == "world-writable parent":
        parent.chmod(0o777)
    elif attack == "symlink":
        (tmp_path / "elsewhere").mkdir(mode=0o700)
        (parent / "jieba").symlink_to(tmp_path / "elsewhere")
    else:
        (parent / "jieba").mkdir()
        (parent / "jieba").chmod(0o777)  # ours: made private again
    folder = jieba_cache_dir()
    if attack == "world-writable":
        assert folder == parent / "jieba" and _mode(folder) == 0o700
    else:
        assert folder != parent / "jieba" and _mode(folder) == 0o700
        assert cache_folders.is_private(folder)
