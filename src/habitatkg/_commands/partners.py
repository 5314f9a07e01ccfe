"""``habitatkg partners``: which partners support a capability in a school (question 1).

One row of the question table (:mod:`habitatkg._commands._questions`); the options,
output and messages come from there and from :func:`habitatkg._commands._common.command`.

Example:
    >>> callable(add_parser) and callable(run)
    True
"""

from __future__ import annotations

from habitatkg._commands._common import command
from habitatkg._commands._questions import QUESTIONS

add_parser, run = command(QUESTIONS["partners"])
