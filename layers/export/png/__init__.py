"""The briefing PNG: page, projection, zone and track layers, labels, the detail inset."""
