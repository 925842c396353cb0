"""Serving the hall: the machine's LAN address, links phones can open, checks before a session."""
