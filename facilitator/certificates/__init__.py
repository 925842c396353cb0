"""Certificates of participation: issued to those who attended, verified by a public code."""
