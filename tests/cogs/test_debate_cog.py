"""/debate and /drill as a student meets them: a round against the bot in a thread, with
speeches posted as messages and handed in with Done; drills answered in a form."""

from __future__ import annotations

import re
from typing import Any

import discord
import discord.ext.test as dpytest
import pytest

from bot.client import DebateBot
from bot.debating import DebateService

from . import dpytest_extras as ex
from . import interaction_harness as ih
from .conftest import FakeClock, MakeBot

MESSAGE = 4  # interaction callback: CHANNEL_MESSAGE_WITH_SOURCE
DEFERRED = 5  # interaction callback: DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE ("thinking…")
MODAL = 9  # interaction callback: MODAL
MOTION_ID = "supranational-authority"
MOTION = (
    "This House believes that supranational institutions should be able to overrule "
    "national governments"
)
NOT_THE_STUDENT = "Only the student in this round can hand in its speeches."
NOT_YOUR_DRILL = "This is someone else's drill: start your own with /drill."
SPEECH = [
    "Climate change and pandemics cross every border, so only a body that can bind "
    "states can stop free riding.",
    "Second, trade rules mean nothing without an enforcer: the WTO shows that binding "
    "rulings keep small states safe from big ones.",
]


@pytest.fixture
async def bot(make_bot: MakeBot, clock: FakeClock) -> DebateBot:
    return await make_bot(clock=clock)


@pytest.fixture
def bystander(bot: DebateBot) -> discord.Member:
    return dpytest.get_config().members[2]


@pytest.fixture
def handed_in(monkeypatch) -> list[str]:
    """The speeches the cog hands to the debate service, in order."""
    texts: list[str] = []
    speak = DebateService.speak

    async def spy(self, user_id, text, **kwargs):
        texts.append(text)
        return await speak(self, user_id, text, **kwargs)

    monkeypatch.setattr(DebateService, "speak", spy)
    return texts


def embed_of(data: dict[str, Any]) -> dict[str, Any]:
    [embed] = data["embeds"]
    return embed


def button_ids(data: dict[str, Any]) -> list[str]:
    return [c["custom_id"] for row in data.get("components") or [] for c in row["components"]]


def queued() -> list[discord.Message]:
    """The messages the bot posted through the channel API since the last call."""
    out: list[discord.Message] = []
    while not dpytest.verify().message().nothing():
        out.append(dpytest.get_message())
    return out


def every_payload() -> list[dict[str, Any]]:
    """Everything the bot said: channel messages, interaction answers, followups, edits."""
    answers = [r["data"] for r in ih.responses if r.get("data")]
    return [*ex.sent_payloads, *answers, *(payload for _, payload in ih.webhook_calls)]


class Round:
    """A round started with /debate start: its thread and its opening messages."""

    def __init__(self, reply: dict[str, Any], thread: discord.Thread) -> None:
        self.reply = reply
        self.thread = thread
        self.opening, self.turn = queued()
        [self.done_id] = ex.custom_ids(self.turn)
        self.id = self.done_id.rsplit(":", 1)[1]


async def start_round(student, general, side: str = "proposition") -> Round:
    reply = await ih.slash(
        "debate start", at=general, by=student, motion=MOTION_ID, side=side, format="drill"
    )
    [thread] = general.threads
    return Round(reply, thread)


async def post_speech(round_: Round, student) -> None:
    for part in SPEECH:
        await dpytest.message(part, channel=round_.thread, member=student)


# -- /debate motions and a bad /debate start -----------------------------------------


async def test_motions_lists_the_eight_motions_with_their_ids(bot, member):
    response = await ih.slash("debate motions", by=member)

    assert response["type"] == MESSAGE
    embed = embed_of(response["data"])
    assert embed["title"] == "Motions"
    ids = re.findall(r"`([a-z0-9-]+)`", embed["description"])
    assert ids == [m.id for m in bot.app.knowledge.motions]
    assert len(ids) == 8
    assert f"**{MOTION}**\n`{MOTION_ID}`" in embed["description"]


async def test_starting_an_unknown_motion_lists_the_motions_privately(bot, member, general):
    response = await ih.slash("debate start", at=general, by=member, motion="world-peace")

    assert response["type"] == MESSAGE and ih.is_ephemeral(response)
    content = response["data"]["content"]
    assert content.startswith("There is no motion 'world-peace'. Motions: ")
    assert all(m.id in content for m in bot.app.knowledge.motions)
    assert not general.threads and queued() == []


async def test_motion_autocomplete_offers_motions_by_their_words(bot, member):
    response = await ih.autocomplete("debate start", "motion", motion="supranational")

    assert [c["value"] for c in response["data"]["choices"]] == [MOTION_ID]


# -- a round in a thread -------------------------------------------------------------


async def test_start_opens_a_thread_with_the_motion_and_the_students_turn(bot, member, general):
    round_ = await start_round(member, general)

    assert round_.reply["type"] == DEFERRED and ih.is_ephemeral(round_.reply)
    assert round_.thread.parent == general
    assert round_.thread.name.startswith("Debate: believes that supranational institutions")
    [told] = ih.followups()
    assert told["flags"] & ih.EPHEMERAL
    assert told["content"] == (
        f"Your round is on in {round_.thread.mention}: you argue the proposition."
    )

    assert round_.opening.channel == round_.thread
    assert round_.opening.content == f"{member.mention}, your round:"
    motion = round_.opening.embeds[0]
    assert motion.title == MOTION
    assert [(f.name, f.value) for f in motion.fields] == [
        ("You", "Proposition"),
        ("The bot", "Opposition"),
        ("Format", "Quick drill"),
    ]

    # the proposition speaks first: the student's turn, with a Done button only they can use
    assert round_.turn.channel == round_.thread
    assert round_.turn.embeds[0].title == "Your turn: Exchange 1"
    assert "2:00 to speak" in round_.turn.embeds[0].description
    assert round_.done_id == f"debate:done:{member.id}:{round_.id}"


async def test_a_second_round_is_refused_while_one_is_going(bot, member, general):
    await start_round(member, general)

    again = await ih.slash("debate start", at=general, by=member, motion="empower-institutions")

    assert ih.is_ephemeral(again)
    assert again["data"]["content"].startswith("You already have a round going")
    assert len(general.threads) == 1


async def test_done_hands_in_the_students_messages_in_the_thread(
    bot, member, bystander, general, handed_in
):
    round_ = await start_round(member, general)
    await dpytest.message(SPEECH[0], channel=round_.thread, member=member)
    await dpytest.message("go team!", channel=round_.thread, member=bystander)
    await dpytest.message("brb, making tea", channel=general, member=member)
    await dpytest.message(SPEECH[1], channel=round_.thread, member=member)

    await ih.click(round_.turn, round_.done_id, by=member)

    assert handed_in == ["\n".join(SPEECH)]


async def test_done_by_anyone_but_the_student_is_refused(
    bot, member, bystander, general, handed_in
):
    round_ = await start_round(member, general)
    await post_speech(round_, member)
    before = len(ih.webhook_calls)

    refused = await ih.click(round_.turn, round_.done_id, by=bystander)

    assert refused["type"] == MESSAGE and ih.is_ephemeral(refused)
    assert refused["data"]["content"] == NOT_THE_STUDENT
    assert handed_in == [] and len(ih.webhook_calls) == before


async def test_done_brings_the_bots_speech_and_the_next_turn(bot, member, general, clock):
    round_ = await start_round(member, general)
    await post_speech(round_, member)
    clock.advance(100)
    before = len(ih.followups())

    response = await ih.click(round_.turn, round_.done_id, by=member)

    assert response["type"] == DEFERRED and not ih.is_ephemeral(response)
    bot_speech, next_turn = ih.followups()[before:]
    assert embed_of(bot_speech)["title"].startswith("The bot:")
    assert embed_of(bot_speech)["title"] == "The bot: Exchange 1"
    assert len(embed_of(bot_speech)["description"]) > 100
    assert embed_of(next_turn)["title"] == "Your turn: Exchange 2"
    assert button_ids(next_turn) == [round_.done_id]
    assert queued() == []  # the answer came as followups in the thread, nothing else

    # the next turn's Done button hands in the next speech
    await dpytest.message(
        "Third, the bot ignored sovereignty's costs.", channel=round_.thread, member=member
    )
    second = await ih.click(ih.followup_message(), round_.done_id, by=member)
    assert second["type"] == DEFERRED
    assert embed_of(ih.followups()[-2])["title"] == "The bot: Exchange 2"


async def test_done_before_posting_anything_asks_for_the_speech(bot, member, general, monkeypatch):
    round_ = await start_round(member, general)
    # dpytest can't page a channel's history `after` a time; the thread is empty anyway
    monkeypatch.setattr(type(bot.get_cog("Debate")), "_recover_speech", _nothing_recovered)

    response = await ih.click(round_.turn, round_.done_id, by=member)

    assert ih.is_ephemeral(response)
    assert response["data"]["content"] == "Post your speech in this thread first, then press Done."


async def _nothing_recovered(self, interaction, round_) -> str:
    return ""


async def test_debate_done_elsewhere_points_to_the_thread(bot, member, general, faq_corner):
    round_ = await start_round(member, general)
    await post_speech(round_, member)

    response = await ih.slash("debate done", at=faq_corner, by=member)

    assert ih.is_ephemeral(response)
    assert response["data"]["content"] == (
        f"Hand in your speech in your round's thread: <#{round_.thread.id}>."
    )


async def test_end_gives_feedback_and_history_shows_the_round(bot, member, general, clock):
    round_ = await start_round(member, general)
    await post_speech(round_, member)
    await ih.click(round_.turn, round_.done_id, by=member)
    clock.advance(300)

    ended = await ih.slash("debate end", at=round_.thread, by=member)

    assert ended["type"] == DEFERRED
    feedback = embed_of(ih.followups()[-1])
    match = re.fullmatch(r"Round over: (\d+)/100", feedback["title"])
    assert match, feedback["title"]
    score = int(match[1])
    assert 0 <= score <= 100
    assert feedback["description"]

    history = await ih.slash("debate history", at=general, by=member)

    assert history["type"] == MESSAGE
    embed = embed_of(history["data"])
    assert embed["title"] == f"Debate history: {member.display_name}"
    [line] = embed["description"].splitlines()
    assert f"**{score}**/100 · proposition · `{MOTION_ID}` · Quick drill" in line
    # and the round is over: Done now says so
    late = await ih.click(round_.turn, round_.done_id, by=member)
    assert ih.is_ephemeral(late)
    assert late["data"]["content"] == "You have no round going. Start one with `/debate start`."


async def test_history_without_rounds_says_so(bot, member):
    response = await ih.slash("debate history", by=member)

    assert embed_of(response["data"])["description"] == (
        f"{member.display_name} has no finished rounds yet."
    )


async def test_a_round_pings_only_its_student_and_only_once(bot, member, general, clock):
    round_ = await start_round(member, general)
    await post_speech(round_, member)
    await ih.click(round_.turn, round_.done_id, by=member)
    clock.advance(120)
    await ih.slash("debate end", at=round_.thread, by=member)
    await ih.slash("debate history", at=general, by=member)

    pinging = []
    for payload in every_payload():
        if not (payload.get("content") or payload.get("embeds")):
            continue  # a bare "thinking…" defer says nothing
        mentions = payload.get("allowed_mentions")
        assert mentions is not None, payload
        assert mentions["parse"] == [] and not mentions.get("roles"), payload
        assert not mentions.get("replied_user") or "message_reference" not in payload
        if mentions.get("users"):
            pinging.append(payload)
    [opening] = pinging
    assert opening["allowed_mentions"]["users"] == [member.id]
    assert opening["content"] == f"{member.mention}, your round:"


# -- /drill ------------------------------------------------------------------------------


async def start_rebuttal(student) -> tuple[dict[str, Any], discord.Message]:
    shown = await ih.slash("drill rebuttal", by=student, motion=MOTION_ID, side="proposition")
    assert shown["type"] == MESSAGE
    return shown, ex.posted_earlier(dpytest.get_config().channels[0], shown["data"])


async def test_rebuttal_drill_shows_an_argument_with_an_answer_button(bot, member):
    shown, _ = await start_rebuttal(member)

    assert not ih.is_ephemeral(shown)
    embed = embed_of(shown["data"])
    assert embed["title"] == "Rebut this (90 s)"
    title = embed["description"].split("\n")[0].strip("*")
    motion = bot.app.knowledge.motions_by_id[MOTION_ID]
    assert title in {a.title for a in motion.opposition.arguments}  # the other side's
    assert button_ids(shown["data"]) == [f"drill:answer:{member.id}"]


async def test_answer_opens_a_form_and_the_answer_is_scored_with_model_rebuttals(bot, member):
    shown, message = await start_rebuttal(member)

    form = await ih.click(message, f"drill:answer:{member.id}", by=member)

    assert form["type"] == MODAL
    assert form["data"]["title"] == "Your answer"
    [field] = ih.text_inputs(form)
    assert field["label"] == "Type it here"
    assert field["style"] == discord.TextStyle.paragraph.value

    scored = await ih.submit_modal(
        form,
        "Their argument assumes national governments act in bad faith, but most "
        "cooperation works through treaties without any body overruling them.",
        by=member,
    )

    assert scored["type"] == MESSAGE
    embed = embed_of(scored["data"])
    assert re.fullmatch(r"Rebuttal: \d+/100", embed["title"]), embed["title"]
    [models] = embed["fields"]
    assert models["name"] == "Model rebuttals"
    assert models["value"].startswith("• ")
    motion = bot.app.knowledge.motions_by_id[MOTION_ID]
    argument_title = embed_of(shown["data"])["description"].split("\n")[0].strip("*")
    [argument] = [a for a in motion.opposition.arguments if a.title == argument_title]
    expected = [f"• {r.text}" for r in motion.rebuttals_to(argument)]
    assert models["value"] == "\n".join(expected)[:1024]
    assert scored["data"]["allowed_mentions"]["parse"] == []


async def test_a_late_rebuttal_is_marked_over_time(bot, member, clock):
    _, message = await start_rebuttal(member)
    form = await ih.click(message, f"drill:answer:{member.id}", by=member)
    clock.advance(200)

    scored = await ih.submit_modal(form, "National governments are accountable.", by=member)

    assert embed_of(scored["data"])["title"].endswith("/100 (over time)")


async def test_someone_elses_answer_button_is_refused(bot, member, bystander):
    _, message = await start_rebuttal(member)

    refused = await ih.click(message, f"drill:answer:{member.id}", by=bystander)

    assert refused["type"] == MESSAGE and ih.is_ephemeral(refused)
    assert refused["data"]["content"] == NOT_YOUR_DRILL


async def test_an_answered_drill_says_so_when_answered_again(bot, member):
    _, message = await start_rebuttal(member)
    form = await ih.click(message, f"drill:answer:{member.id}", by=member)
    await ih.submit_modal(form, "They ignore accountability.", by=member)

    again = await ih.click(message, f"drill:answer:{member.id}", by=member)

    assert ih.is_ephemeral(again)
    assert again["data"]["content"].startswith("You have no drill going.")


async def test_an_empty_rebuttal_is_refused_privately(bot, member):
    _, message = await start_rebuttal(member)
    form = await ih.click(message, f"drill:answer:{member.id}", by=member)

    refused = await ih.submit_modal(form, "   ", by=member)

    assert ih.is_ephemeral(refused)
    assert refused["data"]["content"].startswith("Your rebuttal is empty")


async def test_arguments_drill_scores_the_list(bot, member):
    shown = await ih.slash("drill arguments", by=member, motion=MOTION_ID, side="proposition")
    assert shown["data"]["content"].startswith(
        f"List the **proposition**'s arguments on “{MOTION}”"
    )
    message = ex.posted_earlier(dpytest.get_config().channels[0], shown["data"])
    form = await ih.click(message, f"drill:answer:{member.id}", by=member)
    motion = bot.app.knowledge.motions_by_id[MOTION_ID]
    first = motion.proposition.arguments[0]

    scored = await ih.submit_modal(form, f"{first.title}\n{first.claim}", by=member)

    embed = embed_of(scored["data"])
    assert re.fullmatch(r"Arguments: \d+/100", embed["title"])
    assert [f["name"] for f in embed["fields"]] == ["You made", "You missed"]
    assert f"• {first.title}" in embed["fields"][0]["value"]


async def test_poi_drill_takes_a_speech_in_parts(bot, member, bystander):
    shown = await ih.slash("drill poi", by=member, motion=MOTION_ID, side="opposition")
    assert button_ids(shown["data"]) == [f"drill:part:{member.id}", f"drill:finish:{member.id}"]
    message = ex.posted_earlier(dpytest.get_config().channels[0], shown["data"])
    refused = await ih.click(message, f"drill:part:{member.id}", by=bystander)
    assert ih.is_ephemeral(refused) and refused["data"]["content"] == NOT_YOUR_DRILL

    form = await ih.click(message, f"drill:part:{member.id}", by=member)
    assert form["type"] == MODAL and form["data"]["title"] == "The next part of your speech"
    noted = await ih.submit_modal(form, "National democracy is where consent lives.", by=member)
    assert noted["data"]["content"] == "Noted. Go on."  # no POI on the first part
    assert button_ids(noted["data"]) == [f"drill:part:{member.id}", f"drill:finish:{member.id}"]
    assert noted["data"]["allowed_mentions"]["parse"] == []

    finished = await ih.click(message, f"drill:finish:{member.id}", by=member)
    assert finished["data"]["content"].startswith("POIs offered: 0, taken: 0, declined: 0.")
