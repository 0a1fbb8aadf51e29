-- Per-guild quiz settings.
CREATE TABLE guild_settings (
    guild_id         BIGINT  PRIMARY KEY,
    question_seconds INTEGER NOT NULL CHECK (question_seconds BETWEEN 10 AND 300)
);
