-- Events are numbered after they commit on PostgreSQL (issue 17). SQLite has one writer at a time: it keeps numbering
-- events under the 'head' row as it writes them, and its schema does not change.
SELECT 1;
