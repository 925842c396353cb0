"""How long a failed login takes for an address with an account and for one without.

The two medians should be close: an unknown address costs the same password-hash check as a
wrong password, so the time of the answer does not tell which addresses have accounts.

    python bench/login_timing_bench.py            # 30 attempts of each kind
    python bench/login_timing_bench.py --rounds 100
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time

from facilitator import create_app
from facilitator.accounts.models import Moderator
from facilitator.extensions import db

KNOWN = "known@example.org"
UNKNOWN = "nobody@example.org"


def _timed(client, email: str) -> float:
    started = time.perf_counter()
    response = client.post("/login", data={"email": email, "password": "wrong password"})
    elapsed = time.perf_counter() - started
    assert response.status_code == 422, response.status_code
    return elapsed * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30, help="attempts of each kind")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        app = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.db",
                "INSTANCE_PATH": folder,
                "ASYNC_MODE": "threading",
                "WTF_CSRF_ENABLED": False,
                "RATELIMIT_ENABLED": False,
                "SERVER_NAME": "localhost",
            }
        )
        with app.app_context():
            db.create_all()
            moderator = Moderator(email=KNOWN, full_name="Bench")
            moderator.set_password("the right password")
            db.session.add(moderator)
            db.session.commit()
            client = app.test_client()
            _timed(client, KNOWN)  # warm up: templates, the dummy hash
            _timed(client, UNKNOWN)
            known, unknown = [], []
            for _ in range(args.rounds):  # interleaved, so drift hits both alike
                known.append(_timed(client, KNOWN))
                unknown.append(_timed(client, UNKNOWN))
    print(f"failed logins, {args.rounds} of each, median (min-max) in ms:")
    for label, times in (("e-mail with an account", known), ("e-mail without one", unknown)):
        print(f"  {label:24} {statistics.median(times):7.1f} ({min(times):.1f}-{max(times):.1f})")
    gap = statistics.median(known) - statistics.median(unknown)
    print(f"  difference of medians    {gap:7.1f}")


if __name__ == "__main__":
    main()
