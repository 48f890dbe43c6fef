-- What a lifecycle event was about, as data (a specimen's barcode and type, a shipment and its
-- destination), so that the UI can say it in the reader's language. `note` keeps the English
-- sentence for the CLI and audit readers; older rows have details NULL and show their note.
ALTER TABLE case_events ADD COLUMN details jsonb;
