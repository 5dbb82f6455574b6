-- Events are numbered after they commit on PostgreSQL (issue 17). SQL Server keeps numbering events under the 'head'
-- row's lock as it writes them, and its schema does not change.
SELECT 1;
