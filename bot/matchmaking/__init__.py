"""Matchmaking at an event's scale: pre-docking both ways, one-to-one schedules, the workbook."""
