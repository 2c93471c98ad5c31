-- The names (never the values) of the fields a connection's sealed credentials hold, so that the
-- waterfall can tell whether a connection holds what a backend needs (rule 2's Panora connection
-- token) without opening the credentials. NULL: a connection stored before this column existed.
ALTER TABLE connections ADD COLUMN credential_fields text[];
