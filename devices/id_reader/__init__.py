"""Identity card readers: resident ID (GA/T 467 serial) and social security (PC/SC)."""
