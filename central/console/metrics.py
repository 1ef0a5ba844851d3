"""``/metrics``: the fleet and its alerts for Prometheus, so a hall's existing alerting stack
(Alertmanager and whatever it pages through) routes, silences and escalates them.

Read from the database at each scrape (a custom collector: nothing is kept in this process, so
every worker and every restart answers the same). Off unless ``[console] metrics_token`` is set;
Prometheus then sends it as a bearer token (``authorization: credentials: …``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from prometheus_client import CollectorRegistry
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from psycopg_pool import ConnectionPool

from central.console import alerts, fleet


class FleetCollector(Collector):
    def __init__(self, pool: ConnectionPool[Any]) -> None:
        self.pool = pool

    def collect(self) -> Iterator[Metric]:
        with self.pool.connection() as connection:
            kiosks = fleet.kiosks(connection, None)
            active = [a for a in alerts.listing(connection, None, recent_days=0, limit=100_000) if a.active]
        labels = ["kiosk", "hall"]
        age = GaugeMetricFamily(
            "civic_kiosk_heartbeat_age_seconds",
            "Seconds since the kiosk's newest heartbeat reached the centre (absent: never)",
            labels=labels,
        )
        ready = GaugeMetricFamily(
            "civic_kiosk_ready", "1 if the kiosk's newest heartbeat says ready", labels=labels
        )
        backlog = GaugeMetricFamily(
            "civic_kiosk_sync_backlog_rows", "Outbox rows the kiosk had not yet shipped", labels=labels
        )
        part = GaugeMetricFamily(
            "civic_kiosk_part_ok",
            "1 if the part's newest status lets it serve",
            labels=[*labels, "part", "status"],
        )
        for k in kiosks:
            if k.age_seconds is not None:
                age.add_metric([k.kiosk_id, k.hall_id], k.age_seconds)
            if k.ready is not None:
                ready.add_metric([k.kiosk_id, k.hall_id], 1.0 if k.ready else 0.0)
            if k.backlog is not None:
                backlog.add_metric([k.kiosk_id, k.hall_id], float(k.backlog))
            for name, status in k.parts.items():
                part.add_metric([k.kiosk_id, k.hall_id, name, status], 1.0 if status in fleet.FINE else 0.0)
        alert = GaugeMetricFamily(
            "civic_kiosk_alert_active",
            "1 for each active console alert (acknowledged: someone has taken it)",
            labels=[*labels, "kind", "severity", "part", "acknowledged", "alert_id"],
        )
        for a in active:
            acknowledged = "true" if a.acked_at is not None else "false"
            values = [a.kiosk_id, a.hall_id, a.kind.value, a.severity, a.part or "", acknowledged, str(a.id)]
            alert.add_metric(values, 1.0)
        yield from (age, ready, backlog, part, alert)


def registry(pool: ConnectionPool[Any]) -> CollectorRegistry:
    found = CollectorRegistry(auto_describe=False)
    found.register(FleetCollector(pool))
    return found
