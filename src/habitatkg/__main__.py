"""Allow ``python -m habitatkg``."""

from habitatkg._cli import main

raise SystemExit(main())
