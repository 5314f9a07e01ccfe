"""``habitatkg common``.

What the Social Model and the Learning City of Huejotzingo share (question 9).

One row of the question table (:mod:`habitatkg._commands._questions`); the options,
output and messages come from there and from :func:`habitatkg._commands._common.command`.

Example:
    >>> callable(add_parser) and callable(run)
    True
"""

from __future__ import annotations

from habitatkg._commands._common import command
from habitatkg._commands._questions import QUESTIONS

add_parser, run = command(QUESTIONS["common"])
