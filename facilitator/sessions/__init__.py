"""The domain of design sessions: preparation, agenda, groups, templates, joining."""
