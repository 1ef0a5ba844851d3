"""A call-back number, sealed: the phone number a citizen leaves with a poor rating (回访), encrypted
with the contact key (:func:`kiosk.secrets.contact_key_secret`) the moment it is typed.

Only the token is ever written — to the database for the follow-up, and to the outbox for the
hall's follow-up team, who hold the same key. The number itself lives in memory for the few
milliseconds between the keypad and :meth:`ContactSeal.seal`; it never reaches a log, a file or a
screen in full.
"""

from __future__ import annotations

import base64
import re

from cryptography.fernet import Fernet, InvalidToken

MOBILE = re.compile(r"^1[3-9][0-9]{9}$")
LANDLINE = re.compile(r"^0[1-9][0-9]{8,10}$")


def valid_number(digits: str) -> bool:
    """A mainland mobile number (11 digits from 13…19) or a landline with its area code."""
    return bool(MOBILE.match(digits) or LANDLINE.match(digits))


def masked_number(digits: str) -> str:
    """What a screen may show of a number being typed: the first three and last two digits."""
    if len(digits) <= 5:
        return digits[:3] + "•" * max(0, len(digits) - 3)
    return digits[:3] + "•" * (len(digits) - 5) + digits[-2:]


class ContactSeal:
    def __init__(self, secret: bytes) -> None:
        if len(secret) < 32:
            raise ValueError("the contact key is 32 bytes")
        self._fernet = Fernet(base64.urlsafe_b64encode(secret[:32]))

    def seal(self, digits: str) -> str:
        if not valid_number(digits):
            raise ValueError("not a telephone number")
        return self._fernet.encrypt(digits.encode("ascii")).decode("ascii")

    def open(self, token: str) -> str | None:
        """The number in ``token``, for the follow-up; None when it is not one of this key's."""
        try:
            return self._fernet.decrypt(token.encode("ascii")).decode("ascii")
        except (InvalidToken, ValueError):
            return None

    def __repr__(self) -> str:
        return "ContactSeal(<key hidden>)"
