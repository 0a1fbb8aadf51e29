"""Normalisation that makes a member's question and an author's phrasing comparable."""

from __future__ import annotations

from bot.engine.text import clean_discord, content_stems, fold, phrasing_key, stem, words


def test_fold_removes_case_accents_and_punctuation() -> None:
    assert fold("Whát  ís Glöbalism?!") == "what is globalism"
    assert fold("trade & aid") == "trade and aid"


def test_discord_markup_mentions_emoji_links_and_our_name_are_removed() -> None:
    text = "<@!42> **hey** <:pog:123> @everyone see https://x.y/z ~~now~~ Debate Bot ok"
    assert clean_discord(text, ["Debate Bot"]) == "hey see now ok"


def test_acronyms_are_told_apart_from_pronouns_by_case() -> None:
    assert "whoorg" in words("what does the WHO do")
    assert "whoorg" not in words("who wants pizza")
    assert "america" in words("the US left the deal")
    assert "america" not in words("tell us more")
    assert "whoorg" in words("why do people criticise the who")


def test_full_names_and_acronyms_meet() -> None:
    assert content_stems(words("the United Nations")) == content_stems(words("the UN"))
    assert content_stems(words("World Trade Organisation")) == content_stems(words("WTO"))


def test_plurals_spellings_and_ist_forms_share_a_stem() -> None:
    assert stem("globalists") == stem("globalism")
    assert stem("countries") == stem("country")
    assert stem("globalisation") == stem("globalization")
    assert stem("labour") == stem("labor")


def test_synonyms_for_question_words_meet() -> None:
    assert content_stems(words("pros of internationalism")) == content_stems(
        words("advantages of internationalism")
    )
    assert content_stems(words("downsides")) == content_stems(words("criticisms"))


def test_everyday_words_meet_the_contents_word_for_a_concept() -> None:
    assert content_stems(words("why do people hate it")) == content_stems(
        words("why do people criticise it")
    )
    assert content_stems(words("the decline")) == content_stems(words("the backlash"))
    assert content_stems(words("above member states")) == content_stems(words("supranational"))
    assert content_stems(words("globalism")) != content_stems(words("internationalism"))


def test_phrasing_key_ignores_case_and_punctuation_only() -> None:
    assert phrasing_key("What is globalism?") == phrasing_key("what is GLOBALISM")
    assert phrasing_key("What is globalism?") != phrasing_key("What is internationalism?")


def test_doubled_consonants_meet_their_stem() -> None:
    assert content_stems(words("they stopped planning")) == content_stems(words("stop plan"))


def test_the_us_in_lower_case_is_the_country_and_us_alone_is_the_pronoun() -> None:
    assert "america" in words("why did the us stay out of the league")
    assert "america" not in words("can you help us")
