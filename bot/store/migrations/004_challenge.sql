-- A guild's weekly challenge settings.
CREATE TABLE challenge_config (
    guild_id   INTEGER PRIMARY KEY,
    channel_id INTEGER NOT NULL,
    weekday    INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6),
    at         TEXT    NOT NULL,
    timezone   TEXT    NOT NULL,
    questions  INTEGER NOT NULL,
    hours_open INTEGER NOT NULL,
    enabled    INTEGER NOT NULL DEFAULT 1
);

-- One row per guild and week: inserted (claimed) before the post is sent, so two
-- processes, or a restart, can never post the same week twice.
CREATE TABLE challenge_post (
    guild_id   INTEGER NOT NULL,
    year       INTEGER NOT NULL,
    week       INTEGER NOT NULL,
    questions  TEXT    NOT NULL,
    closes_at  TEXT    NOT NULL,
    message_id INTEGER,
    closed     INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (guild_id, year, week)
) WITHOUT ROWID;

-- One attempt per member and week, enforced here rather than in Python.
CREATE TABLE challenge_attempt (
    guild_id    INTEGER NOT NULL,
    year        INTEGER NOT NULL,
    week        INTEGER NOT NULL,
    user_id     INTEGER NOT NULL,
    started_at  TEXT    NOT NULL,
    finished_at TEXT,
    score       INTEGER,
    PRIMARY KEY (guild_id, year, week, user_id)
) WITHOUT ROWID;
