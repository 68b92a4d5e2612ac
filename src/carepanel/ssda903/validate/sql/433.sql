-- code: 433
-- years: 2023-2027
-- tables: Episodes
-- fields: RNE,DECOM
-- message: >-
--   The reason for new episode suggests that this is a continuation episode, but the
--   episode does not start on the same day as the last episode finished.
-- note: >-
--   A continuation episode (RNE L, P, T, U or B) must start on the day the child's
--   previous episode in the return ended. The child's first episode in the return is not
--   checked.
SELECT return_id, 'Episodes' AS table_name, row_number, 'DECOM' AS column_name, child
FROM episodes
WHERE seq > 1 AND rne IN ('L', 'P', 'T', 'U', 'B')
  AND (prev_dec IS NULL OR decom IS NULL OR decom <> prev_dec)
