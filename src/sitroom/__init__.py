"""sitroom: conflict news in, structured and traceable intelligence out."""

__version__ = "0.1.0"
