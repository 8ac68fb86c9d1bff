"""One router per context: thin, parse → service → render."""
