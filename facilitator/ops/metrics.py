"""Prometheus metrics of one process, served at /metrics to holders of the metrics token."""

from __future__ import annotations

import hmac
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from flask import (
    Blueprint,
    Flask,
    Response,
    abort,
    current_app,
    g,
    has_app_context,
    request,
    request_finished,
    request_started,
)
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from prometheus_client.registry import Collector

from facilitator import signals

KEY = "facilitator_metrics"
#: The route label of requests that matched no URL rule (raw paths would be unbounded)
UNMATCHED = "<unmatched>"
#: Methods with a label of their own; any other (clients may send any token) counts as "other"
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
#: Seconds: from a fast page to a slow document export
HTTP_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)
#: Seconds: an edit's round trip should stay well under a tenth of a second
EDIT_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5)

bp = Blueprint("ops_metrics", __name__)


@dataclass
class Metrics:
    """One app's registry and the metrics in it."""

    registry: CollectorRegistry
    http_seconds: Histogram
    edits_acknowledged: Counter
    ack_seconds: Histogram
    batch_commit_seconds: Histogram
    phase_changes: Counter
    mailing_messages: Counter
    #: Mailing id -> (its state, recipients sent, failed, pending), as this process last saw it
    mailings: dict[int, tuple[str, int, int, int]] = field(default_factory=dict)


def init_app(app: Flask) -> Metrics:
    """Create the app's registry and subscribe to the requests and signals it counts."""
    registry = CollectorRegistry()
    metrics = Metrics(
        registry=registry,
        http_seconds=Histogram(
            "facilitator_http_request_duration_seconds",
            "HTTP requests by URL rule, method and status class, and how long they took.",
            ["route", "method", "status"],
            buckets=HTTP_BUCKETS,
            registry=registry,
        ),
        edits_acknowledged=Counter(
            "facilitator_edits_acknowledged",
            "Co-editing updates committed and acknowledged to their sender.",
            registry=registry,
        ),
        ack_seconds=Histogram(
            "facilitator_edit_ack_seconds",
            "From an update's arrival in the co-editing queue to its batch's commit.",
            buckets=EDIT_BUCKETS,
            registry=registry,
        ),
        batch_commit_seconds=Histogram(
            "facilitator_batch_commit_seconds",
            "How long a co-editing batch's writes and commit took.",
            buckets=EDIT_BUCKETS,
            registry=registry,
        ),
        phase_changes=Counter(
            "facilitator_phase_changes",
            "Sessions moved to another phase, by the phase entered.",
            ["phase"],
            registry=registry,
        ),
        mailing_messages=Counter(
            "facilitator_mailing_messages",
            "Messages of the group materials mailings, by outcome (sent, failed).",
            ["outcome"],
            registry=registry,
        ),
    )
    registry.register(SocketConnections(app))
    registry.register(MailingRecipients(metrics))
    app.extensions[KEY] = metrics
    request_started.connect(_request_started, app)
    request_finished.connect(_request_finished, app)
    return metrics


class GaugeCollector(Collector):
    """A gauge family read when scraped: subclasses name it and give its samples."""

    #: The family's name, help text and label names
    name: str
    documentation: str
    labels: tuple[str, ...]

    def describe(self) -> Iterable[Metric]:
        """The family's name, without reading anything."""
        return [self._family()]

    def collect(self) -> Iterator[Metric]:
        """The family with one sample per label values ``samples()`` gives."""
        family = self._family()
        for labels, value in self.samples():
            family.add_metric(list(labels), value)
        yield family

    def samples(self) -> Iterable[tuple[tuple[str, ...], float]]:
        """(label values, value) of every sample now."""
        raise NotImplementedError

    def _family(self) -> GaugeMetricFamily:
        return GaugeMetricFamily(self.name, self.documentation, labels=list(self.labels))


class SocketConnections(GaugeCollector):
    """Open Socket.IO connections of this process by namespace, read when scraped."""

    name = "facilitator_socketio_connections"
    documentation = "Open Socket.IO connections of this process, by namespace."
    labels = ("namespace",)

    def __init__(self, app: Flask) -> None:
        self.app = app

    def samples(self) -> Iterable[tuple[tuple[str, ...], float]]:
        """One sample per namespace with handlers or connections."""
        socketio = self.app.extensions.get("socketio")
        server = getattr(socketio, "server", None)
        if server is None:
            return []
        manager = server.manager
        namespaces = set(server.handlers) | set(manager.get_namespaces())
        return [
            ((namespace,), sum(1 for _ in manager.get_participants(namespace, None)))
            for namespace in sorted(namespaces)
        ]


class MailingRecipients(GaugeCollector):
    """Recipients of the mailings this process ran, by mailing state and outcome so far."""

    name = "facilitator_mailing_recipients"
    documentation = "Recipients of the mailings this process ran, by mailing state and outcome."
    labels = ("mailing_state", "outcome")
    #: Mailings remembered at most; the oldest finished ones are forgotten first
    KEEP = 200

    def __init__(self, metrics: Metrics) -> None:
        self.metrics = metrics

    def samples(self) -> Iterable[tuple[tuple[str, ...], float]]:
        """Sent, failed and pending recipients summed per mailing state."""
        totals: dict[tuple[str, str], int] = {}
        for state, sent, failed, pending in list(self.metrics.mailings.values()):
            for outcome, count in (("sent", sent), ("failed", failed), ("pending", pending)):
                totals[(state, outcome)] = totals.get((state, outcome), 0) + count
        return sorted(totals.items())


def _request_started(sender: Flask, **_: Any) -> None:
    g.ops_started = time.perf_counter()


def _request_finished(sender: Flask, response: Response, **_: Any) -> None:
    started = g.get("ops_started")
    metrics = sender.extensions.get(KEY)
    if started is None or metrics is None:
        return
    rule = request.url_rule.rule if request.url_rule is not None else UNMATCHED
    status = f"{response.status_code // 100}xx"
    method = request.method if request.method in METHODS else "other"
    metrics.http_seconds.labels(rule, method, status).observe(time.perf_counter() - started)


def _current() -> Metrics | None:
    return current_app.extensions.get(KEY) if has_app_context() else None


def _batch_committed(batch: list[Any], seconds: float, **_: Any) -> None:
    metrics = _current()
    if metrics is None:
        return
    metrics.batch_commit_seconds.observe(seconds)
    now = time.perf_counter()
    for item in batch:
        if item.result is not None and item.refusal is None and item.failure is None:
            metrics.edits_acknowledged.inc()
            metrics.ack_seconds.observe(now - item.queued)


def _phase_changed(session: Any, phase: Any, **_: Any) -> None:
    metrics = _current()
    if metrics is not None:
        metrics.phase_changes.labels(getattr(phase, "value", str(phase))).inc()


def _mailing_progressed(
    mailing_id: int, state: str, sent: int, failed: int, pending: int, **_: Any
) -> None:
    metrics = _current()
    if metrics is None:
        return
    metrics.mailings.pop(mailing_id, None)  # re-inserted last: the newest stay longest
    metrics.mailings[mailing_id] = (state, sent, failed, pending)
    while len(metrics.mailings) > MailingRecipients.KEEP:
        del metrics.mailings[next(iter(metrics.mailings))]


def _mailing_message(mailing_id: int, outcome: str, **_: Any) -> None:
    metrics = _current()
    if metrics is not None:
        metrics.mailing_messages.labels(outcome).inc()


signals.batch_committed.connect(_batch_committed, weak=False)
signals.phase_changed.connect(_phase_changed, weak=False)
signals.mailing_progressed.connect(_mailing_progressed, weak=False)
signals.mailing_message.connect(_mailing_message, weak=False)


@bp.get("/metrics")
def metrics_view():
    """The metrics in Prometheus' text format, for a bearer of FACILITATOR_METRICS_TOKEN."""
    token = current_app.config.get("METRICS_TOKEN")
    if not token:
        abort(404)
    given = request.headers.get("Authorization", "")
    scheme, _, credentials = given.partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(
        credentials.strip().encode(), str(token).encode()
    ):
        return Response(
            "Unauthorized\n",
            401,
            {"WWW-Authenticate": 'Bearer realm="metrics"', "Cache-Control": "no-store"},
            mimetype="text/plain",
        )
    metrics: Metrics = current_app.extensions[KEY]
    body = generate_latest(metrics.registry)
    return Response(body, headers={"Cache-Control": "no-store"}, content_type=CONTENT_TYPE_LATEST)
