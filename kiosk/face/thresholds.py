"""The distance under which each recognizer takes two faces for one person, where it ships.

Apart from the recognizers (and their OpenCV and dlib), so that the scripted check and ``kiosk config
check`` can name them without loading a model library.
"""

# dlib's own convention is 0.6 (99.38 % on LFW). The kiosk uses 0.5: an
# identity check at a government counter weighs a false match above a false
# refusal (a refused citizen goes to the staffed window), and on the held-out
# photos East Asian strangers come within 0.50–0.55 of each other, where a
# higher threshold would admit them first (docs/face-check.md, `make
# facecheck-report`). Override with [face_check] threshold after a local
# calibration.
DLIB_THRESHOLD = 0.5

# OpenCV documents a cosine similarity of 0.363 as SFace's same-person
# threshold; the kiosk works in distances (lower is closer): 1 − 0.363.
SFACE_THRESHOLD = 1 - 0.363
