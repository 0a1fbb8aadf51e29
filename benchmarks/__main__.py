"""Run every benchmark: FAQ accuracy on the labelled sets, then FAQ latency.

    python -m benchmarks [--quick] [--seed SEED]

Options are passed to faq_latency; faq_accuracy runs on its default sets.
"""

from __future__ import annotations

import sys

from benchmarks import faq_accuracy, faq_latency


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    print("== faq_accuracy ==", flush=True)
    status = faq_accuracy.main([])
    print()
    print("== faq_latency ==", flush=True)
    return status or faq_latency.main(args)


if __name__ == "__main__":
    raise SystemExit(main())
