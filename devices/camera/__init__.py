"""Cameras for the face check (OpenCV)."""
