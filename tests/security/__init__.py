"""Privacy and robustness: what a thief finds on disk, and what hostile input cannot do."""
