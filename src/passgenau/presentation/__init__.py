"""German text for the terminal: how the command line shows the services' typed results.

Services return data (frozen dataclasses); this package turns them into German lines for
the terminal, as the web's templates will for pages. No service or store module builds a
German sentence (the matching's explanation sentences are data of its result).
"""
