-- The public archive (issue 19): a sent campaign an editor published, as the web shows it. The
-- e-mail is rendered once, when it is published, for no reader (no name, no unsubscribe or
-- preference link, no tracked link, no open pixel): a page view reads it, never renders it. A row
-- is the publication: no row, not in the archive (unpublishing deletes it).
CREATE TABLE archived_issue (
    campaign_id  BIGINT PRIMARY KEY REFERENCES campaign (id) ON DELETE CASCADE,
    -- the subject as rendered for no reader (a subject is a small template)
    subject      VARCHAR(1000) NOT NULL,
    slug         VARCHAR(80) NOT NULL,
    excerpt      VARCHAR(1000) NOT NULL,
    html         TEXT NOT NULL,
    sent_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    published_at TIMESTAMP WITH TIME ZONE NOT NULL
);

-- the list, the feed and the sign-up page's latest issues: newest sent first
CREATE INDEX archived_issue_sent ON archived_issue (sent_at DESC, campaign_id DESC);
