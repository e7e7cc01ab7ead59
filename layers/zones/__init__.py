"""Zones: built-in loading and the zone set for the engine, the schema and its validator, user files, disputed zones."""
