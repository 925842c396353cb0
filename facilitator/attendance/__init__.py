"""Attendance: who was at the session, for how long, and the sheet organisers have signed."""
