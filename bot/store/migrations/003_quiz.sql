-- Every quiz answer ever recorded. answer_key makes recording idempotent: a double
-- click, a retry after a crash or a button pressed twice is one answer, not two.
CREATE TABLE quiz_answer (
    id          INTEGER PRIMARY KEY,
    answer_key  TEXT    NOT NULL UNIQUE,
    user_id     INTEGER NOT NULL,
    guild_id    INTEGER NOT NULL,
    question_id TEXT    NOT NULL,
    correct     INTEGER NOT NULL CHECK (correct IN (0, 1)),
    timed_out   INTEGER NOT NULL CHECK (timed_out IN (0, 1)),
    source      TEXT    NOT NULL CHECK (source IN ('practice', 'challenge')),
    at          TEXT    NOT NULL,
    local_day   TEXT    NOT NULL
);
CREATE INDEX quiz_answer_user ON quiz_answer (user_id, guild_id, at);
CREATE INDEX quiz_answer_question ON quiz_answer (user_id, question_id);

-- Running totals and the correct-answer streak, kept by the trigger below inside the
-- same statement as the answer's insert: no read-modify-write in Python, so
-- concurrent answers can never lose an update.
CREATE TABLE quiz_stats (
    user_id         INTEGER NOT NULL,
    guild_id        INTEGER NOT NULL,
    answers         INTEGER NOT NULL,
    correct         INTEGER NOT NULL,
    current_correct INTEGER NOT NULL,
    best_correct    INTEGER NOT NULL,
    PRIMARY KEY (user_id, guild_id)
) WITHOUT ROWID;

CREATE TRIGGER quiz_answer_counts AFTER INSERT ON quiz_answer
BEGIN
    INSERT INTO quiz_stats (user_id, guild_id, answers, correct, current_correct, best_correct)
    VALUES (NEW.user_id, NEW.guild_id, 1, NEW.correct, NEW.correct, NEW.correct)
    ON CONFLICT (user_id, guild_id) DO UPDATE SET
        answers = answers + 1,
        correct = correct + NEW.correct,
        current_correct = CASE WHEN NEW.correct = 1 THEN current_correct + 1 ELSE 0 END,
        best_correct = MAX(best_correct,
                           CASE WHEN NEW.correct = 1 THEN current_correct + 1 ELSE 0 END);
END;

-- A member's time zone for the daily streak (IANA name, e.g. Europe/London).
CREATE TABLE member_settings (
    user_id  INTEGER PRIMARY KEY,
    timezone TEXT    NOT NULL
);
