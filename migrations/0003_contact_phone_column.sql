-- Which of the campaign's phone columns (mobile, home, work…) a contact's number came from, so
-- the report can say which number was called. NULL for contacts imported before this existed.
ALTER TABLE contacts ADD COLUMN phone_column text;
