-- A guild's weekly challenge settings.
CREATE TABLE challenge_config (
    guild_id   BIGINT  PRIMARY KEY,
    channel_id BIGINT  NOT NULL,
    weekday    INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6),
    at         TEXT    NOT NULL,
    timezone   TEXT    NOT NULL,
    questions  INTEGER NOT NULL,
    hours_open INTEGER NOT NULL,
    enabled    BOOLEAN NOT NULL DEFAULT true
);

-- One row per guild and week: inserted (claimed) before the post is sent, so two
-- processes, or a restart, can never post the same week twice.
CREATE TABLE challenge_post (
    guild_id   BIGINT      NOT NULL,
    year       INTEGER     NOT NULL,
    week       INTEGER     NOT NULL,
    questions  TEXT[]      NOT NULL,
    closes_at  TIMESTAMPTZ NOT NULL,
    message_id BIGINT,
    closed     BOOLEAN     NOT NULL DEFAULT false,
    PRIMARY KEY (guild_id, year, week)
);

-- One attempt per member and week, enforced here rather than in Python.
CREATE TABLE challenge_attempt (
    guild_id    BIGINT      NOT NULL,
    year        INTEGER     NOT NULL,
    week        INTEGER     NOT NULL,
    user_id     BIGINT      NOT NULL,
    started_at  TIMESTAMPTZ NOT NULL,
    finished_at TIMESTAMPTZ,
    score       INTEGER,
    PRIMARY KEY (guild_id, year, week, user_id)
);
