"""Turning what members type into comparable tokens.

Discord text carries noise that says nothing about the question: mentions,
custom emoji, markdown, links, the bot's own name. British and American
spellings, slang and plurals should meet the same token. Everything here is
deterministic and shared by the FAQ matcher, the content checker and (later)
the clash matcher, so an author's phrasing and a member's question are
normalised the same way.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

_DISCORD_MARKUP = re.compile(
    r"<a?:\w+:\d+>"  # custom emoji
    r"|<(?:@[!&]?|#)\d+>"  # user, role and channel mentions
    r"|<t:\d+(?::\w)?>"  # timestamps
    r"|https?://\S+"  # links
    r"|@(?:everyone|here)\b"
)
_CODE_FENCE = re.compile(r"```.*?```", re.DOTALL)
_SHORTCODE_EMOJI = re.compile(r":[a-z0-9_+-]+:")
# Case matters only here: "WHO" the organisation is not "who" the pronoun, "US" not "us".
_CASED_ACRONYMS = (
    (re.compile(r"\bWHO\b"), " whoorg "),
    (re.compile(r"\bU\.?S\.?(?:A\.?)?(?=\W|$)"), " america "),
    (re.compile(r"\bUN\b"), " unorg "),
)
_NON_WORD = re.compile(r"[^a-z0-9]+")

# Multi-word names that members also write as acronyms, and phrases that say in
# several words what the content says in one: each becomes the content's form.
_PHRASES = (
    ("united nations", "unorg"),
    ("european union", "eu"),
    ("world trade organization", "wto"),
    ("world trade organisation", "wto"),
    ("world health organization", "whoorg"),
    ("world health organisation", "whoorg"),
    ("north american free trade agreement", "nafta"),
    ("paris climate agreement", "paris agreement"),
    ("world war 2", "world war ii"),
    ("world war two", "world war ii"),
    ("ww2", "world war ii"),
    ("wwii", "world war ii"),
    ("second world war", "world war ii"),
    # The first world war is not the second: without this the "1" is dropped as too
    # short and the question reads as one about World War II.
    ("world war 1", "wwi"),
    ("world war one", "wwi"),
    ("first world war", "wwi"),
    ("ww1", "wwi"),
    # "supra-national" folds to two words, which alone mean nothing to the content.
    ("supra national", "supranational"),
    # Chat for what the content calls rising (nationalism, populism, tensions).
    ("going up", "rising"),
    ("on the rise", "rising"),
    # Members say "work together" where the content says "cooperate".
    ("work together", "cooperate"),
    ("works together", "cooperates"),
    ("working together", "cooperating"),
    ("worked together", "cooperated"),
    # Chat for what the content calls the retreat from (or backlash against) cooperation.
    ("pull back", "retreat"),
    ("pulls back", "retreat"),
    ("pulling back", "retreat"),
    ("pulled back", "retreat"),
    ("turn against", "backlash against"),
    ("turns against", "backlash against"),
    ("turning against", "backlash against"),
    ("turned against", "backlash against"),
    ("falling apart", "declining"),
    ("fall apart", "decline"),
    # Falling out of favour, and giving up on cooperation, are the same decline.
    ("losing favour", "declining"),
    ("losing favor", "declining"),
    ("lost favour", "declined"),
    ("lost favor", "declined"),
    ("out of favour", "declining"),
    ("out of favor", "declining"),
    ("give up on", "abandon"),
    ("gives up on", "abandon"),
    ("giving up on", "abandoning"),
    ("gave up on", "abandoned"),
    # Mixing two things up is asking how they differ; "at the same time" is not "the
    # same as", which asks for a difference too.
    ("mix up", "versus"),
    ("mixes up", "versus"),
    ("mixing up", "versus"),
    ("mixed up", "versus"),
    ("at the same time", "also"),
    ("covid 19", "covid"),
    ("covid19", "covid"),
    ("coronavirus", "covid"),
    # "The pandemic" is the one everyone lived through; "pandemics" in general are one
    # of the global problems that need cooperation.
    ("the pandemic", "the covid pandemic"),
    # Lower case "the who" is still the organisation: no sentence puts "the" before the pronoun.
    ("the who", "the whoorg"),
    # Likewise "the us" is the country, typed in lower case.
    ("the us", "the america"),
    # Chat shorthand: "w/o" (folded to "w o"), "glob vs intl", "w.h.o.".
    ("w o", "without"),
    ("glob vs intl", "globalism vs internationalism"),
    ("glob v intl", "globalism vs internationalism"),
    ("globalism vs intl", "globalism vs internationalism"),
    ("w h o", "whoorg"),
    # A slip members make for the socialist type.
    ("social internationalism", "socialist internationalism"),
    # In a server about globalism and internationalism, "the two ideologies" are those two.
    *(
        (f"{both} {kind}", "globalism and internationalism")
        for both in ("the two", "both")
        for kind in (
            "ideologies",
            "ideas",
            "approaches",
            "views",
            "camps",
            "schools",
            "isms",
            "concepts",
            "terms",
            "philosophies",
            "worldviews",
            "ideals",
            "doctrines",
        )
    ),
)

# "Supranational" is Latin for "above the nation", and members say it in English.
# "Over" is left out: "authority over nations" is how the content asks how much power
# institutions should have, which is another entry.
_ABOVE_NATIONS = re.compile(
    r" above (?:the |their |its |all )?(?:member )?"
    r"(?:nations?|states?|country|countries|(?:national )?governments?) "
)

# What "sets them apart" (or "sets globalism and internationalism apart") is how they
# differ; left alone, "set" met the environment entry's "one set of green rules".
_SETS_APART = re.compile(r" sets? ((?:\w+ ){1,4})apart ")

# Chat spellings mapped to the word they stand for (applied to folded tokens).
SLANG: dict[str, str] = {
    "whats": "what",
    "1st": "first",
    "wat": "what",
    "whos": "who",
    "hows": "how",
    "whys": "why",
    "wheres": "where",
    "wut": "what",
    "wtf": "what",
    "u": "you",
    "ur": "your",
    "ppl": "people",
    "pls": "please",
    "plz": "please",
    "govt": "government",
    "gov": "government",
    "intl": "international",
    "natl": "national",
    "edu": "education",
    "disinfo": "disinformation",
    "misinfo": "misinformation",
    "econ": "economy",
    "economic": "economy",
    "economics": "economy",
    "diff": "difference",
    "vs": "versus",
    "v": "versus",
    "usa": "america",
    "american": "america",
    "americas": "america",
    "un": "unorg",
    "defence": "defense",
    "programme": "program",
    "centre": "center",
    "corona": "covid",
    "rona": "covid",
    "cuz": "because",
    "bc": "because",
    "coz": "because",
    "tho": "though",
    "thx": "thanks",
    "ty": "thanks",
    "idk": "dont know",
    "dunno": "dont know",
    "tbh": "",
    "ngl": "",
    "fr": "",
    "lol": "",
    "lmao": "",
}

STOPWORDS: frozenset[str] = frozenset(
    """
    a an the and or but if then so of to in on at by for from with without about into onto
    over is are was were be been being am do does did doing done has have had having can
    could would should will shall may might must what whats which who whom whose when where
    why how that this these those there here it its it's i me my mine we us our you your
    yours he she they them their his her as than too very just really actually basically
    literally also even still any some such each every all both either neither not no yes ok
    okay please thanks thank hi hey hello yo bro bruh guys man dude someone anyone somebody
    anybody tell explain explained explanation mean means meaning meant define definition
    describe know understand get got need want like help quick quickly short simple simply
    terms words briefly summary question q wondering wonder anyone one thing things stuff
    sort way ways bit lot dont doesnt isnt arent cant wont im ive id youre theyre
    theres ones
    """.split()
)

# Why a member is asking, not what: school, schedule and chat words. The FAQ matcher
# drops them from questions and phrasings alike, so "my teacher keeps saying
# internationalism in class, what is it" is matched on "internationalism" instead of
# losing score to words no entry could explain. (Debate speeches keep them: "school"
# can be the point of an argument about education.)
ASKING_CONTEXT: frozenset[str] = frozenset(
    """
    essay essays homework assignment assignments teacher teachers prof professor lecture
    lecturer classmate classmates lesson lessons exam exams revision tomorrow tmrw tmr
    tonight yesterday monday tuesday wednesday thursday friday saturday sunday weekend
    club assigned clue confused confusing honestly seriously nod along newbie kinda sorta
    gonna wanna gotta ya yeah yep yea hmm uh um ugh presentation slides school uni
    college genuinely lowkey tryna clueless anyway anyways btw imo imho iirc rn atm curious
    google googled wikipedia textbook tldr def defn exactly basically simply briefly
    """.split()
)


_BRITISH_SUFFIXES = (
    ("isations", "izations"),
    ("isation", "ization"),
    ("ising", "izing"),
    ("ised", "ized"),
    ("ises", "izes"),
    ("yse", "yze"),
)
_OUR_WORDS = frozenset(
    {"labour", "favour", "behaviour", "colour", "honour", "neighbour", "harbour"}
)


def _american(token: str) -> str:
    if token in _OUR_WORDS:
        return token[:-2] + "r"
    if len(token) > 6:
        for british, american in _BRITISH_SUFFIXES:
            if token.endswith(british):
                return token[: -len(british)] + american
    if token.endswith("ise") and len(token) > 6:
        return token[:-3] + "ize"
    return token


# Words ending in s that are not plurals of another word the content uses: "fake news"
# is not "new", and a member saying hi as someone new is not asking about it.
_NOT_PLURALS = frozenset({"news", "series", "species"})


def _undouble(token: str) -> str:
    # "stopped" and "stopping" must meet "stop": a consonant doubled before -ed or -ing
    # belongs to the suffix. l, s and z are left alone, they double in the word itself
    # ("controlled", "passed", "buzzing").
    if len(token) > 3 and token[-1] == token[-2] and token[-1] not in "aeiouylsz":
        return token[:-1]
    return token


@lru_cache(maxsize=65536)
def stem(token: str) -> str:
    """A light suffix stripper: plurals, -ing, -ed, final -e, and -ist → -ism.

    It only has to be consistent (queries and phrasings pass through it alike),
    not linguistically right. Mapping -ist to -ism lets "globalists" reach the
    entry about globalism.
    """
    token = _american(token)
    if len(token) <= 3 or token.isdigit() or token in _NOT_PLURALS:
        return token
    if token.endswith("ies") and len(token) > 4:
        token = token[:-3] + "y"
    elif token.endswith("sses"):
        token = token[:-2]
    elif token.endswith("s") and not token.endswith(("ss", "us", "is")):
        token = token[:-1]
    if token.endswith("ist") and len(token) > 6:
        return token[:-3] + "ism"
    if token.endswith("ment") and len(token) > 8:
        # "achieved" and "achievements" ask the same thing
        token = token[:-4]
    elif token.endswith("ing") and len(token) > 6:
        token = _undouble(token[:-3])
    elif token.endswith("ed") and len(token) > 5:
        token = _undouble(token[:-2])
    if token.endswith("e") and len(token) > 4:
        token = token[:-1]
    return token


def fold(text: str) -> str:
    """Lower case, accents removed, punctuation to spaces, whitespace collapsed."""
    if text.isascii():  # the common case needs no accent stripping
        stripped = text
    else:
        decomposed = unicodedata.normalize("NFKD", text)
        stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_WORD.sub(" ", stripped.lower().replace("&", " and ").replace("'", "")).strip()


def clean_discord(text: str, bot_names: Iterable[str] = ()) -> str:
    """Remove what Discord adds around a question: markup, mentions, emoji, links, our name."""
    text = _CODE_FENCE.sub(" ", text)
    text = _DISCORD_MARKUP.sub(" ", text)
    text = _SHORTCODE_EMOJI.sub(" ", text)
    for pattern, replacement in _CASED_ACRONYMS:
        text = pattern.sub(replacement, text)
    folded = f" {fold(text)} "
    for name in bot_names:
        name = fold(name)
        if name:
            folded = folded.replace(f" {name} ", " ")
    for phrase, token in _PHRASES:
        if phrase in folded:
            folded = folded.replace(f" {phrase} ", f" {token} ")
    if " above " in folded:
        folded = _ABOVE_NATIONS.sub(" supranational ", folded)
    if " apart " in folded:
        folded = _SETS_APART.sub(r" \1 differ ", folded)
    return " ".join(folded.split())


def words(text: str, bot_names: Iterable[str] = ()) -> list[str]:
    """Folded words with slang expanded, stopwords kept (the rerank step wants them)."""
    out: list[str] = []
    for token in clean_discord(text, bot_names).split():
        out.extend(SLANG.get(token, token).split())
    return out


# Words members use for the same idea in a question, mapped to one stem. These are
# generic question words (pros/cons, causes/effects, kinds), not answers to any entry.
_SYNONYM_GROUPS: dict[str, tuple[str, ...]] = {
    "advantage": (
        "advantage",
        "advantages",
        "pro",
        "pros",
        "upside",
        "upsides",
        "benefit",
        "benefits",
        "merit",
        "merits",
        "positive",
        "positives",
        "strength",
        "strengths",
        # The counterpart of "bad" below: "whats good about X" asks for the pros, and
        # "good morning" alone then names no topic, so it is not answered.
        "good",
    ),
    "criticism": (
        "criticism",
        "criticisms",
        "critique",
        "critiques",
        "criticise",
        "criticize",
        "criticised",
        "criticized",
        "criticising",
        "criticizing",
        "critic",
        "critics",
        "con",
        "cons",
        "downside",
        "downsides",
        "drawback",
        "drawbacks",
        "disadvantage",
        "disadvantages",
        "flaw",
        "flaws",
        "weakness",
        "weaknesses",
        "negative",
        "negatives",
        "bad",
        "wrong",
        "against",
        "objection",
        "objections",
    ),
    "cause": (
        "cause",
        "causes",
        "caused",
        "causing",
        "driver",
        "drivers",
        "driving",
        "reason",
        "reasons",
        "factor",
        "factors",
        "fuel",
        "fuels",
        "fueling",
        "fuelling",
        "behind",
        "root",
    ),
    "consequence": (
        "consequence",
        "consequences",
        "effect",
        "effects",
        "impact",
        "impacts",
        "result",
        "results",
        "outcome",
        "outcomes",
        "aftermath",
        "happen",
        "happens",
    ),
    "type": (
        "type",
        "types",
        "kind",
        "kinds",
        "variety",
        "varieties",
        "form",
        "forms",
        "category",
        "categories",
        "version",
        "versions",
        "flavour",
        "flavor",
        "strand",
    ),
    "example": ("example", "examples", "instance", "instances"),
    "difference": (
        "difference",
        "differences",
        "differ",
        "differs",
        "different",
        "versus",
        "compare",
        "compared",
        "comparison",
        "contrast",
        "distinguish",
        "apart",
        # "is X the same as Y" asks for the difference; "lmao same" then names no topic.
        "same",
        "similar",
        "similarity",
        "similarities",
        "alike",
    ),
    "job": ("job", "jobs", "employment", "workers", "worker", "labor", "labour"),
    "nation": ("nation", "nations", "country", "countries", "state", "states", "national"),
    "feature": (
        "feature",
        "features",
        "characteristic",
        "characteristics",
        "trait",
        "traits",
        "principle",
        "principles",
        "pillar",
        "pillars",
    ),
    "world": ("world", "global", "worldwide", "international", "planet"),
}
# Words members use for a concept the content names with another word. Each group is
# one concept in this domain, not a neighbourhood: globalism and internationalism,
# liberal and socialist, nationalism and isolationism stay apart, and a group never
# joins words that name different entries. Chat verbs of dislike join the question
# word for criticism (the matcher will not answer on such a word alone, see faq.py).
_CONCEPT_GROUPS: dict[str, tuple[str, ...]] = {
    "criticism": (
        "hate",
        "hates",
        "hated",
        "dislike",
        "dislikes",
        "disliked",
        "oppose",
        "opposes",
        "opposed",
    ),
    # The content calls the same turn away from cooperation "the backlash" and "the
    # (global) retreat", and says countries "abandon" internationalism as it "declines".
    "retreat": (
        "retreat",
        "retreats",
        "retreating",
        "retreated",
        "backlash",
        "decline",
        "declines",
        "declined",
        "declining",
        "abandon",
        "abandons",
        "abandoned",
        "abandoning",
        "ditch",
        "ditches",
        "ditched",
        "ditching",
        "quit",
        "quits",
        "quitting",
        "reject",
        "rejects",
        "rejected",
        "rejecting",
        "rejection",
    ),
    # Communist internationalism is the Marxist, class-based one the content calls
    # socialist; "communism" itself is another subject and keeps its own word.
    "socialist": ("communist", "communists"),
    "necessary": ("needed", "necessary"),
    # Forms of one verb the stemmer leaves apart ("rising" keeps its -ing, "rise" its -e).
    "rise": ("rise", "rises", "rising", "risen", "rose", "surge", "surges", "surging"),
    "loss": ("loss", "losses", "lose", "loses", "losing", "lost"),
    "take": ("take", "takes", "taking", "took", "taken"),
}
# The question words above that name an aspect of a topic rather than a topic: a
# question made of nothing else ("what are the effects", "that was a bad game") says
# what is asked about, not about what.
ASPECTS: frozenset[str] = frozenset(
    stem(head)
    for head in (
        "advantage",
        "criticism",
        "cause",
        "consequence",
        "type",
        "example",
        "difference",
        "feature",
        # Not a question word, but it only says how two things relate, never which:
        # "the difference between their and there" names no topic of ours.
        "between",
    )
)
SYNONYMS: dict[str, str] = {
    word: head
    for groups in (_SYNONYM_GROUPS, _CONCEPT_GROUPS)
    for head, group in groups.items()
    for word in group
}


# The kinds of internationalism the content names. A question naming one of them with
# a word for "type" ("saw revolutionary internationalism in the list of types, what is
# it?") asks about that kind; one naming two or more asks about the list.
_KINDS: frozenset[str] = frozenset(
    stem(SYNONYMS.get(w, w)) for w in ("liberal", "socialist", "revolutionary", "hegemonic")
)
_TYPE = stem("type")


def one_kind_asked(stems: list[str]) -> list[str]:
    """`stems` without the word for "type" when they name exactly one kind."""
    if _TYPE in stems and len(_KINDS.intersection(stems)) == 1:
        return [s for s in stems if s != _TYPE]
    return stems


def content_stems(tokens: Iterable[str]) -> list[str]:
    """Stems of the words that carry meaning, in order, without repeats."""
    seen: dict[str, None] = {}
    for token in tokens:
        if token in STOPWORDS or len(token) < 2:
            continue
        seen.setdefault(stem(SYNONYMS.get(token, token)), None)
    return list(seen)


def topic_stems(text: str, bot_names: Iterable[str] = ()) -> list[str]:
    """The content stems of what a message asks about, without why it asks
    (`ASKING_CONTEXT`): what the FAQ and the clash matchers weigh."""
    return content_stems(w for w in words(text, bot_names) if w not in ASKING_CONTEXT)


def phrasing_key(text: str) -> str:
    """What two phrasings must differ in to count as different (used for duplicate checks)."""
    return " ".join(stem(t) for t in words(text))


_QUESTION_OPENERS = frozenset(
    """what whats why how who when where which is are does do did can could should would
    explain define tell whos hows wheres""".split()
)


def looks_like_question(text: str) -> bool:
    """A message reads as a question: it asks ("?") or opens with a question word."""
    if "?" in text:
        return True
    folded = words(text)
    return bool(folded) and folded[0] in _QUESTION_OPENERS


_ASKING_WORDS = frozenset(
    """what whats why how who whos which explain define definition def defn mean meaning
    means tell describe difference compare contrast summarise summarize summary eli5 vs
    versus""".split()
)


def asks_something(text: str) -> bool:
    """A question, or a request or question word anywhere in the message ("pls explain
    protectionism", "quick q for my homework: what is internationalism")."""
    return looks_like_question(text) or not _ASKING_WORDS.isdisjoint(words(text))
