"""Device interfaces, real adapters and mocks.

One sub-package per device kind: ``base.py`` holds the interface (a small
blocking ``Protocol``), its closed status set and value types; the real
adapters and the scriptable mock sit beside it. Nothing here imports Qt or
``kiosk``. Every device is used through a :class:`devices.worker.DeviceWorker`,
which runs its blocking I/O on one thread of its own and hands back futures.
"""
