"""Joining a session: join views and forms, participant identity, QR codes and the roster."""
