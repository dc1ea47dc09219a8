"""Source -> Article: everything that turns outside input into :class:`newsloom.model.Article` objects."""

from .decode import BadInput, decode
from .files import SourceProblem, iter_articles

__all__ = ["BadInput", "SourceProblem", "decode", "iter_articles"]
