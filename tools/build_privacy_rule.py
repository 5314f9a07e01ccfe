"""Write src/habitatkg/_privacy_rule.json: the privacy rule's SPARQL, compiled from the shapes.

Run after changing shapes/*.ttl or data/*.ttl (tests/test_privacy.py fails until you do):

    python tools/build_privacy_rule.py
"""

from __future__ import annotations

from habitatkg import _atomic, _privacy


def main() -> int:
    """Compile the rule and write it atomically."""
    with _atomic.atomic_path(_privacy.RULE_FILE) as tmp:
        tmp.write_text(_privacy.rule_file_text(), encoding="utf-8")
    print(f"wrote {_privacy.RULE_FILE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
