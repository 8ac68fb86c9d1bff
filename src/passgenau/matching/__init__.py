"""The matching engine: pure computation from a caseload to optimal shortlists."""
