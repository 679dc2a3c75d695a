"""Thai word boundaries for the search index, with PyThaiNLP's ``newmm`` segmenter and its
own word list, loaded fast.

PyThaiNLP's default dictionary is a trie of about 62,000 words built node by node in Python
the first time a word is cut: 0.3–0.4 s of every build process. ``newmm`` asks its
dictionary one thing only, the words that start at a position of the text
(``prefixes(text, start)``), and a sorted list answers that as well: the words that begin
with a string sit together in it, so a binary search per added character finds them, and
the search stops, as the trie's walk does, at the first string no word begins with. The
list is the very word list the trie holds (PyThaiNLP's ``words_th.txt``, each line
stripped), so every run of Thai is cut exactly as before; loading it is reading one file
and sorting it (about 50 ms).
"""

from __future__ import annotations

from bisect import bisect_left
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

WORD_LIST = "words_th.txt"  # PyThaiNLP's default word list, the one its default trie holds
_NOTHING, _BEGINNING, _WORD = 0, 1, 2


class SortedWords:
    """A dictionary for ``newmm``: the same answers as ``pythainlp.util.Trie.prefixes``."""

    def __init__(self, words):
        self.words = sorted({word.strip() for word in words} - {""})
        # what each string looked up so far is (a word, the beginning of one, nothing): the
        # strings of a site's text recur, and a dictionary lookup is cheaper than a search
        self._known: dict[str, int] = {}

    def __bool__(self) -> bool:  # newmm falls back to its own trie for an empty dictionary
        return bool(self.words)

    def __len__(self) -> int:
        return len(self.words)

    def __contains__(self, word: str) -> bool:
        index = bisect_left(self.words, word)
        return index < len(self.words) and self.words[index] == word

    def prefixes(self, text: str, start: int = 0) -> list[str]:
        """The words that text[start:] begins with, shortest first."""
        found, known = [], self._known
        for end in range(start + 1, len(text) + 1):
            head = text[start:end]
            kind = known.get(head)
            if kind is None:
                kind = known[head] = self._kind(head)
            if kind is _NOTHING:
                break  # no word begins with head, so none with anything longer
            if kind is _WORD:
                found.append(head)
        return found

    def _kind(self, head: str) -> int:
        words = self.words
        index = bisect_left(words, head)
        if index == len(words) or not words[index].startswith(head):
            return _NOTHING
        return _WORD if words[index] == head else _BEGINNING


@lru_cache(maxsize=1)
def thai_words() -> SortedWords:
    """PyThaiNLP's default word list, read once per process."""
    text = files("pythainlp.corpus").joinpath(WORD_LIST).read_text(encoding="utf-8-sig")
    return SortedWords(text.splitlines())


@lru_cache(maxsize=1)
def segmenter_version() -> str:
    """Changes whenever a run of Thai could be cut differently: PyThaiNLP's version (its
    segmenter and word list) and this module."""
    from importlib.metadata import PackageNotFoundError, version

    from .. import buildcache

    try:
        pythainlp = version("pythainlp")
    except PackageNotFoundError:
        pythainlp = "-"
    return buildcache.key_of(pythainlp, Path(__file__).read_bytes().hex())


def thai_word_list(run: str) -> list[str]:
    """The words of a run of Thai letters, as ``word_tokenize(run, engine="newmm")`` cuts it."""
    from pythainlp.tokenize.newmm import segment

    return [word for word in segment(run, thai_words()) if word and not word.isspace()]
