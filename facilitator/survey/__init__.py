"""The satisfaction survey: default and custom questions, one response per participant, results."""
