"""One reader per input format. Each turns the bytes of one input into Drafts, or raises InputError."""
