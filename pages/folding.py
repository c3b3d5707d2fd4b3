"""Text folded for matching: case and ё/е folded, Kazakh letters kept as typed.

Search and the personal-data guard both compare folded text, so that `прием` finds `приём` and
`СЕМЁНОВ` is the same word as `Семенов`, while `қ` never becomes `к`."""

import re

WORD = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*")


def fold(text):
    """*text* in lower case with ё written е (the only letter folded)."""
    return (text or "").casefold().replace("ё", "е")


def words(text):
    """The folded words of *text*, in order."""
    return WORD.findall(fold(text))
