"""briefbot: attributed answers from a corpus of policy briefings."""

from .errors import BriefbotError
from .models import Answer, Briefing, Hit, Passage, Speaker, Viewer

__all__ = ["Answer", "Briefing", "BriefbotError", "Hit", "Passage", "Speaker", "Viewer"]
__version__ = "0.1.0"
