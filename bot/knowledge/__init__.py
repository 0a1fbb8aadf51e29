"""Content of content/: schemas, validation with file and line, and loading."""

from bot.knowledge.loader import check_content, load_knowledge
from bot.knowledge.models import FaqEntry, Knowledge, Source
from bot.knowledge.problems import Problem

__all__ = ["FaqEntry", "Knowledge", "Problem", "Source", "check_content", "load_knowledge"]
