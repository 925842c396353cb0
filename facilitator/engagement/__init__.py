"""The open microphone, written comments on the groups' models, and voting on the models."""
