"""Claims: published or user-typed statements (aircraft, event, zone, time with its precision,
place relative to a landmark, source and basis) checked against tracks.

:mod:`layers.claims.model` (the claim and the precision rules), :mod:`layers.claims.parse`
(place and time texts, scenario events, user files), :mod:`layers.claims.regions` (the region
that satisfies a claim, geodesic distances), :mod:`layers.claims.check` (best-fitting events,
residuals, ``met``, contradictions). Format of user files: ``docs/claims.md``.
"""
