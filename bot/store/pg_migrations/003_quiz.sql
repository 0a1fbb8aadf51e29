-- Every quiz answer ever recorded. answer_key makes recording idempotent: a double
-- click, a retry after a crash or a button pressed twice is one answer, not two.
-- id follows the order answers were inserted in, within a batch too: the streak
-- counters below are computed in that order.
CREATE TABLE quiz_answer (
    id          BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    answer_key  TEXT        NOT NULL UNIQUE,
    user_id     BIGINT      NOT NULL,
    guild_id    BIGINT      NOT NULL,
    question_id TEXT        NOT NULL,
    correct     BOOLEAN     NOT NULL,
    timed_out   BOOLEAN     NOT NULL,
    source      TEXT        NOT NULL CHECK (source IN ('practice', 'challenge')),
    at          TIMESTAMPTZ NOT NULL,
    local_day   TEXT        NOT NULL
);
CREATE INDEX quiz_answer_user ON quiz_answer (user_id, guild_id, at);

-- Running totals and the correct-answer streak, kept by the trigger below inside the
-- same statement as the answers' insert: no read-modify-write in Python, so
-- concurrent answers can never lose an update.
CREATE TABLE quiz_stats (
    user_id         BIGINT  NOT NULL,
    guild_id        BIGINT  NOT NULL,
    answers         INTEGER NOT NULL,
    correct         INTEGER NOT NULL,
    current_correct INTEGER NOT NULL,
    best_correct    INTEGER NOT NULL,
    PRIMARY KEY (user_id, guild_id)
);

-- The SQLite trigger runs once per answer; this one runs once per statement over all
-- the answers it inserted, which is what makes a batch of thousands cheap. It gives
-- the same numbers: a member's answers in a statement are cut into runs at each wrong
-- answer (in id order), and
--   current = the last run's correct answers, or the old current plus all of them
--             when none was wrong;
--   best    = the longest of the old best, the old current extended by the first run,
--             and any run inside the statement.
CREATE FUNCTION quiz_answer_counts() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    -- Rows are created and locked in key order, so two writers whose batches share
    -- members wait for each other instead of deadlocking.
    INSERT INTO quiz_stats (user_id, guild_id, answers, correct, current_correct, best_correct)
    SELECT DISTINCT user_id, guild_id, 0, 0, 0, 0 FROM inserted ORDER BY user_id, guild_id
    ON CONFLICT DO NOTHING;
    PERFORM 1 FROM quiz_stats s
    WHERE (s.user_id, s.guild_id) IN (SELECT user_id, guild_id FROM inserted)
    ORDER BY s.user_id, s.guild_id
    FOR UPDATE;

    WITH numbered AS (
        SELECT user_id, guild_id, correct,
               count(*) FILTER (WHERE NOT correct)
                   OVER (PARTITION BY user_id, guild_id ORDER BY id) AS run
        FROM inserted
    ), runs AS (
        -- run n: the n-th wrong answer (none for run 0) and the correct ones after it
        SELECT user_id, guild_id, run, count(*) AS answers,
               count(*) FILTER (WHERE correct) AS correct
        FROM numbered
        GROUP BY user_id, guild_id, run
    ), member AS (
        SELECT user_id, guild_id,
               sum(answers)::integer AS answers,
               sum(correct)::integer AS correct,
               max(run) AS wrong,
               coalesce(max(correct) FILTER (WHERE run = 0), 0)::integer AS first_run,
               (array_agg(correct ORDER BY run DESC))[1]::integer AS last_run,
               max(correct)::integer AS longest_run
        FROM runs
        GROUP BY user_id, guild_id
    )
    UPDATE quiz_stats AS s SET
        answers = s.answers + m.answers,
        correct = s.correct + m.correct,
        current_correct = CASE WHEN m.wrong = 0 THEN s.current_correct + m.answers
                               ELSE m.last_run END,
        best_correct = greatest(s.best_correct, s.current_correct + m.first_run, m.longest_run)
    FROM member AS m
    WHERE s.user_id = m.user_id AND s.guild_id = m.guild_id;
    RETURN NULL;
END;
$$;

CREATE TRIGGER quiz_answer_counts AFTER INSERT ON quiz_answer
REFERENCING NEW TABLE AS inserted
FOR EACH STATEMENT EXECUTE FUNCTION quiz_answer_counts();

-- A member's time zone for the daily streak (IANA name, e.g. Europe/London).
CREATE TABLE member_settings (
    user_id  BIGINT PRIMARY KEY,
    timezone TEXT   NOT NULL
);
