-- Nothing reads answers by question (spaced repetition replays a member's history),
-- and every index costs each of the thousands of inserts a second.
DROP INDEX quiz_answer_question;
