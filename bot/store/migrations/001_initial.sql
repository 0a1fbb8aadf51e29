-- Channels where the bot answers questions without being mentioned.
CREATE TABLE faq_channel (
    guild_id   INTEGER NOT NULL,
    channel_id INTEGER NOT NULL,
    PRIMARY KEY (guild_id, channel_id)
) WITHOUT ROWID;

-- Questions the FAQ could not answer, and answers members marked as not what they asked.
CREATE TABLE faq_miss (
    id       INTEGER PRIMARY KEY,
    kind     TEXT    NOT NULL CHECK (kind IN ('not-helpful', 'unanswered')),
    question TEXT    NOT NULL,
    entry_id TEXT,
    guild_id INTEGER,
    user_id  INTEGER,
    at       TEXT    NOT NULL
);
CREATE INDEX faq_miss_group ON faq_miss (kind, question, entry_id);
