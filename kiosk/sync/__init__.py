"""Shipping the outbox to the central service: the shipper, the heartbeat (docs/fleet.md)."""
