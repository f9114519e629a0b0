"""The shared patterns and word lists of Chinese report text, defined once.

Every character class, regular expression or word list that more than one module needs lives
here (in the manner of textacy's ``constants.py``): named, documented and compiled once at
import. Word lists researchers may want to edit are data files under ``resources/`` and are read
by the module that owns them; only the small closed classes of the language are code.

Use the class strings inside a character class: ``re.compile(f"[{HAN_BASIC}]{{2,4}}")``.
"""

from __future__ import annotations

import re

#: Every Han ideograph: CJK Unified Ideographs, Extension A, Compatibility Ideographs and the
#: supplementary planes (Extensions B–G). Use it to *recognise* Chinese text.
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
#: The basic block of CJK Unified Ideographs (U+4E00–U+9FFF), which holds every character of
#: names, places and organisations in modern reports; the patterns that match names use it.
HAN_BASIC = "\u4e00-\u9fff"
#: Han ideographs of the Basic Multilingual Plane (no supplementary planes).
HAN_BMP = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"

HAN_RE = re.compile(f"[{HAN}]")
HAN_BASIC_RE = re.compile(f"[{HAN_BASIC}]")
