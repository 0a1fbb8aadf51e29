"""A Discord practice partner for debating clubs."""

__version__ = "0.1.0"
