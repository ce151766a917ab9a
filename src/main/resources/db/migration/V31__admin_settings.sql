-- Settings the owners change on the admin pages (issue 18), by name (setting): two-factor-required ('true'
-- or 'false'): every stored account must set up two-factor login before anything else.
CREATE TABLE admin_setting (
    setting       VARCHAR(100)  NOT NULL PRIMARY KEY,
    setting_value VARCHAR(1000) NOT NULL
);
