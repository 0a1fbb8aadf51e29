-- Channels where the bot answers questions without being mentioned.
CREATE TABLE faq_channel (
    guild_id   BIGINT NOT NULL,
    channel_id BIGINT NOT NULL,
    PRIMARY KEY (guild_id, channel_id)
);

-- Questions the FAQ could not answer, and answers members marked as not what they asked.
CREATE TABLE faq_miss (
    id       BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind     TEXT        NOT NULL CHECK (kind IN ('not-helpful', 'unanswered')),
    question TEXT        NOT NULL,
    entry_id TEXT,
    guild_id BIGINT,
    user_id  BIGINT,
    at       TIMESTAMPTZ NOT NULL
);
CREATE INDEX faq_miss_group ON faq_miss (kind, question, entry_id);
