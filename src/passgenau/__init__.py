"""passgenau: Job-Turbo placement for German Jobcenters."""

__version__ = "0.1.0"
