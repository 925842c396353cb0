"""The server entry point: the only place that monkey-patches, before anything else loads."""

from __future__ import annotations

import os
import sys

SERVING_COMMANDS = {"run", "demo"}


def requested_async_mode(argv: list[str]) -> str:
    """Read the async mode from --async-mode or FACILITATOR_ASYNC_MODE (gevent by default)."""
    for index, arg in enumerate(argv):
        if arg.startswith("--async-mode="):
            return arg.split("=", 1)[1]
        if arg == "--async-mode" and index + 1 < len(argv):
            return argv[index + 1]
    return os.environ.get("FACILITATOR_ASYNC_MODE", "gevent")


def prepare_async_mode(argv: list[str]) -> None:
    """Monkey-patch the standard library when a command is about to serve requests."""
    if not SERVING_COMMANDS.intersection(argv[1:2]):
        return
    mode = requested_async_mode(argv)
    os.environ["FACILITATOR_ASYNC_MODE"] = mode
    if mode == "gevent":
        import gevent
        from gevent import monkey

        # Each greenlet would keep the stack it was spawned from: thousands of long-lived
        # objects for the cyclic collector to walk, for debugging output nobody reads here.
        gevent.config.track_greenlet_tree = False
        monkey.patch_all()
        # psycopg 3 waits on sockets through the patched selectors; nothing more to do.
    elif mode == "eventlet":
        import eventlet

        eventlet.monkey_patch()


#: Exit status for a configuration that cannot be used (sysexits' EX_CONFIG)
EXIT_CONFIG = 78


def main() -> None:
    """Console script `facilitator`; a bad configuration is listed whole, without a traceback."""
    prepare_async_mode(sys.argv)
    from facilitator.command_line import cli
    from facilitator.console import operator_language, translator
    from facilitator.settings import ConfigError

    try:
        cli.main(prog_name="facilitator")
    except ConfigError as error:
        _ = translator(operator_language())
        print(_("facilitator: the configuration cannot be used:"), file=sys.stderr)
        for problem in error.errors:
            print(f"  - {problem}", file=sys.stderr)
        sys.exit(EXIT_CONFIG)
