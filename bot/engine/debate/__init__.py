"""Debate rounds, drills and timekeeping: pure rules over motions and formats."""
