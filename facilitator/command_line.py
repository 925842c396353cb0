"""The `facilitator` console command: the project's command group, bound to the app factory."""

from __future__ import annotations

from facilitator import create_app
from facilitator.cli_group import FacilitatorGroup

cli = FacilitatorGroup(create_app=create_app, help="Facilitator: live design sessions.")
