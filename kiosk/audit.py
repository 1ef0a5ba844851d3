"""The audit trail's event types: one closed set, each with a stable id.

The ids are stored in every audit row and read back (the technician's PIN lock is rebuilt from its
events after a restart), so an id never changes once released, even when the code's name for the
concept does: the diagnostics screen's events keep the id ``maintenance`` they were first written with.
"""

from __future__ import annotations

import enum


class AuditEvent(enum.StrEnum):
    # the citizen's visit
    SESSION = "session"  # start/finish pair: a service chosen … the outcome
    MORE_TIME = "more_time"  # 需要更多时间 tapped while the idle countdown showed
    ELDERLY_MODE = "elderly_mode"  # 长辈模式 switched on or off
    ELDERLY_OFFER = "elderly_offer"  # the offer made to a card holder of 60 or more: accepted/declined
    HELP_REQUESTED = "help_requested"  # 一键求助: who answers (kiosk.journey.help.HelpAnswer) as outcome
    HELP_CLOSED = "help_closed"  # the help card closed, and how long it was open
    CARD_READ = "card_read"  # a read's result: ok, refused, card_error, card_pulled, wrong_card …
    CARD_TAKEN = "card_taken"  # the card left the reader after the visit
    CARD_LEFT_IN_READER = "card_left_in_reader"  # the reminder ran out with the card still there
    FACE_CHECK = "face_check"  # start/finish pair per attempt, with the score and threshold
    DOCUMENT_FETCH = "document_fetch"  # start/finish pair: the source's answer
    PRINT_DOCUMENT = "print_document"  # start/finish pair: the A4 job
    PRINT_RECEIPT = "print_receipt"  # the slip's outcome
    RATING = "rating"  # 好差评: the level given
    REPRINT = "reprint"  # a reprint code typed at the kiosk: accepted, or why it was refused
    INTERNAL_ERROR = "internal_error"  # a bug caught by the app: the kiosk went out of service
    # the technician
    TECHNICIAN_PIN = "maintenance_pin"  # a PIN typed on the pad: accepted, wrong, locked
    DIAGNOSTICS = "maintenance"  # the diagnostics screen was left, or timed out
    SELF_TEST = "self_test"  # a self-test's result
    PAPER_REFILLED = "paper_refilled"  # a technician said a printer's paper was refilled
    # commands run at a shell: who ran them (the OS user, detail "user"), never the data itself
    IDENTITY_SHOWN = "identity_shown"  # kiosk read-id --unmasked: a card shown in full
    REGISTRY_IMPORT = "registry_import"  # kiosk registry import: imported, checked or refused, with counts
    SIGNING_KEYS = "signing_keys"  # kiosk keys show: the keys shown, or a new key made
    CONFIG_CHECK = "config_check"  # kiosk config check: a configuration file checked, valid or not
