"""Tests of the matching engine against the spec: rules, optimality, households, result."""
