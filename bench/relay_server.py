"""A bare Flask-SocketIO relay speaking /workspace: the floor the load benchmark compares with.

Same async mode, same rooms and the same messages per edit as the real server (`update` to the
room except the sender, and the acknowledgement; `presence` to the room), but no authorization,
validation or persistence. `progress` is not sent: the server sends it only when a group's
progress changes (a section becomes filled or empty), not per edit.

Usage: python bench/relay_server.py --port 5900 [--async-mode gevent] [--message-queue URL]
"""

from __future__ import annotations

import argparse
import sys


def parse_args(argv: list[str]) -> argparse.Namespace:
    """Read the command line."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--async-mode", default="gevent", choices=["gevent", "eventlet"])
    parser.add_argument("--message-queue", default=None, help="redis:// URL for several relays")
    parser.add_argument("--channel", default="facilitator-relay")
    parser.add_argument(
        "--tuned-gc",
        action="store_true",
        help="freeze and thaw the garbage collector as `facilitator run` does",
    )
    return parser.parse_args(argv)


def main(argv: list[str]) -> None:
    """Patch the standard library like `facilitator run`, then serve the relay."""
    args = parse_args(argv)
    if args.async_mode == "gevent":
        from gevent import monkey

        monkey.patch_all()
    else:
        import eventlet

        eventlet.monkey_patch()

    from typing import Any

    from flask import Flask, request
    from flask_socketio import SocketIO, join_room

    namespace = "/workspace"
    app = Flask(__name__)
    socketio = SocketIO(
        app,
        async_mode=args.async_mode,
        message_queue=args.message_queue,
        channel=args.channel,
        logger=False,
        engineio_logger=False,
        async_handlers=False,  # as the real server: one connection's events in order
    )
    members: dict[int, dict[str, dict[str, Any]]] = {}
    seqs: dict[int, int] = {}

    def presence(group_id: int) -> None:
        socketio.emit(
            "presence",
            {"group_id": group_id, "members": list(members.get(group_id, {}).values())},
            to=f"group:{group_id}",
            namespace=namespace,
        )

    @socketio.on("join", namespace=namespace)
    def on_join(payload: dict[str, Any]) -> dict[str, Any]:
        group_id = int(payload["group_id"])
        join_room(f"group:{group_id}")
        join_room(f"group:{group_id}:members")
        group = members.setdefault(group_id, {})
        group[request.sid] = {"id": len(group) + 1, "kind": "participant", "name": "x"}
        group[request.sid]["section"] = None
        presence(group_id)
        return {"ok": True, "update": "", "state_vector": "", "seq": seqs.get(group_id, 0)}

    @socketio.on("update", namespace=namespace)
    def on_update(payload: dict[str, Any]) -> dict[str, Any]:
        group_id = int(payload["group_id"])
        seq = seqs[group_id] = seqs.get(group_id, 0) + 1
        socketio.emit(
            "update",
            {"group_id": group_id, "update": payload["update"], "seq": seq},
            to=f"group:{group_id}",
            skip_sid=request.sid,
            namespace=namespace,
        )
        return {"ok": True, "seq": seq}

    @socketio.on("presence", namespace=namespace)
    def on_presence(payload: dict[str, Any]) -> dict[str, Any]:
        group_id = int(payload["group_id"])
        entry = members.get(group_id, {}).get(request.sid)
        if entry is not None:
            entry["section"] = payload.get("section")
        presence(group_id)
        return {"ok": True}

    @socketio.on("disconnect", namespace=namespace)
    def on_disconnect(reason: Any = None) -> None:
        for group in members.values():
            group.pop(request.sid, None)

    if args.tuned_gc:
        from facilitator.collector import tune_for_serving

        tune_for_serving(socketio.start_background_task, socketio.sleep)
    print(f"Relay on http://{args.host}:{args.port}/ ({args.async_mode} mode)", flush=True)
    socketio.run(app, host=args.host, port=args.port, log_output=False)


if __name__ == "__main__":
    main(sys.argv[1:])
