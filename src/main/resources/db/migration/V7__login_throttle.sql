-- Admin logins counted before their password is checked, in the database so that every instance
-- sees one count. Per account, one row per address it is tried from (the hard limit) and one row
-- with the address '*' for all addresses together (the spacing of guesses). Changes are
-- compare-and-set on version; rows quiet for the throttle's window are purged.
CREATE TABLE login_throttle (
    account   VARCHAR(100)  NOT NULL,
    address   VARCHAR(64)   NOT NULL,
    failures  INTEGER       NOT NULL,
    first_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    last_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    next_at   TIMESTAMP WITH TIME ZONE,
    version   BIGINT        NOT NULL DEFAULT 0,
    PRIMARY KEY (account, address),
    CONSTRAINT login_throttle_failures_check CHECK (failures >= 0)
);
CREATE INDEX login_throttle_last_at_idx ON login_throttle (last_at);
