"""habitatkg: a knowledge graph of the Alberto Baillères Foundation Social Model.

Placeholder written by the packaging engineer so that the package imports; the lead replaces
it with the public API.

Example:
    >>> import habitatkg
    >>> habitatkg.__version__
    '0.1.0'
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
