"""Places and travel times: pure computation on coordinates and timetables."""
