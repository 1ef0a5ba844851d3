"""The provincial data-exchange gateway: an HTTP document source with retries and a circuit breaker.

The JSON contract is in ``docs/gateway.md``; the client is
:class:`kiosk.gateway.client.GatewaySource`.
"""
