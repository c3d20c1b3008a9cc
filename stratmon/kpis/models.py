"""The data version: one row that changes with every write to what evaluations and pages read.

Written only by database triggers and by `stratmon.kpis.dataversion`; see docs/caching.md.
"""

from __future__ import annotations

from django.db import models


class DataVersion(models.Model):
    """The single row (id 1) whose `token` names the state of the recorded data.

    Triggers on every watched table set `token` to a new random number and add one to
    `bumps` in the writing transaction, so the new token is visible exactly when the write
    is. A rolled-back write leaves the old token, and the next write draws a new one, so a
    token never names two different states (a counter alone would repeat after a rollback).
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    bumps = models.BigIntegerField(default=0, help_text="writes counted so far")
    token = models.BigIntegerField(default=0, help_text="random, new on every write")

    def __str__(self) -> str:
        return f"data version {self.bumps} ({self.token:x})"
