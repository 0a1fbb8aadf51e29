"""Tests of the Discord door through real discord.py objects (dpytest + our helpers)."""
