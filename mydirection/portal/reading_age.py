"""How hard the app's own words are to read, as a reading age.

The app is for people who may read at the level of a nine-year-old, so its own text aims at a
reading age of about nine. We use the Flesch-Kincaid grade (a US school grade) plus five, the
usual conversion to a UK reading age. Syllables are counted by vowel groups: a rough rule,
but the same rule every time, so the figure shows when a change makes the words harder.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from html.parser import HTMLParser

WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?")
VOWEL_GROUP = re.compile(r"[aeiouy]+")
SENTENCE_END = re.compile(r"[.!?]+(?:\s|$)")
# Text of these elements stands alone, like a sentence: a heading, a label, a button.
BLOCKS = {
    "h1", "h2", "h3", "h4", "p", "li", "label", "legend", "button", "td", "th", "dt", "dd",
    "summary", "div", "option", "br",
}  # fmt: skip
SKIPPED = {"script", "style", "template", "svg"}


def syllables(word: str) -> int:
    word = word.lower().replace("'", "")
    count = len(VOWEL_GROUP.findall(word))
    # A silent final e ("code", "time"), but not "-le" ("people") or a word like "the".
    if word.endswith("e") and not word.endswith(("le", "ee")) and count > 1:
        count -= 1
    # "-ed" is silent after most letters ("asked", "moved"); not after t or d ("wanted").
    if word.endswith("ed") and len(word) > 3 and word[-3] not in "td" and count > 1:
        count -= 1
    return max(count, 1)


@dataclass(frozen=True)
class Readability:
    words: int
    sentences: int
    syllables: int

    @property
    def grade(self) -> float:
        """Flesch-Kincaid grade level."""
        if not self.words:
            return 0.0
        return 0.39 * self.words / self.sentences + 11.8 * self.syllables / self.words - 15.59

    @property
    def reading_age(self) -> float:
        return self.grade + 5


def measure(sentences: Iterable[str]) -> Readability:
    words = sentence_count = syllable_count = 0
    for chunk in sentences:
        for sentence in SENTENCE_END.split(chunk):
            found = WORD.findall(sentence)
            if not found:
                continue
            sentence_count += 1
            words += len(found)
            syllable_count += sum(syllables(w) for w in found)
    return Readability(words, max(sentence_count, 1), syllable_count)


class _Text(HTMLParser):
    """The visible text of ``<main>``, one chunk per block element."""

    def __init__(self) -> None:
        super().__init__()
        self.chunks: list[str] = []
        self._current: list[str] = []
        self._in_main = 0
        self._skipping = 0

    def _flush(self) -> None:
        text = " ".join("".join(self._current).split())
        if text:
            self.chunks.append(text)
        self._current = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "main":
            self._in_main += 1
        if tag in SKIPPED:
            self._skipping += 1
        if tag in BLOCKS:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIPPED:
            self._skipping -= 1
        if tag in BLOCKS or tag == "main":
            self._flush()
        if tag == "main":
            self._in_main -= 1

    def handle_data(self, data: str) -> None:
        if self._in_main and not self._skipping:
            self._current.append(data)


def text_of(html: str) -> list[str]:
    parser = _Text()
    parser.feed(html)
    parser.close()
    return parser.chunks
