"""Spoken prompts (espeak-ng, Mandarin)."""
