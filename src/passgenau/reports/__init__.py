"""Reports: Job-Turbo figures, funnels per format, the fairness audit and their plots.

Pure computations: plain rows in (:mod:`passgenau.reports.rows`, filled by
``services/reports.py`` from the stored workflow or from a matching run), frozen results
out. No database, no files; the plots return SVG text.
"""
