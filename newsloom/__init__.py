"""newsloom: multilingual news understanding, offline."""

__version__ = "0.1.0"
