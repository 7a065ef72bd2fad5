"""What keeps personal and confidential data out of everything outside the restricted area.

Three side doors besides the columns themselves (which the contracts drop or pseudonymise):

- **messages**: a quarantine reason, an error, a log line or Dagster metadata may quote a value;
  ``redact`` masks anything shaped like a tax code, a phone number or an e-mail address, and
  the validators never quote a value of a column marked ``identifier`` at all;
- **free text** that is published (a task's title, outputs, note): ``FreeTextScreen`` withholds
  the names the registry itself knows (principal investigators, recipients), people named
  after a title or role ("chủ nhiệm Đỗ Hoàng Tâm", "TS. Nguyễn Văn A"), phones, tax codes and
  e-mail addresses, and says that it did;
- **library errors**, which quote the offending line of a file: the readers raise their own
  messages instead (``from None``), so no fragment of a file reaches Dagster's run storage.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterable

import regex

WITHHELD = "[đã ẩn]"

# 9 or more digits, possibly grouped by spaces or dots (phones: 0965 041 469; tax codes:
# 1634245041), a tax code with its branch suffix, or an e-mail address. Dates written with
# dashes or slashes do not match.
_IDENTIFIER_LIKE = regex.compile(
    r"(?<![\d])\d{10}-\d{3}(?![\d])"
    r"|(?<![\d.,])(?:\+84[ .]?)?\d(?:[ .]?\d){8,}(?![\d])"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
)

# A person named after a title or a role: 2 to 5 capitalised words.
_TITLED_PERSON = regex.compile(
    r"(?:(?<!\w)(?i:chủ nhiệm|chủ trì|thư ký|người thực hiện|cán bộ|liên hệ)"
    r"|(?<!\w)(?:PGS|GS|TS|ThS|KS|BS|CN|NCS)\.?"
    r"|(?<!\w)(?:ông|bà|anh|chị))"
    r"[\s:]+((?:\p{Lu}\p{Ll}*)(?:\s+\p{Lu}\p{Ll}*){1,4})"
)


def redact(text: str) -> str:
    """``text`` with tax-code-, phone- and e-mail-like strings masked."""
    return _IDENTIFIER_LIKE.sub(WITHHELD, text)


_WORD = regex.compile(r"\w+")


def _words(text: str) -> list[regex.Match[str]]:
    return list(_WORD.finditer(unicodedata.normalize("NFC", text)))


class FreeTextScreen:
    """Withholds personal data from free text that will be published (or quarantined).

    Known names are matched word by word (case, composition and punctuation between words
    ignored), by looking up every run of words in a set: as fast with the names of a
    hundred thousand enterprises as with ten. The set is built on first use, so a file with
    nothing to screen costs nothing.
    """

    def __init__(self, names: Iterable[object] = ()) -> None:
        self._names = names

    @classmethod
    def of(cls, names: Iterable[object]) -> FreeTextScreen:
        return cls(names)

    @functools.cached_property
    def known_names(self) -> set[tuple[str, ...]]:
        known = {
            tuple(w.group().casefold() for w in _words(str(n)))
            for n in self._names
            if n is not None
        }
        # single words ("Bình") are too common to withhold; full names have two or more
        return {k for k in known if len(k) >= 2}

    @functools.cached_property
    def longest(self) -> int:
        return max((len(k) for k in self.known_names), default=0)

    def _known_spans(self, text: str) -> list[tuple[int, int]]:
        words = _words(text)
        folded = [w.group().casefold() for w in words]
        spans: list[tuple[int, int]] = []
        start = 0
        while start < len(words):
            for length in range(min(self.longest, len(words) - start), 1, -1):
                if tuple(folded[start : start + length]) in self.known_names:
                    spans.append((words[start].start(), words[start + length - 1].end()))
                    start += length
                    break
            else:
                start += 1
        return spans

    def screen(self, text: str | None) -> tuple[str | None, bool]:
        """(text with personal data withheld, whether anything was withheld)."""
        if text is None:
            return None, False
        clean = unicodedata.normalize("NFC", text)
        spans = self._known_spans(clean) if self.known_names else []
        for begin, end in reversed(spans):
            clean = clean[:begin] + WITHHELD + clean[end:]
        withheld = bool(spans)
        clean, count = _TITLED_PERSON.subn(
            lambda m: m.group(0)[: m.start(1) - m.start(0)] + WITHHELD, clean
        )
        withheld |= bool(count)
        redacted = redact(clean)
        withheld |= redacted != clean
        return redacted, withheld
