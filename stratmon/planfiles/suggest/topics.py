"""Which topic an action or KPI names: topic names, synonyms, codes and the acronyms a
document defines in parentheses, matched word by word on crude stems.

A whole phrase written in the text (`Time Release Study`, `TRS`) is a good match, the longer
the better; failing that, the topic whose name's words the text covers most (each word
weighed by how few topics use it) is the closest, if it covers at least half.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from .types import TopicWords
from .words import STOPWORDS, Token, same_word, tokens

_PARENTHESES = re.compile(r"\(([^()]*)\)")
PARTIAL_AT_LEAST = 0.5


@dataclass(frozen=True)
class TopicMatch:
    topic: TopicWords
    words: str  # the phrase found, as the topic writes it
    exact: bool  # the whole phrase is written in the text
    score: float


def _phrases(topic: TopicWords) -> list[str]:
    """Every wording of a topic: synonyms, the name with and without its parenthesised
    part, what the parentheses hold (`(NII)`, `(e.g. nCEN)`), and the code as words."""
    found = [*topic.synonyms, topic.name, _PARENTHESES.sub(" ", topic.name)]
    for inside in _PARENTHESES.findall(topic.name):
        # An acronym in parentheses is another name; "(contracting party)" is not.
        found.extend(
            part
            for part in re.split(r"[,;]|e\.g\.", inside)
            if any(t.acronym for t in tokens(part))
        )
    found.append(topic.code.replace("-", " "))
    return [p.strip() for p in found if p.strip()]


def _content(words: Sequence[Token]) -> list[Token]:
    return [t for t in words if t.raw.lower() not in STOPWORDS]


def _written(phrase: Sequence[Token], text: Sequence[Token]) -> bool:
    """Is `phrase` written in `text`, word after word (stopwords of the text skipped only
    where the phrase has them too)?"""
    n = len(phrase)
    return n > 0 and any(
        all(same_word(p, t) for p, t in zip(phrase, text[i : i + n], strict=True))
        for i in range(len(text) - n + 1)
    )


def _usable(phrase: Sequence[Token]) -> bool:
    """A one-word phrase must be an acronym or a long word: `IBM` yes, `data` no."""
    return len(phrase) > 1 or (len(phrase) == 1 and (phrase[0].acronym or len(phrase[0].raw) > 5))


_Phrases = dict[str, list[tuple[str, tuple[Token, ...]]]]


@lru_cache(maxsize=8)
def _index(topics: tuple[TopicWords, ...]) -> tuple[_Phrases, Counter[str]]:
    """Every topic's wordings as tokens, and how many topics use each word stem: a word
    every topic has ("WCO", "implemented") tells little. Cached: a plan asks per KPI."""
    phrases = {t.code: [(p, tokens(p)) for p in _phrases(t)] for t in topics}
    used = Counter(s for t in topics for s in {w.stem for _, ws in phrases[t.code] for w in ws})
    return phrases, used


def match_topics(text: str, topics: Sequence[TopicWords]) -> list[TopicMatch]:
    """Topics named in `text`, best first (exact phrases before partial ones)."""
    words = tokens(text)
    stems = {t.stem for t in words}
    phrases, used = _index(tuple(topics))
    found: list[TopicMatch] = []
    for topic in topics:
        best: TopicMatch | None = None
        for phrase, phrase_words in phrases[topic.code]:
            if not any(w.stem in stems for w in phrase_words):
                continue  # no word of it in the text: neither written nor partly there
            if _usable(phrase_words) and _written(phrase_words, words):
                score = 10.0 + len(_content(phrase_words)) + (1 if phrase_words[0].acronym else 0)
                candidate = TopicMatch(topic, phrase, True, score)
            else:
                content = [w for w in _content(phrase_words) if not w.acronym or w.raw.isupper()]
                if len(content) < 2:
                    continue
                weight = {w.stem: 1.0 / used[w.stem] for w in content}
                have = [s for s in weight if s in stems or _acronym_in(s, words)]
                coverage = sum(weight[s] for s in have) / sum(weight.values())
                # One shared word ("model", "data") is a coincidence, not a topic.
                if len(have) < 2 or coverage < PARTIAL_AT_LEAST:
                    continue
                candidate = TopicMatch(topic, phrase, False, coverage * 5)
            if best is None or candidate.score > best.score:
                best = candidate
        if best is not None:
            found.append(best)
    return sorted(found, key=lambda m: -m.score)


def _acronym_in(stem: str, words: Sequence[Token]) -> bool:
    return any(t.acronym and t.raw.lower() == stem for t in words)


def best_topic(
    own: str, action: str, topics: Sequence[TopicWords]
) -> tuple[TopicMatch | None, list[TopicMatch]]:
    """The topic a KPI counts: one named outright in the KPI's own words, else in its
    action's, else the closest partial match over both; and the other topics named outright
    in the same text (to say the choice was close)."""
    for text in (own, action):
        found = [m for m in match_topics(text, topics) if m.exact]
        if found:
            return found[0], found[1:]
    partial = match_topics(f"{own}. {action}", topics)
    return (partial[0] if partial else None), []
