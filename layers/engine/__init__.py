"""The crossing engine: find_crossings, CrossingReport, the ZoneSet it runs on, the events table."""
