"""Timetables for meeting employers: speed-datings (:mod:`.speed_dating`) and on-site
interview days (:mod:`.interview_day`).

Pure solvers like ``matching/``: plain inputs (arrays, domain values, a travel model) in,
frozen results out, no I/O and no German text (reasons are rule codes with the values
that decided them; ``presentation/`` words them).
"""
