"""The face check (人证核验): the live face against the card's (or the registered) photo, with liveness."""
