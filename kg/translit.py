"""Cyrillic to Latin, enough to compare names across Ukrainian, Bulgarian and English spellings.

Not a standard romanisation: letters that sound alike map alike (Ukrainian и and Bulgarian ъ,
г and х) so that two spellings of one name come out close.
"""

from __future__ import annotations

import unicodedata

_TABLE = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ye", "ж": "zh", "з": "z",
    "и": "y", "і": "i", "ї": "yi", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p",
    "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ь": "", "ъ": "a", "ю": "yu", "я": "ya", "ы": "y", "э": "e", "ё": "yo", "'": "", "’": "",
}  # fmt: skip


def latin(text: str) -> str:
    """``text`` in lowercase Latin letters, accents dropped.

    >>> latin("Зеленський"), latin("Зеленски"), latin("Zelenskyy")
    ('zelenskyy', 'zelensky', 'zelenskyy')
    """
    lowered = "".join(_TABLE.get(c, c) for c in text.lower())
    return "".join(c for c in unicodedata.normalize("NFKD", lowered) if not unicodedata.combining(c))
