-- Debate rounds in progress (and finished ones, for a while): the engine's state as JSON.
-- json, not jsonb: the text is kept as the engine wrote it (jsonb would turn a float such
-- as 1e16 into an integer on the way back).
CREATE TABLE debate_round (
    id         TEXT        PRIMARY KEY,
    guild_id   BIGINT,
    channel_id BIGINT,
    user_id    BIGINT      NOT NULL,
    status     TEXT        NOT NULL,
    state      JSON        NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX debate_round_user ON debate_round (user_id, status);
CREATE INDEX debate_round_status ON debate_round (status, updated_at);

-- One row per finished round: what /debate history shows and side balancing counts.
CREATE TABLE debate_result (
    round_id    TEXT        PRIMARY KEY REFERENCES debate_round (id),
    user_id     BIGINT      NOT NULL,
    guild_id    BIGINT,
    motion_id   TEXT        NOT NULL,
    side        TEXT        NOT NULL CHECK (side IN ('proposition', 'opposition')),
    format_key  TEXT        NOT NULL,
    score       INTEGER     NOT NULL,
    summary     TEXT        NOT NULL,
    finished_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX debate_result_user ON debate_result (user_id, finished_at);

-- Timekeeper timers for human rounds: one message per speech, edited in place.
CREATE TABLE debate_timer (
    id         TEXT        PRIMARY KEY,
    guild_id   BIGINT,
    channel_id BIGINT      NOT NULL,
    message_id BIGINT,
    owner_id   BIGINT      NOT NULL,
    state      JSON        NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
