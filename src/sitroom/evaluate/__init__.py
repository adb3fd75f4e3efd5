"""Evaluate: score extraction against gold events (``sitroom eval``) and run batch extraction (``sitroom extract``).

- ``batch``: JSON Lines in, one gold-format record per input line out, in order (``--jobs`` for processes).
- ``scoring``: classification (weighted F1 over sub-event types + none, first event = most salient) and
  extraction scores (greedy one-to-one event matching on type + location + actors + evidence; per-field
  precision/recall/F1 and accuracy over gold events; event-level P/R/F1 on matched pairs of the same sub-type).
- ``normalise``: how names are compared. Actors: case, accents, punctuation, "al-"/"al " joined to the
  next word, a trailing ACLED period tag such as "(2022-)" or "(2000-2024)" dropped, listed aliases accepted.
  Fatalities: ACLED convention (system best, else low, else 0 vs ``fatalities_acled``) where gold has it.
  Places: the location string (equal, or the gold name inside the system's), and within 25/50 km
  (geo_precision 1/2) or the same admin1 (3) when gold has coordinates (``location_geo``).
- ``regions``: the region of a gold event's country (Africa, Middle East as ACLED draws it, Asia incl. Oceania,
  Europe, Americas); extraction reports carry point/location/actor/type accuracy per region.
- ``baseline``: the keyword-only extractor the bench and ``--baseline`` compare against.
"""
